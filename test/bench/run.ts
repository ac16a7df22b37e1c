/**
 * `npm run bench` / `npm run bench:peer`: gov-inspector against linkinator 7 (the peer)
 * on one generated site (two pages in five of 20–60 KB), same concurrency, several runs.
 * Each run measures, back to back: a full `gov-inspector scan --no-browser` through the
 * CLI (every gatherer, check, score and report), linkinator 7, and gov-inspector's
 * links-only crawl. Prints pages/s, links/s, peak RSS, both ratios against linkinator of
 * the same run, the broken links each found, the median ratios, and a CPU profile summary
 * (top five modules and functions by self time) of one more full scan, and the fixed cost
 * of a scan (the same CLI scan of a one-page site: start-up, judging, six reports), which
 * bounds the ratio any page speed can reach, and the ceiling the full scan's CPU time sets
 * on the ratio however its work is spread over the cores.
 *
 * Every tool is held to the same concurrency on the wire (linkinator's own option bounds
 * nothing, see crawl-linkinator.mjs); each row shows the most connections the tool held
 * open to the site at once.
 *
 * Env: BENCH_PAGES (default 5000), BENCH_RUNS (3), BENCH_CONCURRENCY (16),
 * BENCH_PROFILE (1; 0 skips the profiled scan), BENCH_DELAY_MS (e.g. `20,60`: every answer
 * waits that long, as a real server's do; default none, so the tools' own costs show),
 * BENCH_BROKEN_EVERY (e.g. 3: every third page also links a removed page, about as broken
 * as the site the speed target was first measured on; default none), BENCH_PEER_UNBOUNDED (1: also runs
 * linkinator as it comes, with its connections unbounded, as the target was first measured).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fullScan, linkinator, linksOnly, type Measure } from './children.ts';
import { startBenchSite } from './generate-site.ts';
import { formatSummary, summariseProfile } from './profile-summary.ts';

const PAGES = Number(process.env.BENCH_PAGES ?? 5_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const PROFILE = process.env.BENCH_PROFILE !== '0';
const DELAY = process.env.BENCH_DELAY_MS ? (process.env.BENCH_DELAY_MS.split(',').map(Number) as [number, number]) : undefined;
const BROKEN_EVERY = Number(process.env.BENCH_BROKEN_EVERY ?? 0);
const PEER_UNBOUNDED = process.env.BENCH_PEER_UNBOUNDED === '1';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');

function row(m: Measure & { maxConnections: number }, expected: Set<string>, kind: string): string {
  const found = new Set(m.broken);
  const missing = [...expected].filter((b) => !found.has(b)).length;
  const extra = [...found].filter((b) => !expected.has(b)).length;
  const exact = missing === 0 && extra === 0;
  return `${`${m.label}${kind}`.padEnd(24)} ${String(m.pages).padStart(6)} 页  ${(m.pages / m.seconds).toFixed(0).padStart(5)} 页/秒  ${(m.links / m.seconds).toFixed(0).padStart(6)} 链接/秒  峰值内存 ${(m.peakRss / 2 ** 20).toFixed(0).padStart(4)} MB  用时 ${m.seconds.toFixed(1).padStart(5)} 秒  CPU ${m.cpuSeconds.toFixed(1).padStart(5)} 秒  同时连接至多 ${String(m.maxConnections).padStart(3)}  失效链接 ${found.size}/${expected.size}${exact ? ' 完全一致' : `（漏 ${missing}，多 ${extra}）`}`;
}

/** Speed by wall time (what the user waits for) and by CPU time (steadier on a shared machine). */
const ratios = (ours: Measure, peer: Measure) => ({
  speed: ours.pages / ours.seconds / (peer.pages / peer.seconds),
  cpu: ours.pages / ours.cpuSeconds / (peer.pages / peer.cpuSeconds),
  memory: ours.peakRss / peer.peakRss,
});

/** The same full scan of a one-page site: what a scan costs before it reads any page. */
async function fixedCost(concurrency: number): Promise<Measure> {
  const one = await startBenchSite(1);
  try {
    return await fullScan(one.origin, 1, concurrency);
  } finally {
    await one.close();
  }
}

