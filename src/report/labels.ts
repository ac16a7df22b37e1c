import type { PreviousState } from '../store/scan-store.ts';
import type { Finding, RoutedBy } from '../types.ts';

/**
 * The one label table for readers: every enum value a report, notice, ledger or CLI
 * summary may show, in Chinese. Indicator names come from the indicator tables (YAML);
 * everything else that is an English word in the data is named here. A test scans every
 * reader-facing artifact for the English values below and fails on any.
 */
export const LABELS = {
  /** Finding severity (indicator kind). */
  severity: { veto: '单项否决', deduct: '扣分', warn: '预警', manual: '人工核查', bonus: '加分' },
  /** A check's outcome in this scan. */
  checkStatus: { pass: '通过', fail: '发现问题', warn: '预警', na: '不适用', error: '检查出错', manual: '需人工核查', skipped: '未检测' },
  /** A finding compared with the previous scan. */
  findingStatus: { new: '新发现', persisting: '仍存在', regressed: '再次出现', fixed: '已整改' },
  /** The site's verdict. */
  verdict: { qualified: '合格', unqualified: '不合格' },
  /** Why a request produced no usable status (src/crawl/types.ts FetchErrorKind). */
  fetchError: {
    timeout: '请求超时未响应',
    dns: '域名无法解析',
    refused: '连接被拒绝',
    reset: '连接被重置',
    'redirect-loop': '循环跳转',
    'too-many-redirects': '跳转次数过多',
    tls: '证书或加密连接错误',
    'invalid-url': '网址无效',
    robots: 'robots.txt 禁止抓取',
    network: '网络错误',
    'private-address': '内网地址，未核验',
    'rate-limited': '请求过于频繁被限流（429），无法核验',
    budget: '超出本次检查的请求上限，未核验',
    aborted: '检查中断，未核验',
    'offsite-redirect': '跳转到其他网站',
  },
  /** Why one of the site's own pages could not be read (src/crawl/crawl-artifact.ts UnreadReason). */
  unreadReason: { timeout: '超时', 'server-error': '服务器错误', network: '网络错误', 'rate-limited': '被限流', blocked: '拒绝自动访问' },
  /** A disclosure catalogue item's update rhythm (config/catalogues/*.yaml `rhythm`). */
  rhythm: {
    ongoing: '常态更新',
    monthly: '每月',
    quarterly: '每季度',
    yearly: '每年',
    annually: '每年',
    'on change': '有变化时',
    'on event': '事件发生时',
    'with each policy': '随政策文件发布',
    'with each consultation': '每次征集后',
    daily: '每日',
    weekly: '每周',
  },
  /** Where a problem of the previous scan stands when not found again (history.ts PreviousProblem). */
  previousState: { fixed: '已整改', escalated: '升级', 'not-applicable': '不再适用', unchecked: '未复查', 'pending-review': '整改待复核' },
  /** How a finding's office was chosen (src/score/route-office.ts). */
  routedBy: {
    config: '按配置指定',
    register: '按文件登记表起草处室',
    catalogue: '按主动公开目录责任处室',
    column: '按栏目责任处室',
    document: '按文件起草处室',
    default: '默认处室',
  },
  /** Triage decisions. */
  triage: { accepted: '已确认接受', 'false-positive': '已标记误报' },
} as const satisfies Record<string, Record<string, string>>;

type Table = keyof typeof LABELS;

/** The Chinese label of `value` in `table`; an unknown value is shown as given (never dropped). */
export function label(table: Table, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  return (LABELS[table] as Record<string, string>)[value] ?? value;
}

/** A broken link's failure as a reader sees it: HTTP status, or the network error in Chinese. */
export function failureLabel(status: number | null, error: string | null): string {
  if (status !== null) return `HTTP ${status}`;
  return error ? label('fetchError', error) : '—';
}

/** Every English enum value the label table translates: none may reach a reader. */
export function englishEnumWords(): string[] {
  // Finding statuses 'new' and the like are ordinary English words that only ever appear
  // as data values; all are listed so a forgotten label is caught.
  return [...new Set(Object.values(LABELS).flatMap((t) => Object.keys(t)))];
}

export const SEVERITY_NAMES: Record<string, string> = LABELS.severity;

/** How a finding's history status reads in a report. */
export function statusLabel(status: Finding['status']): string {
  return status ? label('findingStatus', status) : '首次检查';
}

export const PREVIOUS_STATE_NAMES: Record<PreviousState, string> = LABELS.previousState;

export const ROUTED_BY_NAMES: Record<RoutedBy, string> = LABELS.routedBy;

/** How a triage decision reads, with reason, who and until when: shown, never hidden. */
export function triageLabel(triage: Finding['triage']): string {
  if (!triage) return '';
  return `${label('triage', triage.decision)}（${triage.reason}；${triage.by}${triage.expires ? `；有效期至 ${triage.expires}` : ''}）`;
}

/** 2026Q4 → 2026年第四季度 */
export function quarterName(quarter: string): string {
  const m = /^(\d{4})Q([1-4])$/.exec(quarter);
  if (!m) return quarter;
  return `${m[1]}年第${['一', '二', '三', '四'][Number(m[2]) - 1]}季度`;
}

/** An indicator id's name for readers: the table's title, else a generic name by kind — never the id. */
export function indicatorLabel(id: string, titles: ReadonlyMap<string, string>): string {
  const title = titles.get(id);
  if (title) return title;
  const kind = id.split('.')[0];
  return kind in LABELS.severity ? `${label('severity', kind)}事项` : id;
}
