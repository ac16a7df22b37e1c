import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrawlArtifact } from '../../src/crawl/crawl-artifact.ts';
import type { FixtureServer } from '../../src/demo/fixture-server.ts';
import { articlePage, govPage, hardeningConfig, listPage, scanSite, sendHtml, startExternal, startSite, type HardeningScan } from '../helpers/hardening-site.ts';

/**
 * Bounds (documented in README "Limits"): with --max-pages 50 a homepage of 100,000 links
 * and a page of 100,000 nested divs each finish within 60 s on a shared 2-core CI machine
 * (measured ~10-20 s), and no stage fetches more than 50 pages of the site.
 */
const BOUND_MS = 60_000;
const NAV = `<ul class="nav"><li><a href="/xwdt/">工作动态</a></li><li><a href="/tzgg/">通知公告</a></li></ul>`;
const LATEST = `<div class="news"><ul><li><a href="/xwdt/art_0.html">生态环境保护工作会议召开</a><span>2026-11-20</span></li></ul></div>`;

const columnRoutes = {
  '/xwdt/': (_req: unknown, res: Parameters<typeof sendHtml>[0]) => sendHtml(res, listPage('工作动态', '/xwdt/')),
  '/tzgg/': (_req: unknown, res: Parameters<typeof sendHtml>[0]) => sendHtml(res, listPage('通知公告', '/tzgg/')),
};
const articleRoutes = {
  '/xwdt/art_': (_req: unknown, res: Parameters<typeof sendHtml>[0]) => sendHtml(res, articlePage('工作动态文章')),
  '/tzgg/art_': (_req: unknown, res: Parameters<typeof sendHtml>[0]) => sendHtml(res, articlePage('通知公告文章')),
  '/p/': (_req: unknown, res: Parameters<typeof sendHtml>[0]) => sendHtml(res, articlePage('第 N 条')),
};

interface HomepageScan {
  site: FixtureServer;
  external: FixtureServer;
  scan: HardeningScan;
  crawl: CrawlArtifact;
  stop(): Promise<void>;
}

/** Serves `homepage` with two columns and their articles, and scans it with `crawl` settings. */
async function scanHomepage(homepage: string, crawl: Record<string, unknown>): Promise<HomepageScan> {
  const external = await startExternal();
  const site = await startSite({ '/': (_req, res) => sendHtml(res, homepage), ...columnRoutes }, articleRoutes);
  const scan = await scanSite(hardeningConfig(`${site.origin}/`, external.origin, { crawl }));
  return {
    site,
    external,
    scan,
    crawl: scan.artifacts.crawl as CrawlArtifact,
    async stop() {
      await Promise.all([site.stop(), external.stop()]);
      await rm(scan.dir, { recursive: true, force: true });
    },
  };
}

