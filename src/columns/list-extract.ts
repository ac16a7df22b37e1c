import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { baseUrlOf } from '../crawl/extract-links.ts';
import { normalizeUrl } from '../crawl/url.ts';
import { cleanBodyText } from '../crawl/page-memo.ts';
import type { IsoDate } from '../types.ts';
import { isArticlePage } from './article-date.ts';
import { firstDate, urlDate, type DateSource } from './date-parse.ts';
import { readPagination, type Pagination } from './pagination.ts';

/** One row of a list page: a link to an item and the date shown beside it. */
export interface ListItem {
  url: string;
  title: string;
  date: IsoDate | null;
  dateSource: DateSource | null;
}

/** What a page says about itself as a possible column, kept small (no HTML). */
export interface PageListing {
  url: string;
  charset: string;
  isArticle: boolean;
  /** The main list's rows in page order (capped). */
  items: ListItem[];
  /** Rows in the main list before the cap. */
  rowCount: number;
  /** Dates shown on the page in any list (homepage freshness), newest first, capped. */
  visibleDates: IsoDate[];
  /** A blank marker (暂无信息 ...) the page shows, or null. */
  blankMarker: string | null;
  /** A list element (ul/ol/tbody) with no rows outside navigation. */
  emptyList: boolean;
  /** Inline script that builds page content (the static list may be filled later). */
  scriptBuilt: boolean;
  /** The page runs any script at all. */
  hasScript: boolean;
  pagination: Pagination;
  names: { meta: string | null; crumb: string | null; heading: string | null; title: string | null };
  /** Links in the breadcrumb (home excluded): the columns this page sits in. */
  crumbLinks: { url: string; text: string }[];
}

/** Navigation, header, footer and breadcrumb: rows there are not list items. */
export const NOISE =
  'nav, header, footer, .nav, .menu, .top, .header, .footer, .crumb, .breadcrumb, .position, .location, .dqwz, .links, .friend, .flink, #nav, #menu, #header, #footer, .page, .pages, .pagination, script, style, noscript';
