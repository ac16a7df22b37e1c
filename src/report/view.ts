import { crawlCoverage } from '../scan/coverage.ts';
import { RETRY_HINT } from '../scan/completeness.ts';
import type { CrawlArtifact, LinksArtifact } from '../artifacts.ts';
import type { BrowserAuditsArtifact } from '../accessibility/types.ts';
import { isArtifactError } from '../gather/types.ts';
import { addWorkingDays, loadCalendar, uncoveredNote } from '../calendar/working-days.ts';
import { quarterOf } from '../dates.ts';
import { indexTable } from '../score/indicator-table.ts';
import type { BrokenLinkEntry, Finding } from '../types.ts';
import { reportSection } from '../config/sections/report.ts';
import type { ReportContext } from './context.ts';
import { failureLabel, indicatorLabel, label, PREVIOUS_STATE_NAMES, quarterName, ROUTED_BY_NAMES, statusLabel, triageLabel } from './labels.ts';
import { trendChart } from './trend-chart.ts';
import { newMediaView } from './new-media-view.ts';
import { problemRows } from './problem-rows.ts';

const SEVERITY_ORDER = ['veto', 'deduct', 'warn', 'manual', 'bonus'];

function artifact<T>(ctx: ReportContext, name: string): T | null {
  const a = ctx.artifacts[name];
  return a && !isArtifactError(a) ? (a as T) : null;
}

/** Where each indicator id stands, across every table in force (website first). */
export function placesOf(ctx: ReportContext) {
  const tables = ctx.tables ?? (ctx.table ? [ctx.table] : []);
  return new Map([...tables].reverse().flatMap((t) => [...indexTable(t)]));
}

/** Indicator id → its name in the table, for labels. */
function titlesOf(ctx: ReportContext): Map<string, string> {
  return new Map([...placesOf(ctx)].map(([id, p]) => [id, p.indicator.title]));
}

/** A finding as the templates show it: labels resolved, indicator named, what to do and by when. */
export interface FindingView extends Finding {
  indicatorTitle: string;
  severityLabel: string;
  statusText: string;
  triageName: string;
  falsePositive: boolean;
  coveredByVeto: boolean;
  /** How the office was chosen, in Chinese (按主动公开目录责任处室 ...); empty for older findings.json. */
  routedByName: string;
  /** 整改要求 from the indicator table. */
  requirement: string;
  /** 整改期限 (tiered: veto items sooner); empty when nothing is to be fixed. */
  deadline: string;
  deadlineDays: number | null;
  /** Where the problem is, as a reader names it. */
  place: string;
}

/** Severities an office is asked to fix (bonus and manual items are not problems to fix). */
export const ACTIONABLE = new Set(['veto', 'deduct', 'warn']);

/**
 * The report settings with defaults filled in: a scan stored by an older version has a
 * config without the newer keys, and `report` must still render it.
 */
export function reportSettings(ctx: ReportContext) {
  return reportSection.parse(ctx.config.report ?? {});
}

/** Working days an office is given for a problem of this severity; null when nothing is to be fixed. */
export function deadlineDaysOf(ctx: ReportContext, severity: string): number | null {
  if (!ACTIONABLE.has(severity)) return null;
  const settings = reportSettings(ctx);
  return severity === 'veto' ? settings.vetoDeadlineWorkingDays : settings.deadlineWorkingDays;
}

/** The deadline an office is given for a severity: asOf + its working days. */
export function deadlineFor(ctx: ReportContext, severity: string): string {
  const days = deadlineDaysOf(ctx, severity);
  return days === null ? '' : workingDaysAfter(ctx, days);
}

/**
 * asOf + `days` official working days (holidays and 调休 from the calendar); when the date
 * lies past the calendar's data the output says so, once.
 */
function workingDaysAfter(ctx: ReportContext, days: number): string {
  const calendar = loadCalendar(ctx.config.calendar);
  const deadline = addWorkingDays(ctx.findings.asOf, days, calendar);
  const note = uncoveredNote([deadline], calendar);
  if (note && ctx.notes && !ctx.notes.includes(`整改期限：${note}`)) ctx.notes.push(`整改期限：${note}`);
  return deadline;
}

