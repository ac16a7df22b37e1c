import { load } from 'cheerio';
import { decodeHtml } from './encoding.ts';
import { extractLinks } from './extract-links.ts';
import { detachedString } from './page-memo.ts';
import { mayBeHtml } from './url.ts';
import type { CrawledPage, FetchResult } from './types.ts';

const HTML_TYPES = /^(text\/html|application\/xhtml\+xml)\b/i;

/** Is the response an HTML page (by Content-Type, or by extension when the server sends none)? */
export function isHtmlResponse(result: Pick<FetchResult, 'headers' | 'finalUrl'>): boolean {
  const type = result.headers['content-type'];
  return type ? HTML_TYPES.test(type.trim()) : mayBeHtml(result.finalUrl);
}

/** Bytes that cannot be a text page (NUL in the first KB): binary served as text/html. */
function looksBinary(body: Buffer): boolean {
  return body.subarray(0, 1024).includes(0);
}

/**
 * Decodes and parses an HTML response into a CrawledPage; null when the response is not
 * a successful HTML page. htmlparser2 (cheerio's `xml: { xmlMode: false }`) is used
 * because it is several times faster than parse5 and forgiving of broken markup.
 */
export function parsePage(result: FetchResult, depth: number): CrawledPage | null {
  if (result.status === null || result.status >= 400 || !result.body || !isHtmlResponse(result) || looksBinary(result.body)) return null;
  const contentType = result.headers['content-type'] ?? 'text/html';
  const { text, charset } = decodeHtml(result.body, contentType);
  const $ = load(text, { xml: { xmlMode: false, decodeEntities: true } });
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
    title: detachedString($('title').first().text().replace(/\s+/g, ' ').trim()),
    fetcher: 'http',
    links: extractLinks($, result.finalUrl),
    headers: result.headers,
  };
}
