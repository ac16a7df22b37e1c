import { describe, expect, it } from 'vitest';
import { addWorkingDays, calendarCovers, isWorkingDay, loadCalendar, uncoveredNote, workingDaysBetween } from '../../src/calendar/working-days.ts';
import { configSchema } from '../../src/config/schema.ts';

describe('official working-day calendar (国办发明电〔2024〕12号, 〔2025〕7号)', () => {
  it('2025 春节: off 1/28–2/4, working Sunday 1/26 and Saturday 2/8', () => {
    expect(isWorkingDay('2025-01-26')).toBe(true); // Sunday, 调休
    expect(isWorkingDay('2025-01-28')).toBe(false);
    expect(isWorkingDay('2025-02-03')).toBe(false); // Monday inside the holiday
    expect(isWorkingDay('2025-02-04')).toBe(false);
    expect(isWorkingDay('2025-02-05')).toBe(true);
    expect(isWorkingDay('2025-02-08')).toBe(true); // Saturday, 调休
    expect(isWorkingDay('2025-02-09')).toBe(false);
    expect(addWorkingDays('2025-01-24', 1)).toBe('2025-01-26');
    expect(addWorkingDays('2025-01-27', 1)).toBe('2025-02-05');
    // 1/26, 1/27, 2/5, 2/6, 2/7, 2/8, 2/10
    expect(workingDaysBetween('2025-01-24', '2025-02-10')).toBe(7);
  });

  it('2025 国庆+中秋: off 10/1–10/8, working Sunday 9/28 and Saturday 10/11', () => {
    expect(isWorkingDay('2025-09-28')).toBe(true);
    expect(isWorkingDay('2025-10-01')).toBe(false);
    expect(isWorkingDay('2025-10-08')).toBe(false); // Wednesday inside the holiday
    expect(isWorkingDay('2025-10-09')).toBe(true);
    expect(isWorkingDay('2025-10-11')).toBe(true);
    expect(isWorkingDay('2025-10-12')).toBe(false);
    expect(addWorkingDays('2025-09-30', 1)).toBe('2025-10-09');
    // 9/28, 9/29, 9/30, 10/9, 10/10, 10/11, 10/13
    expect(workingDaysBetween('2025-09-26', '2025-10-13')).toBe(7);
  });

  it('2025 other holidays: 元旦, 清明, 劳动节 with working Sunday 4/27, 端午', () => {
    expect(isWorkingDay('2025-01-01')).toBe(false);
    expect(isWorkingDay('2025-04-04')).toBe(false);
    expect(isWorkingDay('2025-04-27')).toBe(true);
    expect(isWorkingDay('2025-05-05')).toBe(false);
    expect(isWorkingDay('2025-06-02')).toBe(false);
    expect(isWorkingDay('2025-06-03')).toBe(true);
  });

  it('2026 春节: off 2/15–2/23, working Saturdays 2/14 and 2/28', () => {
    expect(isWorkingDay('2026-02-14')).toBe(true);
    expect(isWorkingDay('2026-02-15')).toBe(false);
    expect(isWorkingDay('2026-02-23')).toBe(false); // Monday inside the holiday
    expect(isWorkingDay('2026-02-24')).toBe(true);
    expect(isWorkingDay('2026-02-28')).toBe(true);
    expect(addWorkingDays('2026-02-13', 1)).toBe('2026-02-14');
    expect(addWorkingDays('2026-02-14', 1)).toBe('2026-02-24');
    // 2/14, 2/24, 2/25, 2/26, 2/27, 2/28, 3/2
    expect(workingDaysBetween('2026-02-13', '2026-03-02')).toBe(7);
  });

  it('2026 中秋 and 国庆: off 9/25–9/27 and 10/1–10/7, working Sunday 9/20 and Saturday 10/10', () => {
    expect(isWorkingDay('2026-09-20')).toBe(true);
    expect(isWorkingDay('2026-09-25')).toBe(false); // Friday, 中秋
    expect(isWorkingDay('2026-10-07')).toBe(false);
    expect(isWorkingDay('2026-10-08')).toBe(true);
    expect(isWorkingDay('2026-10-10')).toBe(true);
    expect(addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
    // The 20-working-day publication limit across both holidays.
    expect(addWorkingDays('2026-09-15', 20)).toBe('2026-10-19');
    expect(workingDaysBetween('2026-09-15', '2026-10-19')).toBe(20);
  });

  it('2026 元旦, 劳动节 and 端午 with working Sunday 1/4 and Saturday 5/9', () => {
    expect(isWorkingDay('2026-01-02')).toBe(false);
    expect(isWorkingDay('2026-01-04')).toBe(true);
    expect(isWorkingDay('2026-05-05')).toBe(false);
    expect(isWorkingDay('2026-05-09')).toBe(true);
    expect(isWorkingDay('2026-06-19')).toBe(false);
  });

  it('counts 0 the same day and negative backwards', () => {
    expect(workingDaysBetween('2026-03-02', '2026-03-02')).toBe(0);
    expect(workingDaysBetween('2026-03-03', '2026-03-02')).toBe(-1);
    expect(addWorkingDays('2026-03-02', 0)).toBe('2026-03-02');
  });

  it('past the data: Monday–Friday, and says so', () => {
    expect(calendarCovers('2026-12-31')).toBe(true);
    expect(calendarCovers('2027-01-01')).toBe(false);
    expect(isWorkingDay('2027-10-01')).toBe(true); // a Friday: no data for 2027
    expect(addWorkingDays('2027-01-01', 1)).toBe('2027-01-04');
    expect(uncoveredNote(['2026-05-01'])).toBeNull();
    expect(uncoveredNote(['2026-05-01', '2027-03-01'])).toMatch(/2027 年.*周一至周五/);
  });

  it('a config adds local holidays and working days', () => {
    const cal = loadCalendar({ holidays: ['2026-03-02'], workdays: ['2027-01-02', '2026-10-07'] });
    expect(isWorkingDay('2026-03-02', cal)).toBe(false);
    expect(isWorkingDay('2027-01-02', cal)).toBe(true);
    expect(isWorkingDay('2026-10-07', cal)).toBe(true);
    expect(isWorkingDay('2026-03-02')).toBe(true); // the bundled calendar is untouched
    const config = configSchema.shape.calendar.parse({ holidays: ['2026-03-02'] });
    expect(config).toEqual({ holidays: ['2026-03-02'], workdays: [] });
    expect(() => configSchema.shape.calendar.parse({ holidays: ['2026-3-2'] })).toThrow(/YYYY-MM-DD/);
  });
});
