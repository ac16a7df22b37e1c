import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSummary } from '../../src/cli/summary.ts';
import type { CrawlArtifact } from '../../src/crawl/crawl-artifact.ts';
import type { FixtureServer } from '../../src/demo/fixture-server.ts';
import { trendOf } from '../../src/store/history.ts';
import { articlePage, govPage, hardeningConfig, listPage, scanSite, sendHtml, startExternal, startSite, type HardeningScan } from '../helpers/hardening-site.ts';

const LATEST = `<ul class="nav"><li><a href="/xwdt/">工作动态</a></li></ul><div class="news"><ul><li><a href="/xwdt/art_0.html">生态环境保护工作会议召开</a><span>2026-11-20</span></li></ul></div>`;

describe('redirect scope: a homepage that leaves the site', () => {
  let site: FixtureServer;
  let external: FixtureServer;
  let http302: HardeningScan;
  let metaRefresh: HardeningScan;

  beforeAll(async () => {
    external = await startExternal({ '/foreign.html': (_req, res) => sendHtml(res, govPage('别的网站', '<a href="/x.html">别人的链接</a>')) });
    site = await startSite({
      '/': (_req, res) => {
        res.writeHead(302, { location: `${external.origin}/foreign.html` });
        res.end();
      },
      '/refresh/': (_req, res) => sendHtml(res, `<html><head><meta http-equiv="refresh" content="0; url=${external.origin}/foreign.html"><title>跳转</title></head><body></body></html>`),
    });
    http302 = await scanSite(hardeningConfig(`${site.origin}/`, external.origin, { crawl: { sitemap: false } }));
    metaRefresh = await scanSite(hardeningConfig(`${site.origin}/refresh/`, external.origin, { crawl: { sitemap: false } }));
  }, 60_000);
  afterAll(async () => {
    await Promise.all([site?.stop(), external?.stop()]);
    for (const s of [http302, metaRefresh]) if (s) await rm(s.dir, { recursive: true, force: true });
  });

  it('reports 首页跳转到其他网站 for an HTTP redirect and never requests the foreign page', () => {
    expect(http302.outcome.findings.findings.map((f) => f.title)).toContain('首页跳转到其他网站');
    expect(external.requests('/foreign.html')).toHaveLength(0);
  });

  it('does the same for a meta refresh, without judging the foreign page as the site', () => {
    expect(metaRefresh.outcome.findings.findings.map((f) => f.title)).toContain('首页跳转到其他网站');
    expect(external.requests('/x.html')).toHaveLength(0);
    expect((metaRefresh.artifacts.crawl as CrawlArtifact).pagesCrawled).toBe(0);
  });

  it('leaves the scan incomplete: exit 3, no verdict', () => {
    for (const s of [http302, metaRefresh]) {
      expect(s.outcome.exitCode).toBe(3);
      expect(s.outcome.findings.partial).toBe(true);
      expect(s.outcome.findings.partialReason).toContain('首页跳转到其他网站');
    }
  });
});

describe('internal addresses: a public site never reaches link-local, private or loopback hosts', () => {
  let site: FixtureServer;
  let external: FixtureServer;
  let scan: HardeningScan;

  beforeAll(async () => {
    external = await startExternal();
    site = await startSite({});
    const links = ['http://169.254.169.254/latest/meta-data/', 'http://10.1.2.3/oa/', `http://localhost:${new URL(site.origin).port}/admin/`, '/go'].map((u, i) => `<li><a href="${u}">链接${i}</a></li>`).join('');
    const routes = {
      '/': (_req: unknown, res: Parameters<typeof sendHtml>[0]) => sendHtml(res, govPage('测试省生态环境厅', `${LATEST}<ul>${links}</ul>`)),
      '/go': (_req: unknown, res: Parameters<typeof sendHtml>[0]) => {
        res.writeHead(302, { location: 'http://192.168.1.1/' });
        res.end();
      },
      '/xwdt/': (_req: unknown, res: Parameters<typeof sendHtml>[0]) => sendHtml(res, listPage('工作动态', '/xwdt/')),
    };
    await site.stop();
    site = await startSite(routes, { '/xwdt/art_': (_req, res) => sendHtml(res, articlePage('文章')) });
    // The site's public name, served from loopback through hostOverrides (as curl --resolve would).
    const base = hardeningConfig('http://www.hardening.test/', external.origin, { crawl: { sitemap: false } });
    base.crawl = { ...base.crawl, hostOverrides: { ...(base.crawl?.hostOverrides ?? {}), 'www.hardening.test': site.origin } };
    scan = await scanSite(base);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([site?.stop(), external?.stop()]);
    if (scan) await rm(scan.dir, { recursive: true, force: true });
  });

  it('lists each internal target as 内网地址，未核验 instead of requesting it', () => {
    const refused = scan.outcome.findings.unverifiableLinks.filter((l) => l.error === 'private-address').map((l) => l.target);
    expect(refused).toEqual(expect.arrayContaining(['http://169.254.169.254/latest/meta-data/', 'http://10.1.2.3/oa/', 'http://www.hardening.test/go']));
    // A name is checked on the address it resolves to.
    expect(refused.some((t) => t.startsWith('http://localhost:'))).toBe(true);
    expect(scan.outcome.findings.brokenLinks.filter((l) => /169\.254|10\.1\.2\.3|192\.168|localhost/.test(l.target))).toEqual([]);
    expect(site.requests('/admin/')).toHaveLength(0);
    const finding = scan.outcome.findings.findings.find((f) => f.title.includes('169.254.169.254'));
    expect(finding?.evidence).toContain('内网地址，未核验');
  });
});