const site = await startBenchSite(PAGES, { delayMs: DELAY, extraBrokenEvery: BROKEN_EVERY });
/** Runs one tool and notes the most connections it held open to the site at once. */
async function onWire(run: () => Promise<Measure>): Promise<Measure & { maxConnections: number }> {
  site.traffic.maxConnections = 0;
  const m = await run();
  return { ...m, maxConnections: site.traffic.maxConnections };
}
const peerSeconds: number[] = [];
const peerCpu: number[] = [];
const fullCpu: number[] = [];
const results: { run: number; load: string; full: ReturnType<typeof ratios>; links: ReturnType<typeof ratios>; exact: boolean }[] = [];
try {
  process.stderr.write(`基准站点：${PAGES} 个页面（${Math.round((PAGES * 2) / 5)} 个 20–60 KB），${site.brokenTargets.size} 个失效链接，${DELAY ? `每次应答 ${DELAY[0]}–${DELAY[1]} 毫秒，` : ''}并发 ${CONCURRENCY}，${RUNS} 轮，${os.cpus().length} 核，负载 ${load()}\n`);
  const exactly = (m: Measure) => m.broken.length === site.brokenTargets.size && m.broken.every((b) => site.brokenTargets.has(b));
  for (let run = 1; run <= RUNS; run++) {
    const before = load();
    const full = await onWire(() => fullScan(site.origin, PAGES, CONCURRENCY));
    const peer = await onWire(() => linkinator(site.origin, CONCURRENCY));
    peerSeconds.push(peer.seconds);
    peerCpu.push(peer.cpuSeconds);
    fullCpu.push(full.cpuSeconds);
    const crawl = await onWire(() => linksOnly(site.origin, CONCURRENCY));
    const unbounded = PEER_UNBOUNDED ? await onWire(() => linkinator(site.origin, CONCURRENCY, { unbounded: true })) : null;
    const r = { run, load: before, full: ratios(full, peer), links: ratios(crawl, peer), exact: exactly(full) && exactly(crawl) };
    results.push(r);
    console.log(`第 ${run} 轮（开始时负载 ${before}）`);
    console.log(row(full, site.brokenTargets, ' 完整检查'));
    console.log(row(crawl, site.brokenTargets, ' 仅链接'));
    console.log(row(peer, site.brokenTargets, ''));
    if (unbounded) console.log(`${row(unbounded, site.brokenTargets, '（不限连接）')}　完整检查速度比 ${ratios(full, unbounded).speed.toFixed(2)}×　内存比 ${ratios(full, unbounded).memory.toFixed(2)}`);
    console.log(`完整检查：速度比 ${r.full.speed.toFixed(2)}×（按 CPU ${r.full.cpu.toFixed(2)}×）　内存比 ${r.full.memory.toFixed(2)}　｜　仅链接：速度比 ${r.links.speed.toFixed(2)}×（按 CPU ${r.links.cpu.toFixed(2)}×）　内存比 ${r.links.memory.toFixed(2)}`);
  }
  const med = (pick: (r: (typeof results)[number]) => number) => median(results.map(pick));
  const fixed = await fixedCost(CONCURRENCY);
  console.log(
    `\n${RUNS} 轮中位数：完整检查 速度比 ${med((r) => r.full.speed).toFixed(2)}×（目标 ≥3；按 CPU ${med((r) => r.full.cpu).toFixed(2)}×）内存比 ${med((r) => r.full.memory).toFixed(2)}（目标 ≤0.6）｜ 仅链接 速度比 ${med((r) => r.links.speed).toFixed(2)}×（按 CPU ${med((r) => r.links.cpu).toFixed(2)}×）内存比 ${med((r) => r.links.memory).toFixed(2)}｜ 失效链接${results.every((r) => r.exact) ? '每轮完全一致' : '有出入'}｜ 结束时负载 ${load()}`,
  );
  console.log(
    `固定开销（一页站点的完整检查：启动、评判、六种报告）：用时 ${fixed.seconds.toFixed(2)} 秒，CPU ${fixed.cpuSeconds.toFixed(2)} 秒，峰值内存 ${(fixed.peakRss / 2 ** 20).toFixed(0)} MB｜ linkinator 本站用时中位数 ${median(peerSeconds).toFixed(2)} 秒，其 1/3 为 ${(median(peerSeconds) / 3).toFixed(2)} 秒`,
  );
  // No scheduling beats the CPU work divided over the cores: the ceiling of the speed ratio.
  const cores = os.cpus().length;
  const floorSeconds = median(fullCpu) / cores;
  const allowed = median(peerSeconds) / 3;
  console.log(
    `${cores} 核上限（未计站点服务器自身占用）：完整检查 CPU 中位数 ${median(fullCpu).toFixed(2)} 秒，${cores} 核全部用满时用时也不少于 ${floorSeconds.toFixed(2)} 秒，速度比至多 ${(median(peerSeconds) / floorSeconds).toFixed(2)}×｜ 速度比 3× 要求用时 ${allowed.toFixed(2)} 秒，即 CPU 不超过 ${(allowed * cores).toFixed(2)} 秒（linkinator 只检查链接用 CPU ${median(peerCpu).toFixed(2)} 秒）`,
  );
  if (PROFILE) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gi-bench-prof-'));
    try {
      const profiled = await fullScan(site.origin, PAGES, CONCURRENCY, { profileDir: dir });
      console.log(`\n完整检查（CPU 剖析中，${profiled.seconds.toFixed(1)} 秒）`);
      if (profiled.profiles?.length) console.log(`（${profiled.profiles.length} 个线程）\n${formatSummary(summariseProfile(profiled.profiles))}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  process.stdout.write(`${JSON.stringify({ pages: PAGES, runs: results })}\n`);
} finally {
  await site.close();
}
