import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import PQueue from 'p-queue';
import type { LoadedConfig } from '../config/load.ts';
import type { ScanEvent } from '../crawl/types.ts';
import { renderTemplate, reportCss } from '../report/render.ts';
import { writeFileAtomic } from '../store/artifact-files.ts';
import { LowdbScanStore } from '../store/lowdb-store.ts';
import type { ScanStore, StoreData } from '../store/scan-store.ts';
import type { IsoDate } from '../types.ts';
import { runScan, type ScanOutcome } from './run-scan.ts';
import { bundledIndicatorName } from '../report/indicator-names.ts';

export interface ManyScanOptions {
  /** Sites scanned at once (each still polite per host). */
  sitesConcurrency: number;
  /** Folder of the overview; each site's scan goes to `<outDir>/<host>/` when given. */
  outDir: string;
  asOf?: IsoDate;
  resume?: boolean;
  emit?: (site: string, event: ScanEvent) => void;
  signal?: AbortSignal;
}

/** One row of the overview: a site's result, or why its scan failed. */
export interface OverviewRow {
  rank: number | null;
  name: string;
  url: string;
  verdict: 'qualified' | 'unqualified' | null;
  total: number | null;
  vetoes: string[];
  findings: number;
  scanDir: string | null;
  error: string | null;
}

export interface ManyScanOutcome {
  rows: OverviewRow[];
  files: string[];
  exitCode: 0 | 1 | 3;
}

/**
 * Scans many sites concurrently (at most `sitesConcurrency` at a time), each exactly as
 * a single scan would with its own report, then writes an overview ranking them as a
 * supervising office publishes: qualified sites first, by score; vetoed sites last. A
 * site whose scan fails is listed with the reason; the others still run.
 */
export async function runManyScans(loaded: LoadedConfig[], options: ManyScanOptions): Promise<ManyScanOutcome> {
  const queue = new PQueue({ concurrency: options.sitesConcurrency });
  const results: { cfg: LoadedConfig; outcome?: ScanOutcome; error?: string }[] = loaded.map((cfg) => ({ cfg }));
  // Sites sharing a store folder share one index: updates must not race each other.
  const stores = new Map<string, ScanStore>();
  const storeFor = (cfg: LoadedConfig) => {
    const dir = path.resolve(cfg.baseDir, cfg.config.store.dir);
    if (!stores.has(dir)) stores.set(dir, new SerializedStore(new LowdbScanStore(dir)));
    return stores.get(dir)!;
  };
  await Promise.all(
    results.map((r) =>
      queue.add(async () => {
        if (options.signal?.aborted) return void (r.error = '检查已中断');
        try {
          r.outcome = await runScan(r.cfg.config, {
            baseDir: r.cfg.baseDir,
            store: storeFor(r.cfg),
            outDir: options.resume ? undefined : path.join(options.outDir, siteFolderName(r.cfg.config.site.url)),
            asOf: options.asOf,
            resume: options.resume,
            signal: options.signal,
            emit: (e) => options.emit?.(r.cfg.config.site.name, e),
          });
        } catch (err) {
          r.error = (err as Error).message;
        }
      }),
    ),
  );
  const rows = results.map(({ cfg, outcome, error }) => overviewRow(cfg.config.site, outcome ? siteResultOf(outcome) : null, error ?? null));
  return finishOverview(rows, options.outDir, options.asOf ?? null);
}

/** What the overview needs of one finished site scan (also what a distributed worker returns). */
export interface SiteResult {
  scanId: string;
  scanDir: string;
  /** null: the scan is incomplete (exit 3), no verdict. */
  verdict: 'qualified' | 'unqualified' | null;
  total: number;
  vetoes: string[];
  findings: number;
  /** The homepage never opened: nothing to judge. */
  unreachable: boolean;
  /** Why the scan is incomplete (interrupted, homepage never opened); null when complete. */
  partialReason?: string | null;
}

export function siteResultOf(outcome: ScanOutcome): SiteResult {
  const { score, findings } = outcome.findings;
  return {
    scanId: outcome.scanId,
    scanDir: outcome.scanDir,
    verdict: score.verdict,
    total: score.total,
    vetoes: score.vetoes,
    findings: findings.length,
    unreachable: findings.some((f) => f.indicator === 'warn.site-unreachable-scan'),
    partialReason: outcome.findings.partialReason,
  };
}