const CRUMB = '.crumb, .breadcrumb, .position, .location, .dqwz, [class*="crumb"], [class*="position"]';
const MAX_ITEMS = 30;
const BUILDS_DOM = /innerHTML|appendChild|insertAdjacentHTML|\.append\(|\.html\(|fetch\(|XMLHttpRequest|\$\.(ajax|get|getJSON|post)\(|dataproxy|jpage|gkmlpt/;

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Reads a page as a possible column list (and, for the homepage, its visible dates). */
export function extractListing($: CheerioAPI, pageUrl: string, charset: string, asOf: IsoDate, blankMarkers: readonly string[]): PageListing {
  const base = baseUrlOf($, pageUrl);
  const inNoise = noiseTest($);
  const groups = new Map<AnyNode, ListItem[]>();
  const visible: IsoDate[] = [];
  $('li, tr, dd').each((_, el) => {
    const row = $(el);
    if (inNoise(el) || row.find('li, tr').length) return;
    const anchor = row.find('a[href]').filter((_, a) => normalizeUrl($(a).attr('href') ?? '', base) !== null).first();
    if (!anchor.length) return;
    const url = normalizeUrl(anchor.attr('href')!, base)!;
    const title = clean(anchor.attr('title') || anchor.text()).slice(0, 120);
    const item = { url, title, ...rowDate($, el, anchor.get(0)!, url, asOf) };
    if (item.date && item.dateSource !== 'url') visible.push(item.date);
    const parent = el.parent;
    if (!parent) return;
    const list = groups.get(parent) ?? [];
    list.push(item);
    groups.set(parent, list);
  });
  const main = pickMainList([...groups.values()], pageUrl);
  const crumb = crumbElement($);
  const bodyText = cleanBodyText($);
  const scripts = $('script:not([src])')
    .map((_, s) => $(s).text())
    .get()
    .join('\n');
  const emptyList = $('ul, ol, tbody')
    .filter((_, el) => $(el).children('li, tr').length === 0 && !inNoise(el))
    .length > 0;
  return {
    url: pageUrl,
    charset,
    isArticle: isArticlePage($, pageUrl),
    items: main.slice(0, MAX_ITEMS),
    rowCount: main.length,
    visibleDates: [...new Set(visible)].sort().reverse().slice(0, 20),
    blankMarker: blankMarkers.find((m) => bodyText.includes(m)) ?? null,
    emptyList,
    scriptBuilt: BUILDS_DOM.test(scripts.replace(/createPageHTML\([^)]*\)/g, '')),
    hasScript: $('script').length > 0,
    pagination: readPagination($, pageUrl, scripts),
    names: {
      meta: clean($('meta[name="ColumnName"], meta[name="columnname"]').attr('content') ?? '') || null,
      crumb: crumbText($, crumb),
      heading: clean($('h2').filter((_, h) => !inNoise(h)).first().text()) || null,
      title: clean($('title').text()).split(/[_|｜—–-]/)[0]?.trim() || null,
    },
    crumbLinks: crumbLinks($, crumb, base),
  };
}

/**
 * The date shown in a row: the row's text without the title, then a date element inside
 * the link, then the URL. Titles often carry years (关于2026年度...), so they are skipped.
 */
function rowDate($: CheerioAPI, row: Element, anchor: Element, url: string, asOf: IsoDate): { date: IsoDate | null; dateSource: DateSource | null } {
  const a = $(anchor);
  const rest = clean($(row).text()).replace(clean(a.text()), ' ');
  const shown = firstDate(rest, asOf);
  if (shown) return { date: shown.date, dateSource: shown.inferredYear ? 'list-no-year' : 'list' };
  for (const child of a.children().toArray()) {
    const text = clean($(child).text());
    if (text.length > 24) continue;
    const inner = firstDate(text, asOf);
    if (inner) return { date: inner.date, dateSource: inner.inferredYear ? 'list-no-year' : 'list' };
  }
  const fromUrl = urlDate(url);
  return fromUrl ? { date: fromUrl, dateSource: 'url' } : { date: null, dateSource: null };
}

/** A link that leads to one item (an article or a file), not to another list. */
export function looksLikeItemUrl(url: string): boolean {
  const { pathname } = new URL(url);
  if (pathname.endsWith('/')) return false;
  return !/\/(index|default|list)(_\d+)?\.s?html?$/i.test(pathname);
}

/** The list with the most dated rows, else the most rows that lead to items. */
function pickMainList(groups: ListItem[][], pageUrl: string): ListItem[] {
  let best: ListItem[] = [];
  let bestScore = 0;
  for (const rows of groups) {
    const dated = rows.filter((r) => r.date !== null).length;
    const itemLike = rows.filter((r) => r.url !== pageUrl && looksLikeItemUrl(r.url)).length;
    const score = dated * 1000 + itemLike;
    if (score > bestScore) {
      best = rows;
      bestScore = score;
    }
  }
  return best;
}

/** The breadcrumb: by its usual class names, else the element whose own text starts with 当前位置. */
function crumbElement($: CheerioAPI): Cheerio<Element> {
  const byClass = $(CRUMB).first();
  if (byClass.length) return byClass as Cheerio<Element>;
  // Only direct text nodes are read: reading every element's full text is quadratic.
  const label = $('div, p, span, td')
    .filter((_, el) => el.children.some((c) => c.type === 'text' && /^\s*(当前位置|您的位置|您现在的位置)/.test((c as unknown as { data: string }).data)))
    .first();
  return label as Cheerio<Element>;
}

function crumbText($: CheerioAPI, el: Cheerio<Element>): string | null {
  if (!el.length) return null;
  const parts = clean(el.text())
    .replace(/^(当前位置|您的位置|您现在的位置)\s*[:：]?/, '')
    .split(/>|»|›|＞|\/|→/)
    .map((s) => s.trim())
    .filter(Boolean);
  return parts.at(-1) ?? null;
}

function crumbLinks($: CheerioAPI, crumb: Cheerio<Element>, base: string): { url: string; text: string }[] {
  const links: { url: string; text: string }[] = [];
  for (const a of crumb.find('a[href]').toArray()) {
    const url = normalizeUrl($(a).attr('href') ?? '', base);
    if (!url || /^\/((index|default)\.s?html?)?$/i.test(new URL(url).pathname)) continue;
    links.push({ url, text: clean($(a).text()) });
  }
  return links;
}

/** Whether an element sits in navigation, header, footer or breadcrumb (ancestors walked once per row). */
function noiseTest($: CheerioAPI): (el: AnyNode) => boolean {
  const noise = new Set<AnyNode>($(NOISE).toArray());
  return (el) => {
    for (let node: AnyNode | null = el; node; node = node.parent) if (noise.has(node)) return true;
    return false;
  };
}

/** Breadcrumb links of a page (home excluded), without reading the rest of it: cheap for article pages. */
export function readCrumbLinks($: CheerioAPI, pageUrl: string): { url: string; text: string }[] {
  return crumbLinks($, crumbElement($), baseUrlOf($, pageUrl));
}
