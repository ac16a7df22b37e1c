import { load } from 'cheerio';
import PQueue from 'p-queue';
import type { ColumnsConfig } from '../config/sections/columns.ts';
import type { GatherContext } from '../gather/types.ts';
import { loadCatalogue, type Catalogue } from '../disclosure/catalogue.ts';
import { articleDate } from './article-date.ts';
import { officeForColumn } from './office.ts';
import { classifyColumn } from './classify.ts';
import { columnKey, looksLikeListUrl } from './column-url.ts';
import type { Candidate, ColumnCollector } from './discovery.ts';
import { extractListing, type ListItem, type PageListing } from './list-extract.ts';
import { renderPage } from './render-list.ts';
import type { ColumnItem, ColumnRecord, ColumnsArtifact } from './types.ts';

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
  const candidates = [...collector.candidates.values()];
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
  return {
    homepage: { url: ctx.homepageUrl, fetched: home !== null, visibleDates: home?.visibleDates ?? [] },
    columns,
    candidates: candidates.length,
    excluded: excluded.sort(),
    browser: { renders: state.renders, unavailable: state.browserUnavailable },
  };
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
  // An empty page at an item-like address (a guide, an article) is not a blank column.
  if (read.items.length === 0 && !fromConfig && !looksLikeListUrl(read.url)) return null;
  const waitsForScript = listing.items.length === 0 && !listing.blankMarker && (listing.scriptBuilt || (listing.emptyList && listing.hasScript));
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
  // A list without any date on page 1 (pinned or undated items): look further, within limits.
  let next = pages[1] ?? first.pagination.next;
  while (!items.some((i) => i.date) && next && pagesRead < config.maxListPages) {
    const more = await readListing(next, collector, ctx);
    if ('error' in more) break;
    items.push(...more.items);
    pagesRead++;
    next = pages[pagesRead] ?? more.pagination.next;
  }
  // Lists sorted oldest first keep the newest item on the last page.
  const dated = items.filter((i) => i.date);
  const lastUrl = pages.length > 1 ? pages.at(-1)! : first.pagination.last;
  let lastListing: PageListing | null = null;
  if (lastUrl && lastUrl !== first.url) {
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
  // No date in the list at all: the newest items' own pages tell.
  let articlesOpened = 0;
  if (items.length && !items.some((i) => i.date)) {
    for (const item of items.slice(0, config.articleProbes)) {
      let found = collector.pageDates.get(item.url);
      if (found === undefined) {
        const fetched = await ctx.fetchPage(item.url, 2);
        articlesOpened++;
        found = fetched.ok ? articleDate(fetched.page.$, fetched.page.finalUrl, ctx.asOf) : null;
        collector.pageDates.set(item.url, found);
      }
      if (found) Object.assign(item, { date: found.date, dateSource: found.source === 'url' ? 'url' : 'article' });
    }
  }
  const blank = items.length === 0 && unverified === null && (first.blankMarker !== null || first.emptyList);
  if (items.length === 0 && !blank && !unverified && !fromConfig) return null;
  const name = columnName(candidate, first, ctx.config.site.name);
  const category = classifyColumn(name, config.classRules, candidate.url);
  const anyDate = items.some((i) => i.date);
  // A link list nobody dates (机构概况, 专题 entries) is a page of links, not a column of updates.
  if (category === 'other' && !anyDate && !blank && !unverified && !fromConfig) return null;
  return {
    name,
    url: columnKey(first.url) === columnKey(candidate.url) ? candidate.url : first.url,
    category,
    office: null,
    sources: [...candidate.sources].sort(),
    items: keptItems(items),
    itemCount: itemCount(first, lastListing, items.length, pagesRead),
    pageCount: first.pagination.pageCount,
    pagesRead,
    articlesOpened,
    blank,
    blankReason: blank ? (first.blankMarker ?? '列表为空') : null,
    rendered,
    unverified,
    charset: first.charset,
  };
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
    articlesOpened: 0,
    blank: false,
    blankReason: null,
    rendered: false,
    unverified: `栏目页面无法打开：${reason}`,
    charset: null,
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
