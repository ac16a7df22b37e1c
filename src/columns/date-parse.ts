import { isIsoDate } from '../dates.ts';
import type { IsoDate } from '../types.ts';

/**
 * Date reading for list rows and article pages, in the shapes real government sites use:
 * 2026-11-25, 2026/11/25, 2026.11.25, 2026年11月25日, full-width digits, [11-25] and
 * 11-25 without a year, labels (发布时间：), and dates in URLs (t20261125_1.html,
 * /art/2026/11/25/art_1_2.html). No library reads these Chinese list shapes, and the
 * year inference is ours, so it is written here.
 */

export type DateSource = 'list' | 'list-no-year' | 'url' | 'meta' | 'label' | 'article' | 'browser';

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

/** The most recent date on or before `asOf` with this month and day (for [11-25]). */
export function inferYear(month: number, day: number, asOf: IsoDate): IsoDate | null {
  const year = Number(asOf.slice(0, 4));
  // 02-29 may be up to four years back.
  for (let y = year; y >= year - 4; y--) {
    const date = toIso(y, month, day);
    if (date && date <= asOf) return date;
  }
  return null;
}

export interface FoundDate {
  date: IsoDate;
  /** The year was inferred (a [MM-DD] date). */
  inferredYear: boolean;
}

/** Every full date in the text, else every month-day date (year inferred against `asOf`). */
export function findDates(raw: string, asOf: IsoDate): FoundDate[] {
  const text = normalizeText(raw);
  const full: FoundDate[] = [];
  for (const m of text.matchAll(FULL_DATE)) {
    const date = toIso(Number(m[1]), Number(m[2]), Number(m[3]));
    if (date) full.push({ date, inferredYear: false });
  }
  if (full.length) return full;
  const partial: FoundDate[] = [];
  for (const m of text.matchAll(MONTH_DAY)) {
    const month = Number(m[1]);
    const day = Number(m[2]);
    if (month < 1 || month > 12) continue;
    const date = inferYear(month, day, asOf);
    if (date) partial.push({ date, inferredYear: true });
  }
  return partial;
}

/** The first date in the text (the one a list row shows), or null. */
export function firstDate(raw: string, asOf: IsoDate): FoundDate | null {
  return findDates(raw, asOf)[0] ?? null;
}

/** A date written after a label such as 发布时间： or 发布日期：. */
export function labelledDate(raw: string, asOf: IsoDate): IsoDate | null {
  const text = normalizeText(raw);
  // Publish dates first: 成文日期 (the signing date) only when nothing better is shown.
  for (const label of ['发布时间', '发布日期', '发文日期', '更新时间', '印发日期', '成文日期', '日期', '时间']) {
    const at = text.search(new RegExp(`${label}\\s*[:：]`));
    if (at < 0) continue;
    const after = text.slice(at).replace(LABEL, '').slice(0, 40);
    const found = findDates(after, asOf)[0];
    if (found && !found.inferredYear) return found.date;
  }
  return null;
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
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    pathname = url;
  }
  for (const pattern of URL_DATES) {
    const m = pathname.match(pattern);
    if (m) {
      const date = toIso(Number(m[1]), Number(m[2]), Number(m[3]));
      if (date) return date;
    }
  }
  return null;
}
