import path from 'node:path';
import { loadChecks } from '../checks/registry.ts';
import { runChecks } from '../checks/runner.ts';
import { attachScreenshots } from '../browser/attach-screenshots.ts';
import type { CrawlArtifact } from '../crawl/crawl-artifact.ts';
import { isArtifactError } from '../gather/types.ts';
import type { ReportContext } from '../report/context.ts';
import { buildFindingsJson, type FindingsJson } from '../report/findings-json.ts';
import { reporters } from '../report/reporters/index.ts';
import { loadIndicatorTable } from '../score/indicator-table.ts';
import { applyOverrides } from '../score/overrides.ts';
import { applyHistory, rectificationsOf, trendOf, type HistoryView } from '../store/history.ts';
import type { ScanStore } from '../store/scan-store.ts';
import { quarterOf } from '../dates.ts';
import { resolveFindings } from '../score/resolve-findings.ts';
import { createOfficeRouter, routeSections } from '../score/route-office.ts';
import { splitOperatorProblems } from '../score/technical-notes.ts';
import { siteIdentityOf } from '../store/site-identity.ts';
import { recheckScope } from './recheck-scope.ts';
import { score, vetoesHit } from '../score/score.ts';
import type { ScanMeta } from './scan-meta.ts';
import { incompleteReason, withoutAbsenceVerdicts } from './completeness.ts';

export interface JudgeOptions {
  /** Formats to write besides findings.json (default: the config's report.formats). */
  formats?: readonly string[];
  /** Run only these checks (the links-only bench). */
  onlyChecks?: readonly string[];
  /** Store holding this site's history: findings get new/persisting/regressed and triage. */
  store?: ScanStore;
  /** A website indicator table (path or bundled name) instead of the config's (rescore). */
  indicators?: string;
  /** Requests and time of the whole scan (all stages, all runs of a resumed scan). */
  stats?: { requests: number; durationMs: number };
}

/** Formats that address offices (rectification notices, the ledger): not written for an incomplete scan. */
const NOTICE_FORMATS = ['notices', 'csv', 'xlsx'];

export interface JudgeOutcome {
  findings: FindingsJson;
  files: string[];
  /** Formats asked for that no reporter writes yet. */
  unavailable: string[];
  /** Messages for the user, e.g. a format that could not be written and why. */
  notes: string[];
  history: HistoryView | null;
}

/**
 * Judges stored artifacts: checks, findings, score, reports. Pure of the site: it never
 * fetches, so `rescore` and `report` rerun it from a scan folder.
 */
export async function judgeScan(scanDir: string, meta: ScanMeta, artifacts: Record<string, unknown>, options: JudgeOptions = {}): Promise<JudgeOutcome> {
  const { config, asOf } = meta;
  const checks = await loadChecks(options.onlyChecks);
  const crawl = artifacts.crawl && !isArtifactError(artifacts.crawl) ? (artifacts.crawl as CrawlArtifact) : null;
  // No verdict without a site: an incomplete scan judges nothing by absence (contract: exit 3).
  const incomplete = incompleteReason(crawl, config);
  const ran = await runChecks(checks, artifacts, { config, asOf, homepageUrl: config.site.url });
  // Findings about a page get that page's screenshot when the browser took one.
  const checked = attachScreenshots(incomplete ? withoutAbsenceVerdicts(ran, incomplete) : ran, artifacts);
  // The tool's own problems become technical notes: never findings, notices, ledger rows or points.
  const { results, technicalNotes } = splitOperatorProblems(checked, config.site.office);
  const website = applyOverrides(await loadIndicatorTable(options.indicators ?? config.indicators.website, meta.baseDir), config.indicators.overrides);
  const tables = [website, await loadIndicatorTable(config.indicators.newMedia, meta.baseDir)];
  const routeOf = createOfficeRouter(config, artifacts);
  const findings = resolveFindings(results, tables, routeOf);
  const site = siteIdentityOf(config.site);
  // What an incomplete scan did not find proves nothing fixed: it takes no part in the history.
  const history = options.store && !incomplete ? await applyHistory(options.store, { id: meta.id, siteUrl: config.site.url, site, asOf }, findings, await recheckScope(scanDir, config, results)) : null;
  const scoreCard = score(findings, website, {
    publicServices: config.site.publicServices,
    bonusEligible: config.indicators.portal,
    notJudgeable: incomplete,
  });
  scoreCard.newMediaVetoes = vetoesHit(findings, tables[1]);
  const findingsJson = buildFindingsJson({ config, scanId: meta.id, asOf, crawl, results, findings, score: scoreCard, technicalNotes, partialReason: incomplete, stats: options.stats });
  routeSections(findingsJson, results, routeOf);
  const trend = options.store
    ? trendOf(await options.store.read(), site, incomplete ? null : { quarter: quarterOf(asOf), asOf, scanId: meta.id, total: scoreCard.total, verdict: scoreCard.verdict })
    : [];
  const rectification = options.store ? rectificationsOf(await options.store.read(), site) : undefined;
  const notes: string[] = [];
  const ctx: ReportContext = { scanDir: path.resolve(scanDir), scan: { startedAt: meta.startedAt, finishedAt: meta.finishedAt }, findings: findingsJson, results, config, artifacts, history, trend, table: website, tables, notes, rectification };
  const formats = new Set(['json', ...(options.formats ?? config.report.formats)]);
  // No notices (nor a ledger of deadlines) for a scan that did not reach the site.
  if (incomplete) for (const f of NOTICE_FORMATS) formats.delete(f);
  const files: string[] = [];
  const unavailable: string[] = [];
  for (const format of formats) {
    const reporter = reporters[format];
    if (!reporter) unavailable.push(format);
    else files.push(...(await reporter.write(ctx)));
  }
  return { findings: findingsJson, files, unavailable, notes, history };
}
