import type { IsoDate } from '../types.ts';
import { DATE_SOURCES, type DateSource } from './date-parse.ts';

export type PageDate = { date: IsoDate; source: DateSource } | null;

const NO_DATE = -1;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Each crawled page's publish date (or that it shows none), kept as one small integer per
 * page (yyyymmdd × 16 + source) rather than an object and a string: one entry per page of
 * the site stays in memory until the columns are dated.
 */
export class PageDates {
  private readonly byUrl = new Map<string, number | NonNullable<PageDate>>();

  set(url: string, found: PageDate): void {
    this.byUrl.set(url, found ? (encode(found) ?? found) : NO_DATE);
  }

  /** The page's date, null when it shows none, undefined when the page was not read. */
  get(url: string): PageDate | undefined {
    const code = this.byUrl.get(url);
    return typeof code === 'number' ? decode(code) : code;
  }
}

/** The integer for a date, or null for one not written `YYYY-MM-DD` (kept as it is). */
function encode({ date, source }: NonNullable<PageDate>): number | null {
  const ymd = ISO_DATE.exec(date);
  if (!ymd) return null;
  return Number(ymd[1] + ymd[2] + ymd[3]) * 16 + DATE_SOURCES.indexOf(source);
}

function decode(code: number): PageDate {
  if (code === NO_DATE) return null;
  const ymd = Math.floor(code / 16);
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return { date: `${pad(Math.floor(ymd / 10000), 4)}-${pad(Math.floor(ymd / 100) % 100, 2)}-${pad(ymd % 100, 2)}` as IsoDate, source: DATE_SOURCES[code % 16] };
}
