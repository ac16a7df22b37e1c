import { load } from 'cheerio';
import PQueue from 'p-queue';
import type { ColumnsConfig } from '../config/sections/columns.ts';
import type { GatherContext } from '../gather/types.ts';
import { loadCatalogue, type Catalogue } from '../disclosure/catalogue.ts';
import { articleDate, isArticleUrl } from './article-date.ts';
import { officeForColumn } from './office.ts';
import { classifyColumn } from './classify.ts';
import { columnKey, looksLikeListUrl } from './column-url.ts';
import type { Candidate, ColumnCollector } from './discovery.ts';
import { extractListing, type ListItem, type PageListing } from './list-extract.ts';
import { renderPage } from './render-list.ts';
import { daysBetween, isIsoDate } from '../dates.ts';
import type { IsoDate } from '../types.ts';
import type { PageDate } from './page-dates.ts';
import type { ColumnItem, ColumnRecord, ColumnsArtifact, YearCount } from './types.ts';

interface ResolveState {
  renders: number;
  browserUnavailable: string | null;
}

/**
 * Turns the crawl's candidates into dated columns: reads each list (from the crawl, or
 * fetched now), renders script-built lists, follows pagination and opens article pages
 * only as far as needed to date the newest item, then applies the config's overrides.
 */
export async function resolveColumns(collector: ColumnCollector, ctx: GatherContext): Promise<ColumnsArtifact> {
  const config = ctx.config.columns;
  for (const added of config.add) collector.add(added.url, 'config', added.name ?? null);
  const state: ResolveState = { renders: 0, browserUnavailable: null };
  const queue = new PQueue({ concurrency: 4 });
  // The browser renders one list at a time: a handful of pages, and memory stays flat.
  const renderQueue = new PQueue({ concurrency: 1 });
  // A list's later pages (Hanweb record groups, index_2.html …) are pages of it, not columns.
  const laterPages = new Set<string>();
  for (const listing of collector.listings.values()) {
    for (const url of listing.pagination.pages.slice(1)) if (url !== listing.url) laterPages.add(url);
    // A list's data API (gkmlpt) answers are pages of the list that loads them, every one.
    if (listing.pagination.source) laterPages.add(listing.pagination.source);
    else if (listing.pagination.scheme === 'gkmlpt') for (const url of [listing.url, ...listing.pagination.pages]) laterPages.add(url);
  }
  const candidates = [...collector.candidates.values()].filter((c) => c.sources.has('config') || !laterPages.has(c.url));
  const resolved = await Promise.all(candidates.map((c) => queue.add(() => resolveOne(c, collector, ctx, state, renderQueue))));
  // The catalogue is another feature's file: without it, offices stay null (the site default).
  const catalogue: Catalogue | null = await loadCatalogue(ctx.config.disclosure, ctx.baseDir).catch(() => null);
  const excluded: string[] = [];
  const columns: ColumnRecord[] = [];
  for (const record of resolved) {
    if (!record) continue;
    const applied = applyOverrides(record, config);
    if (!applied) {
      excluded.push(record.url);
      continue;
    }
    applied.office ??= officeForColumn(applied.name, catalogue);
    columns.push(applied);
  }
  columns.sort((a, b) => a.url.localeCompare(b.url));
  const home = collector.homepage;
  const homeDates = home ? await homepageDates(home, collector, ctx) : { visibleDates: [], undetermined: [] };
  return {
    homepage: {
      url: ctx.homepageUrl,
      fetched: home !== null,
      visibleDates: homeDates.visibleDates,
      undeterminedDates: homeDates.undetermined,
      articleRows: home ? home.items.filter((item) => isArticleUrl(item.url)).length : 0,
    },
    columns,
    candidates: candidates.length,
    excluded: excluded.sort(),
    browser: { renders: state.renders, unavailable: state.browserUnavailable },
  };
}

/** An item's article date, read from the crawl when it passed the page, else fetched now. */
async function articleDateOf(url: string, collector: ColumnCollector, ctx: GatherContext, fetch: boolean): Promise<{ found: PageDate; opened: boolean }> {
  const known = collector.pageDates.get(url);
  if (known !== undefined || !fetch) return { found: known ?? null, opened: false };
  const fetched = await ctx.fetchPage(url, 2);
  const found = fetched.ok ? articleDate(fetched.page.$, fetched.page.finalUrl, ctx.asOf) : null;
  collector.pageDates.set(url, found);
  return { found, opened: true };
}

/**
 * The date of a row that showed only `MM-DD`, with the year its article page gives: of the
 * years around the article's, the one that puts the shown day nearest to the article date.
 */
