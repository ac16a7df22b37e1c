import type { CheerioAPI } from 'cheerio';
import { parseSrcset } from 'srcset';
import { normalizeUrl } from './url.ts';
import type { ExtractedLink, LinkKind } from './types.ts';
import { detachedString, memoOfPage } from './page-memo.ts';

/** Attributes that carry links, by element, and the kind of target each is. */
const SOURCES: { selector: string; attr: string; kind: LinkKind }[] = [
  { selector: 'a[href]', attr: 'href', kind: 'a' },
  { selector: 'area[href]', attr: 'href', kind: 'a' },
  { selector: 'img[src]', attr: 'src', kind: 'img' },
  { selector: 'input[type=image][src]', attr: 'src', kind: 'img' },
  { selector: 'script[src]', attr: 'src', kind: 'script' },
  { selector: 'iframe[src]', attr: 'src', kind: 'frame' },
  { selector: 'frame[src]', attr: 'src', kind: 'frame' },
  { selector: 'embed[src]', attr: 'src', kind: 'object' },
  { selector: 'object[data]', attr: 'data', kind: 'object' },
  { selector: 'video[src], audio[src], source[src], track[src]', attr: 'src', kind: 'media' },
  { selector: 'video[poster]', attr: 'poster', kind: 'img' },
];
const SRCSET_SELECTOR = 'img[srcset], source[srcset]';
/** `<link rel>` values that name a resource the page loads; preconnect and the like do not. */
const RESOURCE_RELS = /(^|\s)(stylesheet|icon|apple-touch-icon|preload|manifest|shortcut)(\s|$)/i;
/** `<link rel>` values that name another address of this page (search engines and sharing follow them). */
const ADDRESS_RELS: { rel: RegExp; kind: LinkKind }[] = [
  { rel: /(^|\s)canonical(\s|$)/i, kind: 'canonical' },
  { rel: /(^|\s)alternate(\s|$)/i, kind: 'alternate' },
];
/** Open Graph tags whose content is a URL (WeChat and other sharing cards show them). */
const OPEN_GRAPH_URLS = ['og:url', 'og:image', 'og:image:url', 'og:image:secure_url', 'og:video', 'og:audio'];
/** JSON-LD keys whose value is (or holds) a URL. */
const JSON_LD_URL_KEYS = new Set(['url', 'image', 'logo', 'thumbnailUrl', 'contentUrl', 'sameAs', 'mainEntityOfPage']);
const JSON_LD_MAX_URLS = 50;

/**
 * Candidate URLs of a `srcset`, split by the HTML spec's rules (srcset implements them):
 * commas inside a URL (CDN paths such as `/cdn-cgi/image/format=webp,width=640/x.jpg`,
 * `data:` URIs) stay in it. `data:` placeholders are not links. A value srcset rejects is
 * split on ", " the way most authors write it.
 */
export function srcsetUrls(value: string): string[] {
  let urls: string[];
  try {
    urls = parseSrcset(value).map((c) => c.url);
  } catch {
    urls = value.split(/,\s+/).map((c) => c.trim().split(/\s+/)[0] ?? '');
  }
  return urls.filter((u) => u && !/^data:/i.test(u));
}

/** URLs named in JSON-LD blocks (`url`, `image` … at any depth), capped. */
function jsonLdUrls(text: string): string[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return [];
  }
  const out: string[] = [];
  // An ImageObject's url sits under `image`; either key names a URL.
  const visit = (node: unknown, key: string | null, depth: number) => {
    if (out.length >= JSON_LD_MAX_URLS || depth > 20) return;
    if (typeof node === 'string') {
      if (key !== null && JSON_LD_URL_KEYS.has(key)) out.push(node);
    } else if (Array.isArray(node)) for (const item of node) visit(item, key, depth + 1);
    else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) visit(v, k, depth + 1);
  };
  visit(data, null, 0);
  return out;
}

/** The base URL links resolve against: `<base href>` when present, else the page URL. */
export function baseUrlOf($: CheerioAPI, pageUrl: string): string {
  const href = memoOfPage($, 'baseHref', () => $('base[href]').first().attr('href'));
  if (!href) return pageUrl;
  try {
    return new URL(href, pageUrl).href;
  } catch {
    return pageUrl;
  }
}

/** Every link on the page (anchors, images with srcset, scripts, styles, frames, objects, media), deduplicated by URL and kind. */
export function extractLinks($: CheerioAPI, pageUrl: string): ExtractedLink[] {
  const base = baseUrlOf($, pageUrl);
  const seen = new Set<string>();
  const links: ExtractedLink[] = [];
  const add = (raw: string | undefined, kind: LinkKind, text: string) => {
    if (!raw) return;
    const url = normalizeUrl(raw, base);
    if (!url) return;
    const key = `${kind} ${url}`;
    if (seen.has(key)) return;
    seen.add(key);
    links.push({ url, kind, text });
  };
  for (const { selector, attr, kind } of SOURCES) {
    $(selector).each((_, el) => {
      const $el = $(el);
      const text = kind === 'a' ? $el.text() || $el.attr('title') || $el.find('img').attr('alt') || '' : $el.attr('alt') ?? '';
      add($el.attr(attr), kind, detachedString(text.replace(/\s+/g, ' ').trim().slice(0, 120)));
    });
  }
  $(SRCSET_SELECTOR).each((_, el) => {
    for (const url of srcsetUrls($(el).attr('srcset') ?? '')) add(url, 'img', '');
  });
  $('link[href]').each((_, el) => {
    const rel = $(el).attr('rel') ?? '';
    if (RESOURCE_RELS.test(rel)) add($(el).attr('href'), 'stylesheet', '');
    for (const { rel: re, kind } of ADDRESS_RELS) if (re.test(rel)) add($(el).attr('href'), kind, $(el).attr('hreflang') ?? $(el).attr('title') ?? '');
  });
  $('meta[property], meta[name]').each((_, el) => {
    const name = ($(el).attr('property') ?? $(el).attr('name') ?? '').toLowerCase();
    if (OPEN_GRAPH_URLS.includes(name)) add($(el).attr('content'), 'open-graph', name);
  });
  $('script[type="application/ld+json"]').each((_, el) => {
    for (const url of jsonLdUrls($(el).text())) add(url, 'json-ld', '');
  });
  return links;
}
