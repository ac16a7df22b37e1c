import type { ColumnsConfig } from '../config/sections/columns.ts';
import { daysBetween } from '../dates.ts';
import type { ColumnEntry, IsoDate } from '../types.ts';
import { CATEGORY_NAMES } from './classify.ts';
import type { ColumnItem, ColumnRecord } from './types.ts';

/** A column judged against its class window on the monitoring date. */
export interface JudgedColumn extends ColumnEntry {
  categoryName: string;
  office: string | null;
  /** Days since the newest item (null when undated or blank). */
  ageDays: number | null;
  /** The class window in days, null for classes that are never stale. */
  windowDays: number | null;
  /** Days left before the column turns stale (negative: days overdue). */
  daysLeft: number | null;
  /** ok | stale | blank | undated | unverified | no-window */
  state: 'ok' | 'stale' | 'blank' | 'undated' | 'unverified' | 'no-window';
  stateName: string;
  /** Items dated after the monitoring date (possible forged dates). */
  futureItems: ColumnItem[];
  dateSource: string | null;
  sources: string[];
  rendered: boolean;
  /** Coverage: list pages the pager shows (null when it does not say) and pages read. */
  pageCount: number | null;
  pagesRead: number;
  /** Why the paging could not be followed (需人工核查), else null. */
  pagingUnmapped: string | null;
}

const STATE_NAMES: Record<JudgedColumn['state'], string> = {
  stale: '超期未更新',
  blank: '空白栏目',
  undated: '无法确定更新日期',
  unverified: '未能核验',
  ok: '正常',
  'no-window': '不作时限要求',
};

const DATE_SOURCE_NAMES: Record<string, string> = {
  list: '列表日期',
  'list-no-year': '列表日期（年份推定）',
  'list-year-url': '列表日期（年份取自网址）',
  'list-year-article': '列表日期（年份取自文章页）',
  'list-year-list': '列表日期（年份取自相邻条目）',
  url: '网址中的日期',
  meta: '文章页 PubDate',
  label: '文章页发布时间',
  article: '文章页日期',
};

/**
 * Stale means no item within the window: an item exactly `window` days old is already
 * outside it (asOf 11-28, window 14: items from 11-15 on count). Undated columns with a
 * window count as not updated, as an undated homepage does.
 */
export function judgeColumn(column: ColumnRecord, config: ColumnsConfig, asOf: IsoDate): JudgedColumn {
  const windowDays = config.windows[column.category] ?? null;
  const futureItems = column.items.filter((i) => i.date !== null && i.date > asOf);
  const newest = column.items.filter((i) => i.date !== null && i.date <= asOf).sort((a, b) => b.date!.localeCompare(a.date!))[0] ?? null;
  const latestDate = newest?.date ?? null;
  const ageDays = latestDate ? daysBetween(latestDate, asOf) : null;
  let state: JudgedColumn['state'];
  if (column.unverified) state = 'unverified';
  else if (column.blank) state = 'blank';
  else if (windowDays === null) state = 'no-window';
  else if (ageDays === null) state = 'undated';
  else state = ageDays >= windowDays ? 'stale' : 'ok';
  const stale = state === 'stale' || state === 'undated';
  return {
    name: column.name,
    url: column.url,
    category: column.category,
    categoryName: CATEGORY_NAMES[column.category],
    latestDate,
    itemCount: column.itemCount,
    blank: column.blank,
    stale,
    office: column.office,
    ageDays,
    windowDays,
    daysLeft: windowDays !== null && ageDays !== null ? windowDays - ageDays : null,
    state,
    stateName: STATE_NAMES[state],
    futureItems,
    dateSource: newest?.dateSource ? (DATE_SOURCE_NAMES[newest.dateSource] ?? newest.dateSource) : null,
    sources: column.sources,
    rendered: column.rendered,
    pageCount: column.pageCount,
    pagesRead: column.pagesRead,
    pagingUnmapped: column.pagingUnmapped ?? null,
  };
}

/** Most urgent first: most overdue stale, undated, blank, unverified, then fewest days left, then no window. */
export function byUrgency(a: JudgedColumn, b: JudgedColumn): number {
  const rank = (c: JudgedColumn) => ({ stale: 0, undated: 1, blank: 2, unverified: 3, ok: 4, 'no-window': 5 })[c.state];
  return rank(a) - rank(b) || (a.daysLeft ?? 0) - (b.daysLeft ?? 0) || a.url.localeCompare(b.url);
}

export interface VetoCounts {
  /** 动态要闻 + 通知公告 + 政策文件 stale columns. */
  newsNoticePolicyStale: number;
  /** Stale columns of every class with a window. */
  staleTotal: number;
  blank: number;
}

export function countProblems(columns: readonly JudgedColumn[]): VetoCounts {
  const stale = columns.filter((c) => c.stale);
  return {
    newsNoticePolicyStale: stale.filter((c) => c.category === 'news' || c.category === 'notice' || c.category === 'policy').length,
    staleTotal: stale.length,
    blank: columns.filter((c) => c.blank).length,
  };
}

/** Which veto lines (a, b, c) are reached, and which early warnings fire below them. */
export function vetoRules(counts: VetoCounts, config: ColumnsConfig): { a: boolean; b: boolean; c: boolean; warnStale: boolean; warnBlank: boolean } {
  const a = counts.newsNoticePolicyStale >= config.veto.newsNoticePolicyStale;
  const b = counts.staleTotal >= config.veto.staleTotal;
  const c = counts.blank >= config.veto.blank;
  return { a, b, c, warnStale: !b && counts.staleTotal > config.warn.staleMoreThan, warnBlank: !c && counts.blank > config.warn.blankMoreThan };
}
