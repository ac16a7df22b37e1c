import { loadIndicatorTable, type IndicatorTable } from '../../score/indicator-table.ts';
import { applyOverrides } from '../../score/overrides.ts';
import { uncoveredNote, loadCalendar } from '../../calendar/working-days.ts';
import type { FindingHistoryRecord, Rectification, StoreData } from '../../store/scan-store.ts';
import type { TrendPoint } from '../../store/history.ts';
import type { IsoDate } from '../../types.ts';
import { quarterName } from '../labels.ts';
import { trendChart, type TrendChart } from '../trend-chart.ts';
import { loadCategoryTable } from './categories.ts';
import { columnYears, formRows, platformName, yearPosts, type ColumnYear, type FormRow } from './figures.ts';
import { quarterScans, quartersOf, type YearScans } from './load.ts';
import { countOutcomes, officeRectification, OUTCOME_NAMES, yearProblems, type OfficeRectification, type YearOutcome, type YearProblem } from './problems.ts';
import { siteUrlKey } from './site-key.ts';

const VERDICT_NAMES = { qualified: '合格', unqualified: '不合格' } as const;

export interface QuarterRow {
  quarter: string;
  name: string;
  checked: boolean;
  scanId: string | null;
  asOf: IsoDate | null;
  /** Scans made in the quarter (the last one speaks for it). */
  scans: number;
  total: number | null;
  verdict: string;
  vetoes: string[];
  newMediaVetoes: string[];
  problems: number;
  byGroup: { group: string; count: number }[];
  byOffice: { office: string; count: number }[];
}

/** The annual self-inspection summary (年度网站自查工作总结), built from the store alone. */
export interface AnnualReport {
  year: number;
  site: { name: string; url: string; id: string };
  generatedAt: string;
  scansUsed: { id: string; asOf: IsoDate; quarter: string; url: string }[];
  quarters: QuarterRow[];
  missingQuarters: string[];
  problems: YearProblem[];
  outcomes: { key: YearOutcome; name: string; count: number }[];
  offices: OfficeRectification[];
  longestOpen: YearProblem[];
  trend: TrendChart | null;
  passLine: number;
  staleColumns: { name: string; url: string; quarters: string[] }[];
  newMedia: { name: string; platform: string; office: string; quarters: { quarter: string; checked: boolean; stale: boolean | null; latestPost: IsoDate | null; vetoes: string[]; posts: number }[]; posts: number }[];
  columns: ColumnYear[];
  form: FormRow[];
  notes: string[];
}

function vetoTitles(ids: string[], tables: IndicatorTable[]): string[] {
  const titles = new Map(tables.flatMap((t) => t.vetoes.map((v) => [v.id, v.title] as const)));
  return ids.map((id) => titles.get(id) ?? id);
}

