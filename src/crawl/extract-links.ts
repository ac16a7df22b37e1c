import type { CheerioAPI } from 'cheerio';
import { hasChildren, isTag, type AnyNode, type ChildNode, type Element, type Text } from 'domhandler';
import { parseSrcset } from 'srcset';
import { normalizeUrl } from './url.ts';
import type { ExtractedLink, LinkKind } from './types.ts';
import { detachedString, memoOfPage } from './page-memo.ts';

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
export function jsonLdUrls(text: string): string[] {
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

/** `<base href>` resolved against the page URL; the page URL when absent or unusable. */
function resolveBase(href: string | undefined, pageUrl: string): string {
  if (!href) return pageUrl;
  try {
    return new URL(href, pageUrl).href;
  } catch {
    return pageUrl;
  }
}

/** The base URL links resolve against: `<base href>` when present, else the page URL. */
export function baseUrlOf($: CheerioAPI, pageUrl: string): string {
  return resolveBase(memoOfPage($, 'baseHref', () => $('base[href]').first().attr('href')), pageUrl);
}

/**
 * Output groups, in the order links are reported (anchors first, then image areas, images …).
 * The order is part of the contract: the first text seen for a URL and kind is the one kept.
 */
const ANCHOR = 0;
const AREA = 1;
const IMG = 2;
const INPUT_IMAGE = 3;
const SCRIPT = 4;
const IFRAME = 5;
const FRAME = 6;
const EMBED = 7;
const OBJECT = 8;
const MEDIA = 9;
const POSTER = 10;
const SRCSET = 11;
const LINK = 12;
const META = 13;
const JSON_LD = 14;
const GROUPS = 15;

/** Other elements whose `src` is a link, and the group they report in. */
const SRC_GROUP = new Map<string, number>([
  ['iframe', IFRAME], ['frame', FRAME], ['embed', EMBED],
  ['video', MEDIA], ['audio', MEDIA], ['source', MEDIA], ['track', MEDIA],
]);

/** Collects the text below an element (an anchor's label, a JSON-LD block) while the walk is inside it. */
interface TextCollector {
  el: Element;
  text: string;
  /** First `<img>` below an anchor: its alt labels an image link. */
  img?: Element;
}

/** A found element, or the collector of its text when its group needs the text. */
type Hit = Element | TextCollector;

/** The attribute's value as cheerio's `attr()` reads it (an own, non-null property), else undefined. */
function attr(el: Element, name: string): string | undefined {
  const value = Object.hasOwn(el.attribs, name) ? el.attribs[name] : undefined;
  return value ?? undefined;
}

/** Whether the attribute is present, as a CSS `[name]` selector tests it. */
function has(el: Element, name: string): boolean {
  return attr(el, name) !== undefined;
}

/** `[name=value]` for attributes whose value HTML compares case-insensitively (`type`). */
function equalsIgnoreCase(el: Element, name: string, value: string): boolean {
  const actual = attr(el, name);
  return actual !== undefined && actual.length === value.length && actual.toLowerCase() === value;
}

/** Link text as reported: whitespace collapsed, trimmed, capped, detached from the page's string. */
function cleanText(text: string): string {
  return detachedString(text.replace(/\s+/g, ' ').trim().slice(0, 120));
}

/**
 * One pass over the page's tree, in document order, sorting every element that carries a link
 * into its output group. Iterative (an explicit stack of child lists) because pages can nest
 * deep; descends into every node with children, as cheerio's selectors do. Text below an
 * anchor or a JSON-LD script is gathered on the way, the way cheerio's `text()` reads it.
 */
function walkLinkElements(root: AnyNode): { groups: Hit[][]; baseHref: string | undefined } {
  const groups: Hit[][] = Array.from({ length: GROUPS }, () => []);
  let baseHref: string | undefined;
  let baseSeen = false;
  const open: TextCollector[] = [];
  const collect = (el: Element, group: number): TextCollector => {
    const collector: TextCollector = { el, text: '' };
    groups[group].push(collector);
    return collector;
  };
  if (!hasChildren(root)) return { groups, baseHref };
  const lists: ChildNode[][] = [root.children];
  const indices: number[] = [0];
  // The collector whose element owns each stack level's child list, closed when the list is done.
  const opened: (TextCollector | null)[] = [null];
  while (lists.length) {
    const top = lists.length - 1;
    const list = lists[top];
    if (indices[top] >= list.length) {
      if (opened[top]) open.pop();
      lists.pop();
      indices.pop();
      opened.pop();
      continue;
    }
    const node = list[indices[top]++];
    if (node.type === 'text') {
      for (const collector of open) collector.text += (node as Text).data;
      continue;
    }
    let collector: TextCollector | null = null;
    if (isTag(node)) {
      const el = node;
      const name = el.name;
      switch (name) {
        case 'a':
        case 'area':
          if (has(el, 'href')) collector = collect(el, name === 'a' ? ANCHOR : AREA);
          break;
        case 'img':
          for (const outer of open) if (outer.img === undefined && outer.el.name !== 'script') outer.img = el;
          if (has(el, 'src')) groups[IMG].push(el);
          if (has(el, 'srcset')) groups[SRCSET].push(el);
          break;
        case 'input':
          if (equalsIgnoreCase(el, 'type', 'image') && has(el, 'src')) groups[INPUT_IMAGE].push(el);
          break;
        case 'script':
          if (has(el, 'src')) groups[SCRIPT].push(el);
          if (equalsIgnoreCase(el, 'type', 'application/ld+json')) collector = collect(el, JSON_LD);
          break;
        case 'object':
          if (has(el, 'data')) groups[OBJECT].push(el);
          break;
        case 'link':
          if (has(el, 'href')) groups[LINK].push(el);
          break;
        case 'meta':
          if (has(el, 'property') || has(el, 'name')) groups[META].push(el);
          break;
        case 'base':
          if (!baseSeen && has(el, 'href')) {
            baseSeen = true;
            baseHref = attr(el, 'href');
          }
          break;
        default: {
          const group = SRC_GROUP.get(name);
          if (group !== undefined && has(el, 'src')) groups[group].push(el);
          if (name === 'video' && has(el, 'poster')) groups[POSTER].push(el);
          if (name === 'source' && has(el, 'srcset')) groups[SRCSET].push(el);
        }
      }
    }
    if (hasChildren(node) && node.children.length > 0) {
      if (collector) open.push(collector);
      lists.push(node.children);
      indices.push(0);
      opened.push(collector);
    }
  }
  return { groups, baseHref };
}

/** Every link on the page (anchors, images with srcset, scripts, styles, frames, objects, media), deduplicated by URL and kind. */
export function extractLinks($: CheerioAPI, pageUrl: string): ExtractedLink[] {
  const { groups, baseHref } = walkLinkElements($.root()[0]);
  const base = resolveBase(memoOfPage($, 'baseHref', () => baseHref), pageUrl);
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
  const elementOf = (hit: Hit): Element => ('el' in hit ? hit.el : hit);
  const anchor = (hit: Hit) => {
    const { el, text, img } = hit as TextCollector;
    add(attr(el, 'href'), 'a', cleanText(text || attr(el, 'title') || (img && attr(img, 'alt')) || ''));
  };
  const withAlt = (group: number, source: string, kind: LinkKind) => {
    for (const hit of groups[group]) {
      const el = elementOf(hit);
      add(attr(el, source), kind, cleanText(attr(el, 'alt') ?? ''));
    }
  };
  groups[ANCHOR].forEach(anchor);
  groups[AREA].forEach(anchor);
  withAlt(IMG, 'src', 'img');
  withAlt(INPUT_IMAGE, 'src', 'img');
  withAlt(SCRIPT, 'src', 'script');
  withAlt(IFRAME, 'src', 'frame');
  withAlt(FRAME, 'src', 'frame');
  withAlt(EMBED, 'src', 'object');
  withAlt(OBJECT, 'data', 'object');
  withAlt(MEDIA, 'src', 'media');
  withAlt(POSTER, 'poster', 'img');
  for (const hit of groups[SRCSET]) for (const url of srcsetUrls(attr(elementOf(hit), 'srcset') ?? '')) add(url, 'img', '');
  for (const hit of groups[LINK]) {
    const el = elementOf(hit);
    const rel = attr(el, 'rel') ?? '';
    if (RESOURCE_RELS.test(rel)) add(attr(el, 'href'), 'stylesheet', '');
    for (const { rel: re, kind } of ADDRESS_RELS) if (re.test(rel)) add(attr(el, 'href'), kind, attr(el, 'hreflang') ?? attr(el, 'title') ?? '');
  }
  for (const hit of groups[META]) {
    const el = elementOf(hit);
    const name = (attr(el, 'property') ?? attr(el, 'name') ?? '').toLowerCase();
    if (OPEN_GRAPH_URLS.includes(name)) add(attr(el, 'content'), 'open-graph', name);
  }
  for (const hit of groups[JSON_LD]) for (const url of jsonLdUrls((hit as TextCollector).text)) add(url, 'json-ld', '');
  return links;
}
