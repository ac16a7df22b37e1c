import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigs } from '../../src/config/load-many.ts';
import { DEMO_AS_OF, demoConfig } from '../../src/demo/demo-config.ts';
import { DEMO_SITE_DIR, EXTERNAL_SITE_DIR, FIXTURES_DIR, FixtureServer } from '../../src/demo/fixture-server.ts';
import { queueStatus } from '../../src/distributed/queue-status.ts';
import { runManyScans, siteFolderName } from '../../src/scan/run-many.ts';
import { redisForTests, TestRedis } from '../helpers/redis.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'src/cli/bin.js');
/** Politeness under test: no host may ever see more requests at once than this. */
const PER_HOST = 2;
/** Shortened BullMQ lock / stalled interval and scan-folder lease, so a dead worker's site moves on in seconds. */
const LOCK_MS = 2_000;
const { binary, skipReason } = redisForTests();

interface Proc {
  child: ChildProcess;
  stderr: string;
  stdout: string;
  exited: Promise<number | null>;
}

function startCli(args: string[]): Proc {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, GOV_INSPECTOR_QUEUE_LOCK_MS: String(LOCK_MS) }, stdio: ['ignore', 'pipe', 'pipe'] });
  const proc: Proc = { child, stderr: '', stdout: '', exited: new Promise((r) => child.once('exit', (code) => r(code))) };
  child.stdout!.on('data', (c: Buffer) => (proc.stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (proc.stderr += c.toString()));
  return proc;
}

async function until(what: string, test: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** findings.json without what differs between two runs of the same scan: ids and timings. */
function comparable(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'), (key, value) => (['scanId', 'durationMs', 'generatedAt', 'startedAt', 'finishedAt', 'elapsedMs'].includes(key) ? undefined : value));
}

function filesUnder(dir: string, match: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f)).filter((f) => match.test(f) && statSync(f).isFile());
}

describe.skipIf(skipReason !== null)(`distributed scan over BullMQ on a real Redis${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let tmp: string;
  let external: FixtureServer;
  let servers: FixtureServer[];
  let configDir: string;
  let reference: Map<string, unknown>;
  const procs: Proc[] = [];
  const redises: TestRedis[] = [];

  /** Two workers and a coordinator against a fresh Redis, scanning into `<tmp>/<name>`. */
  async function distributedRun(name: string, during?: (ctx: { workers: Proc[]; redis: TestRedis; coordinator: Proc }) => Promise<void>) {
    const redis = new TestRedis(binary!);
    redises.push(redis);
    await redis.start();
    const out = path.join(tmp, name);
    const workers = [0, 1].map(() => startCli(['worker', '--redis', redis.url, '--concurrency', '2', '--no-browser']));
    procs.push(...workers);
    await until('workers ready', () => workers.every((w) => w.stderr.includes('已连接')));
    const coordinator = startCli(['scan', '--config', configDir, '--redis', redis.url, '--out', out, '--as-of', DEMO_AS_OF, '--no-browser']);
    procs.push(coordinator);
    await during?.({ workers, redis, coordinator });
    const code = await coordinator.exited;
    return { out, code, coordinator, workers, redis };
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
    configDir = path.join(tmp, 'sites');
    await mkdir(configDir);
    const names = ['示例省生态环境厅', '示例市政务公开网', '示例市水务局', '示例县人民政府'];
    for (const [i, s] of servers.entries()) {
      const base = demoConfig(s.origin, external.origin) as Record<string, any>;
      const config = { ...base, site: { name: names[i], url: `${s.origin}/` }, newMedia: i === 0 ? base.newMedia : [], crawl: { ...base.crawl, concurrency: PER_HOST, maxPages: 40 }, browser: { enabled: false }, store: { dir: path.join(tmp, 'store') } };
      await writeFile(path.join(configDir, `${i}.yaml`), JSON.stringify(config));
    }
    // The single-process scan every distributed result must equal.
    const loaded = (await loadConfigs(configDir)).map((l) => ({ ...l, config: { ...l.config, store: { ...l.config.store, dir: path.join(tmp, 'ref-store') } } }));
    const local = await runManyScans(loaded, { sitesConcurrency: 4, outDir: path.join(tmp, 'ref'), asOf: DEMO_AS_OF });
    reference = new Map(local.rows.map((r) => [r.url, comparable(path.join(r.scanDir!, 'findings.json'))]));
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
    const { out, code, coordinator, redis } = await distributedRun('run-plain');
    expect([0, 1], coordinator.stderr).toContain(code);
    expectSameFindings(out);
    expect(readFileSync(path.join(out, 'overview.md'), 'utf8')).toContain('共 4 个网站');
    for (const s of servers) expect(s.maxInFlight, s.origin).toBeLessThanOrEqual(PER_HOST);
    // Both workers took part, and the queue says all four are done.
    expect(procs.filter((p) => p.stderr.includes('开始检查')).length).toBeGreaterThanOrEqual(2);
    const status = await queueStatus(redis.url);
    expect(status.counts).toMatchObject({ completed: 4, failed: 0, active: 0, waiting: 0 });
    // Submitting the same run again adds no job: the stored results are reused at once.
    const again = startCli(['scan', '--config', configDir, '--redis', redis.url, '--out', out, '--as-of', DEMO_AS_OF, '--no-browser']);
    expect(await again.exited).toBe(code);
    expect(again.stderr).toContain('沿用该任务');
    expect((await queueStatus(redis.url)).counts.completed).toBe(4);
    expectNoTornLines([out, path.join(tmp, 'store')]);
  }, 60_000);
});