/** A site's overview row from its result, or from why its scan failed. */
export function overviewRow(site: { name: string; url: string }, result: SiteResult | null, error: string | null): OverviewRow {
  return {
    rank: null,
    name: site.name,
    url: site.url,
    verdict: result?.verdict ?? null,
    total: result?.total ?? null,
    vetoes: result?.vetoes ?? [],
    findings: result?.findings ?? 0,
    scanDir: result?.scanDir ?? null,
    // An incomplete scan (homepage never opened, interrupted) has no verdict: not a ranking of the site.
    error: error ?? (result?.partialReason ? `检查未完成：${result.partialReason}` : result?.unreachable ? '检查时首页无法打开，结果不可用于排名' : null),
  };
}

/** Ranks the rows and writes overview.html / overview.md; exit 0 only when every site qualified. */
export async function finishOverview(unranked: OverviewRow[], outDir: string, asOf: string | null): Promise<ManyScanOutcome> {
  const rows = rankRows(unranked);
  await mkdir(outDir, { recursive: true });
  const files = await writeOverview(rows, outDir, asOf);
  // The worst site decides, ordered 0 < 1 < 3: a scan that failed or did not complete is 3.
  const exitCode = Math.max(0, ...rows.map((r) => (r.error || r.verdict === null ? 3 : r.verdict === 'qualified' ? 0 : 1))) as 0 | 1 | 3;
  return { rows, files, exitCode };
}

/** A site's scan folder name under the overview folder: its host, safe for file systems. */
export function siteFolderName(siteUrl: string): string {
  return new URL(siteUrl).host.replace(/[^\w.-]+/g, '_');
}

/** Qualified before unqualified, then by score, then by name; failed scans last, unranked. */
export function rankRows(rows: OverviewRow[]): OverviewRow[] {
  const order = (r: OverviewRow) => (r.error ? 3 : r.verdict === 'qualified' ? 0 : r.verdict === 'unqualified' ? (r.vetoes.length ? 2 : 1) : 3);
  const sorted = [...rows].sort((a, b) => order(a) - order(b) || (b.total ?? -1) - (a.total ?? -1) || a.name.localeCompare(b.name, 'zh-CN'));
  let rank = 0;
  return sorted.map((r) => ({ ...r, rank: r.verdict && !r.error ? ++rank : null }));
}

const VERDICT_NAMES = { qualified: '合格', unqualified: '不合格' } as const;

async function writeOverview(rows: OverviewRow[], outDir: string, asOf: string | null): Promise<string[]> {
  const view = rows.map((r) => ({
    ...r,
    verdictName: r.error ? '未能完成检查' : r.verdict ? VERDICT_NAMES[r.verdict] : '检查失败',
    total: r.total === null ? null : r.total.toFixed(1),
    report: r.scanDir ? path.relative(outDir, path.join(r.scanDir, 'report.html')) : null,
  }));
  const counts = { sites: rows.length, qualified: rows.filter((r) => r.verdict === 'qualified' && !r.error).length, failed: rows.filter((r) => r.error).length };
  const md = [
    `# 网站检查总览${asOf ? `（监测时间点 ${asOf}）` : ''}`,
    '',
    `共 ${counts.sites} 个网站，合格 ${counts.qualified} 个，未能完成检查 ${counts.failed} 个。`,
    '',
    '| 排名 | 网站 | 结论 | 得分 | 单项否决 | 问题数 | 报告 |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...view.map((r) => `| ${r.rank ?? '—'} | ${mdCell(r.name)}（${mdCell(r.url)}） | ${r.verdictName}${r.error ? `：${mdCell(r.error)}` : ''} | ${r.total ?? '—'} | ${r.vetoes.map(bundledIndicatorName).join('、') || '—'} | ${r.findings} | ${r.report ?? '—'} |`),
    '',
  ].join('\n');
  const mdFile = path.join(outDir, 'overview.md');
  const htmlFile = path.join(outDir, 'overview.html');
  await writeFileAtomic(mdFile, md);
  await writeFileAtomic(htmlFile, renderTemplate('overview', { rows: view, counts, asOf, css: reportCss() }));
  return [htmlFile, mdFile];
}

function mdCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Runs a store's updates one after another (lowdb re-reads and rewrites the whole index). */
class SerializedStore implements ScanStore {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly inner: ScanStore) {}

  get rootDir(): string {
    return this.inner.rootDir;
  }

  read(): Promise<StoreData> {
    return this.enqueue(() => this.inner.read());
  }

  update(change: (data: StoreData) => void): Promise<void> {
    return this.enqueue(() => this.inner.update(change));
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const next = this.tail.then(task, task);
    this.tail = next.catch(() => {});
    return next;
  }
}
