import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/load.ts';
import { PAGES_FILE } from '../../src/crawl/crawler.ts';
import { DEMO_AS_OF, demoConfig } from '../../src/demo/demo-config.ts';
import { DEMO_SITE_DIR, EXTERNAL_SITE_DIR, FixtureServer } from '../../src/demo/fixture-server.ts';
import { runScan } from '../../src/scan/run-scan.ts';
import { loadArtifacts } from '../../src/store/artifact-files.ts';
import { LowdbScanStore } from '../../src/store/lowdb-store.ts';

/** A stable pseudo-random delay per path, so each profile is slow on different pages. */
function delayProfile(seed: number): (urlPath: string) => number {
  return (urlPath) => {
    let h = seed;
    for (const ch of urlPath) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    return h % 3 === 0 ? 60 : h % 3 === 1 ? 15 : 0;
  };
}

/**
 * A budget-capped crawl reads the same pages however the server's answers are timed: what
 * each page links to is admitted in frontier order, so a rerun, a resumed scan or a scan
 * continued by another worker (distributed mode) gives the same findings.
 */
describe('a budget-capped crawl does not depend on response timing', () => {
  let tmp: string;
  let external: FixtureServer;
  const runs: { pages: string[]; broken: string[]; skipped: number }[] = [];

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'gi-determinism-'));
    external = new FixtureServer({ root: EXTERNAL_SITE_DIR, host: '127.0.0.2' });
    await external.start();
    for (const [i, delayMs] of [0, delayProfile(7), delayProfile(13)].entries()) {
      const site = new FixtureServer({ root: DEMO_SITE_DIR, externalOrigin: external.origin, delayMs });
      await site.start();
      try {
        const base = demoConfig(site.origin, external.origin) as Record<string, any>;
        const config = validateConfig({ ...base, newMedia: [], browser: { enabled: false }, crawl: { ...base.crawl, concurrency: 4, maxPages: 40 }, store: { dir: path.join(tmp, `store-${i}`) } }, '测试配置');
        const outcome = await runScan(config, { baseDir: tmp, store: new LowdbScanStore(path.join(tmp, `store-${i}`)), asOf: DEMO_AS_OF, linksOnly: true });
        const lines = (await readFile(path.join(outcome.scanDir, PAGES_FILE), 'utf8')).split('\n').filter(Boolean);
        const { links, crawl } = (await loadArtifacts(outcome.scanDir)) as Record<string, any>;
        const local = (u: string) => u.replace(site.origin, '');
        runs.push({
          // Pages are read as they arrive, so the file's order follows the timing; the set may not.
          pages: lines.map((l) => local(JSON.parse(l).url)).sort(),
          broken: links.broken.map((b: { target: string }) => local(b.target)),
          skipped: crawl.limitSkipped.maxPages,
        });
      } finally {
        await site.stop();
      }
    }
  }, 120_000);

  afterAll(async () => {
    await external?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('reads the same pages and finds the same broken links under three timing profiles', () => {
    expect(runs).toHaveLength(3);
    // The budget really cuts the crawl, or the test proves nothing.
    expect(runs[0].skipped).toBeGreaterThan(0);
    expect(runs[0].pages.length).toBeGreaterThanOrEqual(30);
    for (const run of runs.slice(1)) {
      expect(run.pages).toEqual(runs[0].pages);
      expect(run.broken).toEqual(runs[0].broken);
      expect(run.skipped).toBe(runs[0].skipped);
    }
  });
});
