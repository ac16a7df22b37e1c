import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { baseUrlOf } from '../crawl/extract-links.ts';
import { normalizeUrl } from '../crawl/url.ts';
import { cleanBodyText, elementsNamed, memoOfPage, metaContent, sourceMayContain } from '../crawl/page-memo.ts';
import type { IsoDate } from '../types.ts';
import { isArticlePage } from './article-date.ts';
import { firstDate, fullDate, monthDayOf, urlDate, yearFromNeighbours, yearFromUrl, type DateSource, type ShownDate } from './date-parse.ts';
import { inlineScripts, readPagination, type Pagination } from '../crawl/pagination.ts';

/** One row of a list page: a link to an item and the date shown beside it. */
export interface ListItem {
  url: string;
  title: string;
  date: IsoDate | null;
  dateSource: DateSource | null;
  /** `MM-DD` the row shows when no evidence gave its year yet (the article page may). */
  shownMonthDay?: string | null;
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
  /** Rows showing a month-day whose year nothing on the page tells (their article pages may), capped. */
  undatedShown: { url: string; monthDay: string }[];
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
  const dateColumn = dateColumnOf($);
  $('li, tr, dd').each((_, el) => {
    const row = $(el);
    if (inNoise(el) || row.find('li, tr').length) return;
    const anchor = row.find('a[href]').filter((_, a) => normalizeUrl($(a).attr('href') ?? '', base) !== null).first();
    if (!anchor.length) return;
    const url = normalizeUrl(anchor.attr('href')!, base)!;
    const title = clean(anchor.attr('title') || anchor.text()).slice(0, 120);
    const item = { url, title, ...rowDate($, el, anchor.get(0)!, url, dateColumn(el)) };
    const parent = el.parent;
    if (!parent) return;
    const list = groups.get(parent) ?? [];
    list.push(item);
    groups.set(parent, list);
  });
  const visible: IsoDate[] = [];
  const undatedShown: PageListing['undatedShown'] = [];
  for (const rows of groups.values()) {
    yearsFromNeighbours(rows);
    for (const item of rows) {
      if (item.date && item.dateSource !== 'url') visible.push(item.date);
      else if (item.shownMonthDay && undatedShown.length < MAX_ITEMS) undatedShown.push({ url: item.url, monthDay: item.shownMonthDay });
    }
  }
  const main = pickMainList([...groups.values()], pageUrl);
  const crumb = crumbElement($);
  const bodyText = cleanBodyText($);
  const scripts = inlineScripts($);
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
    undatedShown,
    blankMarker: blankMarkers.find((m) => bodyText.includes(m)) ?? null,
    emptyList,
    scriptBuilt: BUILDS_DOM.test(scripts.replace(/createPageHTML\([^)]*\)/g, '')),
    hasScript: elementsNamed($, 'script').length > 0,
    pagination: readPagination($, pageUrl),
    names: {
      meta: clean(metaContent($, 'ColumnName') ?? '') || null,
      crumb: crumbText($, crumb),
      heading: clean($(elementsNamed($, 'h2')).filter((_, h) => !inNoise(h)).first().text()) || null,
      title: clean($(elementsNamed($, 'title')).text()).split(/[_|｜—–-]/)[0]?.trim() || null,
    },
    crumbLinks: crumbLinks($, crumb, base),
  };
}

interface RowDate {
  date: IsoDate | null;
  dateSource: DateSource | null;
  shownMonthDay: string | null;
}

/**
 * The date shown in a row: the table's publish-date column, else the row's text without
 * the title, then a date element inside the link, then the URL. Titles often carry years
 * (关于2026年度...), so they are skipped. A month-day takes its year from the item's URL.
 */
