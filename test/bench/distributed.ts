/**
 * `npm run bench:distributed`: the same 8 sites scanned by 1, 2 and 4 worker processes
 * (one site at a time each) through BullMQ on a local redis-server. Servers answer every
 * request after 50–200 ms and the config keeps the default politeness (4 requests in flight,
 * 200 ms between request starts per host), so one site takes as long as it takes on any
 * number of machines, and the speed-up comes from sites running side by side.
 * Prints wall time, speed-up and peak RSS per worker. Then the browser audits of one site
 * (BENCH_DIST_AUDIT_PAGES sampled pages, default 16, Lighthouse off unless
 * BENCH_DIST_LIGHTHOUSE=1) with 1 and 2 browser workers: audited pages per minute.
 *
 * Env: BENCH_DIST_SITES (default 8), BENCH_DIST_PAGES (pages per site, default 40),
 * BENCH_DIST_WORKERS (default "1,2,4").
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { redisForTests, TestRedis } from '../helpers/redis.ts';
import { startBenchSite, type BenchSite } from './generate-site.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'src/cli/bin.js');
const SITES = Number(process.env.BENCH_DIST_SITES) || 8;
const PAGES = Number(process.env.BENCH_DIST_PAGES) || 40;
const WORKER_COUNTS = (process.env.BENCH_DIST_WORKERS ?? '1,2,4').split(',').map(Number);

function cli(args: string[]): { child: ChildProcess; stderr: () => string; exited: Promise<number | null> } {
  let stderr = '';
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return { child, stderr: () => stderr, exited: new Promise((r) => child.once('exit', r)) };
}

/** Peak resident memory of a live process (Linux VmHWM), in MB. */
function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

const AUDIT_PAGES = Number(process.env.BENCH_DIST_AUDIT_PAGES) || 16;

async function runWith(workers: number, sites: BenchSite[], binary: string, audit = false): Promise<{ seconds: number; peaks: number[]; out: string; cleanup: () => Promise<void> }> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), `gi-bench-dist-${workers}-`));
  const redis = new TestRedis(binary);
  await redis.start();
  try {
    const dir = path.join(tmp, 'sites');
    await mkdir(dir);
    for (const [i, site] of sites.entries()) {
      const browser = audit ? { loopbackOnly: true, maxPages: AUDIT_PAGES, lighthouse: process.env.BENCH_DIST_LIGHTHOUSE === '1', screenshots: false } : { enabled: false };
      const config = { site: { name: `基准测试站点${i + 1}`, url: `${site.origin}/index.html` }, newMedia: [], crawl: { maxPages: PAGES, retries: 0 }, browser, store: { dir: path.join(tmp, 'store') } };
      await writeFile(path.join(dir, `${String(i).padStart(2, '0')}.yaml`), JSON.stringify(config));
    }
    const procs = Array.from({ length: workers }, () => cli(['worker', '--redis', redis.url, '--concurrency', '1', ...(audit ? [] : ['--no-browser'])]));
    while (!procs.every((p) => p.stderr().includes('已连接'))) await new Promise((r) => setTimeout(r, 50));
    const started = performance.now();
    const coordinator = cli(['scan', '--config', dir, '--redis', redis.url, '--out', path.join(tmp, 'out'), '--as-of', '2026-11-28']);
    const code = await coordinator.exited;
    const seconds = (performance.now() - started) / 1000;
    if (code !== 0 && code !== 1) throw new Error(`coordinator exited ${code}: ${coordinator.stderr()}`);
    const peaks = procs.map((p) => peakRssMb(p.child.pid!));
    for (const p of procs) p.child.kill('SIGTERM');
    await Promise.all(procs.map((p) => p.exited));
    return { seconds, peaks, out: path.join(tmp, 'out'), cleanup: () => rm(tmp, { recursive: true, force: true }) };
  } finally {
    await redis.stop();
  }
}

/** Audited pages per minute of the audit phase of the one site in `out`. */
function auditRate(out: string): { pages: number; perMinute: number } {
  const folder = readdirSync(out).find((f) => existsSync(path.join(out, f, 'artifacts', 'browserAudits.json')))!;
  const audits = JSON.parse(readFileSync(path.join(out, folder, 'artifacts', 'browserAudits.json'), 'utf8')) as { pages: unknown[]; stats: { durationMs: number }; skipped: string | null };
  if (audits.skipped) throw new Error(`audits skipped: ${audits.skipped}`);
  return { pages: audits.pages.length, perMinute: audits.pages.length / (audits.stats.durationMs / 60_000) };
}

const { binary, skipReason } = redisForTests();
if (!binary) {
  console.log(`跳过分布式基准：${skipReason}`);
} else {
  const sites = await Promise.all(Array.from({ length: SITES }, () => startBenchSite(PAGES, { delayMs: [50, 200] })));
  try {
    console.log(`分布式基准：${SITES} 个网站 × ${PAGES} 页，服务器延迟 50–200 ms，默认礼貌策略（每主机 4 并发、间隔 200 ms）`);
    const results: { workers: number; seconds: number; peaks: number[] }[] = [];
    for (const workers of WORKER_COUNTS) {
      const r = await runWith(workers, sites, binary);
      await r.cleanup();
      results.push({ workers, ...r });
      const speedUp = results[0].seconds / r.seconds;
      console.log(`  ${workers} 个检查节点：用时 ${r.seconds.toFixed(1)} 秒，加速 ${speedUp.toFixed(2)} 倍，各节点内存峰值 ${r.peaks.map((p) => `${p.toFixed(0)} MB`).join('、')}`);
    }
    console.log(`浏览器检测：1 个网站抽检 ${AUDIT_PAGES} 个页面，每任务 4 个页面${process.env.BENCH_DIST_LIGHTHOUSE === '1' ? '，含 Lighthouse' : '（不含 Lighthouse）'}`);
    for (const workers of [1, 2]) {
      const r = await runWith(workers, sites.slice(0, 1), binary, true);
      const rate = auditRate(r.out);
      await r.cleanup();
      console.log(`  ${workers} 个带浏览器的节点：检测 ${rate.pages} 个页面，每分钟 ${rate.perMinute.toFixed(1)} 个页面，各节点内存峰值（不含 Chromium）${r.peaks.map((p) => `${p.toFixed(0)} MB`).join('、')}`);
    }
  } finally {
    await Promise.all(sites.map((s) => s.close()));
  }
}
