/** Child process of the bench: a links-only gov-inspector scan; prints one JSON line. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { validateConfig } from '../../src/config/load.ts';
import type { LinksArtifact } from '../../src/crawl/link-report.ts';
import { runScan } from '../../src/scan/run-scan.ts';
import { MemoryScanStore } from '../../src/store/lowdb-store.ts';

const [origin, concurrency] = [process.argv[2], Number(process.argv[3])];
const tmp = await mkdtemp(path.join(os.tmpdir(), 'gi-bench-'));
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
const started = performance.now();
const config = validateConfig({
  site: { name: '基准测试站点', url: `${origin}/index.html` },
  crawl: { concurrency, intervalMs: 0, maxPages: 1_000_000, maxDepth: 1000, sitemap: false, retries: 0 },
  browser: { enabled: false },
  // A first scan, as linkinator's is: no response cache to write or reuse.
  cache: { enabled: false },
});
const outcome = await runScan(config, { baseDir: tmp, store: new MemoryScanStore(tmp), linksOnly: true, outDir: path.join(tmp, 'scan') });
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage.rss(), process.resourceUsage().maxRSS * 1024);
const f = outcome.findings;
const links = JSON.parse(await readFile(path.join(outcome.scanDir, 'artifacts', 'links.json'), 'utf8')) as LinksArtifact;
const broken = [...new Set(f.brokenLinks.map((b) => new URL(b.target).pathname))];
process.stdout.write(`${JSON.stringify({ pages: f.stats.pagesCrawled, links: links.checked, seconds, peakRss, broken })}\n`);
await rm(tmp, { recursive: true, force: true });
process.exit(0);
