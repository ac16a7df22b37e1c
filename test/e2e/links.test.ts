import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localPath, scanFixture, type FixtureScan } from '../helpers/fixture-scan.ts';

/** Every broken link planted in the demo site, with how it must be reported. */
const EXPECTED_BROKEN: Record<string, { status: number | null; error: string | null }> = {
  '/jgsz/zsdw.html': { status: 404, error: null },
  '/jgsz/map-missing.html': { status: 404, error: null },
  '/images/org-chart-missing.png': { status: 404, error: null },
  '/images/banner@2x.jpg': { status: 404, error: null },
  '/images/hbdc-small.jpg': { status: 404, error: null },
  '/uploads/2026/missing-org-chart.doc': { status: 404, error: null },
  '/uploads/2025/diesel-truck-plan.pdf': { status: 404, error: null },
  '/uploads/2025/agri-plan.rar': { status: 404, error: null },
  '/uploads/2026/hw-license-form.doc': { status: 404, error: null }, // 办事指南 form (disclosure: services)
  '/uploads/2026/tjbb-2026.doc': { status: 404, error: null }, // attachment of a 通知公告 article
  '/wzsm/': { status: 404, error: null }, // 网站声明 in the footer every page shares
  '/css/old-theme.css': { status: 404, error: null },
  '/js/missing-plugin.js': { status: 404, error: null },
  '/map/region-9.html': { status: 404, error: null },
  '/media/intro.swf': { status: 404, error: null },
  '/media/flash-map.swf': { status: 404, error: null },
  '/xxgk/old-policy.html?status=410': { status: 410, error: null },
  '/api/stats.html?status=500': { status: 500, error: null },
  '/xwzx/live.html?reset=1': { status: null, error: 'reset' },
  '/xwzx/slow.html?hang=1': { status: null, error: 'timeout' },
  '/xwzx/moved.html?loop=1': { status: null, error: 'redirect-loop' },
  'http://127.0.0.1:1/report.html': { status: null, error: 'refused' },
  'EXT/moved-away.html': { status: 404, error: null },
  'http://nonexistent-env-bureau.invalid/': { status: null, error: 'dns' },
};

