import type { PreviousState } from '../store/scan-store.ts';
import type { Finding, RoutedBy } from '../types.ts';

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

/** How a problem of the previous scan that is not found again stands (history.ts PreviousProblem). */
export const PREVIOUS_STATE_NAMES: Record<PreviousState, string> = {
  fixed: '已整改',
  escalated: '升级',
  'not-applicable': '不再适用',
  unchecked: '未复查',
  'pending-review': '整改待复核',
};

/** How a finding's office was chosen (route-office.ts), as the report says it. */
export const ROUTED_BY_NAMES: Record<RoutedBy, string> = {
  config: '按配置指定',
  register: '按文件登记表起草处室',
  catalogue: '按主动公开目录责任处室',
  column: '按栏目责任处室',
  document: '按文件起草处室',
  default: '默认处室',
};

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
