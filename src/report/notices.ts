import { quarterOf } from '../dates.ts';
import type { ReportContext } from './context.ts';
import { quarterName } from './labels.ts';
import { byOffice, deadlineOf, findingViews } from './view.ts';

/** Severities an office is asked to fix (bonus and manual items are not problems to fix). */
const ACTIONABLE = new Set(['veto', 'deduct', 'warn']);

/** Data of the 整改通知单: one notice per responsible office. */
export function noticesView(ctx: ReportContext) {
  const f = ctx.findings;
  const findings = findingViews(ctx).filter((x) => ACTIONABLE.has(x.severity));
  const notices = byOffice(findings).map((n, i) => ({ ...n, number: `${f.scanId}-${String(i + 1).padStart(2, '0')}` }));
  return {
    site: f.site,
    asOf: f.asOf,
    scanId: f.scanId,
    quarterName: quarterName(quarterOf(f.asOf)),
    deadline: deadlineOf(ctx),
    deadlineWorkingDays: ctx.config.report.deadlineWorkingDays,
    office: ctx.config.site.office,
    notices,
  };
}
