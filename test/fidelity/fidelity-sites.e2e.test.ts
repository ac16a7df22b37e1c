import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnsArtifact } from '../../src/columns/types.ts';
import type { ContentSafetyArtifact } from '../../src/content-safety/types.ts';
import { NATIONAL_SERVICE_HOSTS } from '../../src/demo/demo-config.ts';
import { FIXTURES_DIR } from '../../src/demo/fixture-server.ts';
import type { InteractionArtifact, ServicesArtifact } from '../../src/disclosure/types.ts';
import type { Finding } from '../../src/types.ts';
import { localPath, scanFixture, startFixtureSites, type FixtureScan, type FixtureSites } from '../helpers/fixture-scan.ts';

const ROOT = path.join(FIXTURES_DIR, 'fidelity');
/** Other sites the fixture homepage links (county portals, the CMS vendor, the 纠错 platform): answered by the loopback "other sites" server. */
const OTHER_HOSTS = ['www.qx1.gov.cn', 'www.qx2.gov.cn', 'www.qx3.gov.cn', 'www.trs.com.cn', 'pucha.kaipuyun.cn', 'www.ad-partner.com'];

/** Scans one variant (clean or faulty) of the fidelity site, browser off unless asked. */
export function scanVariant(sites: FixtureSites, variant: 'clean' | 'faulty', options: { browser?: boolean; followCountyHost?: boolean } = {}) {
  return scanFixture({
    sites,
    config: (s) => ({
      site: { name: '示例省生态环境厅', url: `${s.site.origin}/${variant}/`, include: [`/${variant}/`, '/fidelity/xzxx/'], extraHosts: options.followCountyHost ? [new URL(s.external.origin).host] : [] },
      newMedia: [],
      crawl: { sitemap: false, robots: false, concurrency: 8, intervalMs: 0, timeoutMs: 3000, retryBaseMs: 50, hostOverrides: Object.fromEntries([...NATIONAL_SERVICE_HOSTS, ...OTHER_HOSTS].map((h) => [h, s.external.origin])) },
      browser: options.browser ? { enabled: true, loopbackOnly: true, maxPages: 1, articlesPerColumn: 0, lighthouse: false, screenshots: false } : { enabled: false, loopbackOnly: true },
    }),
  });
}

describe('detector fidelity on real CMS markup (test/fixtures/fidelity)', () => {
  let sites: FixtureSites;
  let clean: FixtureScan;
  let faulty: FixtureScan;
  const of = (scan: FixtureScan, pred: (f: Finding) => boolean) => scan.findings.findings.filter(pred);
  const vetoes = (scan: FixtureScan) => of(scan, (f) => f.severity === 'veto').map((f) => [f.indicator, localPath(f.url ?? '', sites)]);
  const safety = (scan: FixtureScan, check: string) => of(scan, (f) => f.check === check).map((f) => [f.indicator, f.title]);
  const art = <T>(scan: FixtureScan, name: string) => scan.artifacts[name] as T;

  beforeAll(async () => {
    sites = await startFixtureSites(ROOT);
    clean = await scanVariant(sites, 'clean', { followCountyHost: true });
    faulty = await scanVariant(sites, 'faulty');
  }, 120_000);
  afterAll(async () => {
    await clean?.cleanup();
    await faulty?.cleanup();
    await sites?.stop();
  });

  it('debug', () => {
    console.log(JSON.stringify(clean.findings.findings.filter((f) => f.indicator !== 'deduct.required-item-missing').map((f) => [f.indicator, f.title, localPath(f.url ?? '', sites)]), null, 1));
    console.log(JSON.stringify(faulty.findings.findings.filter((f) => f.indicator !== 'deduct.required-item-missing').map((f) => [f.indicator, f.title, localPath(f.url ?? '', sites)]), null, 1));
  });
});
