/**
 * Parser bench: the cost of reading pages as a browser does. A full `scan --no-browser`
 * (every gatherer and check, not links only) of a generated site where every 10th page
 * has content after a stray </body></html> and one page is nested 5,000 deep (deeper than the 512 levels past which the re-parse is skipped), run
 * twice in child processes: "before" with htmlparser2 only (crawl.reparseStrayEndTags
 * off), "after" with the parse5 re-parse of the pages that need it. Prints pages/s and
 * peak RSS of each, and how many pages were re-parsed.
 *
 *   npm run bench:parser            # 3000 pages
 *   npm run bench:parser -- 10000
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
const STRAY_EVERY = 10;
const DEEP = 5_000;

interface ChildResult {
  pages: number;
  seconds: number;
  peakRss: number;
  strayEndTags: number;
  reparsed: number;
}

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4], process.argv[5] === 'on');
else await main(Number(process.argv[2]) || 3000);

async function child(origin: string, dir: string, reparse: boolean): Promise<void> {
  const { validateConfig } = await import('../../src/config/load.ts');
  const { runScan } = await import('../../src/scan/run-scan.ts');
  const { MemoryScanStore } = await import('../../src/store/lowdb-store.ts');
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const started = performance.now();
  const config = validateConfig({
    site: { name: '基准测试站点', url: `${origin}/index.html` },
    newMedia: [],
    crawl: { concurrency: 16, intervalMs: 0, maxPages: 1_000_000, maxDepth: 1000, sitemap: false, retries: 0, reparseStrayEndTags: reparse },
    browser: { enabled: false },
    store: { dir },
    cache: { enabled: false },
  });
  const outcome = await runScan(config, { baseDir: dir, store: new MemoryScanStore(dir), outDir: path.join(dir, `scan-${Date.now()}`) });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
  const { loadArtifacts } = await import('../../src/store/artifact-files.ts');
  const crawl = (await loadArtifacts(outcome.scanDir)).crawl as { anomalies?: { strayEndTags?: number; reparsed?: number } };
  const result: ChildResult = { pages: outcome.findings.stats.pagesCrawled, seconds, peakRss, strayEndTags: crawl.anomalies?.strayEndTags ?? 0, reparsed: crawl.anomalies?.reparsed ?? 0 };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

async function scan(origin: string, reparse: boolean): Promise<ChildResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gi-parser-'));
  try {
    const { stdout } = await run('node', ['--import', 'tsx', SELF, '--child', origin, dir, reparse ? 'on' : 'off'], { maxBuffer: 1 << 20, cwd: path.resolve(path.dirname(SELF), '../..') });
    return JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildResult;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(pages: number): Promise<void> {
  const site = await startBenchSite(pages, { strayEvery: STRAY_EVERY, deepPage: DEEP });
  const rows: Record<string, unknown>[] = [];
  try {
    for (const [label, reparse] of [['before (htmlparser2 only)', false], ['after (parse5 where needed)', true]] as const) {
      const r = await scan(site.origin, reparse);
      rows.push({ parser: label, pages: r.pages, 'pages/s': Math.round(r.pages / r.seconds), seconds: Number(r.seconds.toFixed(1)), 'peak RSS MB': Math.round(r.peakRss / 2 ** 20), 'stray end tags': r.strayEndTags, reparsed: r.reparsed });
      process.stderr.write(`${JSON.stringify(rows.at(-1))}\n`);
    }
  } finally {
    await site.close();
  }
  console.table(rows);
  process.stdout.write(`${JSON.stringify({ parser: rows })}\n`);
}
