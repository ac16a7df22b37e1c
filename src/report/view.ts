import type { CrawlArtifact, LinksArtifact } from '../artifacts.ts';
import type { BrowserAuditsArtifact } from '../accessibility/types.ts';
import { isArtifactError } from '../gather/types.ts';
import { addWorkingDays, loadCalendar, uncoveredNote } from '../calendar/working-days.ts';
import { quarterOf } from '../dates.ts';
import { indexTable } from '../score/indicator-table.ts';
import type { Finding } from '../types.ts';
import type { ReportContext } from './context.ts';
import { quarterName, SEVERITY_NAMES, statusLabel, triageLabel } from './labels.ts';
import { trendChart } from './trend-chart.ts';
import { newMediaView } from './new-media-view.ts';

const SEVERITY_ORDER = ['veto', 'deduct', 'warn', 'manual', 'bonus'];

function artifact<T>(ctx: ReportContext, name: string): T | null {
  const a = ctx.artifacts[name];
  return a && !isArtifactError(a) ? (a as T) : null;
}

/** Where each indicator id stands, across every table in force (website first). */
function placesOf(ctx: ReportContext) {
  const tables = ctx.tables ?? (ctx.table ? [ctx.table] : []);
  return new Map([...tables].reverse().flatMap((t) => [...indexTable(t)]));
}

/** A finding as the templates show it: labels resolved, indicator named. */
export interface FindingView extends Finding {
  indicatorTitle: string;
  severityLabel: string;
  statusText: string;
  triageName: string;
  falsePositive: boolean;
  coveredByVeto: boolean;
}

/** Every finding with its labels, sorted by severity then points. */
export function findingViews(ctx: ReportContext): FindingView[] {
  const places = placesOf(ctx);
  const covered = new Set(ctx.findings.score.coveredByVeto ?? []);
  return [...ctx.findings.findings]
    .sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || b.points - a.points)
    .map((f) => ({
      ...f,
      indicatorTitle: places.get(f.indicator)?.indicator.title ?? f.indicator,
      severityLabel: SEVERITY_NAMES[f.severity] ?? f.severity,
      statusText: statusLabel(f.status),
      triageName: triageLabel(f.triage),
      falsePositive: f.triage?.decision === 'false-positive',
      coveredByVeto: covered.has(f.fingerprint),
    }));
}

/** The deadline an office is given: asOf + report.deadlineWorkingDays official working days. */
export function deadlineOf(ctx: ReportContext): string {
  const calendar = loadCalendar(ctx.config.calendar);
  const deadline = addWorkingDays(ctx.findings.asOf, ctx.config.report.deadlineWorkingDays, calendar);
  const note = uncoveredNote([deadline], calendar);
  if (note && ctx.notes && !ctx.notes.includes(`整改期限：${note}`)) ctx.notes.push(`整改期限：${note}`);
  return deadline;
}

/** Problems grouped by the office that must fix them (false positives stay listed, marked). */
export function byOffice(findings: FindingView[]) {
  const offices = new Map<string, FindingView[]>();
  for (const finding of findings) {
    const list = offices.get(finding.office) ?? [];
    list.push(finding);
    offices.set(finding.office, list);
  }
  return [...offices].map(([office, list]) => ({ office, findings: list, count: list.length }));
}

/**
 * The manual-review checklist: the table's manual items, each once; a check's manual
 * finding for the same item adds its concrete instructions; other manual findings and
 * manual checks that produced no finding are listed after them.
 */
