import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_BATCH_PAGES } from '../../src/accessibility/browser-audits-gatherer.ts';
import type { BrowserAuditsArtifact } from '../../src/accessibility/types.ts';
import { validateConfig } from '../../src/config/load.ts';
import { DEMO_AS_OF, demoConfig } from '../../src/demo/demo-config.ts';
import { EXTERNAL_SITE_DIR, FIXTURES_DIR, FixtureServer } from '../../src/demo/fixture-server.ts';
import { runScan } from '../../src/scan/run-scan.ts';
import { browserForTests } from '../helpers/browser.ts';
import { comparable, startCli, until, type Proc } from '../helpers/distributed.ts';
import { redisForTests, TestRedis } from '../helpers/redis.ts';

const redisCheck = redisForTests();
const browserCheck = browserForTests();
const skipReason = redisCheck.skipReason ?? browserCheck.skipReason;
/** No stalls under test here: a lock long enough for Chromium starting on a busy machine. */
const LOCK_MS = 15_000;

/**
 * The audit artifact without timings, the browser's path (machines may differ) and the
 * text length measured at `load`: on the page whose list a script fetches, it depends on
 * whether that fetch has finished, in a local scan as much as in a distributed one.
 */
function auditsOf(scanDir: string): unknown {
  const a = comparable(path.join(scanDir, 'artifacts', 'browserAudits.json')) as BrowserAuditsArtifact;
  const pages = a.pages.map((p) => ({ ...p, text: p.text && { ...p.text, chars: undefined } }));
  return { ...a, pages, browser: a.browser && { cjkFont: a.browser.cjkFont }, stats: undefined };
}

describe.skipIf(skipReason !== null)(`browser audits on their own queue, taken by workers with Chromium${skipReason ? `（跳过：${skipReason}）` : ''}`, () => {
  let tmp: string;
  let site: FixtureServer;
  let external: FixtureServer;
  let redis: TestRedis;
  let configFile: string;
  let localDir: string;
  const procs: Proc[] = [];

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'gi-dist-audit-'));
    external = new FixtureServer({ root: EXTERNAL_SITE_DIR, host: '127.0.0.2' });
    await external.start();
    site = new FixtureServer({ root: path.join(FIXTURES_DIR, 'a11y-site'), externalOrigin: external.origin });
    await site.start();
    const base = demoConfig(site.origin, external.origin) as Record<string, any>;
    // One request at a time: the article sampled per column is the first one crawled, so
    // the crawl order (and with it the sample) must not vary between the two scans.
    const config = (store: string) => ({ ...base, site: { name: '示例无障碍站', url: `${site.origin}/` }, newMedia: [], crawl: { ...base.crawl, concurrency: 1 }, browser: { ...base.browser, lighthouse: false, maxPages: 8, articlesPerColumn: 1 }, store: { dir: path.join(tmp, store) } });
    const local = await runScan(validateConfig(config('local-store')), { baseDir: tmp, asOf: DEMO_AS_OF, outDir: path.join(tmp, 'local') });
    localDir = local.scanDir;
    configFile = path.join(tmp, 'site.yaml');
    await writeFile(configFile, JSON.stringify(config('dist-store')));
    redis = new TestRedis(redisCheck.binary!);
    await redis.start();
  }, 180_000);

  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await redis?.stop();
    await Promise.all([site?.stop(), external?.stop()]);
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('spreads one site\'s audits over two browser workers and gives the findings of a local scan', async () => {
    // One worker scans no site (concurrency is per site job; the other takes the site), both audit.
    const workers = [startCli(LOCK_MS, ['worker', '--redis', redis.url]), startCli(LOCK_MS, ['worker', '--redis', redis.url])];
    procs.push(...workers);
    await until('workers ready', () => workers.every((w) => w.stderr.includes('并承担浏览器检测')));
    const coordinator = startCli(LOCK_MS, ['scan', '--config', configFile, '--redis', redis.url, '--out', path.join(tmp, 'dist'), '--as-of', DEMO_AS_OF]);
    procs.push(coordinator);
    const code = await coordinator.exited;
    expect([0, 1], coordinator.stderr).toContain(code);
    expect(coordinator.stdout).toContain('示例无障碍站');
    const audits = JSON.parse(readFileSync(path.join(tmp, 'dist', 'artifacts', 'browserAudits.json'), 'utf8')) as BrowserAuditsArtifact;
    expect(audits.skipped, JSON.stringify(audits).slice(0, 600) + workers.map((w) => w.stderr).join('\n---\n')).toBeNull();
    // Batches of AUDIT_BATCH_PAGES, and both workers audited some of them.
    const batches = workers.map((w) => (w.stderr.match(/浏览器检测 \d+ 个页面/g) ?? []).length);
    expect(batches.reduce((a, b) => a + b), workers.map((w) => w.stderr).join('\n---\n')).toBe(Math.ceil(audits.pages.length / AUDIT_BATCH_PAGES));
    expect(batches.every((n) => n > 0), workers.map((w) => w.stderr).join('\n---\n')).toBe(true);
    expect(auditsOf(path.join(tmp, 'dist'))).toEqual(auditsOf(localDir));
    expect(comparable(path.join(tmp, 'dist', 'findings.json'))).toEqual(comparable(path.join(localDir, 'findings.json')));
  }, 120_000);
});
