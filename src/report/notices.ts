import { quarterOf } from '../dates.ts';
import type { ReportContext } from './context.ts';
import { quarterName } from './labels.ts';
import { ACTIONABLE, byOffice, findingViews, furnitureOf, ledgerFileOf, reportSettings, type FindingView } from './view.ts';

/** 文号 of the n-th notice from `report.numberPattern`: {year}, {quarter}, {seq}. */
export function noticeNumber(pattern: string, asOf: string, seq: number): string {
  const quarter = quarterOf(asOf).slice(-1);
  return pattern.replaceAll('{year}', asOf.slice(0, 4)).replaceAll('{quarter}', quarter).replaceAll('{seq}', String(seq).padStart(2, '0'));
}

/**
 * A notice gives every problem a row with boxes for the office's answer. Past this many
 * problems under one indicator (a site with 1,737 broken links made a 454-page
 * notices.pdf) it lists the first few and one row for the rest, which the ledger lists
 * and the office answers there, one by one.
 */
const COLLAPSE_OVER = 20;
const LISTED = 10;

/** A listed problem, or the row standing for the rest of its indicator's problems. */
export type NoticeRow = (FindingView & { seq: string; rest?: undefined }) | { seq: string; from: number; to: number; rest: number; severity: string; indicatorTitle: string; severityLabel: string; requirement: string; deadline: string };

/**
 * The rows of one office's notice, in the findings' order, numbered so that the last
 * number is the office's problem count. Without a ledger (`ledger` null: the report
 * formats write none) every problem keeps its row: nothing else would list it for the office.
 */
export function noticeRows(findings: readonly FindingView[], ledger: string | null): NoticeRow[] {
  const perIndicator = new Map<string, number>();
  for (const f of findings) perIndicator.set(f.indicator, (perIndicator.get(f.indicator) ?? 0) + 1);
  const seen = new Map<string, number>();
  const rows: NoticeRow[] = [];
  let seq = 0;
  for (const f of findings) {
    const total = perIndicator.get(f.indicator)!;
    const n = (seen.get(f.indicator) ?? 0) + 1;
    seen.set(f.indicator, n);
    const collapsed = ledger !== null && total > COLLAPSE_OVER;
    if (collapsed && n > LISTED) continue;
    rows.push({ ...f, seq: String(++seq) });
    if (collapsed && n === LISTED) {
      const rest = findings.filter((x) => x.indicator === f.indicator).slice(LISTED);
      const deadline = rest.map((x) => x.deadline).filter(Boolean).sort().at(-1) ?? '';
      rows.push({ seq: `${seq + 1}–${seq + rest.length}`, from: seq + 1, to: seq + rest.length, rest: rest.length, severity: f.severity, indicatorTitle: f.indicatorTitle, severityLabel: f.severityLabel, requirement: f.requirement, deadline });
      seq += rest.length;
    }
  }
  return rows;
}

/** Data of the 整改通知单: one notice per responsible office. */
export function noticesView(ctx: ReportContext) {
  const f = ctx.findings;
  const settings = reportSettings(ctx);
  const findings = findingViews(ctx).filter((x) => ACTIONABLE.has(x.severity));
  const ledger = ledgerFileOf(ctx);
  const notices = byOffice(findings).map((n, i) => {
    const deadlines = n.findings.map((x) => x.deadline).filter(Boolean).sort();
    const rows = noticeRows(n.findings, ledger);
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
