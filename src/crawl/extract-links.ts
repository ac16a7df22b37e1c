import type { CheerioAPI } from 'cheerio';
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
    const srcset = $(el).attr('srcset') ?? '';
    for (const candidate of srcset.split(',')) add(candidate.trim().split(/\s+/)[0], 'img', '');
  });
  $('link[href]').each((_, el) => {
    const rel = $(el).attr('rel') ?? '';
    if (RESOURCE_RELS.test(rel)) add($(el).attr('href'), 'stylesheet', '');
  });
  return links;
}
