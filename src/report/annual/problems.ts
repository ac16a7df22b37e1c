import { addWorkingDays, loadCalendar, workingDaysBetween } from '../../calendar/working-days.ts';
import type { IndicatorTable } from '../../score/indicator-table.ts';
import { indexTable } from '../../score/indicator-table.ts';
import { ProblemKeys } from '../../store/history.ts';
import type { FindingHistoryRecord, PreviousState, Rectification } from '../../store/scan-store.ts';
import type { Finding, IsoDate } from '../../types.ts';
import type { YearScan } from './load.ts';

/** Where a problem of the year ended up. */
export type YearOutcome = 'onTime' | 'late' | 'fixedNoDate' | 'open' | 'unchecked' | 'notApplicable' | 'escalated' | 'accepted' | 'falsePositive';

export const OUTCOME_NAMES: Record<YearOutcome, string> = {
  onTime: '按期整改',
  late: '逾期整改',
  fixedNoDate: '下次检查已整改（未填完成日期）',
  open: '仍未整改',
  unchecked: '未复查',
  notApplicable: '不再适用',
  escalated: '升级（计入加重后的指标）',
  accepted: '确认接受',
  falsePositive: '误报',
};

/** One problem (by fingerprint) over the year's scans. */
export interface YearProblem {
  fingerprint: string;
  indicator: string;
  indicatorTitle: string;
  /** Indicator group (发布解读 …) or the kind for veto and warning items. */
  group: string;
  severity: Finding['severity'];
  title: string;
  url: string | null;
  office: string;
  /** Check day of the first scan of the year that found it (or its firstSeen, when earlier). */
  firstSeen: IsoDate;
  /** Quarters whose scan found it. */
  quarters: string[];
  deadline: IsoDate;
  outcome: YearOutcome;
  /** The scan that no longer found it. */
  fixedInScan: { id: string; asOf: IsoDate } | null;
  /** The office's 完成日期 from the imported ledger, when confirmed by a later scan. */
  completedDate: IsoDate | null;
  /** Working days from first seen to the fix (完成日期, else the confirming scan). */
  daysToFix: number | null;
  /** Working days open up to the last scan of the year (open problems). */
  daysOpen: number | null;
  rectification: Rectification | null;
}

/** Did the scan run this check (not skipped, not failed)? Scans that do not list their checks count as having run it. */
function checkRan(scan: YearScan, check: string): boolean {
  const entry = scan.findings.checks?.find((c) => c.id === check);
  return !entry || (entry.status !== 'skipped' && entry.status !== 'error');
}

/** How the quarterly history's state of a problem no longer found reads in the year summary (fixed is dated separately). */
const STATE_OUTCOMES: Record<Exclude<PreviousState, 'fixed'>, YearOutcome> = {
  escalated: 'escalated',
  'not-applicable': 'notApplicable',
  unchecked: 'unchecked',
  'pending-review': 'unchecked',
};

/** Found in the year and counted once: an escalated problem is counted under its graver indicator, a false positive not at all. */
export function isFoundProblem(p: YearProblem): boolean {
  return p.outcome !== 'falsePositive' && p.outcome !== 'escalated';
}

/** A found problem the office had to fix: not accepted, and still judged by its check (not aged out). */
export function isDueProblem(p: YearProblem): boolean {
  return isFoundProblem(p) && p.outcome !== 'accepted' && p.outcome !== 'notApplicable';
}

const KIND_GROUPS: Record<string, string> = { veto: '单项否决', warn: '预警', deduct: '扣分', manual: '人工核查', bonus: '加分' };

export interface ProblemOptions {
  tables: IndicatorTable[];
  rectifications: Map<string, Rectification>;
  deadlineWorkingDays: number;
  vetoDeadlineWorkingDays: number;
  calendar: { holidays?: string[]; workdays?: string[] };
  /** The site's origins over the year (a moved site has several); problems are joined without them. */
  origins?: readonly string[];
  /**
   * The quarterly history's judgement of each problem no longer found (the store's
   * `lastState`, by fingerprint): 已整改, 升级, 不再适用, 未复查 or 整改待复核. Without it (an
   * older store) a problem counts as fixed when a later scan ran its check.
   */
  states?: ReadonlyMap<string, NonNullable<FindingHistoryRecord['lastState']>>;
}

/**
 * Follows every problem (veto, deduction, warning; not the 人工核查 checklist or bonus items)
 * through the year's scans: fixed when a later scan no longer finds it — on time or late by
 * the office's 完成日期 (imported ledger) against its deadline, or without a date — still open
 * when the last scan finds it, accepted or a false positive per the triage in force then.
 */