function manualChecklist(ctx: ReportContext, findings: FindingView[]) {
  const items = new Map<string, { id: string; title: string; rule: string }>();
  for (const i of ctx.table?.manual ?? []) items.set(i.id, { id: i.id, title: i.title, rule: i.rule ?? '' });
  for (const x of findings.filter((f) => f.severity === 'manual')) {
    const known = items.get(x.indicator);
    if (known) known.rule = x.evidence || known.rule;
    else items.set(`${x.indicator}\n${x.fingerprint}`, { id: x.indicator, title: x.title, rule: x.evidence });
  }
  for (const r of ctx.results.filter((c) => c.status === 'manual' && c.findings.length === 0)) items.set(`check:${r.id}`, { id: r.id, title: r.title, rule: r.reason ?? '' });
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
  const quarter = quarterOf(f.asOf);
  const history = ctx.history ?? null;
  const trend = ctx.trend ?? [];

  const skipped = ctx.results.filter((r) => r.status === 'skipped' || r.status === 'error' || r.status === 'na');
  const coverage: { what: string; why: string }[] = skipped.map((r) => ({ what: `检查项「${r.title}」（${r.id}）`, why: r.reason ?? (r.status === 'na' ? '不适用' : '未说明原因') }));
  if (crawl?.limitSkipped.maxPages) coverage.push({ what: `${crawl.limitSkipped.maxPages} 个页面未抓取`, why: '达到最多抓取页面数（crawl.maxPages）' });
  if (crawl?.limitSkipped.maxDepth) coverage.push({ what: `${crawl.limitSkipped.maxDepth} 个页面未抓取`, why: '超过最大抓取层级（crawl.maxDepth）' });
  if (crawl?.robotsDisallowed) coverage.push({ what: `${crawl.robotsDisallowed} 个网址未抓取`, why: 'robots.txt 禁止抓取' });
  if (crawl?.partial) coverage.push({ what: '抓取未完成', why: '检查被中断，结论基于已采集的数据' });
  const sample = browserSample(artifact<BrowserAuditsArtifact>(ctx, 'browserAudits'));
  if (sample) coverage.push(sample);
  if (f.unverifiableLinks.length) coverage.push({ what: `${new Set(f.unverifiableLinks.map((l) => l.target)).size} 个链接无法自动核验`, why: '目标站点拒绝自动访问，需人工打开确认' });

  const manualItems = manualChecklist(ctx, findings);

  const vetoItems = f.score.vetoes.map((id) => ({
    id,
    title: places.get(id)?.indicator.title ?? id,
    rule: places.get(id)?.indicator.rule ?? '',
    findings: findings.filter((x) => x.indicator === id),
  }));

  const persisting = findings.filter((x) => x.status === 'persisting' || x.status === 'regressed');
  const fixedCount = history?.fixed.length ?? 0;
  const rectification = history?.previous
    ? {
        previous: { ...history.previous, quarterName: quarterName(history.previous.quarter) },
        fixed: history.fixed.map((x) => ({ ...x, indicatorTitle: places.get(x.indicator)?.indicator.title ?? x.indicator })),
        persisting,
        new: findings.filter((x) => x.status === 'new'),
        counts: history.counts,
        previousTotal: fixedCount + findings.filter((x) => x.status === 'persisting').length,
        rate: fixedCount + history.counts.persisting ? `${Math.round((fixedCount / (fixedCount + history.counts.persisting)) * 100)}%` : '—',
        expiredTriage: history.expiredTriage,
      }
    : null;

  return {
    ...f,
    quarter,
    quarterName: quarterName(quarter),
    qualified: f.score.verdict === 'qualified',
    verdictName: f.score.verdict === 'qualified' ? '合格' : '不合格',
    sortedFindings: findings,
    byOffice: byOffice(findings),
    vetoItems,
    counts: {
      findings: f.findings.length,
      vetoes: f.score.vetoes.length,
      broken: new Set(f.brokenLinks.map((b) => b.target)).size,
      unverifiable: new Set(f.unverifiableLinks.map((b) => b.target)).size,
      linksChecked: links?.checked ?? null,
      columns: f.columns.length,
      staleColumns: f.columns.filter((c) => c.stale).length,
      blankColumns: f.columns.filter((c) => c.blank).length,
      triaged: findings.filter((x) => x.triage).length,
    },
    coverage,
    manualItems,
    rectification,
    trendChart: trendChart(trend, f.score.passLine),
    newMediaAccounts: newMediaView(f.newMedia),
    trend: trend.map((t) => ({ ...t, quarterName: quarterName(t.quarter), verdictName: t.verdict === 'qualified' ? '合格' : t.verdict ? '不合格' : '—' })),
    deadline: deadlineOf(ctx),
    deadlineWorkingDays: ctx.config.report.deadlineWorkingDays,
    table: ctx.table ? { id: ctx.table.id, name: ctx.table.name } : null,
    checks: ctx.results.map((r) => ({ id: r.id, title: r.title, status: r.status, reason: r.reason ?? null, findings: r.findings.length })),
    /** Each check's `details` by check id, for partials that show more than findings (e.g. required-items). */
    checkDetails: Object.fromEntries(ctx.results.map((r) => [r.id, r.details ?? null])),
    generatedAt: new Date().toISOString(),
  };
}