describe('link check of the demo site (real HTTP on loopback)', () => {
  let scan: FixtureScan;
  beforeAll(async () => {
    scan = await scanFixture({ config: () => ({ crawl: { timeoutMs: 1500 }, browser: { enabled: false } }) });
  }, 120_000);
  afterAll(() => scan?.cleanup());

  it('reports exactly the planted broken links, each with its status or error', () => {
    const found = new Map<string, { status: number | null; error: string | null }>();
    for (const b of scan.findings.brokenLinks) found.set(localPath(b.target, scan.sites), { status: b.status, error: b.error });
    expect(Object.fromEntries(found)).toEqual(EXPECTED_BROKEN);
  });

  it('keeps every page that carries a broken link', () => {
    const sources = scan.findings.brokenLinks.filter((b) => b.target.endsWith('/jgsz/zsdw.html')).map((b) => localPath(b.source, scan.sites));
    expect(sources.sort()).toEqual(['/jgsz/', '/ztzl/']);
  });

  it('lists firewall 403 and 401 as unverifiable, never as broken', () => {
    const targets = [...new Set(scan.findings.unverifiableLinks.map((b) => localPath(b.target, scan.sites)))].sort();
    expect(targets).toEqual(['EXT/members.html?status=401', 'EXT/protected.html?waf=1']);
  });

  it('never requests what robots.txt disallows', () => {
    expect(scan.sites.site.requests(/^\/private\//)).toEqual([]);
  });

  it('retries a 429 after Retry-After and then finds the page fine', () => {
    expect(scan.sites.site.requests('/ztzl/hbdc/progress.html?once429=hbdc').length).toBe(2);
  });

  it('falls back to GET when HEAD is refused', () => {
    const methods = scan.sites.site.requests('/uploads/2026/plan-head-refused.docx?nohead=1').map((r) => r.method);
    expect(methods).toEqual(['HEAD', 'GET']);
  });

  it('checks each target once however many pages carry it', () => {
    // Every page links the stylesheet; the link check asks once (browser audits may load it too, with GET).
    expect(scan.sites.site.requests('/css/style.css').filter((r) => r.method === 'HEAD').length).toBe(1);
  });

  it('decodes GBK pages', async () => {
    const { readJsonl } = await import('../../src/store/jsonl.ts');
    const path = await import('node:path');
    const titles: string[] = [];
    for await (const p of readJsonl<{ url: string; title: string | null; charset: string | null }>(path.join(scan.scanDir, 'pages.jsonl'))) {
      if (p.url.includes('/xxgk/rsxx/')) titles.push(`${p.charset} ${p.title}`);
    }
    expect(titles).toContain('gb18030 人事信息_示例省生态环境厅');
  });

  it('seeds from sitemap.xml: a page no link reaches is crawled', () => {
    expect(scan.sites.site.requests('/ztzl/zxft/').length).toBe(1);
  });

  it('bounds a hanging server by the time limit and still finishes the scan', () => {
    const crawl = scan.artifacts.crawl as { durationMs: number; partial: boolean };
    expect(crawl.partial).toBe(false);
    expect(crawl.durationMs).toBeLessThan(90_000);
  });

  it('sends an honest User-Agent', () => {
    expect(scan.sites.site.log[0].userAgent).toMatch(/^gov-inspector\/\d+\.\d+\.\d+/);
  });
});

describe('crawl limits', () => {
  it('stops at maxPages and counts what it left', async () => {
    const scan = await scanFixture({ linksOnly: true, config: () => ({ crawl: { maxPages: 5, timeoutMs: 1500 } }) });
    try {
      const crawl = scan.artifacts.crawl as { pagesCrawled: number; limitSkipped: { maxPages: number } };
      expect(crawl.pagesCrawled).toBeLessThanOrEqual(5);
      expect(crawl.limitSkipped.maxPages).toBeGreaterThan(10);
    } finally {
      await scan.cleanup();
    }
  }, 60_000);

  it('stops at maxDepth: depth 0 crawls the homepage alone', async () => {
    const scan = await scanFixture({ linksOnly: true, config: () => ({ crawl: { maxDepth: 0, sitemap: false, timeoutMs: 1500 } }) });
    try {
      const crawl = scan.artifacts.crawl as { pagesCrawled: number; limitSkipped: { maxDepth: number } };
      expect(crawl.pagesCrawled).toBe(1);
      expect(crawl.limitSkipped.maxDepth).toBeGreaterThan(5);
    } finally {
      await scan.cleanup();
    }
  }, 60_000);

  it('honours exclude patterns: excluded pages are checked as links, never crawled', async () => {
    const scan = await scanFixture({ linksOnly: true, config: () => ({ site: { exclude: ['/xwzx/'] }, crawl: { timeoutMs: 1500 } }) });
    try {
      const methods = new Set(scan.sites.site.requests(/^\/xwzx\/gzdt\//).map((r) => r.method));
      expect([...methods]).toEqual(['HEAD']);
    } finally {
      await scan.cleanup();
    }
  }, 60_000);
});

describe('a site whose homepage never opens', () => {
  it('gets no verdict (incomplete scan, exit 3), and says why', async () => {
    const scan = await scanFixture({ linksOnly: true, config: () => ({ site: { name: '示例', url: 'http://127.0.0.1:1/' }, crawl: { timeoutMs: 1500, retries: 0 } }) });
    try {
      expect(scan.findings.stats.pagesCrawled).toBe(0);
      expect(scan.findings.score.verdict).toBeNull();
      expect(scan.findings.partial).toBe(true);
      expect(scan.findings.partialReason).toContain('首页无法打开');
      expect(scan.outcome.exitCode).toBe(3);
    } finally {
      await scan.cleanup();
    }
  }, 60_000);
});