function shownWithArticleYear(monthDay: string, article: IsoDate): IsoDate {
  const year = Number(article.slice(0, 4));
  const options = [year - 1, year, year + 1].map((y) => `${y}-${monthDay}`).filter((d) => isIsoDate(d));
  return options.sort((a, b) => Math.abs(daysBetween(a, article)) - Math.abs(daysBetween(b, article)))[0] ?? article;
}

/**
 * The homepage's visible dates, with the year of each year-less one from its article page
 * (crawled already, or opened now up to `articleProbes`); the rest stay undetermined.
 */
async function homepageDates(home: PageListing, collector: ColumnCollector, ctx: GatherContext): Promise<{ visibleDates: IsoDate[]; undetermined: string[] }> {
  const dates = new Set(home.visibleDates);
  const undetermined: string[] = [];
  let probes = ctx.config.columns.articleProbes;
  for (const shown of home.undatedShown) {
    const { found, opened } = await articleDateOf(shown.url, collector, ctx, probes > 0);
    if (opened) probes--;
    if (found) dates.add(shownWithArticleYear(shown.monthDay, found.date));
    else undetermined.push(shown.monthDay);
  }
  return { visibleDates: [...dates].sort().reverse().slice(0, 20), undetermined: [...new Set(undetermined)] };
}

async function readListing(url: string, collector: ColumnCollector, ctx: GatherContext): Promise<PageListing | { error: string }> {
  const known = collector.listingOf(url);
  if (known) return known;
  const fetched = await ctx.fetchPage(url, 1);
  if (!fetched.ok) return { error: fetched.reason };
  const { page } = fetched;
  collector.pageDates.set(page.url, articleDate(page.$, page.finalUrl, ctx.asOf));
  const listing = extractListing(page.$, page.finalUrl, page.charset, ctx.asOf, ctx.config.columns.blankMarkers);
  collector.listings.set(url, listing);
  return listing;
}