describe('429 storms: a ceiling per host, then "cannot verify (rate limited)" and the scan goes on', () => {
  let site: FixtureServer;
  let stormy: FixtureServer;
  let scan: HardeningScan;

  beforeAll(async () => {
    const storm = (_req: unknown, res: Parameters<typeof sendHtml>[0]) => {
      res.writeHead(429, { 'retry-after': '3600', 'content-type': 'text/plain' });
      res.end('Too Many Requests');
    };
    stormy = await startExternal();
    await stormy.stop();
    stormy = await startSite({}, { '/': storm }, '127.0.0.2');
    const links = Array.from({ length: 5 }, (_, i) => `<li><a href="${stormy.origin}/doc/${i}.html">外部文件${i}</a></li>`).join('');
    site = await startSite({ '/': (_req, res) => sendHtml(res, govPage('测试省生态环境厅', `${LATEST}<ul>${links}</ul>`)), '/xwdt/': (_req, res) => sendHtml(res, listPage('工作动态', '/xwdt/')) });
    scan = await scanSite(hardeningConfig(`${site.origin}/`, stormy.origin, { crawl: { sitemap: false, maxRetryAfterSeconds: 1, maxRateLimitWaitSeconds: 2 } }));
  }, 60_000);
  afterAll(async () => {
    await Promise.all([site?.stop(), stormy?.stop()]);
    if (scan) await rm(scan.dir, { recursive: true, force: true });
  });

  it('gives up on the host after the ceiling instead of waiting out Retry-After: 3600', () => {
    expect(scan.elapsedMs).toBeLessThan(15_000);
    expect(stormy.requests(/^\/doc\//).length).toBeLessThanOrEqual(15);
    expect((scan.artifacts.crawl as CrawlArtifact).rateLimitedHosts).toContain(new URL(stormy.origin).host);
  });

  it('lists the host\'s links as unverifiable, not broken, and finishes the scan with a verdict', () => {
    const targets = scan.outcome.findings.unverifiableLinks.map((l) => l.target);
    expect(targets.filter((t) => t.includes('/doc/'))).toHaveLength(5);
    expect(scan.outcome.findings.brokenLinks.filter((l) => l.target.includes('/doc/'))).toEqual([]);
    expect(scan.outcome.findings.partial).toBe(false);
    expect(scan.outcome.findings.coverage.some((c) => c.why.includes('429'))).toBe(true);
  });
});

describe('robots.txt disallowing / and a POST-only search form', () => {
  let blocked: FixtureServer;
  let postForm: FixtureServer;
  let external: FixtureServer;
  let robotsScan: HardeningScan;
  let formScan: HardeningScan;

  beforeAll(async () => {
    external = await startExternal();
    blocked = await startSite({
      '/robots.txt': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('User-agent: *\nDisallow: /\n');
      },
      '/': (_req, res) => sendHtml(res, govPage('测试省生态环境厅', LATEST)),
    });
    const form = '<form method="post" action="/search/do"><input type="text" name="searchword"><input type="submit" value="搜索"></form>';
    postForm = await startSite(
      { '/': (_req, res) => sendHtml(res, govPage('测试省生态环境厅', `${form}${LATEST}`)), '/xwdt/': (_req, res) => sendHtml(res, listPage('工作动态', '/xwdt/')) },
      { '/xwdt/art_': (_req, res) => sendHtml(res, articlePage('生态环境保护工作会议召开')) },
    );
    robotsScan = await scanSite(hardeningConfig(`${blocked.origin}/`, external.origin));
    formScan = await scanSite(hardeningConfig(`${postForm.origin}/`, external.origin, { crawl: { sitemap: false } }));
  }, 60_000);
  afterAll(async () => {
    await Promise.all([blocked?.stop(), postForm?.stop(), external?.stop()]);
    for (const s of [robotsScan, formScan]) if (s) await rm(s.dir, { recursive: true, force: true });
  });

  it('does not fetch /sitemap.xml when robots.txt disallows /, and the summary names robots.txt', () => {
    expect(blocked.requests('/sitemap.xml')).toHaveLength(0);
    expect(blocked.requests('/')).toHaveLength(0);
    const summary = formatSummary(robotsScan.outcome.findings, []);
    expect(summary.split('\n')[0]).toContain('robots.txt');
    expect(robotsScan.outcome.exitCode).toBe(3);
  });

  it('never submits a POST search form: it is listed for manual review', () => {
    expect(postForm.requests(/^\/search/)).toHaveLength(0);
    const manual = formScan.outcome.findings.findings.find((f) => f.indicator === 'manual.search-review');
    expect(manual?.evidence).toContain('POST');
    expect(formScan.outcome.findings.findings.some((f) => f.indicator === 'deduct.search-unavailable')).toBe(false);
  });
});

describe('no verdict without a site: the homepage never opens', () => {
  let external: FixtureServer;
  let scan: HardeningScan;

  beforeAll(async () => {
    external = await startExternal();
    // Port 1 on loopback: connection refused, as a site that is down.
    scan = await scanSite(hardeningConfig('http://127.0.0.1:1/', external.origin, { report: { formats: ['html', 'json', 'md', 'csv'] } }));
  }, 60_000);
  afterAll(async () => {
    await external?.stop();
    if (scan) await rm(scan.dir, { recursive: true, force: true });
  });

  it('exits 3 with findings.json partial and the reason', () => {
    expect(scan.outcome.exitCode).toBe(3);
    const saved = JSON.parse(readFileSync(path.join(scan.outcome.scanDir, 'findings.json'), 'utf8'));
    expect(saved.partial).toBe(true);
    expect(saved.partialReason).toContain('首页无法打开');
    expect(saved.score.verdict).toBeNull();
    const schema = JSON.parse(readFileSync(new URL('../../config/schema/findings.schema.json', import.meta.url), 'utf8'));
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    expect(validate(saved), JSON.stringify(validate.errors)).toBe(true);
  });

  it('raises no absence-based findings and no vetoes', () => {
    const f = scan.outcome.findings;
    expect(f.findings.filter((x) => x.severity === 'veto')).toEqual([]);
    expect(f.findings.filter((x) => x.title.startsWith('未公开') || x.title.includes('互动交流') || x.title.includes('咨询/留言'))).toEqual([]);
    for (const id of ['required-items', 'interaction', 'services', 'column-freshness']) {
      expect(f.checks.find((c) => c.id === id)?.status).toBe('skipped');
    }
  });

  it('writes no notices and no ledger; the report says what failed and how to retry', () => {
    expect(existsSync(path.join(scan.outcome.scanDir, 'notices.html'))).toBe(false);
    expect(existsSync(path.join(scan.outcome.scanDir, 'ledger.csv'))).toBe(false);
    const report = readFileSync(path.join(scan.outcome.scanDir, 'report.html'), 'utf8');
    expect(report).toContain('检查未完成');
    expect(report).toContain('--resume');
  });

  it('puts no score in the history or the trend', async () => {
    const data = await scan.store.read();
    const record = data.scans.find((s) => s.id === scan.outcome.scanId);
    expect(record?.total).toBeNull();
    expect(record?.status).toBe('partial');
    expect(trendOf(data, 'http://127.0.0.1:1/', null)).toEqual([]);
  });

  it('says so in the summary\'s first line, with no score, and reads skipped checks as 未检测', () => {
    const summary = formatSummary(scan.outcome.findings, []);
    expect(summary.split('\n')[0]).toMatch(/^检查未完成：首页无法打开/);
    expect(summary).not.toMatch(/得分/);
    expect(summary).toContain('未检测：');
    expect(summary).not.toContain('无障碍自动检测未发现问题');
  });
});