export function yearProblems(scans: YearScan[], options: ProblemOptions): YearProblem[] {
  const places = new Map([...options.tables].reverse().flatMap((t) => [...indexTable(t)]));
  const cal = loadCalendar(options.calendar);
  // A moved site's problem has another fingerprint after the move (its URL names the new
  // origin): problems are joined by indicator and key without the site's own origins.
  const keys = new ProblemKeys(options.origins ?? []);
  const seen = new Map<string, { finding: Finding; first: number; last: number; quarters: Set<string>; fingerprints: string[] }>();
  scans.forEach((scan, index) => {
    for (const f of scan.findings.findings) {
      if (f.severity === 'manual' || f.severity === 'bonus') continue;
      const known = seen.get(keys.of(f));
      if (known) {
        Object.assign(known, { finding: f, last: index }).quarters.add(scan.record.quarter);
        if (!known.fingerprints.includes(f.fingerprint)) known.fingerprints.unshift(f.fingerprint);
      } else seen.set(keys.of(f), { finding: f, first: index, last: index, quarters: new Set([scan.record.quarter]), fingerprints: [f.fingerprint] });
    }
  });
  const lastIndex = scans.length - 1;
  const lastAsOf = scans[lastIndex]?.record.asOf ?? '';
  const problems: YearProblem[] = [];
  for (const { finding: f, first, last, quarters, fingerprints } of seen.values()) {
    const fingerprint = f.fingerprint;
    const place = places.get(f.indicator);
    const firstSeen = f.firstSeen && f.firstSeen < scans[first].record.asOf && f.firstSeen.slice(0, 4) === scans[first].record.asOf.slice(0, 4) ? f.firstSeen : scans[first].record.asOf;
    const deadline = addWorkingDays(firstSeen, f.severity === 'veto' ? options.vetoDeadlineWorkingDays : options.deadlineWorkingDays, cal);
    const rect = fingerprints.map((fp) => options.rectifications.get(fp)).find(Boolean) ?? null;
    const later = scans.slice(last + 1);
    // The history's verdict, made by the first scan of the year that no longer found it.
    const judged = options.states?.get(fingerprint);
    const judgedBy = judged ? later.find((s) => s.record.id === judged.scanId) : undefined;
    const state = judgedBy ? judged!.state : null;
    // Fixed only when a later scan ran the check that found it and did not find it again.
    const fixedScan = state === 'fixed' ? judgedBy! : state === null ? (later.find((s) => checkRan(s, f.check)) ?? null) : null;
    let outcome: YearOutcome;
    let completedDate: IsoDate | null = null;
    if (f.triage?.decision === 'false-positive') outcome = 'falsePositive';
    else if (f.triage?.decision === 'accepted') outcome = 'accepted';
    else if (last === lastIndex) outcome = 'open';
    else if (state !== null && state !== 'fixed') outcome = STATE_OUTCOMES[state];
    else if (!fixedScan) outcome = 'unchecked';
    else {
      // The office's date counts only when the confirming scan came after it.
      completedDate = rect?.completedDate && rect.completedDate <= fixedScan.record.asOf && (rect.state === '已整改' || rect.state === '已复核') ? rect.completedDate : null;
      outcome = completedDate === null ? 'fixedNoDate' : completedDate <= deadline ? 'onTime' : 'late';
    }
    const fixed = outcome === 'onTime' || outcome === 'late' || outcome === 'fixedNoDate';
    problems.push({
      fingerprint,
      indicator: f.indicator,
      indicatorTitle: place?.indicator.title ?? f.indicator,
      group: place?.group?.name ?? KIND_GROUPS[place?.kind ?? f.severity] ?? '其他',
      severity: f.severity,
      title: f.title,
      url: f.url,
      office: f.office,
      firstSeen,
      quarters: [...quarters].sort(),
      deadline,
      outcome,
      fixedInScan: fixed && fixedScan ? { id: fixedScan.record.id, asOf: fixedScan.record.asOf } : null,
      completedDate,
      daysToFix: fixed && fixedScan ? workingDaysBetween(firstSeen, completedDate ?? fixedScan.record.asOf, cal) : null,
      daysOpen: outcome === 'open' ? workingDaysBetween(firstSeen, lastAsOf, cal) : null,
      rectification: rect,
    });
  }
  return problems.sort((a, b) => a.firstSeen.localeCompare(b.firstSeen) || a.office.localeCompare(b.office) || a.title.localeCompare(b.title));
}

export interface OfficeRectification {
  office: string;
  total: number;
  fixed: number;
  onTime: number;
  late: number;
  fixedNoDate: number;
  open: number;
  unchecked: number;
  notApplicable: number;
  escalated: number;
  accepted: number;
  falsePositive: number;
  /** fixed / (total − accepted − not applicable − false positives), in percent; null when nothing was to fix. */
  rate: number | null;
  /** Mean working days from first seen to the ledger's 完成日期 (dated fixes only), one decimal; null when none is dated. */
  averageDays: number | null;
}

export function countOutcomes(problems: YearProblem[]): Record<YearOutcome, number> {
  const out: Record<YearOutcome, number> = { onTime: 0, late: 0, fixedNoDate: 0, open: 0, unchecked: 0, notApplicable: 0, escalated: 0, accepted: 0, falsePositive: 0 };
  for (const p of problems) out[p.outcome]++;
  return out;
}

/** Per-office rectification rate and average working days to fix, offices by name. */
export function officeRectification(problems: YearProblem[]): OfficeRectification[] {
  const byOffice = new Map<string, YearProblem[]>();
  for (const p of problems) byOffice.set(p.office, [...(byOffice.get(p.office) ?? []), p]);
  return [...byOffice]
    .map(([office, list]) => {
      const c = countOutcomes(list);
      const fixed = c.onTime + c.late + c.fixedNoDate;
      const due = list.filter(isDueProblem).length;
      // Only an office's 完成日期 dates a fix; a fix first seen by the next quarter's scan has no day to count from.
      const days = list.filter((p) => p.completedDate !== null && p.daysToFix !== null).map((p) => p.daysToFix!);
      return {
        office,
        // An escalated problem is counted under its graver indicator.
        total: list.length - c.escalated,
        fixed,
        ...c,
        rate: due > 0 ? Math.round((fixed / due) * 1000) / 10 : null,
        averageDays: days.length ? Math.round((days.reduce((a, b) => a + b, 0) / days.length) * 10) / 10 : null,
      };
    })
    .sort((a, b) => a.office.localeCompare(b.office, 'zh-CN'));
}