/** The default deadline (non-veto problems): asOf + report.deadlineWorkingDays working days. */
export function deadlineOf(ctx: ReportContext): string {
  return deadlineFor(ctx, 'deduct');
}

const GENERIC_REQUIREMENT: Record<string, string> = { veto: '立即整改并书面报告整改情况', deduct: '按期整改', warn: '核实情况，及时整改' };

/** Every finding with its labels, sorted by severity then points. */
export function findingViews(ctx: ReportContext): FindingView[] {
  const places = placesOf(ctx);
  const titles = titlesOf(ctx);
  const covered = new Set(ctx.findings.score.coveredByVeto ?? []);
  const home = ctx.findings.site.url;
  // Every problem of a severity shares its deadline: counted once per severity, not per problem.
  const bySeverity = new Map<string, { days: number | null; deadline: string }>();
  const deadlineOfSeverity = (severity: string) => {
    let known = bySeverity.get(severity);
    if (!known) {
      const days = deadlineDaysOf(ctx, severity);
      bySeverity.set(severity, (known = { days, deadline: days === null ? '' : workingDaysAfter(ctx, days) }));
    }
    return known;
  };
  return [...ctx.findings.findings]
    .sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || b.points - a.points)
    .map((f) => {
      const falsePositive = f.triage?.decision === 'false-positive';
      const { days, deadline } = falsePositive ? { days: null, deadline: '' } : deadlineOfSeverity(f.severity);
      return {
        ...f,
        indicatorTitle: indicatorLabel(f.indicator, titles),
        severityLabel: label('severity', f.severity),
        statusText: statusLabel(f.status),
        triageName: triageLabel(f.triage),
        falsePositive,
        coveredByVeto: covered.has(f.fingerprint),
        requirement: places.get(f.indicator)?.indicator.requirement ?? GENERIC_REQUIREMENT[f.severity] ?? '',
        deadline,
        deadlineDays: days,
        place: !f.url ? '' : f.url === home ? `首页 ${f.url}` : f.url,
        routedByName: f.routedBy ? ROUTED_BY_NAMES[f.routedBy] : '',
      };
    });
}

/** Problems grouped by the office that must fix them (false positives stay listed, marked). */
export function byOffice<T extends { office: string }>(findings: T[]) {
  const offices = new Map<string, T[]>();
  for (const finding of findings) {
    const list = offices.get(finding.office) ?? [];
    list.push(finding);
    offices.set(finding.office, list);
  }
  return [...offices].map(([office, list]) => ({ office, findings: list, count: list.length }));
}

/** How many example pages a summary row names; the rest are in the appendix and the ledger. */
const EXAMPLES = 3;
/** Pages affected, as a count and the first few as examples (the rest: `more`). */
function examplePages(pages: readonly string[]) {
  return { pageCount: pages.length, examples: pages.slice(0, EXAMPLES), more: Math.max(0, pages.length - EXAMPLES) };
}

/** Examples per row in the filed summary: enough to recognise the problem; the rest are in the appendix and the ledger. */
const SUMMARY_EXAMPLES = 2;

/**
 * 问题汇总: per office, one row per indicator — how many problems, a few examples, the
 * 整改要求 and the deadline. What the office files; each problem is in the appendix.
 */
export function officeSummary(findings: FindingView[]) {
  return byOffice(findings.filter((f) => ACTIONABLE.has(f.severity))).map((o) => {
    const rows = new Map<string, FindingView[]>();
    for (const f of o.findings) {
      const row = rows.get(f.indicator);
      if (row) row.push(f);
      else rows.set(f.indicator, [f]);
    }
    return {
      office: o.office,
      count: o.count,
      rows: [...rows.values()].map((list) => ({
        indicatorTitle: list[0].indicatorTitle,
        severity: list[0].severity,
        severityLabel: list[0].severityLabel,
        count: list.length,
        points: Math.round(list.reduce((n, f) => n + (f.coveredByVeto ? 0 : f.points), 0) * 100) / 100,
        // The page is named unless the problem's own title already names it.
        examples: list.slice(0, SUMMARY_EXAMPLES).map((f) => ({ title: f.title, page: f.url && !f.title.includes(f.url) ? f.place : null })),
        more: Math.max(0, list.length - SUMMARY_EXAMPLES),
        requirement: list[0].requirement,
        deadline: list.find((f) => f.deadline)?.deadline ?? '',
      })),
    };
  });
}