async function resolveOne(candidate: Candidate, collector: ColumnCollector, ctx: GatherContext, state: ResolveState, renderQueue: PQueue): Promise<ColumnRecord | null> {
  const config = ctx.config.columns;
  const fromConfig = candidate.sources.has('config');
  const read = await readListing(candidate.url, collector, ctx);
  if ('error' in read) return fromConfig ? unreadable(candidate, read.error) : null;
  let listing: PageListing = read;
  const staticUrl = read.url;
  if (listing.isArticle && !fromConfig) return null;
  let rendered = false;
  let unverified: string | null = null;
  // A list its script fills from a JSON API (gkmlpt): the API's pages are the list's pages.
  const source = read.items.length === 0 ? read.pagination.source : null;
  if (source) {
    const fromApi = await readListing(source, collector, ctx);
    if ('error' in fromApi) unverified = `列表数据接口 ${source} 读取失败：${fromApi.error}`;
    else listing = { ...fromApi, url: read.url, names: read.names, crumbLinks: read.crumbLinks, scriptBuilt: false };
  }
  // An empty page at an item-like address (a guide, an article) is not a blank column.
  if (listing.items.length === 0 && !source && !fromConfig && !looksLikeListUrl(read.url)) return null;
  const waitsForScript = !source && listing.items.length === 0 && !listing.blankMarker && (listing.scriptBuilt || (listing.emptyList && listing.hasScript));
  if (waitsForScript && config.renderScriptLists) {
    const html = await renderQueue.add(() => renderPage(ctx, staticUrl, config.renderTimeoutMs));
    if (html?.ok) {
      state.renders++;
      rendered = true;
      const before: PageListing = listing;
      listing = extractListing(load(html.html), before.url, before.charset, ctx.asOf, config.blankMarkers);
      listing.pagination = listing.pagination.pageCount || listing.pagination.next ? listing.pagination : before.pagination;
    } else if (listing.scriptBuilt) {
      state.browserUnavailable ??= html?.ok === false ? html.reason : '浏览器不可用';
      unverified = `列表由脚本生成，未能在浏览器中渲染：${html?.ok === false ? html.reason : '浏览器不可用'}`;
    }
  }
  const first = listing;
  const items: ListItem[] = [...first.items];
  let pagesRead = 1;
  const pages = first.pagination.pages.length > 1 ? first.pagination.pages : [];
  const lastUrl = pages.length > 1 ? pages.at(-1)! : first.pagination.last;
  let lastListing: PageListing | null = null;
  // Pages the crawl read through the pager (every list page is crawled, up to the cap): all their items count.
  const readPages = new Set([first.url, candidate.url, ...(source && !unverified ? [source] : [])]);
  for (const url of pages.slice(1)) {
    const known = collector.listingOf(url);
    if (!known || readPages.has(url)) continue;
    readPages.add(url);
    items.push(...known.items);
    pagesRead++;
    if (url === lastUrl) lastListing = known;
  }
  // A list without any date on the pages read (pinned or undated items): look further, within limits.
  let next = pages.find((u) => !readPages.has(u)) ?? (readPages.has(first.pagination.next ?? '') ? null : first.pagination.next);
  while (!items.some((i) => i.date) && next && pagesRead < config.maxListPages) {
    const more = await readListing(next, collector, ctx);
    if ('error' in more) break;
    readPages.add(next);
    items.push(...more.items);
    pagesRead++;
    next = pages.find((u) => !readPages.has(u)) ?? (more.pagination.next && !readPages.has(more.pagination.next) ? more.pagination.next : null);
  }
  // Lists sorted oldest first keep the newest item on the last page.
  const dated = items.filter((i) => i.date);
  if (lastUrl && !lastListing && !readPages.has(lastUrl)) {
    const ascending = dated.length >= 2 && dated[0].date! < dated.at(-1)!.date!;
    // The last page also gives the exact item count (full pages times page count, plus the rest).
    if (ascending || (first.pagination.pageCount ?? 0) > 1) {
      const last = await readListing(lastUrl, collector, ctx);
      if (!('error' in last)) {
        lastListing = last;
        pagesRead++;
        if (ascending) items.push(...last.items);
      }
    }
  }
  // Rows that showed only a month-day: the year from the item's own page, when the crawl read it.
  for (const item of items) {
    if (item.date || !item.shownMonthDay) continue;
    const { found } = await articleDateOf(item.url, collector, ctx, false);
    if (found) Object.assign(item, { date: shownWithArticleYear(item.shownMonthDay, found.date), dateSource: 'list-year-article', shownMonthDay: null });
  }
  // No date in the list at all: the newest items' own pages tell.
  let articlesOpened = 0;
  if (items.length && !items.some((i) => i.date)) {
    for (const item of items.slice(0, config.articleProbes)) {
      const { found, opened } = await articleDateOf(item.url, collector, ctx, true);
      if (opened) articlesOpened++;
      if (!found) continue;
      if (item.shownMonthDay) Object.assign(item, { date: shownWithArticleYear(item.shownMonthDay, found.date), dateSource: 'list-year-article', shownMonthDay: null });
      else Object.assign(item, { date: found.date, dateSource: found.source === 'url' ? 'url' : 'article' });
    }
  }
  // Month-days whose year nothing tells: not a date to judge by (never the as-of year).
  if (!unverified && !items.some((i) => i.date) && items.some((i) => i.shownMonthDay)) {
    unverified = `列表日期只显示月日（如 ${items.find((i) => i.shownMonthDay)!.shownMonthDay}），网址、文章页和相邻条目均不能确定年份`;
  }
  if (!unverified && first.pagination.unmapped && !items.some((i) => i.date)) unverified = first.pagination.unmapped;
  const blank = items.length === 0 && unverified === null && (first.blankMarker !== null || first.emptyList);
  if (items.length === 0 && !blank && !unverified && !fromConfig) return null;
  const name = columnName(candidate, first, ctx.config.site.name);
  const category = classifyColumn(name, config.classRules, candidate.url);
  const anyDate = items.some((i) => i.date);
  // A link list nobody dates (机构概况, 专题 entries) is a page of links, not a column of updates.
  if (category === 'other' && !anyDate && !blank && !unverified && !fromConfig) return null;
  const year = blank || unverified || !anyDate ? null : await countYear(first, pages, collector, ctx);
  return {
    name,
    url: columnKey(first.url) === columnKey(candidate.url) ? candidate.url : first.url,
    category,
    office: null,
    sources: [...candidate.sources].sort(),
    items: keptItems(items),
    itemCount: first.pagination.itemCount ?? itemCount(first, lastListing, items.length, pagesRead),
    pageCount: first.pagination.pageCount,
    pagesRead,
    pagingUnmapped: first.pagination.unmapped,
    articlesOpened,
    blank,
    blankReason: blank ? (first.blankMarker ?? '列表为空') : null,
    rendered,
    unverified,
    charset: first.charset,
    year,
  };
}

/**
 * Counts the items dated in the scan's year by reading the list page after page until a
 * page ends with an item older than 1 January, the list ends, or the page limit is reached.
 * Pages the crawl or the freshness check already read come from the collector, not the site.
 */
