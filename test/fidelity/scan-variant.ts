import { NATIONAL_SERVICE_HOSTS } from '../../src/demo/demo-config.ts';
import { scanFixture, type FixtureSites } from '../helpers/fixture-scan.ts';

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

