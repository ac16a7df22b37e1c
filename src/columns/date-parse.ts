import { isIsoDate } from '../dates.ts';
import type { IsoDate } from '../types.ts';

/**
 * Date reading for list rows and article pages, in the shapes real government sites use:
 * 2026-11-25, 2026/11/25, 2026.11.25, 2026年11月25日, full-width digits, [11-25] and
 * 11-25 without a year, labels (发布时间：), and dates in URLs (t20261125_1.html,
 * /art/2026/11/25/art_1_2.html). No library reads these Chinese list shapes, so it is
 * written here. A date shown without a year keeps no year: the year comes from evidence
 * (the item's URL, its article page, the list's other dates), never from the as-of date.
 */

/**
 * Where a date came from. `list-year-*`: the list showed month and day, the year came from
 * the item's URL, its article page, or the list's other dated items. `list-no-year` is the
 * old as-of inference, kept readable in stored artifacts but no longer produced.
 */
export const DATE_SOURCES = ['list', 'list-no-year', 'list-year-url', 'list-year-article', 'list-year-list', 'url', 'meta', 'label', 'article', 'browser'] as const;
export type DateSource = (typeof DATE_SOURCES)[number];

const FULL_DATE = /(?<!\d)((?:19|20)\d{2})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?!\d)/g;
// No '.' separator without a year: "1.5" is far more often a number than a date.
const MONTH_DAY = /(?<![\d\-/.:])(\d{1,2})\s*(?:[-/]|月)\s*(\d{1,2})(?:\s*日)?(?![\d\-/.:])/g;
const LABEL = /(?:发布时间|发布日期|发文日期|成文日期|印发日期|更新时间|日期|时间)\s*[:：]\s*/;

const pad = (n: number) => String(n).padStart(2, '0');

/** NFKC turns full-width digits and punctuation (２０２６－１１－２５) into ASCII. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ');
}

function toIso(year: number, month: number, day: number): IsoDate | null {
  const iso = `${year}-${pad(month)}-${pad(day)}`;
  return isIsoDate(iso) ? iso : null;
}

/** A date as shown: `year` null when the page shows only month and day ([11-25]). */
export interface ShownDate {
  year: number | null;
  month: number;
  day: number;
}

/** The ISO date of a shown date whose year is known, else null. */
export function fullDate(shown: ShownDate): IsoDate | null {
  return shown.year === null ? null : toIso(shown.year, shown.month, shown.day);
}

/** `MM-DD` of a shown date (how a year-less date is kept as evidence). */
export function monthDayOf(shown: Pick<ShownDate, 'month' | 'day'>): string {
  return `${pad(shown.month)}-${pad(shown.day)}`;
}

/** Every full date in the text, else every month-day date (without a year). */
export function findDates(raw: string): ShownDate[] {
  const text = normalizeText(raw);
  const full: ShownDate[] = [];
  for (const m of text.matchAll(FULL_DATE)) {
    const shown = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
    if (fullDate(shown)) full.push(shown);
  }
  if (full.length) return full;
  const partial: ShownDate[] = [];
  for (const m of text.matchAll(MONTH_DAY)) {
    const shown = { year: null, month: Number(m[1]), day: Number(m[2]) };
    // 2000 is a leap year: 02-29 stays possible until a year is known.
    if (toIso(2000, shown.month, shown.day)) partial.push(shown);
  }
  return partial;
}

/** The first date in the text (the one a list row shows), or null. */
export function firstDate(raw: string): ShownDate | null {
  return findDates(raw)[0] ?? null;
}

/** Publish dates first: 成文日期 (the signing date) only when nothing better is shown. */
const DATE_LABELS = ['发布时间', '发布日期', '发文日期', '更新时间', '印发日期', '成文日期', '日期', '时间'].map((label) => new RegExp(`${label}\\s*[:：]`));

/** A date written after a label such as 发布时间： or 发布日期： (with its year). */
export function labelledDate(raw: string): IsoDate | null {
  // Every label ends in 日期 or 时间: most pages' text is ruled out without normalising it.
  if (!raw.includes('日期') && !raw.includes('时间')) return null;
  const text = normalizeText(raw);
  for (const label of DATE_LABELS) {
    const at = text.search(label);
    if (at < 0) continue;
    const after = text.slice(at).replace(LABEL, '').slice(0, 40);
    const found = findDates(after)[0];
    const date = found ? fullDate(found) : null;
    if (date) return date;
  }
  return null;
}

/**
 * The year of a month-day shown beside an item, from the item's URL: a full URL date with
 * the same month and day (/2018-07-27/, t20180727_), else a year-month folder of the same
 * month (/201807/, /2018-07/), else null.
 */
export function yearFromUrl(url: string, shown: Pick<ShownDate, 'month' | 'day'>): number | null {
  const full = urlDate(url);
  if (full && Number(full.slice(5, 7)) === shown.month && Number(full.slice(8, 10)) === shown.day) return Number(full.slice(0, 4));
  const path = pathOf(url);
  for (const m of path.matchAll(/\/((?:19|20)\d{2})-?(\d{2})(?=\/|\d{2}\/|_)/g)) if (Number(m[2]) === shown.month) return Number(m[1]);
  return null;
}

/**
 * The year of a month-day from a newer and an older dated neighbour in a list sorted newest
 * first: the latest year that keeps the date between them. Null when no neighbour is dated
 * or the neighbours do not bracket the date.
 */
export function yearFromNeighbours(shown: Pick<ShownDate, 'month' | 'day'>, newer: IsoDate | null, older: IsoDate | null): number | null {
  const anchor = newer ?? older;
  if (!anchor) return null;
  const year = Number(anchor.slice(0, 4));
  for (const y of newer ? [year, year - 1] : [year + 1, year]) {
    const date = toIso(y, shown.month, shown.day);
    if (date && (!newer || date <= newer) && (!older || date >= older)) return y;
  }
  return null;
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

const URL_DATES: RegExp[] = [
  /\/t((?:19|20)\d{2})(\d{2})(\d{2})_\d+/, // TRS: /202611/t20261125_123.html
  /\/art\/((?:19|20)\d{2})\/(\d{1,2})\/(\d{1,2})\//, // Hanweb: /art/2026/11/25/art_12_345.html
  /\/((?:19|20)\d{2})-(\d{2})-(\d{2})\//,
  /\/((?:19|20)\d{2})\/(\d{1,2})\/(\d{1,2})\//,
  /\/content_((?:19|20)\d{2})(\d{2})(\d{2})\d*/,
];

/** The publish date a CMS wrote into the article URL, or null. */
export function urlDate(url: string): IsoDate | null {
  const pathname = pathOf(url);
  for (const pattern of URL_DATES) {
    const m = pathname.match(pattern);
    if (m) {
      const date = toIso(Number(m[1]), Number(m[2]), Number(m[3]));
      if (date) return date;
    }
  }
  return null;
}
