import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrawlArtifact } from '../../src/crawl/crawl-artifact.ts';
import type { FixtureServer } from '../../src/demo/fixture-server.ts';
import { articlePage, govPage, hardeningConfig, scanSite, sendHtml, startExternal, startSite, type HardeningScan } from '../helpers/hardening-site.ts';

/**
 * crawl.maxPages counts URLs when they are requested, so link targets that turn out missing
 * count too. A reader who set maxPages 4 and sees 2 pages crawled must be told where the
 * other two went, not only that the limit was reached.
 */
describe('page budget spent partly on missing link targets', () => {
  let site: FixtureServer;
  let external: FixtureServer;
  let scan: HardeningScan;
  beforeAll(async () => {
    external = await startExternal();
    const links = ['/gone-1.html', '/gone-2.html', '/a.html', '/b.html', '/c.html'].map((href, i) => `<li><a href="${href}">链接${i + 1}</a></li>`).join('');
    site = await startSite({
      '/': (_req, res) => sendHtml(res, govPage('测试省生态环境厅', `<ul>${links}</ul>`)),
      '/a.html': (_req, res) => sendHtml(res, articlePage('文章甲')),
      '/b.html': (_req, res) => sendHtml(res, articlePage('文章乙')),
      '/c.html': (_req, res) => sendHtml(res, articlePage('文章丙')),
    });
    scan = await scanSite(hardeningConfig(`${site.origin}/`, external.origin, { crawl: { maxPages: 4 } }));
  });
  afterAll(async () => {
    await Promise.all([site.stop(), external.stop()]);
    await rm(scan.dir, { recursive: true, force: true });
  });

  it('records the budget and what it was charged with', () => {
    const crawl = scan.artifacts.crawl as CrawlArtifact;
    expect(crawl.pageBudget).toEqual({ max: 4, charged: 4 });
    expect(crawl.pagesCrawled).toBe(2);
    expect(crawl.limitSkipped.maxPages).toBe(2);
  });

  it('the coverage line names the limit and the URLs that were not pages', () => {
    const line = scan.outcome.findings.coverage.find((c) => c.what === '2 个页面未抓取');
    expect(line?.why).toBe('达到最多抓取页面数（crawl.maxPages = 4）；计入此数的 4 个网址中有 2 个不存在、打不开或不是网页，未计为抓取页面');
  });

  it('the missing targets are still broken links', () => {
    const broken = scan.outcome.findings.brokenLinks.map((b) => new URL(b.target).pathname).sort();
    expect(broken).toEqual(['/gone-1.html', '/gone-2.html']);
  });
});
