import path from 'node:path';
import { loadChecks } from '../checks/registry.ts';
import { runChecks } from '../checks/runner.ts';
import type { CrawlArtifact } from '../crawl/crawl-artifact.ts';
import { isArtifactError } from '../crawl/types.ts';
import type { ReportContext } from '../report/context.ts';
import { buildFindingsJson, type FindingsJson } from '../report/findings-json.ts';
import { reporters } from '../report/reporters/index.ts';
import { loadIndicatorTable } from '../score/indicator-table.ts';
import { resolveFindings } from '../score/resolve-findings.ts';
import { score } from '../score/score.ts';
import type { ScanMeta } from './scan-meta.ts';

export interface JudgeOptions {
  /** Formats to write besides findings.json (default: the config's report.formats). */
  formats?: readonly string[];
  /** Run only these checks (the links-only bench). */
  onlyChecks?: readonly string[];
}

export interface JudgeOutcome {
  findings: FindingsJson;
  files: string[];
  /** Formats asked for that no reporter writes yet. */
  unavailable: string[];
}

/**
 * Judges stored artifacts: checks, findings, score, reports. Pure of the site: it never
 * fetches, so `rescore` and `report` rerun it from a scan folder.
 */
export async function judgeScan(scanDir: string, meta: ScanMeta, artifacts: Record<string, unknown>, options: JudgeOptions = {}): Promise<JudgeOutcome> {
  const { config, asOf } = meta;
  const checks = await loadChecks(options.onlyChecks);
  const results = await runChecks(checks, artifacts, { config, asOf, homepageUrl: config.site.url });
  const tables = [await loadIndicatorTable(config.indicators.website, meta.baseDir), await loadIndicatorTable(config.indicators.newMedia, meta.baseDir)];
  const findings = resolveFindings(results, tables, config.site.office);
  const scoreCard = score(findings, tables[0], { publicServices: config.site.publicServices });
  const crawl = artifacts.crawl && !isArtifactError(artifacts.crawl) ? (artifacts.crawl as CrawlArtifact) : null;
  const findingsJson = buildFindingsJson({ config, scanId: meta.id, asOf, crawl, results, findings, score: scoreCard });
  const ctx: ReportContext = { scanDir: path.resolve(scanDir), findings: findingsJson, results, config, artifacts };
  const formats = new Set(['json', ...(options.formats ?? config.report.formats)]);
  const files: string[] = [];
  const unavailable: string[] = [];
  for (const format of formats) {
    const reporter = reporters[format];
    if (!reporter) unavailable.push(format);
    else files.push(...(await reporter.write(ctx)));
  }
  return { findings: findingsJson, files, unavailable };
}
