import type { Finding } from '../types.ts';

/** How a finding's history status reads in a report. */
export function statusLabel(status: Finding['status']): string {
  switch (status) {
    case 'new':
      return '新发现';
    case 'persisting':
      return '仍存在';
    case 'regressed':
      return '再次出现';
    default:
      return '首次检查';
  }
}

/** How a triage decision reads, with reason, who and until when: shown, never hidden. */
export function triageLabel(triage: Finding['triage']): string {
  if (!triage) return '';
  const name = triage.decision === 'accepted' ? '已确认接受' : '已标记误报';
  return `${name}（${triage.reason}；${triage.by}${triage.expires ? `；有效期至 ${triage.expires}` : ''}）`;
}

/** 2026Q4 → 2026年第四季度 */
export function quarterName(quarter: string): string {
  const m = /^(\d{4})Q([1-4])$/.exec(quarter);
  if (!m) return quarter;
  return `${m[1]}年第${['一', '二', '三', '四'][Number(m[2]) - 1]}季度`;
}

export const SEVERITY_NAMES: Record<string, string> = { veto: '单项否决', deduct: '扣分', warn: '预警', manual: '人工核查', bonus: '加分' };