function rowDate($: CheerioAPI, row: Element, anchor: Element, url: string, dateColumn: number | null): RowDate {
  const a = $(anchor);
  let shown: ShownDate | null = null;
  if (dateColumn !== null) shown = firstDate(clean($(row).children('td, th').eq(dateColumn).text()));
  shown ??= firstDate(clean($(row).text()).replace(clean(a.text()), ' '));
  if (!shown) {
    for (const child of a.children().toArray()) {
      const text = clean($(child).text());
      if (text.length > 24) continue;
      shown = firstDate(text);
      if (shown) break;
    }
  }
  if (shown) {
    const full = fullDate(shown);
    if (full) return { date: full, dateSource: 'list', shownMonthDay: null };
    const year = yearFromUrl(url, shown);
    const dated = year !== null ? fullDate({ ...shown, year }) : null;
    if (dated) return { date: dated, dateSource: 'list-year-url', shownMonthDay: null };
    return { date: null, dateSource: null, shownMonthDay: monthDayOf(shown) };
  }
  const fromUrl = urlDate(url);
  return fromUrl ? { date: fromUrl, dateSource: 'url', shownMonthDay: null } : { date: null, dateSource: null, shownMonthDay: null };
}

/**
 * Years for rows that show only a month-day, from the list's dated rows around them. With
 * one neighbour the list must read newest first; otherwise both must bracket the date.
 */
function yearsFromNeighbours(rows: ListItem[]): void {
  if (!rows.some((r) => r.shownMonthDay) || !rows.some((r) => r.date)) return;
  const dates = rows.map((r) => r.date).filter((d): d is IsoDate => d !== null);
  const newestFirst = dates.every((d, i) => i === 0 || d <= dates[i - 1]);
  rows.forEach((row, i) => {
    if (!row.shownMonthDay || row.date) return;
    const newer = rows.slice(0, i).reverse().find((r) => r.date)?.date ?? null;
    const older = rows.slice(i + 1).find((r) => r.date)?.date ?? null;
    if (!newestFirst && (!newer || !older)) return;
    const [month, day] = row.shownMonthDay.split('-').map(Number);
    const year = yearFromNeighbours({ month, day }, newer, older);
    const date = year !== null ? fullDate({ year, month, day }) : null;
    if (date) Object.assign(row, { date, dateSource: 'list-year-list', shownMonthDay: null });
  });
}

/** 发布日期 first: the date a visitor goes by; 成文日期 (signed) only when no other is given. */
const DATE_HEADERS = [/发布(日期|时间)|公开(日期|时间)/, /更新(日期|时间)|发文日期|印发日期/, /^(日期|时间)$|日期|时间/, /成文日期/];

/**
 * For table rows: the index of the column whose header names the publish date, found from
 * the table's header row (th cells, or a first row without links). Null for other rows.
 */
function dateColumnOf($: CheerioAPI): (row: Element) => number | null {
  const byTable = new Map<AnyNode, number | null>();
  return (row) => {
    if (row.tagName !== 'tr') return null;
    const table = $(row).closest('table').get(0);
    if (!table) return null;
    if (!byTable.has(table)) {
      const header = $(table)
        .find('tr')
        .filter((_, tr) => $(tr).children('th').length > 0 || $(tr).find('a[href]').length === 0)
        .first();
      const labels = header.children('th, td').toArray().map((c) => clean($(c).text()));
      let index: number | null = null;
      for (const re of DATE_HEADERS) {
        const at = labels.findIndex((l) => l.length <= 8 && re.test(l) && !(re !== DATE_HEADERS[3] && /成文/.test(l)));
        if (at >= 0) {
          index = at;
          break;
        }
      }
      byTable.set(table, index);
    }
    return byTable.get(table) ?? null;
  };
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

/** The breadcrumb element, once per page (the column reader and the crumb-link reader both ask). */
function crumbElement($: CheerioAPI): Cheerio<Element> {
  return memoOfPage($, 'crumbElement', () => findCrumbElement($));
}

/** The breadcrumb: by its usual class names, else the element whose own text starts with 当前位置. */
function findCrumbElement($: CheerioAPI): Cheerio<Element> {
  const byClass = sourceMayContain($, /crumb|position|location|dqwz/i) ? $(CRUMB).first() : $([]);
  if (byClass.length) return byClass as Cheerio<Element>;
  // Most pages show no such label: the page's text (read once per page) says so without a sweep.
  if (!/当前位置|您的位置|您现在的位置/.test(cleanBodyText($))) return $([]) as Cheerio<Element>;
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
  // Most pages have no breadcrumb element; even an empty find() compiles its selector.
  if (!crumb.length) return links;
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