/** Builds the year summary from the year's stored scans and the store's records (imported ledgers, triage). */
export async function buildAnnualReport(year: YearScans, data: StoreData, now: Date = new Date()): Promise<AnnualReport> {
  const { scans, aliases } = year;
  const last = scans.at(-1)!;
  const config = last.config;
  const website = applyOverrides(await loadIndicatorTable(config.indicators.website, last.baseDir), config.indicators.overrides);
  const tables = [website, await loadIndicatorTable(config.indicators.newMedia, last.baseDir)];
  const siteUrls = new Set(scans.map((s) => s.record.site.url));
  const rectifications = new Map<string, Rectification>();
  // The quarterly history's state of each problem no longer found (已整改, 升级, 不再适用 …).
  const states = new Map<string, NonNullable<FindingHistoryRecord['lastState']>>();
  for (const r of data.findings) {
    if (!siteUrls.has(r.siteUrl)) continue;
    if (r.rectification) rectifications.set(r.fingerprint, r.rectification);
    if (r.lastState) states.set(r.fingerprint, r.lastState);
  }
  const report = config.report as typeof config.report & { vetoDeadlineWorkingDays?: number };
  const problems = yearProblems(scans, {
    tables,
    rectifications,
    deadlineWorkingDays: report.deadlineWorkingDays,
    vetoDeadlineWorkingDays: report.vetoDeadlineWorkingDays ?? report.deadlineWorkingDays,
    calendar: config.calendar ?? {},
    states,
    origins: [...new Set(scans.flatMap((s) => [s.config.site.url, ...(s.config.site.previousUrls ?? [])]).map((u) => new URL(u).origin))],
  });
  const byQuarter = quarterScans(scans);
  const problemQuarters = (quarter: string) => problems.filter((p) => p.quarters.includes(quarter));
  const tally = <K extends string>(list: YearProblem[], key: (p: YearProblem) => K) => {
    const m = new Map<K, number>();
    for (const p of list) m.set(key(p), (m.get(key(p)) ?? 0) + 1);
    return [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh-CN'));
  };
  const quarters: QuarterRow[] = quartersOf(year.year).map((quarter) => {
    const scan = byQuarter.get(quarter);
    const list = problemQuarters(quarter);
    return {
      quarter,
      name: quarterName(quarter),
      checked: Boolean(scan),
      scanId: scan?.record.id ?? null,
      asOf: scan?.record.asOf ?? null,
      scans: scans.filter((s) => s.record.quarter === quarter).length,
      total: scan?.findings.score.notJudgeable || scan?.findings.partial ? null : (scan?.findings.score.total ?? null),
      verdict: scan ? (scan.findings.score.notJudgeable || scan.findings.score.verdict === null ? '检查未完成' : VERDICT_NAMES[scan.findings.score.verdict]) : '未检查',
      vetoes: scan ? vetoTitles(scan.findings.score.vetoes, tables) : [],
      newMediaVetoes: scan ? vetoTitles(scan.findings.score.newMediaVetoes ?? [], tables) : [],
      problems: list.length,
      byGroup: tally(list, (p) => p.group).map(([group, count]) => ({ group, count })),
      byOffice: tally(list, (p) => p.office).map(([office, count]) => ({ office, count })),
    };
  });
  const counts = countOutcomes(problems);
  const trendPoints: TrendPoint[] = quarters
    .filter((q) => q.checked && q.total !== null)
    .map((q) => {
      const scan = byQuarter.get(q.quarter)!;
      return { quarter: q.quarter, asOf: q.asOf!, scanId: q.scanId!, total: q.total!, verdict: scan.findings.score.verdict };
    });
  // Columns stale in more than one quarter (by the quarter's own scan).
  const stale = new Map<string, { name: string; url: string; quarters: string[] }>();
  for (const [quarter, scan] of byQuarter) {
    for (const c of scan.findings.columns ?? []) {
      if (!c.stale) continue;
      const key = siteUrlKey(c.url, aliases);
      const entry = stale.get(key) ?? { name: c.name, url: c.url, quarters: [] };
      entry.quarters.push(quarter);
      stale.set(key, entry);
    }
  }
  const posts = yearPosts(scans, year.year);
  const newMedia = posts.map((a) => ({
    name: a.name,
    platform: platformName(a.platform),
    office: a.office,
    posts: a.posts,
    quarters: quartersOf(year.year).map((quarter) => {
      const scan = byQuarter.get(quarter);
      const entry = scan?.findings.newMedia.find((n) => n.name === a.name && n.platform === a.platform);
      const vetoes = scan?.findings.findings.filter((f) => f.severity === 'veto' && f.indicator.startsWith('veto.newmedia') && f.title.includes(`「${a.name}」`) && f.title.includes(platformName(a.platform))) ?? [];
      return { quarter: quarterName(quarter), checked: Boolean(entry), stale: entry?.stale ?? null, latestPost: entry?.latestPostDate ?? null, vetoes: vetoTitles([...new Set(vetoes.map((v) => v.indicator))], tables), posts: a.postsByQuarter[quarter] ?? 0 };
    }),
  }));
  const categories = loadCategoryTable(config.report.annualCategories ?? null, last.baseDir);
  const columns = columnYears(scans, aliases, categories.table, year.year);
  const notes: string[] = [];
  const missing = quarters.filter((q) => !q.checked && q.quarter <= `${year.year}Q4`).map((q) => q.name);
  if (missing.length) notes.push(`${missing.join('、')}未检查：请补充检查或在总结中说明原因。`);
  const unclassified = columns.filter((c) => c.form === null).map((c) => c.name);
  if (unclassified.length) notes.push(`未归类栏目（未计入信息发布数）：${unclassified.join('、')}。可在栏目归类表中补充关键词。`);
  const calendarNote = uncoveredNote(problems.flatMap((p) => [p.firstSeen, p.deadline]), loadCalendar(config.calendar ?? {}));
  if (calendarNote) notes.push(calendarNote);
  const hosts = [...new Set(scans.map((s) => new URL(s.record.site.url).origin))];
  if (hosts.length > 1) notes.push(`本年度网站地址有变化（${hosts.join(' → ')}），各次检查按同一网站合并统计。`);
  return {
    year: year.year,
    site: { name: config.site.name, url: config.site.url, id: [...aliases][0] },
    generatedAt: now.toISOString(),
    scansUsed: scans.map((s) => ({ id: s.record.id, asOf: s.record.asOf, quarter: s.record.quarter, url: s.record.site.url })),
    quarters,
    missingQuarters: quarters.filter((q) => !q.checked).map((q) => q.quarter),
    problems,
    outcomes: (Object.keys(OUTCOME_NAMES) as YearOutcome[]).map((key) => ({ key, name: OUTCOME_NAMES[key], count: counts[key] })),
    offices: officeRectification(problems),
    longestOpen: problems.filter((p) => p.outcome === 'open').sort((a, b) => (b.daysOpen ?? 0) - (a.daysOpen ?? 0) || a.title.localeCompare(b.title)).slice(0, 10),
    trend: trendChart(trendPoints, website.passLine),
    passLine: website.passLine,
    staleColumns: [...stale.values()].filter((c) => c.quarters.length > 1).map((c) => ({ ...c, quarters: c.quarters.sort().map(quarterName) })),
    newMedia,
    columns,
    form: formRows({ year: year.year, scans, aliases, columns, problems, categoryFile: categories.file }),
    notes,
  };
}
