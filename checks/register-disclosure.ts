import { defineCheck } from '../src/checks/define-check.ts';
import { STATUS_LABELS, type RegisterEntry } from '../src/disclosure/register/types.ts';
import { normaliseDocNo, normaliseTitle } from '../src/disclosure/register/doc-number.ts';
import type { FindingDraft, RegisterSectionEntry } from '../src/types.ts';

/** Per-office counts for the report's table (documents, on time, late, missing). */
export interface OfficeRow {
  office: string;
  documents: number;
  proactive: number;
  onTime: number;
  late: number;
  missing: number;
  review: number;
  notProactive: number;
}

/** What names a row across scans: its 文号, else its title. */
export function rowKey(entry: Pick<RegisterEntry, 'docNo' | 'title'>): string {
  return normaliseDocNo(entry.docNo) || normaliseTitle(entry.title);
}

function label(entry: RegisterEntry): string {
  return [entry.docNo, `《${entry.title.replace(/^《|》$/g, '')}》`].filter(Boolean).join(' ');
}

function findingOf(e: RegisterEntry): FindingDraft | null {
  // The 文号 lets `offices.routes[].docNumber` route a row the register names no office for.
  const common = { office: e.office, officeFromRegister: e.office !== null, url: e.url ?? e.candidate?.url ?? null, route: { document: { number: e.docNo || null } } };
  switch (e.status) {
    case 'missing':
      return { ...common, indicator: 'deduct.register-missing', title: `主动公开文件未上网：${label(e)}`, evidence: `成文日期 ${e.date}；${e.reason}`, key: `register:missing:${rowKey(e)}` };
    case 'late':
      return { ...common, indicator: 'deduct.register-late', title: `主动公开文件超期公开：${label(e)}`, evidence: e.reason, key: `register:late:${rowKey(e)}` };
    case 'manual':
    case 'unverifiable':
      return { ...common, indicator: 'manual.register-review', title: `文件台账需人工核对：${label(e)}`, evidence: e.reason, key: `register:review:${rowKey(e)}` };
    case 'wrongly-disclosed':
      return { ...common, indicator: 'manual.register-wrong-disclosure', title: `不予公开文件已上网：${label(e)}`, evidence: e.reason, key: `register:wrong:${rowKey(e)}` };
    default:
      return null;
  }
}

export function officeTable(entries: readonly RegisterEntry[], defaultOffice: string): OfficeRow[] {
  const rows = new Map<string, OfficeRow>();
  for (const e of entries) {
    const office = e.office ?? defaultOffice;
    const row = rows.get(office) ?? { office, documents: 0, proactive: 0, onTime: 0, late: 0, missing: 0, review: 0, notProactive: 0 };
    row.documents++;
    if (e.attribute === '主动公开') row.proactive++;
    if (e.status === 'on-time') row.onTime++;
    else if (e.status === 'late') row.late++;
    else if (e.status === 'missing') row.missing++;
    else if (e.status === 'not-proactive') row.notProactive++;
    else row.review++;
    rows.set(office, row);
  }
  return [...rows.values()].sort((a, b) => b.missing + b.late - (a.missing + a.late) || a.office.localeCompare(b.office, 'zh'));
}

/**
 * 应公开尽公开: every 主动公开 document of the department's register is on the site within
 * the working-day limit; a 不予公开 one found there is flagged for review. Findings go to
 * the row's 起草处室.
 */
export default defineCheck({
  meta: {
    id: 'register-disclosure',
    title: '文件台账中的主动公开文件均已按时上网',
    failureTitle: '文件台账中有主动公开文件未上网或超期公开',
    requires: ['register'],
    indicators: ['deduct.register-missing', 'deduct.register-late', 'manual.register-review', 'manual.register-wrong-disclosure'],
  },
  run({ register }, ctx) {
    if (!register.file) return { status: 'na', reason: '未配置文件台账（disclosure.register）' };
    const findings = register.entries.map(findingOf).filter((f): f is FindingDraft => f !== null);
    const section: RegisterSectionEntry[] = register.entries.map((e) => ({
      docNo: e.docNo,
      title: e.title,
      attribute: e.attribute,
      status: e.status,
      statusLabel: STATUS_LABELS[e.status],
      url: e.url,
      publishedDate: e.publishedDate,
      workingDays: e.workingDays,
      office: e.office,
      date: e.date,
      normative: e.normative,
      reason: e.reason,
      ...(e.candidate && { candidate: e.candidate }),
    }));
    const count = (s: RegisterEntry['status']) => register.entries.filter((e) => e.status === s).length;
    const proactive = register.entries.filter((e) => e.attribute === '主动公开').length;
    const notes = [register.calendarNote, register.unreadable.length ? `台账有 ${register.unreadable.length} 行无法读取：${register.unreadable.map((u) => `第 ${u.line} 行 ${u.reason}`).join('；')}` : null].filter(Boolean);
    return {
      findings,
      sections: { register: section },
      status: findings.some((f) => f.indicator.startsWith('deduct.')) ? 'fail' : findings.length ? 'manual' : 'pass',
      reason: `台账 ${register.entries.length} 件，其中主动公开 ${proactive} 件：按时公开 ${count('on-time')}，超期 ${count('late')}，未公开 ${count('missing')}，需人工核查 ${count('manual') + count('unverifiable') + count('wrongly-disclosed')}${notes.length ? `。${notes.join('。')}` : ''}`,
      details: {
        file: register.file,
        limitWorkingDays: register.limitWorkingDays,
        offices: officeTable(register.entries, ctx.config.site.office),
        counts: Object.fromEntries((Object.keys(STATUS_LABELS) as RegisterEntry['status'][]).map((s) => [s, count(s)])),
        unreadable: register.unreadable,
        calendarNote: register.calendarNote,
        search: register.search,
        entries: register.entries.map((e) => ({ ...e, statusLabel: STATUS_LABELS[e.status] })),
      },
    };
  },
});
