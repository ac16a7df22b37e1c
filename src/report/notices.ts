import { quarterOf } from '../dates.ts';
import type { ReportContext } from './context.ts';
import { quarterName } from './labels.ts';
import { COLLAPSE_OVER, LISTED, problemRows } from './problem-rows.ts';
import { ACTIONABLE, byOffice, findingViews, furnitureOf, ledgerFileOf, reportSettings } from './view.ts';

/** 文号 of the n-th notice from `report.numberPattern`: {year}, {quarter}, {seq}. */
export function noticeNumber(pattern: string, asOf: string, seq: number): string {
  const quarter = quarterOf(asOf).slice(-1);
  return pattern.replaceAll('{year}', asOf.slice(0, 4)).replaceAll('{quarter}', quarter).replaceAll('{seq}', String(seq).padStart(2, '0'));
}

/** Data of the 整改通知单: one notice per responsible office. */
export function noticesView(ctx: ReportContext) {
  const f = ctx.findings;
  const settings = reportSettings(ctx);
  const findings = findingViews(ctx).filter((x) => ACTIONABLE.has(x.severity));
  const ledger = ledgerFileOf(ctx);
  const notices = byOffice(findings).map((n, i) => {
    const deadlines = n.findings.map((x) => x.deadline).filter(Boolean).sort();
    const rows = problemRows(n.findings, ledger);
    return {
      ...n,
      rows,
      collapsed: rows.some((r) => r.rest !== undefined),
      number: noticeNumber(settings.numberPattern, f.asOf, i + 1),
      firstDeadline: deadlines[0] ?? '',
      vetoCount: n.findings.filter((x) => x.severity === 'veto').length,
      // A notice is not copied to the office it is addressed to (信息中心's own notice).
      cc: settings.cc.filter((office) => office !== n.office).join('、'),
    };
  });
  return {
    ...furnitureOf(ctx),
    site: f.site,
    asOf: f.asOf,
    scanId: f.scanId,
    quarterName: quarterName(quarterOf(f.asOf)),
    deadlineWorkingDays: settings.deadlineWorkingDays,
    vetoDeadlineWorkingDays: settings.vetoDeadlineWorkingDays,
    office: ctx.config.site.office,
    ledger,
    collapseOver: COLLAPSE_OVER,
    listed: LISTED,
    notices,
  };
}
