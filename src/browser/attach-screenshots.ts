import type { ElementShot } from './screenshot.ts';
import type { CheckResult } from '../types.ts';

/** Findings about an element on a page: their evidence is a crop of that element. */
const ELEMENT_INDICATORS = new Set(['deduct.accessibility-severe', 'warn.accessibility-minor', 'deduct.elder-text']);

/** Checks whose findings are about a page as a whole: a plain shot of the page searched is their evidence. */
const PAGE_CHECKS = new Set(['column-freshness']);

/**
 * Gives findings the screenshot that shows their problem, and no other: an element-level
 * finding gets the cropped, outlined shot of its element; a stale column gets the plain
 * shot of its page; a finding about something missing or elsewhere (a broken link target,
 * an unpublished item) gets none rather than a page with unrelated marks.
 * Pure: it reads the browserAudits artifact's `screenshots` and `elementShots` maps.
 */
export function attachScreenshots(results: CheckResult[], artifacts: Record<string, unknown>): CheckResult[] {
  const audits = artifacts.browserAudits as { screenshots?: Record<string, string>; elementShots?: Record<string, ElementShot[]> } | undefined;
  const shots = audits && typeof audits === 'object' ? (audits.screenshots ?? {}) : {};
  const crops = audits && typeof audits === 'object' ? (audits.elementShots ?? {}) : {};
  return results.map((r) => ({
    ...r,
    findings: r.findings.map((f) => {
      const pageCrops = f.url ? crops[f.url] : undefined;
      if (ELEMENT_INDICATORS.has(f.indicator) && pageCrops?.length) {
        // The crop of the element the evidence names, else the page's first crop.
        const crop = pageCrops.find((c) => f.evidence?.includes(c.selector)) ?? pageCrops[0];
        return { ...f, screenshot: crop.file };
      }
      if (f.screenshot || !f.url || !PAGE_CHECKS.has(r.id) || !shots[f.url]) return f;
      return { ...f, screenshot: shots[f.url] };
    }),
  }));
}
