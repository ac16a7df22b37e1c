import type { ProbeRecord } from './probe-log.ts';

/** Failure ratio of a site's probes over the monitoring window; what the check judges. */
export interface AvailabilitySummary {
  siteUrl: string;
  /** Window [from, to) the probes were taken from (ISO). */
  from: string;
  to: string;
  windowDays: number;
  minProbesPerDay: number;
  probes: number;
  failures: number;
  /** failures / probes, null without probes. */
  ratio: number | null;
  /** Probes per China-time day in the window (YYYY-MM-DD → count, failures). */
  days: { date: string; probes: number; failures: number }[];
  /** Days of the window with at least minProbesPerDay probes. */
  fullDays: number;
  /** Up to 20 most recent failures, for the report's evidence. */
  recentFailures: Pick<ProbeRecord, 'at' | 'status' | 'error' | 'ms'>[];
}

const CHINA_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The window ending at the end of `asOf` (China time) and reaching back `days` days. */
export function monitoringWindow(asOf: string, days: number): { from: Date; to: Date } {
  const to = new Date(Date.parse(`${asOf}T00:00:00+08:00`) + 86_400_000);
  return { from: new Date(to.getTime() - days * 86_400_000), to };
}

export function summarizeProbes(siteUrl: string, probes: ProbeRecord[], window: { from: Date; to: Date }, windowDays: number, minProbesPerDay: number): AvailabilitySummary {
  const byDay = new Map<string, { probes: number; failures: number }>();
  let failures = 0;
  for (const p of probes) {
    const day = CHINA_DAY.format(new Date(p.at));
    const entry = byDay.get(day) ?? { probes: 0, failures: 0 };
    entry.probes++;
    if (!p.ok) {
      entry.failures++;
      failures++;
    }
    byDay.set(day, entry);
  }
  const days = [...byDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([date, v]) => ({ date, ...v }));
  const recentFailures = probes
    .filter((p) => !p.ok)
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, 20)
    .map(({ at, status, error, ms }) => ({ at, status, error, ms }));
  return {
    siteUrl,
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    windowDays,
    minProbesPerDay,
    probes: probes.length,
    failures,
    ratio: probes.length ? failures / probes.length : null,
    days,
    fullDays: days.filter((d) => d.probes >= minProbesPerDay).length,
    recentFailures,
  };
}
