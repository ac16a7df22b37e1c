import type { ReportContext } from './context.ts';
import { findingViews } from './view.ts';

/** Columns of the 问题清单/整改台账, in order. */
export const LEDGER_COLUMNS = [
  { key: 'office', header: '责任处室', width: 14 },
  { key: 'severity', header: '类别', width: 10 },
  { key: 'indicatorTitle', header: '指标名称', width: 18 },
  { key: 'title', header: '问题描述', width: 48 },
  { key: 'url', header: '网址', width: 48 },
  { key: 'evidence', header: '证据', width: 48 },
  { key: 'firstSeen', header: '首次发现', width: 12 },
  { key: 'status', header: '状态', width: 10 },
  { key: 'triage', header: '处理意见', width: 30 },
  { key: 'deadline', header: '整改期限', width: 12 },
  { key: 'recheck', header: '复核结果', width: 16 },
  { key: 'fingerprint', header: '问题编号', width: 18 },
] as const;

export type LedgerRow = Record<(typeof LEDGER_COLUMNS)[number]['key'], string>;

/**
 * One row per problem: this scan's findings, then problems of the previous scan found
 * fixed (status 已整改), so the ledger shows the whole rectification picture.
 */
export function ledgerRows(ctx: ReportContext): LedgerRow[] {
  const views = findingViews(ctx);
  const titles = new Map(views.map((v) => [v.indicator, v.indicatorTitle]));
  const rows: LedgerRow[] = views.map((f) => ({
    office: f.office,
    severity: f.severityLabel,
    indicatorTitle: f.indicatorTitle,
    title: f.title,
    url: f.url ?? '',
    evidence: f.evidence,
    firstSeen: f.firstSeen ?? ctx.findings.asOf,
    status: f.statusText,
    triage: f.triageName,
    deadline: f.deadline,
    recheck: '',
    fingerprint: f.fingerprint,
  }));
  for (const f of ctx.history?.fixed ?? []) {
    rows.push({
      office: f.office,
      severity: '',
      indicatorTitle: titles.get(f.indicator) ?? '',
      title: f.title,
      url: f.url ?? '',
      evidence: f.evidence,
      firstSeen: f.firstSeen ?? '',
      status: '已整改',
      triage: '',
      deadline: '',
      recheck: `${ctx.findings.asOf} 复查未再发现`,
      fingerprint: f.fingerprint,
    });
  }
  return rows;
}
