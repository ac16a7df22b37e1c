import type { CheckResult } from '../types.ts';

/**
 * Gives findings of other checks (a stale column, a missing footer element...) the
 * screenshot the browser audits took of their page, when they have none of their own.
 * Pure: it reads the browserAudits artifact's `screenshots` map (URL → file).
 */
export function attachScreenshots(results: CheckResult[], artifacts: Record<string, unknown>): CheckResult[] {
  const audits = artifacts.browserAudits as { screenshots?: Record<string, string> } | undefined;
  const shots = audits && typeof audits === 'object' && audits.screenshots ? audits.screenshots : null;
  if (!shots || Object.keys(shots).length === 0) return results;
  return results.map((r) => ({
    ...r,
    findings: r.findings.map((f) => (f.screenshot || !f.url || !shots[f.url] ? f : { ...f, screenshot: shots[f.url] })),
  }));
}
