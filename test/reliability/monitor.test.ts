import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import siteAvailability from '../../checks/site-availability.ts';
import { validateConfig } from '../../src/config/load.ts';
import { availabilityGatherer } from '../../src/monitor/availability-gatherer.ts';
import type { GatherContext } from '../../src/gather/types.ts';
import { FixtureServer } from '../../src/demo/fixture-server.ts';
import { appendProbe, probeLogFile, type ProbeRecord } from '../../src/monitor/probe-log.ts';
import { runMonitor } from '../../src/monitor/run-monitor.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');

/** A week of probes every 30 minutes ending on 2026-11-28 (China time), `failEvery`-th failing. */
async function seedWeek(storeDir: string, url: string, failEvery: number, perDay = 48): Promise<number> {
  const end = Date.parse('2026-11-29T00:00:00+08:00');
  let failures = 0;
  const step = 86_400_000 / perDay;
  for (let i = 0; i < 7 * perDay; i++) {
    const fail = failEvery > 0 && i % failEvery === 0;
    if (fail) failures++;
    const probe: ProbeRecord = { at: new Date(end - (i + 0.5) * step).toISOString(), url, ok: !fail, status: fail ? null : 200, error: fail ? 'timeout' : null, ms: fail ? 15000 : 80 };
    await appendProbe(storeDir, probe);
  }
  return failures;
}

async function judge(storeDir: string, url: string) {
  const config = validateConfig({ site: { name: '测试', url }, newMedia: [], store: { dir: storeDir } });
  const ctx = { config, baseDir: '/', asOf: '2026-11-28', homepageUrl: url } as unknown as GatherContext;
  const artifact = await availabilityGatherer.finish(ctx);
  const out = await siteAvailability.run({ availability: artifact }, { config, asOf: '2026-11-28', homepageUrl: url });
  return { artifact, out };
}

describe('availability monitor', () => {
  let tmp: string;
  let server: FixtureServer;
  let calls = 0;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'gi-monitor-'));
    server = new FixtureServer({
      root: path.join(ROOT, 'test/fixtures/site'),
      routes: {
        // Every third request fails: first a 503, then a page too slow for the limit.
        '/flaky.html': (_req, res) => {
          calls++;
          if (calls % 3 === 0) {
            res.writeHead(503);
            return void res.end();
          }
          if (calls % 3 === 2) return void setTimeout(() => res.end('<html>slow</html>'), 1500);
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          res.end('<html><title>首页</title></html>');
        },
      },
    });
    await server.start();
  });
  afterAll(async () => {
    await server.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it('stores every probe, counting errors and time-outs as failures', async () => {
    const storeDir = path.join(tmp, 'store1');
    const url = `${server.origin}/flaky.html`;
    const config = validateConfig({ site: { name: '测试', url }, newMedia: [], store: { dir: storeDir }, monitor: { timeoutMs: 700 } });
    for (let i = 0; i < 6; i++) await runMonitor([{ config, baseDir: '/' }], { once: true });
    const lines = (await readFile(probeLogFile(storeDir, url), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as ProbeRecord);
    expect(lines).toHaveLength(6);
    expect(lines.filter((p) => p.ok)).toHaveLength(2);
    expect(lines.filter((p) => p.error === 'timeout')).toHaveLength(2);
    expect(lines.filter((p) => p.error === 'http-503')).toHaveLength(2);
  }, 30_000);

  it('runs from the CLI with --once (as cron would) and keeps appending', async () => {
    const storeDir = path.join(tmp, 'store-cli');
    const cfg = path.join(tmp, 'site.yaml');
    await writeFile(cfg, `site:\n  name: 示例\n  url: ${server.origin}/\nnewMedia: []\nstore:\n  dir: ${storeDir}\n`);
    for (let i = 0; i < 2; i++) {
      const { stdout } = await run('node', [path.join(ROOT, 'src/cli/bin.js'), 'monitor', '--config', cfg, '--once'], { cwd: ROOT });
      expect(stdout).toContain('正常');
    }
    const lines = (await readFile(probeLogFile(storeDir, `${server.origin}/`), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(2);
  }, 120_000);

  it('vetoes at ≥5 % failures over a full week', async () => {
    const storeDir = path.join(tmp, 'veto');
    const failures = await seedWeek(storeDir, 'http://a.example.invalid/', 16); // 21 of 336 = 6.25 %
    const { artifact, out } = await judge(storeDir, 'http://a.example.invalid/');
    expect(artifact.probes).toBe(336);
    expect(artifact.failures).toBe(failures);
    expect(artifact.fullDays).toBe(7);
    expect(out.findings?.map((f) => f.indicator)).toEqual(['veto.site-unreachable']);
  });

  it('warns between 3 % and 5 %, passes below', async () => {
    const warnDir = path.join(tmp, 'warn');
    await seedWeek(warnDir, 'http://b.example.invalid/', 25); // 14 of 336 = 4.2 %
    const warn = await judge(warnDir, 'http://b.example.invalid/');
    expect(warn.out.findings?.map((f) => f.indicator)).toEqual(['warn.site-unreachable-monitor']);
    const okDir = path.join(tmp, 'ok');
    await seedWeek(okDir, 'http://c.example.invalid/', 100); // 4 of 336 = 1.2 %
    const ok = await judge(okDir, 'http://c.example.invalid/');
    expect(ok.out.findings).toEqual([]);
    expect(ok.out.status).toBeUndefined();
  });

  it('says it cannot judge (manual) with too few probes, rather than passing', async () => {
    const none = await judge(path.join(tmp, 'none'), 'http://d.example.invalid/');
    expect(none.out.status).toBe('manual');
    expect(none.out.reason).toContain('没有可用性监测数据');
    const fewDir = path.join(tmp, 'few');
    await seedWeek(fewDir, 'http://e.example.invalid/', 0, 10); // 10 a day: below 20
    const few = await judge(fewDir, 'http://e.example.invalid/');
    expect(few.out.status).toBe('manual');
    expect(few.out.reason).toContain('监测数据不足');
  });

  it('ignores probes outside the week and survives a torn last line', async () => {
    const storeDir = path.join(tmp, 'torn');
    const url = 'http://f.example.invalid/';
    await seedWeek(storeDir, url, 0);
    await appendProbe(storeDir, { at: '2026-11-01T00:00:00.000Z', url, ok: false, status: null, error: 'timeout', ms: 15000 });
    await writeFile(probeLogFile(storeDir, url), '{"at":"2026-11-28T01:00', { flag: 'a' });
    await appendProbe(storeDir, { at: '2026-11-28T02:00:00.000Z', url, ok: true, status: 200, error: null, ms: 50 });
    const { artifact, out } = await judge(storeDir, url);
    expect(artifact.probes).toBe(337);
    expect(artifact.failures).toBe(0);
    expect(out.findings).toEqual([]);
  });
});
