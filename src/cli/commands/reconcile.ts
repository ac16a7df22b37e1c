import path from 'node:path';
import type { CrawlArtifact } from '../../crawl/crawl-artifact.ts';
import { HttpFetcher } from '../../crawl/http-fetcher.ts';
import { RobotsRules } from '../../crawl/robots.ts';
import type { Fetcher } from '../../crawl/types.ts';
import { isArtifactError } from '../../gather/types.ts';
import { reconcileRegister } from '../../disclosure/register/register-gatherer.ts';
import { STATUS_LABELS, type DocumentsArtifact, type RegisterArtifact } from '../../disclosure/register/types.ts';
import { UsageError } from '../../errors.ts';
import { fetchPage } from '../../scan/run-scan.ts';
import { locateScan } from '../../scan/locate-scan.ts';
import { readScanMeta } from '../../scan/scan-meta.ts';
import { exitCodeOf } from '../../score/score.ts';
import { loadArtifacts, saveArtifacts } from '../../store/artifact-files.ts';
import { TOOL_VERSION } from '../../version.ts';
import { formatSummary } from '../summary.ts';
import { parseFormats, rejudge } from './rejudge.ts';

/** A fetcher for stored-scan reconciliation without --live: it must never be asked. */
const offline: Fetcher = {
  requestCount: 0,
  fetch: () => Promise.reject(new Error('offline')),
};

/** Counts per status, in Chinese, for the command's output. */
export function registerSummary(artifact: RegisterArtifact): string {
  const counts = new Map<string, number>();
  for (const e of artifact.entries) counts.set(STATUS_LABELS[e.status], (counts.get(STATUS_LABELS[e.status]) ?? 0) + 1);
  const lines = [`文件台账 ${artifact.entries.length} 件：${[...counts].map(([k, n]) => `${k} ${n}`).join('，')}`];
  for (const u of artifact.unreadable) lines.push(`  无法读取：第 ${u.line} 行 ${u.reason}`);
  if (artifact.search.queries) lines.push(`  站内搜索 ${artifact.search.queries} 次（请求 ${artifact.search.requests} 次）`);
  if (artifact.search.unusable) lines.push(`  站内搜索未使用：${artifact.search.unusable}`);
  if (artifact.calendarNote) lines.push(`  注意：${artifact.calendarNote}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Reconciles a register with a stored scan's pages (and, with --live, the site search),
 * stores the `register` artifact and rewrites the reports.
 */
export async function reconcileCommand(opts: { scan: string; register: string; live?: boolean; format?: string; store: string }): Promise<number> {
  const scanDir = await locateScan(opts.scan, opts.store);
  const meta = await readScanMeta(scanDir);
  const artifacts = await loadArtifacts(scanDir);
  const documents = artifacts.documents as DocumentsArtifact | undefined;
  if (!documents || isArtifactError(documents)) throw new UsageError(`检查 ${meta.id} 没有保存文章索引（artifacts/documents.json）：请用当前版本重新检查后再核对台账`);
  const crawl = artifacts.crawl as CrawlArtifact | undefined;
  const { config } = meta;
  const userAgent = config.crawl.userAgent.replace('{version}', TOOL_VERSION);
  const fetcher = opts.live ? new HttpFetcher({ crawl: config.crawl, userAgent }) : null;
  const robots = fetcher ? new RobotsRules(fetcher, userAgent, config.crawl.robots) : null;
  let register: RegisterArtifact;
  try {
    register = await reconcileRegister({
      ctx: {
        config,
        baseDir: process.cwd(),
        homepageUrl: config.site.url,
        fetcher: fetcher ?? offline,
        fetchPage: (url, depth = 1) => fetchPage(fetcher!, robots!, url, depth),
      },
      documents,
      file: path.resolve(opts.register),
      live: !!opts.live,
      crawl: crawl && !isArtifactError(crawl) ? crawl : null,
    });
  } finally {
    await fetcher?.close();
  }
  await saveArtifacts(scanDir, { register });
  const outcome = await rejudge(scanDir, opts.store, { formats: parseFormats(opts.format) });
  process.stdout.write(registerSummary(register));
  for (const note of outcome.notes) process.stderr.write(`提示：${note}\n`);
  process.stdout.write(formatSummary(outcome.findings, outcome.files));
  return exitCodeOf(outcome.findings.score);
}
