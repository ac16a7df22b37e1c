import { load, type CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { decodeHtml } from './encoding.ts';
import { expandGkmlptAnswer, isGkmlptAnswer } from './gkmlpt.ts';
import { loadHtml } from './parse-dom.ts';
import { baseUrlOf, extractLinks } from './extract-links.ts';
import { detachedString, firstText, metaTags, rememberSource } from './page-memo.ts';
import { mayBeHtml, normalizeUrl } from './url.ts';
import type { CrawledPage, FetchResult } from './types.ts';

const HTML_TYPES = /^(text\/html|application\/xhtml\+xml)\b/i;
const XML_TYPES = /^(text|application)\/xml\b/i;
/** A closing </body> or </html>; what follows one is still body content to a browser. */
const END_TAG = /<\/(?:body|html)\s*>/i;
/**
 * Past this nesting depth the spec parser is not worth it: parse5 slows down sharply on
 * pathological nesting (40× at 100,000 levels), and Blink itself stops nesting at 512.
 */
export const MAX_REPARSE_DEPTH = 512;
/** Hanweb's record list: `<datastore>… <recordset><record><![CDATA[<li>…</li>]]></record>`. */
const RECORD = /<record>\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*<\/record>/gi;
const DATASTORE_SCRIPT = /(<script[^>]*type=["']?text\/xml["']?[^>]*>\s*<datastore>[\s\S]*?<\/datastore>\s*<\/script>)/gi;

/** Is the response an HTML page (by Content-Type, or by extension when the server sends none)? */
export function isHtmlResponse(result: Pick<FetchResult, 'headers' | 'finalUrl'>): boolean {
  const type = result.headers['content-type'];
  return type ? HTML_TYPES.test(type.trim()) : mayBeHtml(result.finalUrl);
}

/** A Hanweb dataproxy answer: an XML record set, read as the list it fills in. */
function isRecordSet(result: Pick<FetchResult, 'headers' | 'body'>): boolean {
  const type = result.headers['content-type'] ?? '';
  return (HTML_TYPES.test(type) || XML_TYPES.test(type) || !type) && result.body !== null && /<datastore>|<recordset>/i.test(result.body.subarray(0, 2048).toString('latin1'));
}

/**
 * Puts Hanweb's records where a browser's jpage script puts them: the record HTML after the
 * `<script type="text/xml">` that carries it (the script stays: pagination reads it), or, for
 * a dataproxy answer, as the whole body.
 */
export function expandRecordSets(text: string): string {
  if (!/<recordset>/i.test(text)) return text;
  const records = (xml: string) => [...xml.matchAll(RECORD)].map((m) => m[1]).join('\n');
  if (!/<html[\s>]/i.test(text)) return `<html><head></head><body><div class="record-list">${records(text)}</div></body></html>`;
  return text.replace(DATASTORE_SCRIPT, (script: string) => `${script}<div class="record-list">${records(script)}</div>`);
}

/** Content after the first </body> or </html> (stray closing tags of an included template). */
export function hasContentAfterEnd(text: string): boolean {
  const end = END_TAG.exec(text);
  if (!end) return false;
  const rest = text
    .slice(end.index + end[0].length)
    .replace(/<!--[\s\S]*?(-->|$)/g, '')
    .replace(/<script[\s\S]*?(<\/script\s*>|$)/gi, '')
    .replace(/<\/(?:body|html)\s*>/gi, '');
  return /\S/.test(rest);
}

/** Deepest element nesting of a parsed tree (iterative: the tree may be very deep). */
export function treeDepth($: CheerioAPI): number {
  let max = 0;
  const stack: [AnyNode, number][] = [[$.root().get(0)!, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > max) max = depth;
    if ('children' in node) for (const child of node.children) if (child.type === 'tag') stack.push([child, depth + 1]);
  }
  return max;
}

export interface ParsedHtml {
  $: CheerioAPI;
  /** htmlparser2 (fast) or parse5 (the HTML spec's tree, used when a stray end tag would cut the page). */
  parser: 'htmlparser2' | 'parse5';
  /** Content follows a stray </html> or </body>. */
  strayEndTag: boolean;
  /** Elements nested past MAX_DOM_DEPTH and flattened by the depth-capped parse (parse-dom.ts). */
  cut: number;
}

/**
 * Parses HTML fast with htmlparser2; when content follows a stray </html> or </body> (an
 * included header template's), htmlparser2 leaves it outside <body> while a browser keeps
 * it in, so the page is parsed again with parse5 (cheerio's spec-compliant default), unless
 * it is nested too deep for that to be cheap.
 */
export function parseHtml(text: string, reparse = true): ParsedHtml {
  // Depth-capped: a pathological nesting costs seconds and is counted, never a stack overflow.
  const { $, cut } = loadHtml(text);
  const strayEndTag = hasContentAfterEnd(text);
  // A page that needed flattening is far too deep for parse5 (which would not be capped).
  if (!reparse || !strayEndTag || cut > 0 || treeDepth($) > MAX_REPARSE_DEPTH) return { $, parser: 'htmlparser2', strayEndTag, cut };
  const reparsed = load(text);
  rememberSource(reparsed, text);
  return { $: reparsed, parser: 'parse5', strayEndTag, cut };
}

/** Where a `<meta http-equiv="refresh" content="0;url=…">` sends the visitor, and after how long. */
export function metaRefresh($: CheerioAPI, pageUrl: string): { url: string; delaySeconds: number } | null {
  const content = metaTags($).get('http-equiv:refresh');
  const m = content?.match(/^\s*(\d+(?:\.\d+)?)?\s*[;,]?\s*(?:url\s*=\s*)?['"]?([^'"]*)['"]?\s*$/i);
  if (!m || !m[2]?.trim()) return null;
  const url = normalizeUrl(m[2].trim(), baseUrlOf($, pageUrl));
  return url && url !== normalizeUrl(pageUrl) ? { url, delaySeconds: Number(m[1] ?? 0) } : null;
}

/**
 * Bytes that cannot be a text page: binary served as text/html. A NUL alone misses about
 * one binary body in fifty (1 KB of random bytes holds no NUL with p = 0.018), so control
 * bytes other than whitespace and ESC also count: random bytes hold about 10 %, a text page
 * (UTF-8 or GBK, whose bytes are all printable ASCII or above 0x80) next to none. Libraries
 * that judge by invalid UTF-8 would call every GBK page binary.
 */
export function looksBinary(body: Buffer): boolean {
  const length = Math.min(body.length, 1024);
  let control = 0;
  for (let i = 0; i < length; i++) {
    const byte = body[i];
    if (byte === 0) return true;
    // Tab, line feed, vertical tab, form feed, carriage return (0x09-0x0d) and ESC (ISO-2022) are text.
    if (byte < 0x20 && (byte < 0x09 || byte > 0x0d) && byte !== 0x1b) control++;
  }
  return control > length * 0.03;
}

/**
 * Decodes and parses an HTML response into a CrawledPage; null when the response is not
 * a successful HTML page (a Hanweb record set and a gkmlpt list API answer count as one,
 * read as the list they fill in). See parseHtml for the parser.
 */
export function parsePage(result: FetchResult, depth: number, options: { reparse?: boolean } = {}): CrawledPage | null {
  if (result.status === null || result.status >= 400 || !result.body || looksBinary(result.body)) return null;
  const gkmlpt = isGkmlptAnswer(result);
  if (!gkmlpt && !isHtmlResponse(result) && !isRecordSet(result)) return null;
  const contentType = result.headers['content-type'] ?? 'text/html';
  const decoded = decodeHtml(result.body, contentType);
  const text = gkmlpt ? expandGkmlptAnswer(decoded.text, result.finalUrl) : expandRecordSets(decoded.text);
  const { charset } = decoded;
  const { $, parser, strayEndTag, cut } = parseHtml(text, options.reparse ?? true);
  return {
    url: result.url,
    finalUrl: result.finalUrl,
    status: result.status,
    depth,
    contentType,
    charset,
    html: text,
    $,
    // Kept per page by gatherers: a string of its own, not a slice of the page.
    title: detachedString(firstText($, 'title').replace(/\s+/g, ' ').trim()),
    fetcher: 'http',
    links: extractLinks($, result.finalUrl),
    headers: result.headers,
    parser,
    strayEndTag,
    refresh: metaRefresh($, result.finalUrl),
    ...(cut > 0 && { domCut: cut }),
  };
}