/**
 * Broken (or unverifiable) links once per target, with the pages carrying it as examples: a
 * link in the shared footer is one row with its page count, not a row per page (those stay
 * in findings.json `brokenLinks`).
 */
function linksByTarget(rows: readonly BrokenLinkEntry[]) {
  const targets = new Map<string, { target: string; failure: string; pages: string[] }>();
  for (const row of rows) {
    const entry = targets.get(row.target) ?? { target: row.target, failure: failureLabel(row.status, row.error), pages: [] };
    entry.pages.push(row.source);
    targets.set(row.target, entry);
  }
  return [...targets.values()].map((t) => ({ ...t, ...examplePages(t.pages) }));
}

/**
 * Rows of a link table that print: a site with 1,737 broken links printed 47 pages of them.
 * The rest stay on the web page (`screenOnly`), and in the ledger as problems.
 */
const PRINTED_LINKS = 60;

function printedFirst<T>(rows: readonly T[]): (T & { screenOnly: boolean })[] {
  return rows.map((row, i) => ({ ...row, screenOnly: i >= PRINTED_LINKS }));
}

/** 附件3: broken and unverifiable links by target, with what print leaves to the web page. */
function linkTables(broken: readonly BrokenLinkEntry[], unverifiable: readonly BrokenLinkEntry[]) {
  const brokenLinks = printedFirst(linksByTarget(broken));
  const unverifiableLinks = printedFirst(linksByTarget(unverifiable));
  const unprinted = (rows: readonly unknown[]) => Math.max(0, rows.length - PRINTED_LINKS);
  return { brokenLinks, unverifiableLinks, printedLinks: PRINTED_LINKS, unprintedBroken: unprinted(brokenLinks), unprintedUnverifiable: unprinted(unverifiableLinks) };
}

/** The ledger file the scan writes for offices (xlsx before csv), or null when it writes none. */
export function ledgerFileOf(ctx: ReportContext): string | null {
  const formats: readonly string[] = reportSettings(ctx).formats;
  return formats.includes('xlsx') ? 'ledger.xlsx' : formats.includes('csv') ? 'ledger.csv' : null;
}

/** Accessibility results summarised per rule (pages affected, examples), not per page. */
function accessibilityByRule(entries: readonly Record<string, unknown>[]) {
  const rules = new Map<string, { help: string; impactName: string; criteria: string[]; count: number; pages: string[]; review: boolean }>();
  for (const entry of entries) {
    for (const [kind, list] of [['violations', entry.violations], ['needsReview', entry.needsReview]] as const) {
      for (const v of (list as { rule: string; help: string; impactName?: string; criteria?: string[]; count: number }[] | undefined) ?? []) {
        const key = `${kind}:${v.rule}`;
        const row = rules.get(key) ?? { help: v.help, impactName: v.impactName ?? '—', criteria: v.criteria ?? [], count: 0, pages: [], review: kind === 'needsReview' };
        row.count += v.count;
        row.pages.push(String(entry.url));
        rules.set(key, row);
      }
    }
  }
  return [...rules.values()]
    .sort((a, b) => Number(a.review) - Number(b.review) || b.pages.length - a.pages.length)
    .map((r) => ({ ...r, ...examplePages(r.pages) }));
}

/**
 * The manual-review checklist: the table's manual items, each once; a check's manual
 * finding for the same item adds its concrete instructions; other manual findings and
 * manual checks that produced no finding are listed after them.
 */
