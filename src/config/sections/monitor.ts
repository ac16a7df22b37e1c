import { z } from 'zod';

/**
 * Availability monitoring (veto.site-unreachable): the homepage is probed on a schedule
 * and a probe that does not open within the limit counts as a failure. The national rule:
 * one week, at least 20 probes a day, 15 s, veto at ≥5 % failures.
 */
export const monitorSection = z
  .object({
    /** Minutes between two probes of a homepage (30 gives 48 a day). */
    intervalMinutes: z.number().positive().default(30),
    /** A probe fails when the homepage has not fully opened within this time (ms). */
    timeoutMs: z.number().int().positive().default(15000),
    /** Days of probes the failure ratio is computed over. */
    windowDays: z.number().int().positive().default(7),
    /** Least probes a day for the ratio to count as a valid measurement. */
    minProbesPerDay: z.number().int().positive().default(20),
    /** Failure ratio at which the site is vetoed (0.05 = 5 %). */
    vetoRatio: z.number().min(0).max(1).default(0.05),
    /** Failure ratio at which an early warning is raised. */
    warnRatio: z.number().min(0).max(1).default(0.03),
  })
  .strict();