async function countYear(first: PageListing, pages: string[], collector: ColumnCollector, ctx: GatherContext): Promise<YearCount | null> {
  const limit = ctx.config.columns.yearCountMaxPages;
  if (limit === 0) return null;
  const year = Number(ctx.asOf.slice(0, 4));
  const start = `${year}-01-01`;
  const counted = new Map<string, { url: string; title: string; date: string }>();
  let listing = first;
  let pagesRead = 1;
  let undated = 0;
  let stop: 'older' | 'end' | 'limit' | 'error' = 'end';
  for (;;) {
    for (const item of listing.items) {
      if (!item.date) undated++;
      else if (item.date >= start && item.date <= ctx.asOf) counted.set(item.url, { url: item.url, title: item.title, date: item.date });
    }
    // Lists run newest first: a page that ends before 1 January ends the year (pinned old items at the top do not).
    const lastDated = listing.items.filter((i) => i.date).at(-1)?.date;
    if (lastDated && lastDated < start) {
      stop = 'older';
      break;
    }
    const next = pages[pagesRead] ?? listing.pagination.next;
    if (!next) break;
    if (pagesRead >= limit) {
      stop = 'limit';
      break;
    }
    const more = await readListing(next, collector, ctx);
    if ('error' in more) {
      stop = 'error';
      break;
    }
    listing = more;
    pagesRead++;
  }
  const complete = (stop === 'older' || stop === 'end') && undated === 0;
  const how =
    stop === 'older'
      ? `逐页读取栏目列表 ${pagesRead} 页，读到 ${start} 之前的条目为止`
      : stop === 'end'
        ? `逐页读取栏目列表，读完全部 ${pagesRead} 页`
        : stop === 'limit'
          ? `读取 ${pagesRead} 页后达到页数上限（columns.yearCountMaxPages），列表未读完，数量偏少`
          : `读取第 ${pagesRead + 1} 页列表失败，列表未读完，数量偏少`;
  const method = undated ? `${how}；${undated} 条无日期，未计入` : how;
  return { year, count: counted.size, complete, pagesRead, undated, method, items: [...counted.values()].sort((a, b) => b.date.localeCompare(a.date) || a.url.localeCompare(b.url)) };
}

function unreadable(candidate: Candidate, reason: string): ColumnRecord {
  return {
    name: [...candidate.texts.keys()][0] ?? candidate.url,
    url: candidate.url,
    category: 'other',
    office: null,
    sources: [...candidate.sources].sort(),
    items: [],
    itemCount: null,
    pageCount: null,
    pagesRead: 0,
    pagingUnmapped: null,
    articlesOpened: 0,
    blank: false,
    blankReason: null,
    rendered: false,
    unverified: `栏目页面无法打开：${reason}`,
    charset: null,
    year: null,
  };
}

/** Dated items newest first (10), after them the first undated ones, so the evidence shows what was read. */
function keptItems(items: ListItem[]): ColumnItem[] {
  const dated = items.filter((i) => i.date).sort((a, b) => b.date!.localeCompare(a.date!));
  const undated = items.filter((i) => !i.date);
  return [...dated.slice(0, 10), ...undated.slice(0, Math.max(0, 3 - dated.length))].map((i) => ({ title: i.title, url: i.url, date: i.date, dateSource: i.dateSource }));
}

/** Exact when the pager tells the page count and the last page was read; else what was seen. */
function itemCount(first: PageListing, last: PageListing | null, seen: number, pagesRead: number): number | null {
  const count = first.pagination.pageCount;
  if (count === null || count <= 1) return first.pagination.next && pagesRead === 1 ? null : seen;
  if (!last) return null;
  return first.rowCount * (count - 1) + last.rowCount;
}

/** The column's name: its ColumnName meta, else the words links use for it, else crumb, heading, title. */
function columnName(candidate: Candidate, listing: PageListing, siteName: string): string {
  const meta = listing.names.meta && listing.names.meta !== siteName ? listing.names.meta : null;
  const linkText = [...candidate.texts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  return meta ?? linkText ?? listing.names.crumb ?? listing.names.heading ?? listing.names.title ?? candidate.url;
}

/** Config overrides by URL or name: rename, reclassify, office, exclude (null = excluded). */
export function applyOverrides(record: ColumnRecord, config: ColumnsConfig): ColumnRecord | null {
  let result = { ...record };
  for (const added of config.add) {
    if (columnKey(added.url) !== columnKey(record.url)) continue;
    if (added.name) result.name = added.name;
    if (added.category) result.category = added.category;
    if (added.office) result.office = added.office;
  }
  for (const o of config.overrides) {
    const byUrl = o.match.url !== undefined && columnKey(o.match.url) === columnKey(record.url);
    const byName = o.match.name !== undefined && (o.match.name === record.name || o.match.name === result.name);
    if (!byUrl && !byName) continue;
    if (o.exclude) return null;
    if (o.rename) result.name = o.rename;
    if (o.office) result.office = o.office;
    result = { ...result, category: o.category ?? (o.rename ? classifyColumn(result.name, config.classRules) : result.category) };
  }
  return result;
}
