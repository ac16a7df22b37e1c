import type { ColumnCategory } from '../config/sections/columns.ts';
import type { IsoDate } from '../types.ts';
import type { DateSource } from './date-parse.ts';

/** Where discovery found a column. */
export type ColumnSource = 'nav' | 'sitemap' | 'xxgk' | 'crumb' | 'meta' | 'list' | 'config';

export interface ColumnItem {
  title: string;
  url: string;
  date: IsoDate | null;
  dateSource: DateSource | null;
}

/** A column (栏目) as gathered: raw item dates; the check judges them against the rules. */
export interface ColumnRecord {
  name: string;
  url: string;
  category: ColumnCategory;
  /** Responsible office from config or the disclosure catalogue; null = the site default. */
  office: string | null;
  sources: ColumnSource[];
  /** Newest items read (dated ones newest first, up to 10), with where each date came from. */
  items: ColumnItem[];
  /** Items in the whole column when the pagination tells, else items on the pages read. */
  itemCount: number | null;
  /** List pages in all, when the pager tells (createPageHTML, 尾页, Hanweb record groups). */
  pageCount: number | null;
  /** List pages read (by the crawl through the pager, or opened while dating). */
  pagesRead: number;
  /** Why the list's paging could not be mapped to page URLs (需人工核查), else null. */
  pagingUnmapped?: string | null;
  /** Article pages opened because the list showed no dates. */
  articlesOpened: number;
  /** The list has no items and shows a blank marker or an empty list. */
  blank: boolean;
  blankReason: string | null;
  /** The list was built by script and read after rendering in the browser. */
  rendered: boolean;
  /** Why the column could not be judged (e.g. script-built list and no browser), else null. */
  unverified: string | null;
  charset: string | null;
  /** Items of the scan's year, counted from the list pages (annual report); absent in scans made before it existed. */
  year?: YearCount | null;
}

/** The column's items dated from 1 January of the scan's year to the scan date, read page by page. */
export interface YearCount {
  year: number;
  count: number;
  /** The list was read past 1 January or to its last page: no item of the year was missed. */
  complete: boolean;
  pagesRead: number;
  /** Items without a date on the pages read (not counted). */
  undated: number;
  /** How the number was obtained, in Chinese, for the report. */
  method: string;
  /** The items counted, so the year summary can join scans without counting an item twice. */
  items: { url: string; title: string; date: IsoDate }[];
}

export interface HomepageRecord {
  url: string;
  fetched: boolean;
  /** Dates shown on the homepage (visible ones only), newest first; may include future dates. */
  visibleDates: IsoDate[];
  /** Month-days shown on the homepage whose year neither URL, article page nor neighbours tell. */
  undeterminedDates?: string[];
  /**
   * Rows of the homepage's main list that link to articles (by their address). None on a
   * homepage that shows no date makes it a portal of links, judged by the pages it links to.
   * Absent in scans made before it was recorded.
   */
  articleRows?: number;
}

export interface ColumnsArtifact {
  homepage: HomepageRecord;
  columns: ColumnRecord[];
  /** Pages considered as possible columns. */
  candidates: number;
  /** Columns removed by config overrides. */
  excluded: string[];
  /** Browser renders done, and why rendering was unavailable if it was. */
  browser: { renders: number; unavailable: string | null };
}
