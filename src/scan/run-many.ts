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
  exitCode: 0 | 1;
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
        const host = new URL(r.cfg.config.site.url).host.replace(/[^\w.-]+/g, '_');
        try {
          r.outcome = await runScan(r.cfg.config, {
            baseDir: r.cfg.baseDir,
            store: storeFor(r.cfg),
            outDir: options.resume ? undefined : path.join(options.outDir, host),
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
  const rows = rankRows(
    results.map(({ cfg, outcome, error }) => ({
      rank: null,
      name: cfg.config.site.name,
      url: cfg.config.site.url,
      verdict: outcome?.findings.score.verdict ?? null,
      total: outcome?.findings.score.total ?? null,
      vetoes: outcome?.findings.score.vetoes ?? [],
      findings: outcome?.findings.findings.length ?? 0,
      scanDir: outcome?.scanDir ?? null,
      // A homepage that never opened leaves nothing to judge: not a ranking of the site.
      error: error ?? (outcome?.findings.findings.some((f) => f.indicator === 'warn.site-unreachable-scan') ? '检查时首页无法打开，结果不可用于排名' : null),
    })),
  );
  await mkdir(options.outDir, { recursive: true });
  const files = await writeOverview(rows, options.outDir, options.asOf ?? null);
  const exitCode = rows.every((r) => r.verdict === 'qualified') ? 0 : 1;
  return { rows, files, exitCode };
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
