import type { Rectification } from '../store/scan-store.ts';
import type { Finding } from '../types.ts';
import type { ReportContext } from './context.ts';
import { PREVIOUS_STATE_NAMES, SEVERITY_NAMES } from './labels.ts';
import { findingViews, indicatorRequirement, indicatorTitleOf } from './view.ts';

/**
 * Columns of the 整改台账, in order. The last four are the office's to fill in; a filled-in
 * ledger goes back into the store with `triage --import` (see ledger-import.ts), matched by 问题编号.
 */
export const LEDGER_COLUMNS = [
  { key: 'no', header: '序号', width: 6 },
  { key: 'fingerprint', header: '问题编号', width: 18 },
  { key: 'office', header: '责任处室', width: 14 },
  { key: 'severity', header: '类别', width: 10 },
  { key: 'indicator', header: '指标', width: 18 },
  { key: 'title', header: '问题', width: 40 },
  { key: 'url', header: '页面', width: 40 },
  { key: 'evidence', header: '证据', width: 40 },
  { key: 'points', header: '扣分', width: 6 },
  { key: 'requirement', header: '整改要求', width: 30 },
  { key: 'deadline', header: '整改期限', width: 12 },
  { key: 'state', header: '整改状态', width: 10 },
  { key: 'measures', header: '整改措施', width: 30 },
  { key: 'completedDate', header: '完成日期', width: 12 },
  { key: 'contact', header: '联系人', width: 12 },
  // What the scans found when they looked again (not the office's to fill in).
  { key: 'recheck', header: '复核情况', width: 24 },
] as const;

export type LedgerKey = (typeof LEDGER_COLUMNS)[number]['key'];
export type LedgerRow = Record<LedgerKey, string | number>;

/** The office's fields, carried over from the last imported ledger so nobody types them twice. */
function officeFields(r: Rectification | undefined): Pick<LedgerRow, 'state' | 'measures' | 'completedDate' | 'contact'> {
  return { state: r?.state ?? '未整改', measures: r?.measures ?? '', completedDate: r?.completedDate ?? '', contact: r?.contact ?? '' };
}

/**
 * One row per problem an office must act on: this scan's findings (人工核查 items are the
 * inspector's checklist and bonus items are no problem, so neither is here), then problems
 * of the previous scan this scan found fixed (整改状态 已复核: the scan confirmed it).
 */
export function ledgerRows(ctx: ReportContext): LedgerRow[] {
  const rect = ctx.rectification ?? new Map<string, Rectification>();
  const rows: Omit<LedgerRow, 'no'>[] = findingViews(ctx)
    .filter((f) => f.severity !== 'manual' && f.severity !== 'bonus')
    .map((f) => ({
      fingerprint: f.fingerprint,
      office: f.office,
      severity: f.falsePositive ? `${f.severityLabel}（已标记误报）` : f.severityLabel,
      indicator: f.indicatorTitle,
      title: f.title,
      url: f.url ?? '',
      evidence: f.evidence,
      points: f.severity === 'deduct' && !f.falsePositive && !f.coveredByVeto ? f.points : '',
      requirement: indicatorRequirement(ctx, f.indicator) ?? f.title,
      deadline: f.deadline,
      ...officeFields(rect.get(f.fingerprint)),
      recheck: f.status === 'persisting' || f.status === 'regressed' ? `${ctx.findings.asOf} 复查仍存在` : '',
      // A triage decision is shown where the office reads it, never hidden.
      ...(f.triage && !rect.get(f.fingerprint)?.measures ? { measures: f.triageName } : {}),
    }));
  // Why each earlier problem is not found again: 已整改 only when re-checked; 升级, 不再适用, 未复查, 整改待复核 otherwise.
  const previous = ctx.history?.previousProblems ?? (ctx.history?.fixed ?? []).map((finding) => ({ finding, state: 'fixed' as const, reason: '复查未再发现' }));
  for (const { finding: f, state, reason } of previous) {
    const r = rect.get(f.fingerprint);
    const confirmed = state === 'fixed';
    rows.push({
      fingerprint: f.fingerprint,
      office: f.office,
      severity: SEVERITY_NAMES[f.severity] ?? '',
      indicator: indicatorTitleOf(ctx, f.indicator),
      title: f.title,
      url: f.url ?? '',
      evidence: f.evidence,
      points: '',
      requirement: indicatorRequirement(ctx, f.indicator) ?? f.title,
      deadline: '',
      ...officeFields(r),
      // Only a scan that looked again and found it gone makes it 已复核; otherwise the office's word stands.
      ...(confirmed ? { state: '已复核' } : {}),
      recheck: `${ctx.findings.asOf} ${PREVIOUS_STATE_NAMES[state]}：${reason}`,
    });
  }
  return rows.map((row, i) => ({ no: i + 1, ...row }));
}