describe('one page budget for every stage: a 100,000-link homepage with maxPages 50', () => {
  let run: HomepageScan;

  beforeAll(async () => {
    const links = Array.from({ length: 100_000 }, (_, i) => `<li><a href="/p/${i}/">第${i}条</a></li>`).join('');
    const homepage = govPage('测试省生态环境厅', `${NAV}${LATEST}<ul class="all">${links}</ul>`);
    run = await scanHomepage(homepage, { maxPages: 50, maxLinksPerPage: 20_000 });
  }, BOUND_MS * 2);
  afterAll(() => run?.stop());

  it(`finishes within ${BOUND_MS / 1000} s`, () => {
    expect(run.scan.elapsedMs).toBeLessThan(BOUND_MS);
  });

  it('fetches at most maxPages pages of the site over all stages (crawl and gather)', () => {
    const pageGets = run.site.requests(/^\/(\?.*)?$|^\/(p|xwdt|tzgg)\//).filter((r) => r.method === 'GET');
    expect(new Set(pageGets.map((r) => r.url)).size).toBeLessThanOrEqual(50);
    expect(run.scan.outcome.findings.stats.pagesCrawled).toBeLessThanOrEqual(50);
  });

  it('counts every request of every stage: stats.requests equals what the servers logged', () => {
    expect(run.scan.outcome.findings.stats.requests).toBe(run.site.requests(/.*/).length + run.external.requests(/.*/).length);
  });

  it('says in coverage what the caps cut: links per page and pages over the budget', () => {
    expect(run.crawl.cut?.linksPerPage).toBeGreaterThan(80_000);
    expect(run.crawl.limitSkipped.maxPages).toBeGreaterThan(0);
    const coverage = run.scan.outcome.findings.coverage.map((c) => `${c.what}（${c.why}）`).join('\n');
    expect(coverage).toContain('crawl.maxLinksPerPage');
    expect(coverage).toContain('crawl.maxPages');
  });

  it('is a complete scan with a verdict (the cut is coverage, not failure)', () => {
    expect(run.scan.outcome.findings.partial).toBe(false);
    expect(run.scan.outcome.exitCode).not.toBe(3);
  });
});

describe('deep HTML: a homepage of 100,000 nested divs', () => {
  let run: HomepageScan;

  beforeAll(async () => {
    const depth = 100_000;
    const deep = `${'<div>'.repeat(depth)}<a href="/xwdt/art_1.html">深处的链接</a>${'</div>'.repeat(depth)}`;
    const homepage = govPage('测试省生态环境厅', `${NAV}${LATEST}${deep}`);
    run = await scanHomepage(homepage, { maxPages: 50 });
  }, BOUND_MS * 2);
  afterAll(() => run?.stop());

  it(`finishes within ${BOUND_MS / 1000} s and reports the flattened nesting in coverage`, () => {
    expect(run.scan.elapsedMs).toBeLessThan(BOUND_MS);
    expect(run.crawl.cut?.deepElements).toBeGreaterThan(90_000);
    expect(run.scan.outcome.findings.coverage.some((c) => c.what.includes('嵌套过深'))).toBe(true);
  });

  it('opens the homepage and still finds the link nested 100,000 levels deep', () => {
    expect(run.crawl.homepage.status).toBe(200);
    expect(run.scan.outcome.findings.partial).toBe(false);
    expect(run.site.requests('/xwdt/art_1.html').length).toBeGreaterThan(0);
  });

  it('judges the columns: no gatherer died, column freshness ran on real columns', () => {
    const failed = run.scan.outcome.findings.checks.filter((c) => c.status === 'error');
    expect(failed).toEqual([]);
    const columns = run.scan.outcome.findings.checks.find((c) => c.id === 'column-freshness');
    expect(columns?.status).not.toBe('skipped');
    expect(run.scan.outcome.findings.columns.map((c) => c.name)).toEqual(expect.arrayContaining(['工作动态', '通知公告']));
    const homepage = run.scan.outcome.findings.checks.find((c) => c.id === 'homepage-freshness');
    expect(homepage?.status).toBe('pass');
  });
});

describe('the request budget and the page floor', () => {
  let site: FixtureServer;
  let external: FixtureServer;
  let capped: HardeningScan;
  let floor: HardeningScan;
  let loggedByCapped = 0;

  beforeAll(async () => {
    external = await startExternal();
    const files = Array.from({ length: 40 }, (_, i) => `<li><a href="/files/${i}.pdf">附件${i}</a></li>`).join('');
    const homepage = govPage('测试省生态环境厅', `${NAV}${LATEST}<ul>${files}</ul>`);
    site = await startSite({ '/': (_req, res) => sendHtml(res, homepage), ...columnRoutes }, articleRoutes);
    capped = await scanSite(hardeningConfig(`${site.origin}/`, external.origin, { crawl: { maxRequests: 10, sitemap: false } }));
    loggedByCapped = site.requests(/.*/).length + external.requests(/.*/).length;
    // A site of a handful of pages where the operator expects at least 100.
    floor = await scanSite(hardeningConfig(`${site.origin}/`, external.origin, { crawl: { minPages: 100, sitemap: false } }));
  }, 60_000);
  afterAll(async () => {
    await Promise.all([site?.stop(), external?.stop()]);
    for (const s of [capped, floor]) if (s) await rm(s.dir, { recursive: true, force: true });
  });

  it('sends no more requests than crawl.maxRequests, over every stage, and says what was left', () => {
    expect(capped.outcome.findings.stats.requests).toBeLessThanOrEqual(10);
    expect(capped.outcome.findings.stats.requests).toBe(loggedByCapped);
    const crawl = capped.artifacts.crawl as CrawlArtifact;
    expect(crawl.cut?.unchecked).toBeGreaterThan(0);
    expect(capped.outcome.findings.coverage.some((c) => c.why.includes('crawl.maxRequests'))).toBe(true);
    // Targets never requested are not reported as broken.
    expect(capped.outcome.findings.brokenLinks.filter((l) => l.target.includes('/files/'))).toEqual([]);
  });

  it('a crawl below crawl.minPages is incomplete: exit 3, no verdict, the reason names the floor', () => {
    expect(floor.outcome.exitCode).toBe(3);
    expect(floor.outcome.findings.partialReason).toContain('crawl.minPages');
  });
});
