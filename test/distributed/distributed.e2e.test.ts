import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigs } from '../../src/config/load-many.ts';
import { DEMO_AS_OF, demoConfig } from '../../src/demo/demo-config.ts';
import { DEMO_SITE_DIR, EXTERNAL_SITE_DIR, FIXTURES_DIR, FixtureServer } from '../../src/demo/fixture-server.ts';
import { runDistributedScans } from '../../src/distributed/coordinator.ts';
import { queueStatus } from '../../src/distributed/queue-status.ts';
import { runManyScans, siteFolderName } from '../../src/scan/run-many.ts';
import { comparable, startCli, until, type Proc } from '../helpers/distributed.ts';
import { redisForTests, TestRedis } from '../helpers/redis.ts';

const { binary, skipReason } = redisForTests();

function filesUnder(dir: string, match: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f)).filter((f) => match.test(f) && statSync(f).isFile());
}

/** Politeness under test: no host may ever see more requests at once than this. */
const PER_HOST = 2;
/** Shortened BullMQ lock / stalled interval and scan-folder lease, so a dead worker's site moves on in seconds. */
const LOCK_MS = 1_500;

describe.skipIf(skipReason !== null)(`distributed scan over BullMQ on a real Redis${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let tmp: string;
  let external: FixtureServer;
  let servers: FixtureServer[];
  let reference: Map<string, unknown>;
  const procs: Proc[] = [];
  const redises: TestRedis[] = [];

  /** Two workers and a coordinator against a fresh Redis, scanning into `<tmp>/<name>`. */
  /** `during` may replace the coordinator (Ctrl-C and a second one): the one it returns is awaited. */
  async function distributedRun(name: string, during?: (ctx: { workers: Proc[]; redis: TestRedis; coordinator: Proc; submit: () => Proc }) => Promise<Proc | void>) {
    const configDir = await writeConfigs(name);
    const redis = new TestRedis(binary!);
    redises.push(redis);
    await redis.start();
    const out = path.join(tmp, name);
    const workers = [0, 1].map(() => startCli(LOCK_MS, ['worker', '--redis', redis.url, '--concurrency', '2', '--no-browser']));
    procs.push(...workers);
    await until('workers ready', () => workers.every((w) => w.stderr.includes('已连接')));
    const submit = () => {
      const proc = startCli(LOCK_MS, ['scan', '--config', configDir, '--redis', redis.url, '--out', out, '--as-of', DEMO_AS_OF, '--no-browser']);
      procs.push(proc);
      return proc;
    };
    const first = submit();
    const coordinator = (await during?.({ workers, redis, coordinator: first, submit })) ?? first;
    const code = await coordinator.exited;
    return { out, code, coordinator, workers, redis, configDir, store: path.join(tmp, `${name}-store`) };
  }

  const NAMES = ['示例省生态环境厅', '示例市政务公开网', '示例市水务局', '示例县人民政府'];
  const BROKEN = '示例镇人民政府';

  /** One config per site, each run with its own store; plus a site whose every attempt fails (its store is under a file). */
  async function writeConfigs(name: string): Promise<string> {
    const dir = path.join(tmp, `${name}-sites`);
    await mkdir(dir);
    for (const [i, s] of servers.entries()) {
      const base = demoConfig(s.origin, external.origin) as Record<string, any>;
      const config = { ...base, site: { name: NAMES[i], url: `${s.origin}/` }, newMedia: i === 0 ? base.newMedia : [], crawl: { ...base.crawl, concurrency: PER_HOST, maxPages: 40 }, browser: { enabled: false }, store: { dir: path.join(tmp, `${name}-store`) } };
      await writeFile(path.join(dir, `${i}.yaml`), JSON.stringify(config));
    }
    await writeFile(path.join(tmp, 'not-a-folder'), '');
    const base = demoConfig(servers[0].origin, external.origin) as Record<string, any>;
    await writeFile(path.join(dir, '9.yaml'), JSON.stringify({ ...base, site: { name: BROKEN, url: 'http://127.0.0.1:9/' }, newMedia: [], browser: { enabled: false }, store: { dir: path.join(tmp, 'not-a-folder', 'store') } }));
    return dir;
  }

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'gi-dist-'));
    external = new FixtureServer({ root: EXTERNAL_SITE_DIR, host: '127.0.0.2' });
    await external.start();
    const roots = [DEMO_SITE_DIR, path.join(FIXTURES_DIR, 'columns-site'), path.join(FIXTURES_DIR, 'history-site'), path.join(FIXTURES_DIR, 'safety-site')];
    // The last site answers slowly, so a worker can be killed while it is in the middle of it.
    servers = roots.map((root, i) => new FixtureServer({ root, externalOrigin: '', delayMs: i === roots.length - 1 ? 40 : 0 }));
    for (const s of servers) {
      await s.start();
      s.externalOrigin = external.origin;
    }
    // The single-process scan every distributed result must equal.
    const local = await runManyScans(await loadConfigs(await writeConfigs('ref')), { sitesConcurrency: 4, outDir: path.join(tmp, 'ref'), asOf: DEMO_AS_OF });
    reference = new Map(local.rows.filter((r) => r.scanDir).map((r) => [r.url, comparable(path.join(r.scanDir!, 'findings.json'))]));
    expect(reference.size).toBe(servers.length);
    for (const s of servers) s.maxInFlight = 0;
  }, 120_000);

  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    for (const r of redises) await r.stop();
    await Promise.all([external?.stop(), ...(servers ?? []).map((s) => s.stop())]);
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  function expectSameFindings(out: string) {
    for (const s of servers) {
      const file = path.join(out, siteFolderName(s.origin), 'findings.json');
      expect(existsSync(file), file).toBe(true);
      expect(comparable(file), s.origin).toEqual(reference.get(`${s.origin}/`));
    }
  }

  function expectNoTornLines(dirs: string[]) {
    for (const file of dirs.flatMap((d) => filesUnder(d, /(\.jsonl|index\.json)$/))) {
      const text = readFileSync(file, 'utf8');
      if (file.endsWith('index.json')) expect(() => JSON.parse(text), file).not.toThrow();
      else for (const line of text.split('\n').filter(Boolean)) expect(() => JSON.parse(line), `${file}: ${line.slice(0, 80)}`).not.toThrow();
    }
  }

  it('two workers and a coordinator give every site the findings of a single-process scan, politely', async () => {
    const { out, code, coordinator, redis, configDir, store } = await distributedRun('run-plain');
    // The broken site fails every attempt: the folder is incomplete, so the run exits 3 (contract.md).
    expect(code, coordinator.stderr).toBe(3);
    expectSameFindings(out);
    const overview = readFileSync(path.join(out, 'overview.md'), 'utf8');
    expect(overview).toContain('共 5 个网站');
    // The site failing every attempt ends as a failed site with its reason, not a hang.
    expect(overview).toMatch(new RegExp(`${BROKEN}[^\n]*未能完成检查：3 次尝试均失败：[^\n]*not-a-folder`));
    for (const s of servers) expect(s.maxInFlight, s.origin).toBeLessThanOrEqual(PER_HOST);
    // Both workers took part, and the queue says all four are done.
    expect(procs.filter((p) => p.stderr.includes('开始检查')).length).toBeGreaterThanOrEqual(2);
    const status = await queueStatus(redis.url);
    expect(status.counts).toMatchObject({ completed: 4, failed: 1, active: 0, waiting: 0 });
    expect(status.failed[0].site).toBe(BROKEN);
    // Submitting the same run again adds no job: the stored results come back at once.
    const logs: string[] = [];
    const again = await runDistributedScans(await loadConfigs(configDir), { redis: redis.url, asOf: DEMO_AS_OF, scanDirOf: (l) => path.join(out, siteFolderName(l.config.site.url)), log: (line) => logs.push(line) });
    expect(again.filter((s) => s.result).map((s) => s.result!.scanDir).sort()).toEqual(servers.map((s) => path.join(out, siteFolderName(s.origin))).sort());
    expect(logs.filter((l) => l.includes('沿用该任务'))).toHaveLength(4);
    expect((await queueStatus(redis.url)).counts).toMatchObject({ completed: 4, failed: 1 });
    const statusCli = startCli(LOCK_MS, ['queue', 'status', '--redis', redis.url]);
    expect(await statusCli.exited).toBe(0);
    expect(statusCli.stdout).toMatch(/网站检查队列 \S+：等待 0，进行中 0，稍后重试 0，已完成 4，失败 1/);
    expect(statusCli.stdout).toContain(`失败：${BROKEN}`);
    expectNoTornLines([out, store]);
  }, 60_000);

  it('a worker killed with -9 in the middle of a site: the other worker continues that scan to identical findings', async () => {
    const slow = servers[3];
    const started = `[${NAMES[3]}] 由`;
    const before = slow.log.length;
    let victim: Proc | undefined;
    const { out, code, coordinator, workers, store } = await distributedRun('run-kill', async ({ workers }) => {
      await until('a worker starts the slow site', () => workers.some((w) => w.stderr.includes(started)));
      victim = workers.find((w) => w.stderr.includes(started))!;
      await until('the slow site half crawled', () => slow.log.length - before >= 8);
      victim.child.kill('SIGKILL');
    });
    expect(code, coordinator.stderr).toBe(3);
    const survivor = workers.find((w) => w !== victim)!;
    expect(survivor.stderr, survivor.stderr).toContain(started);
    expectSameFindings(out);
    // Continued, not restarted: the index holds one scan of the site, finished.
    const index = JSON.parse(readFileSync(path.join(store, 'index.json'), 'utf8')) as { scans: { site: { url: string }; status: string }[] };
    expect(index.scans.filter((s) => s.site.url === `${slow.origin}/`).map((s) => s.status)).toEqual(['done']);
    for (const s of servers) expect(s.maxInFlight, s.origin).toBeLessThanOrEqual(PER_HOST);
    expectNoTornLines([out, store]);
  }, 60_000);

  it('Redis killed with -9 and restarted mid-run (AOF on), coordinator interrupted and run again: the run completes with identical findings', async () => {
    const before = servers[0].log.length;
    let first: Proc | undefined;
    const { out, code, coordinator, store } = await distributedRun('run-redis', async ({ redis, coordinator, submit }) => {
      first = coordinator;
      await until('scans under way', () => servers[0].log.length - before >= 5);
      await redis.kill9();
      await new Promise((r) => setTimeout(r, 500));
      await redis.start();
      // Ctrl-C of the coordinator stops waiting only; the same command re-attaches to the jobs.
      coordinator.child.kill('SIGINT');
      expect(await coordinator.exited).toBe(130);
      return submit();
    });
    expect(first!.stderr).toContain('重新运行同一命令');
    expect(code, coordinator.stderr).toBe(3);
    expect(coordinator.stderr).toContain('沿用该任务');
    expectSameFindings(out);
    expectNoTornLines([out, store]);
  }, 60_000);
});
