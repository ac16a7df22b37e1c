/**
 * Scale bench: generated TRS-like sites of 10,000 and 50,000 pages served on loopback.
 * For each size: a full `scan --no-browser` through the CLI (every gatherer, check and
 * report; peak RSS of the scanning process, which runs in a child so the server's memory
 * is not counted), then a first links-only scan and a rescan of the unchanged site with
 * the same store (conditional requests: requests, bytes, time). Ends with the full scan's
 * peak RSS at the largest size over that at the smallest (memory must stay flat: ≤1.3).
 * A peak moves by 10-20 MB from run to run with the moment the collector runs, so each
 * size's full scan runs BENCH_SCALE_RUNS times (default 3) and the ratio is of the medians.
 *
 *   npm run bench:scale            # 10k and 50k
 *   npm run bench:scale -- 2000    # other sizes
 *   BENCH_SCALE_FULL_ONLY=1 npm run bench:scale   # full scans only
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { fullScan } from './children.ts';
import { startBenchSite } from './generate-site.ts';

const run = promisify(execFile);
const SELF = fileURLToPath(import.meta.url);
const CONCURRENCY = 16;
/** BENCH_SCALE_FULL_ONLY=1: only the full scans (the memory-flatness measure), no links-only scan and rescan. */
const FULL_ONLY = process.env.BENCH_SCALE_FULL_ONLY === '1';
const RUNS = Number(process.env.BENCH_SCALE_RUNS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4]);
else await main(process.argv.slice(2).map(Number).filter((n) => n > 0));

interface ChildResult {
  pages: number;
  checked: number;
  broken: number;
  seconds: number;
  peakRss: number;
  peakHeap: number;
  requests: number;
}

/** One links-only scan with the store (and so the response cache) in `storeDir`. */
async function child(origin: string, storeDir: string): Promise<void> {
  const { validateConfig } = await import('../../src/config/load.ts');
  const { runScan } = await import('../../src/scan/run-scan.ts');
  const { MemoryScanStore } = await import('../../src/store/lowdb-store.ts');
  let peakRss = 0;
  let peakHeap = 0;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 50);
  const started = performance.now();
  const config = validateConfig({
    site: { name: '基准测试站点', url: `${origin}/index.html` },
    newMedia: [],
    crawl: { concurrency: CONCURRENCY, intervalMs: 0, maxPages: 1_000_000, maxDepth: 1000, sitemap: false, retries: 0 },
    browser: { enabled: false },
    store: { dir: storeDir },
    cache: { enabled: process.env.BENCH_CACHE !== '0' },
  });
  const outcome = await runScan(config, { baseDir: storeDir, store: new MemoryScanStore(storeDir), linksOnly: true, outDir: path.join(storeDir, `scan-${Date.now()}`) });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
  const f = outcome.findings;
  const result: ChildResult = { pages: f.stats.pagesCrawled, checked: 0, broken: f.brokenLinks.length, seconds, peakRss, peakHeap, requests: f.stats.requests };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}


async function scanOnce(origin: string, storeDir: string): Promise<ChildResult> {
  const { stdout } = await run('node', ['--import', 'tsx', SELF, '--child', origin, storeDir], { maxBuffer: 1 << 20, cwd: path.resolve(path.dirname(SELF), '../..') });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildResult;
}

async function main(sizes: number[]): Promise<void> {
  const rows: Record<string, unknown>[] = [];
  const fullRss: number[] = [];
  for (const pages of sizes.length ? sizes : [10_000, 50_000]) {
    const site = await startBenchSite(pages);
    const storeDir = await mkdtemp(path.join(os.tmpdir(), 'gi-scale-'));
    try {
      const fulls = [];
      for (let r = 0; r < RUNS; r++) fulls.push(await fullScan(site.origin, pages, CONCURRENCY));
      const peaks = fulls.map((f) => Math.round(f.peakRss / 2 ** 20));
      const seconds = median(fulls.map((f) => f.seconds));
      fullRss.push(median(fulls.map((f) => f.peakRss)));
      const fullRow = {
        pages: fulls[0].pages,
        'full scan s': Number(seconds.toFixed(1)),
        'full scan pages/s': Math.round(fulls[0].pages / seconds),
        'full scan peak RSS MB': Math.round(fullRss.at(-1)! / 2 ** 20),
        'each run MB': peaks.join(' '),
        'full scan broken exact': fulls.every((full) => full.broken.length === site.brokenTargets.size && full.broken.every((b) => site.brokenTargets.has(b))),
      };
      if (FULL_ONLY) {
        rows.push(fullRow);
        process.stderr.write(`${JSON.stringify(fullRow)}\n`);
        continue;
      }
      const requestsBefore = { ...site.traffic };
      const first = await scanOnce(site.origin, storeDir);
      const firstTraffic = { requests: site.traffic.requests - requestsBefore.requests, bytes: site.traffic.bytes - requestsBefore.bytes, notModified: 0 };
      const afterFirst = { ...site.traffic };
      const again = await scanOnce(site.origin, storeDir);
      const rescan = { requests: site.traffic.requests - afterFirst.requests, bytes: site.traffic.bytes - afterFirst.bytes, notModified: site.traffic.notModified - afterFirst.notModified };
      const row = {
        ...fullRow,
        'pages/s': Math.round(first.pages / first.seconds),
        'peak RSS MB': Math.round(first.peakRss / 2 ** 20),
        'peak heap MB': Math.round(first.peakHeap / 2 ** 20),
        seconds: Number(first.seconds.toFixed(1)),
        'page bytes': firstTraffic.bytes,
        'rescan s': Number(again.seconds.toFixed(1)),
        'rescan pages/s': Math.round(again.pages / again.seconds),
        'rescan peak RSS MB': Math.round(again.peakRss / 2 ** 20),
        'rescan peak heap MB': Math.round(again.peakHeap / 2 ** 20),
        'rescan 304s': rescan.notModified,
        'rescan page bytes': rescan.bytes,
        'bytes saved %': Number((100 * (1 - rescan.bytes / Math.max(1, firstTraffic.bytes))).toFixed(1)),
        'same broken': again.broken === first.broken,
      };
      rows.push(row);
      process.stderr.write(`${JSON.stringify(row)}\n`);
    } finally {
      await site.close();
      await rm(storeDir, { recursive: true, force: true });
    }
  }
  console.table(rows);
  const rssRatio = fullRss.at(-1)! / fullRss[0];
  console.log(`完整检查峰值内存（${RUNS} 轮中位数）：${rows.at(-1)!.pages} 页 / ${rows[0].pages} 页 = ${rssRatio.toFixed(2)}（目标 ≤1.3），负载 ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  process.stdout.write(`${JSON.stringify({ scale: rows, fullScanRssRatio: rssRatio })}\n`);
}
