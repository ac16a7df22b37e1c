/**
 * The official Chinese working-day calendar: public holidays and the 调休 working weekends
 * from config/calendar/cn-holidays.yaml (State Council notices), plus a config's local
 * additions. One module for every count of working days (report deadlines, the annual
 * summary, the register's 20-working-day publication limit).
 *
 * Past the years the data covers, Monday to Friday are working days; callers check
 * `calendarCovers` (or use `uncoveredNote`) and say so in their output.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { addDays, isIsoDate } from '../dates.ts';
import type { IsoDate } from '../types.ts';

export const HOLIDAYS_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../config/calendar/cn-holidays.yaml');

export interface WorkingDayCalendar {
  /** Days off that would otherwise be working days (and weekends inside a holiday). */
  readonly holidays: ReadonlySet<IsoDate>;
  /** Saturdays and Sundays that are working days (调休上班). */
  readonly workdays: ReadonlySet<IsoDate>;
  /** Years the official data covers, ascending. */
  readonly years: readonly number[];
}

export interface CalendarExtra {
  holidays?: IsoDate[];
  workdays?: IsoDate[];
}

const isoDate = z.string().refine(isIsoDate, { message: '应为 YYYY-MM-DD 格式的日期' });
const holidaysFileSchema = z.object({
  years: z.record(
    z.string().regex(/^\d{4}$/),
    z.object({
      source: z.string().min(1),
      holidays: z.array(z.object({ name: z.string().min(1), from: isoDate, to: isoDate.optional() })),
      workdays: z.array(isoDate),
    }),
  ),
});

let bundled: WorkingDayCalendar | undefined;

function readBundled(): WorkingDayCalendar {
  if (bundled) return bundled;
  const data = holidaysFileSchema.parse(parseYaml(readFileSync(HOLIDAYS_FILE, 'utf8')));
  const holidays = new Set<IsoDate>();
  const workdays = new Set<IsoDate>();
  for (const year of Object.values(data.years)) {
    for (const range of year.holidays) {
      for (let d = range.from; d <= (range.to ?? range.from); d = addDays(d, 1)) holidays.add(d);
    }
    for (const d of year.workdays) workdays.add(d);
  }
  const years = Object.keys(data.years).map(Number).sort((a, b) => a - b);
  bundled = { holidays, workdays, years };
  return bundled;
}

/** The bundled official calendar, with a config's local holidays and working days added. */
export function loadCalendar(extra: CalendarExtra = {}): WorkingDayCalendar {
  const base = readBundled();
  if (!extra.holidays?.length && !extra.workdays?.length) return base;
  // A local working day overrides an official holiday and vice versa only where given.
  const holidays = new Set([...base.holidays, ...(extra.holidays ?? [])]);
  const workdays = new Set([...base.workdays, ...(extra.workdays ?? [])]);
  for (const d of extra.workdays ?? []) holidays.delete(d);
  for (const d of extra.holidays ?? []) workdays.delete(d);
  return { holidays, workdays, years: base.years };
}

/** Does the official data cover this date's year? (Outside it, Monday–Friday is assumed.) */
export function calendarCovers(date: IsoDate, cal: WorkingDayCalendar = loadCalendar()): boolean {
  return cal.years.includes(Number(date.slice(0, 4)));
}

export function isWorkingDay(date: IsoDate, cal: WorkingDayCalendar = loadCalendar()): boolean {
  if (cal.workdays.has(date)) return true;
  if (cal.holidays.has(date)) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The n-th working day after `from` (a deadline of n working days). */
export function addWorkingDays(from: IsoDate, n: number, cal: WorkingDayCalendar = loadCalendar()): IsoDate {
  let d = from;
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    if (isWorkingDay(d, cal)) left--;
  }
  return d;
}

/**
 * Working days after `from` up to and including `to` (0 when published the day it was
 * made; negative when `to` is before `from`).
 */
export function workingDaysBetween(from: IsoDate, to: IsoDate, cal: WorkingDayCalendar = loadCalendar()): number {
  if (to < from) return -workingDaysBetween(to, from, cal);
  let count = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d, cal)) count++;
  return count;
}

/**
 * A sentence for the output when any of `dates` falls outside the official data, else null:
 * working days there were counted Monday to Friday.
 */
export function uncoveredNote(dates: Iterable<IsoDate>, cal: WorkingDayCalendar = loadCalendar()): string | null {
  const years = [...new Set([...dates].filter((d) => !calendarCovers(d, cal)).map((d) => d.slice(0, 4)))].sort();
  if (years.length === 0) return null;
  const covered = cal.years.length ? `（节假日数据覆盖 ${cal.years[0]}–${cal.years[cal.years.length - 1]} 年）` : '';
  return `${years.join('、')} 年的节假日安排未收录${covered}，这些日期按周一至周五计算工作日。`;
}
