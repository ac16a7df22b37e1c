/**
 * The bench's measured processes. Each tool runs in its own child process; the time is
 * the child's wall time from spawn to exit (what a user waits for) and the memory its
 * peak RSS (getrusage maxRSS, written at exit by max-rss.mjs).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const MAX_RSS = path.join(here, 'max-rss.mjs');

export interface Measure {
  label: string;
  pages: number;
  links: number;
  seconds: number;
  /** CPU time of the child, all threads (user + system). */
  cpuSeconds: number;
  peakRss: number;
  broken: string[];
  /** The `.cpuprofile` files (one per thread) written when profiling was asked for. */
  profiles?: string[];
}

/** Runs node with the RSS probe; resolves with stdout, the peak RSS and the wall time. */
async function runNode(args: string[], opts: { cwd?: string; okCodes?: number[] } = {}): Promise<{ stdout: string; peakRss: number; cpuSeconds: number; seconds: number }> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'gi-bench-rss-'));
  const rssFile = path.join(tmp, 'rss.json');
  try {
    const started = performance.now();
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', MAX_RSS, ...args], { cwd: opts.cwd ?? root, env: { ...process.env, BENCH_RSS_FILE: rssFile }, stdio: ['ignore', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => err.push(b));
      child.on('error', reject);
      child.on('close', (c) => resolve({ code: c, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
    });
    const seconds = (performance.now() - started) / 1000;
    if (!(opts.okCodes ?? [0]).includes(code ?? -1)) throw new Error(`子进程退出码 ${code}：${stderr.slice(-2000)}`);
    const { peakRss, cpuSeconds } = JSON.parse(await readFile(rssFile, 'utf8')) as { peakRss: number; cpuSeconds: number };
    return { stdout, peakRss, cpuSeconds, seconds };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/**
 * A full `gov-inspector scan --no-browser` through the real CLI (every gatherer, check,
 * score and report, response cache on as by default) into a fresh store.
 */
export async function fullScan(origin: string, pages: number, concurrency: number, options: { profileDir?: string } = {}): Promise<Measure> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gi-bench-scan-'));
  try {
    const config = path.join(dir, 'site.yaml');
    // Neither the request budget (crawl.maxRequests, 50,000 by default) nor the page budget,
    // which also counts the URLs that turn out broken, may cut a run short.
    await writeFile(config, `site:\n  name: 基准测试站点\n  url: ${origin}/index.html\nnewMedia: []\ncrawl:\n  maxRequests: ${pages * 2 + 1000}\n`);
    const out = path.join(dir, 'out');
    const prof = options.profileDir ? ['--cpu-prof', '--cpu-prof-dir', options.profileDir] : [];
    const cli = ['src/cli/bin.js', 'scan', '--config', config, '--out', out, '--no-browser', '--concurrency', String(concurrency), '--interval-ms', '0', '--max-pages', String(pages * 2 + 1000)];
    const { peakRss, cpuSeconds, seconds } = await runNode([...prof, ...cli], { okCodes: [0, 1] });
    const findings = JSON.parse(await readFile(path.join(out, 'findings.json'), 'utf8')) as { stats: { pagesCrawled: number }; brokenLinks: { target: string }[] };
    const links = JSON.parse(await readFile(path.join(out, 'artifacts', 'links.json'), 'utf8')) as { checked: number };
    const profiles = options.profileDir ? (await readdir(options.profileDir)).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(options.profileDir!, f)) : undefined;
    return { label: 'gov-inspector', pages: findings.stats.pagesCrawled, links: links.checked, seconds, cpuSeconds, peakRss, broken: [...new Set(findings.brokenLinks.map((b) => new URL(b.target).pathname))], profiles };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The links-only crawl (no gatherers, no cache), as `npm run bench:peer` always measured. */
export async function linksOnly(origin: string, concurrency: number): Promise<Measure> {
  // With the heap growth the CLI sets (src/cli/bin.js), so its memory is the crawler's as a user runs it.
  const { stdout, peakRss, cpuSeconds, seconds } = await runNode(['--heap-growing-percent=30', '--import', 'tsx', path.join(here, 'crawl-ours.ts'), origin, String(concurrency)]);
  const m = JSON.parse(stdout.trim().split('\n').at(-1)!) as Measure;
  return { ...m, label: 'gov-inspector', seconds, cpuSeconds, peakRss: Math.max(peakRss, m.peakRss) };
}

/**
 * linkinator 7 (the peer) on the same site, held to `concurrency` connections; `unbounded`
 * runs it as it comes, whose own option bounds nothing (see crawl-linkinator.mjs).
 */
export async function linkinator(origin: string, concurrency: number, options: { unbounded?: boolean } = {}): Promise<Measure> {
  const { stdout, peakRss, cpuSeconds, seconds } = await runNode([path.join(here, 'crawl-linkinator.mjs'), origin, String(concurrency), ...(options.unbounded ? ['unbounded'] : [])]);
  const m = JSON.parse(stdout.trim().split('\n').at(-1)!) as Measure;
  return { ...m, label: 'linkinator 7', seconds, cpuSeconds, peakRss: Math.max(peakRss, m.peakRss) };
}