function manualChecklist(ctx: ReportContext, findings: FindingView[]) {
  const items = new Map<string, { id: string; title: string; rule: string }>();
  for (const i of ctx.table?.manual ?? []) items.set(i.id, { id: i.id, title: i.title, rule: i.rule ?? '' });
  const raised = new Map<string, FindingView[]>();
  for (const x of findings.filter((f) => f.severity === 'manual')) {
    if (items.has(x.indicator)) raised.set(x.indicator, [...(raised.get(x.indicator) ?? []), x]);
    else items.set(`${x.indicator}\n${x.fingerprint}`, { id: x.indicator, title: x.title, rule: x.evidence });
  }
  // One row per indicator: what this scan raised under it replaces the general rule, every item named.
  for (const [indicator, list] of raised) {
    const row = items.get(indicator)!;
    if (list.length === 1) row.rule = list[0].evidence || row.rule;
    else {
      const names = list.map((x) => x.title.replace(/，?需人工核查$/, ''));
      row.rule = `共 ${list.length} 项：${names.slice(0, 50).join('；')}${list.length > 50 ? ' 等' : ''}。例：${list[0].evidence}`;
    }
  }
  // A check that could not judge because of the tool's setup is a technical note, not a checklist item.
  for (const r of ctx.results.filter((c) => c.status === 'manual' && c.findings.length === 0 && c.audience !== 'operator')) items.set(`check:${r.id}`, { id: r.id, title: r.title, rule: r.reason ?? '' });
  return [...items.values()];
}

/** The browser audits' sample (size and time): what the accessibility verdict rests on. */
function browserSample(audits: BrowserAuditsArtifact | null): { what: string; why: string } | null {
  if (!audits || audits.skipped || audits.pages.length === 0) return null;
  const { columns, articles, dropped } = audits.selection;
  const perPage = audits.pages.map((p) => p.durationMs + (p.lighthouse?.durationMs ?? 0)).sort((a, b) => a - b);
  const median = perPage[Math.floor(perPage.length / 2)] / 1000;
  return {
    what: `浏览器检测抽样 ${audits.pages.length} 个页面（${columns} 个栏目首页、${articles} 篇文章${dropped ? `，另有 ${dropped} 个未抽中` : ''}），Lighthouse ${audits.lighthouse.runs} 次，用时 ${(audits.stats.durationMs / 1000).toFixed(1)} 秒，每页中位数 ${median.toFixed(1)} 秒`,
    why: '无障碍、适老化和移动端检测只在抽样页面上进行（browser.maxPages、browser.articlesPerColumn、browser.lighthouseMaxPages）',
  };
}

