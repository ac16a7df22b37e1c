import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanFixture, startFixtureSites, type FixtureSites, type FixtureScan } from '../helpers/fixture-scan.ts';

/** Requests and body bytes the site served from `from` on. */
function traffic(sites: FixtureSites, from: number) {
  const log = [...sites.site.log.slice(from)];
  return {
    requests: log.length,
    bytes: log.reduce((n, r) => n + (r.bytes ?? 0), 0),
    notModified: log.filter((r) => r.status === 304).length,
  };
}

describe('incremental rescan of an unchanged site (conditional requests, response cache)', () => {
  let sites: FixtureSites;
  let storeDir: string;
  let first: FixtureScan;
  let second: FixtureScan;
  let firstTraffic: ReturnType<typeof traffic>;
  let secondTraffic: ReturnType<typeof traffic>;
  let externalFirst = 0;
  let externalSecond = 0;

  beforeAll(async () => {
    sites = await startFixtureSites();
    storeDir = await mkdtemp(path.join(os.tmpdir(), 'gi-rescan-'));
    const config = () => ({ store: { dir: storeDir }, crawl: { timeoutMs: 1500 } });
    first = await scanFixture({ sites, config, linksOnly: true });
    firstTraffic = traffic(sites, 0);
    externalFirst = sites.external.log.length;
    const mark = sites.site.log.length;
    second = await scanFixture({ sites, config, linksOnly: true });
    secondTraffic = traffic(sites, mark);
    externalSecond = sites.external.log.length - externalFirst;
  }, 120_000);
  afterAll(async () => {
    await first?.cleanup();
    await second?.cleanup();
    await sites?.stop();
    await rm(storeDir, { recursive: true, force: true });
  });

  it('finds the same broken links both times', () => {
    const targets = (s: FixtureScan) => s.findings.brokenLinks.map((b) => `${b.source} ${b.target} ${b.status} ${b.error}`).sort();
    expect(targets(second)).toEqual(targets(first));
    expect(second.findings.stats.pagesCrawled).toBe(first.findings.stats.pagesCrawled);
  });

  it('revalidates unchanged pages with 304 and transfers far fewer bytes', () => {
    expect(secondTraffic.notModified).toBeGreaterThan(first.findings.stats.pagesCrawled * 0.8);
    expect(secondTraffic.bytes).toBeLessThan(firstTraffic.bytes * 0.25);
    console.log(`rescan: first ${firstTraffic.requests} req / ${firstTraffic.bytes} B; second ${secondTraffic.requests} req / ${secondTraffic.bytes} B (${secondTraffic.notModified}×304)`);
  });

  it('reuses other sites’ link results instead of asking them again', () => {
    expect(externalFirst).toBeGreaterThan(0);
    expect(externalSecond).toBe(0);
  });
});

describe('response cache revalidation', () => {
  it('reuses the body on 304 and takes the new one when the page changed', async () => {
    const { writeFile: write, mkdtemp: mk } = await import('node:fs/promises');
    const { FixtureServer } = await import('../../src/demo/fixture-server.ts');
    const { HttpFetcher } = await import('../../src/crawl/http-fetcher.ts');
    const { ResponseCache } = await import('../../src/crawl/response-cache.ts');
    const { validateConfig } = await import('../../src/config/load.ts');
    const root = await mk(path.join(os.tmpdir(), 'gi-reval-'));
    await write(path.join(root, 'index.html'), '<html><title>第一版</title></html>');
    const server = new FixtureServer({ root });
    await server.start();
    try {
      const crawl = validateConfig({ site: { name: 't', url: `${server.origin}/` }, newMedia: [] }).crawl;
      const fetchTwice = async () => {
        const cache = await ResponseCache.open(path.join(root, 'cache'));
        const fetcher = new HttpFetcher({ crawl, userAgent: 'test', cache });
        const r = await fetcher.fetch(`${server.origin}/index.html`);
        await fetcher.close();
        await cache.close();
        return { body: r.body?.toString(), status: r.status, notModified: fetcher.notModifiedCount, bytes: fetcher.bytesReceived };
      };
      const first = await fetchTwice();
      const second = await fetchTwice();
      expect(first).toMatchObject({ body: '<html><title>第一版</title></html>', notModified: 0 });
      expect(second).toMatchObject({ body: first.body, status: 200, notModified: 1, bytes: 0 });
      expect(server.log.at(-1)?.status).toBe(304);
      await write(path.join(root, 'index.html'), '<html><title>第二版</title></html>');
      const third = await fetchTwice();
      expect(third).toMatchObject({ body: '<html><title>第二版</title></html>', notModified: 0 });
    } finally {
      await server.stop();
      await rm(root, { recursive: true, force: true });
    }
  });
});
