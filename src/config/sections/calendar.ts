import { z } from 'zod';
import { isIsoDate } from '../../dates.ts';

const isoDate = z.string().refine(isIsoDate, { message: '应为 YYYY-MM-DD 格式的日期' });

/**
 * Local additions to the official working-day calendar (config/calendar/cn-holidays.yaml):
 * e.g. a provincial holiday, or a 调休 day of a year not yet in the data.
 */
export const calendarSection = z
  .object({
    /** Extra days off (YYYY-MM-DD). */
    holidays: z.array(isoDate).default([]),
    /** Extra working days on a weekend or holiday (YYYY-MM-DD). */
    workdays: z.array(isoDate).default([]),
  })
  .strict();

export type CalendarConfig = z.infer<typeof calendarSection>;
