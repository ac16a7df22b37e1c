/**
 * Scale bench: generated TRS-like sites of 10,000 and 50,000 pages served on loopback.
 * For each size: a first links-only scan (pages/s, peak RSS of the scanning process,
 * which runs in a child so the server's memory is not counted), then a rescan of the
 * unchanged site with the same store (conditional requests: requests, bytes, time).
 *
 *   npm run bench:scale            # 10k and 50k
 *   npm run bench:scale -- 2000    # other sizes
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startBenchSite } from './generate-site.ts';

const run = promisify(execFile);
const SELF = fileURLToPath(import.meta.url);
const CONCURRENCY = 16;

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
  for (const pages of sizes.length ? sizes : [10_000, 50_000]) {
    const site = await startBenchSite(pages);
    const storeDir = await mkdtemp(path.join(os.tmpdir(), 'gi-scale-'));
    try {
      const first = await scanOnce(site.origin, storeDir);
      const firstTraffic = { ...site.traffic };
      const again = await scanOnce(site.origin, storeDir);
      const rescan = { requests: site.traffic.requests - firstTraffic.requests, bytes: site.traffic.bytes - firstTraffic.bytes, notModified: site.traffic.notModified - firstTraffic.notModified };
      const row = {
        pages: first.pages,
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
  process.stdout.write(`${JSON.stringify({ scale: rows })}\n`);
}
