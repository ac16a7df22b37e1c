/**
 * `npm run bench`: a links-only scan of a generated 10,000-page site by gov-inspector and
 * by linkinator 7 (the peer) at the same concurrency, each in its own process; prints
 * pages/s, links/s, peak RSS, the ratios, and whether each found exactly the broken links.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startBenchSite } from './generate-site.ts';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const PAGES = Number(process.env.BENCH_PAGES ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);

interface Measure {
  pages: number;
  links: number;
  seconds: number;
  peakRss: number;
  broken: string[];
}

async function measure(label: string, args: string[], expected: Set<string>) {
  const { stdout } = await run(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 });
  const m = JSON.parse(stdout.trim().split('\n').at(-1)!) as Measure;
  const found = new Set(m.broken);
  const missing = [...expected].filter((b) => !found.has(b));
  const extra = [...found].filter((b) => !expected.has(b));
  return {
    label,
    pages: m.pages,
    pagesPerSecond: m.pages / m.seconds,
    linksPerSecond: m.links / m.seconds,
    seconds: m.seconds,
    peakMb: m.peakRss / 1024 / 1024,
    brokenFound: found.size,
    exact: missing.length === 0 && extra.length === 0,
    missing: missing.length,
    extra: extra.length,
  };
}

const site = await startBenchSite(PAGES);
try {
  process.stderr.write(`基准站点：${PAGES} 个页面，${site.brokenTargets.size} 个失效链接，并发 ${CONCURRENCY}\n`);
  const ours = await measure('gov-inspector', ['--import', 'tsx', path.join(here, 'crawl-ours.ts'), site.origin, String(CONCURRENCY)], site.brokenTargets);
  const peer = await measure('linkinator 7', [path.join(here, 'crawl-linkinator.mjs'), site.origin, String(CONCURRENCY)], site.brokenTargets);
  const row = (r: typeof ours) =>
    `${r.label.padEnd(14)} ${String(r.pages).padStart(6)} 页  ${r.pagesPerSecond.toFixed(0).padStart(5)} 页/秒  ${r.linksPerSecond.toFixed(0).padStart(6)} 链接/秒  峰值内存 ${r.peakMb.toFixed(0).padStart(4)} MB  用时 ${r.seconds.toFixed(1)} 秒  失效链接 ${r.brokenFound}/${site.brokenTargets.size}${r.exact ? ' 完全一致' : `（漏 ${r.missing}，多 ${r.extra}）`}`;
  console.log(row(ours));
  console.log(row(peer));
  console.log(`速度比（页/秒）：${(ours.pagesPerSecond / peer.pagesPerSecond).toFixed(2)}×　内存比：${((ours.peakMb / peer.peakMb) * 100).toFixed(0)}%`);
} finally {
  await site.close();
}