/** 2026-11-28T01:02:03Z → 2026-11-28 09:02 (China time). */
function chinaTime(iso: string | null | undefined): string | null {
  if (!iso || Number.isNaN(Date.parse(iso))) return null;
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * The official furniture of reports and notices: who issues them, whom to call, the
 * inspection period and what was inspected (copies are per notice, see notices.ts).
 */
export function furnitureOf(ctx: ReportContext) {
  const f = ctx.findings;
  const crawl = artifact<CrawlArtifact>(ctx, 'crawl');
  const { issuer } = reportSettings(ctx);
  const start = chinaTime(ctx.scan?.startedAt ?? crawl?.startedAt);
  const end = chinaTime(ctx.scan?.finishedAt) ?? (crawl?.startedAt ? chinaTime(new Date(Date.parse(crawl.startedAt) + crawl.durationMs).toISOString()) : null);
  return {
    issuer: issuer.office ?? f.site.name,
    contact: issuer.contact ?? null,
    phone: issuer.phone ?? null,
    issuedOn: f.asOf,
    period: start ? `${start} 至 ${end ?? '—'}` : f.asOf,
    // A scan judged as of another day (--as-of, the demo): notices, which have no 监测时间点 field, name that day.
    judgedOn: start && start.slice(0, 10) !== f.asOf ? f.asOf : null,
    scope: `网站页面 ${f.stats.pagesCrawled} 个，栏目 ${f.columns.length} 个，政务新媒体账号 ${f.newMedia.length} 个`,
  };
}

/**
 * The data the templates see: findings.json plus groupings a reader needs. Templates do
 * no computing; whatever they show is prepared here.
 */
export function reportView(ctx: ReportContext) {
  const f = ctx.findings;
  const findings = findingViews(ctx);
  const crawl = artifact<CrawlArtifact>(ctx, 'crawl');
  const links = artifact<LinksArtifact>(ctx, 'links');
  const places = placesOf(ctx);
  const titles = titlesOf(ctx);
  const quarter = quarterOf(f.asOf);
  const history = ctx.history ?? null;
  const trend = ctx.trend ?? [];

  const skipped = ctx.results.filter((r) => r.status === 'skipped' || r.status === 'error' || r.status === 'na');
  const coverage: { what: string; why: string }[] = skipped.map((r) => ({ what: `检查项「${r.title}」（${label('checkStatus', r.status)}）`, why: r.reason ?? (r.status === 'na' ? '不适用' : '未说明原因') }));
  if (f.partial) coverage.unshift({ what: '检查未完成，不作结论、不评分', why: `${f.partialReason}。${RETRY_HINT}` });
  coverage.push(...(crawl ? crawlCoverage(crawl) : (f.coverage ?? [])));
  const sample = browserSample(artifact<BrowserAuditsArtifact>(ctx, 'browserAudits'));
  if (sample) coverage.push(sample);
  if (f.unverifiableLinks.length) coverage.push({ what: `${new Set(f.unverifiableLinks.map((l) => l.target)).size} 个链接无法自动核验`, why: '目标站点拒绝自动访问，需人工打开确认' });

  const manualItems = manualChecklist(ctx, findings);

  const vetoItems = f.score.vetoes.map((id) => ({
    id,
    title: indicatorLabel(id, titles),
    rule: places.get(id)?.indicator.rule ?? '',
    requirement: places.get(id)?.indicator.requirement ?? '',
    findings: findings.filter((x) => x.indicator === id),
  }));

  const persisting = findings.filter((x) => x.status === 'persisting' || x.status === 'regressed');
  const fixedCount = history?.fixed.length ?? 0;
  const STATE_ORDER = ['fixed', 'escalated', 'not-applicable', 'pending-review', 'unchecked'];
  const rectification = history?.previous
    ? {
        previous: { ...history.previous, quarterName: quarterName(history.previous.quarter) },
        fixed: history.fixed.map((x) => ({ ...x, indicatorTitle: indicatorLabel(x.indicator, titles) })),
        /** Every previous problem not found again, with its state: only re-checked ones are 已整改. */
        previousRows: [...(history.previousProblems ?? history.fixed.map((finding) => ({ finding, state: 'fixed' as const, reason: '' })))]
          .sort((a, b) => STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state))
          .map((p) => ({ ...p.finding, indicatorTitle: indicatorLabel(p.finding.indicator, titles), state: p.state, stateName: PREVIOUS_STATE_NAMES[p.state], reason: p.reason })),
        persisting,
        new: findings.filter((x) => x.status === 'new'),
        counts: history.counts,
        previousTotal: fixedCount + findings.filter((x) => x.status === 'persisting').length,
        rate: fixedCount + history.counts.persisting ? `${Math.round((fixedCount / (fixedCount + history.counts.persisting)) * 100)}%` : '—',
        expiredTriage: history.expiredTriage,
      }
    : null;

  // Pages that scroll sideways are shown one by one (with the phone shot); pages that only
  // lack a viewport tag look alike, so they are counted with a few examples.
  const mobile = (f.mobile ?? []).filter((m) => m.horizontalScroll);
  const noViewport = (f.mobile ?? []).filter((m) => !m.horizontalScroll && !m.viewportMeta).map((m) => m.url);
  const mobileNoViewport = noViewport.length ? examplePages(noViewport) : null;
  const elderFriendly = f.elderFriendly ? { ...f.elderFriendly, pages: f.elderFriendly.pages.filter((p) => p.problems.length) } : null;
  const actionable = findings.filter((x) => ACTIONABLE.has(x.severity));
  const offices = byOffice(actionable);
  const ledger = ledgerFileOf(ctx);

  return {
    ...f,
    ...furnitureOf(ctx),
    quarter,
    quarterName: quarterName(quarter),
    qualified: f.score.verdict === 'qualified',
    retryHint: RETRY_HINT,
    verdictName: f.partial ? '检查未完成' : label('verdict', f.score.verdict),
    sortedFindings: findings,
    actionableFindings: actionable,
    byOffice: offices,
    // The CI job's summary: each office's problems, the rest of a long indicator in one row.
    summaryOffices: offices.map((o) => ({ ...o, rows: problemRows(o.findings, ledger) })),
    officeSummary: officeSummary(findings),
    technicalNotes: f.technicalNotes ?? [],
    vetoItems,
    newMediaVetoNames: (f.score.newMediaVetoes ?? []).map((id) => indicatorLabel(id, titles)).join('、'),
    unverifiedVetoNames: (f.score.unverifiedVetoes ?? []).map((id) => indicatorLabel(id, titles)).join('」「'),
    counts: {
      findings: f.findings.length,
      actionable: actionable.length,
      offices: offices.length,
      vetoes: f.score.vetoes.length,
      broken: new Set(f.brokenLinks.map((b) => b.target)).size,
      unverifiable: new Set(f.unverifiableLinks.map((b) => b.target)).size,
      linksChecked: links?.checked ?? null,
      columns: f.columns.length,
      staleColumns: f.columns.filter((c) => c.stale).length,
      blankColumns: f.columns.filter((c) => c.blank).length,
      triaged: findings.filter((x) => x.triage).length,
      manual: manualItems.length,
    },
    ...linkTables(f.brokenLinks, f.unverifiableLinks),
    ledger,
    requiredItems: f.requiredItems.map((r) => ({ ...r, rhythmName: label('rhythm', r.rhythm as string | undefined) })),
    accessibilityRules: accessibilityByRule(f.accessibility as unknown as Record<string, unknown>[]),
    accessibilityPages: f.accessibility.length,
    mobile,
    mobileNoViewport,
    mobileProblems: mobile.length > 0 || mobileNoViewport !== null,
    mobileChecked: (f.mobile ?? []).length,
    elderFriendly,
    coverage,
    manualItems,
    rectification,
    trendChart: trendChart(trend, f.score.passLine),
    newMediaAccounts: newMediaView(f.newMedia),
    trend: trend.map((t) => ({ ...t, quarterName: quarterName(t.quarter), verdictName: t.verdict ? label('verdict', t.verdict) : '—' })),
    deadline: deadlineOf(ctx),
    deadlineWorkingDays: reportSettings(ctx).deadlineWorkingDays,
    vetoDeadline: deadlineFor(ctx, 'veto'),
    vetoDeadlineWorkingDays: reportSettings(ctx).vetoDeadlineWorkingDays,
    table: ctx.table ? { id: ctx.table.id, name: ctx.table.name } : null,
    // A check stopped by the tool's setup points to the 技术提示 section instead of telling readers what to run.
    checks: ctx.results.map((r) => ({ id: r.id, title: r.title, status: r.status, reason: r.audience === 'operator' ? '未能检测，见「技术提示」' : (r.reason ?? null), findings: r.findings.length })),
    /** Each check's `details` by check id, for partials that show more than findings (e.g. required-items). */
    checkDetails: Object.fromEntries(ctx.results.map((r) => [r.id, r.details ?? null])),
    generatedAt: new Date().toISOString(),
  };
}

/** The indicator's name in Chinese, across every table in force; the id itself only when no table names it. */
export function indicatorTitleOf(ctx: ReportContext, id: string): string {
  return placesOf(ctx).get(id)?.indicator.title ?? id;
}

/** 整改要求 of an indicator, when its table states one (`requirement` in the indicator YAML). */
export function indicatorRequirement(ctx: ReportContext, id: string): string | null {
  const indicator = placesOf(ctx).get(id)?.indicator as { requirement?: unknown } | undefined;
  return typeof indicator?.requirement === 'string' && indicator.requirement.trim() ? indicator.requirement.trim() : null;
}
