import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrawlArtifact } from '../../src/crawl/crawl-artifact.ts';
import { readJsonl } from '../../src/store/jsonl.ts';
import type { PageRecord } from '../../src/crawl/types.ts';
import { EXTERNAL_SITE_DIR, FIXTURES_DIR, FixtureServer } from '../../src/demo/fixture-server.ts';
import { scanFixture, type FixtureScan, type FixtureSites } from '../helpers/fixture-scan.ts';

const html = (res: ServerResponse, body: string | Buffer, type = 'text/html; charset=utf-8') => {
  res.writeHead(200, { 'content-type': type });
  res.end(body);
};
const param = (req: IncomingMessage, name: string) => new URL(req.url ?? '/', 'http://x').searchParams.get(name);

/** Dynamic misbehaviour a static folder cannot express. */
const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  // An infinite calendar: every day links to the previous and next one.
  '/calendar.jsp': (req, res) => {
    const d = Number(param(req, 'd') ?? 0);
    html(res, `<html><head><title>日历 ${d}</title></head><body><a href="/calendar.jsp?d=${d - 1}">前一天</a><a href="/calendar.jsp?d=${d + 1}">后一天</a><a href="/calendar.jsp?d=${d}&view=week">周视图</a></body></html>`);
  },
  // Endless permutations of search parameters.
  '/search.jsp': (req, res) => {
    const q = Number(param(req, 'q') ?? 0);
    const links = ['a', 'b', 'c'].map((s) => `<a href="/search.jsp?q=${q + 1}&sort=${s}">排序${s}</a>`).join('');
    html(res, `<html><head><title>搜索</title></head><body>${links}</body></html>`);
  },
  // Session ids in every link, fresh on each response.
  '/session.jsp': (_req, res) => {
    const sid = randomBytes(6).toString('hex');
    html(res, `<html><head><title>办事大厅</title></head><body><a href="/session.jsp;jsessionid=${sid}">刷新</a><a href="/session.jsp?sid=${sid}">办事</a><a href="/session.jsp?PHPSESSID=${sid}">我的</a></body></html>`);
  },
  // Redirects without end, each to a new URL.
  '/chain': (req, res) => {
    res.writeHead(302, { location: `/chain/next?n=${Number(param(req, 'n') ?? 0) + 1}` });
    res.end();
  },
  '/chain/next': (req, res) => {
    res.writeHead(302, { location: `/chain/next?n=${Number(param(req, 'n') ?? 0) + 1}` });
    res.end();
  },
  // A body that never ends.
  '/endless.html': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    const chunk = Buffer.from(`<p>${'无尽的内容'.repeat(2000)}</p>`);
    const pump = () => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', pump);
    };
    res.write('<html><head><title>超大页面</title></head><body>');
    pump();
  },
  '/binary.html': (_req, res) => html(res, randomBytes(64 * 1024)),
  // GBK bytes labelled UTF-8 in the header.
  '/wrong-charset.html': (_req, res) => html(res, iconv.encode('<html><head><title>编码错误的页面</title></head><body><a href="/ok.html">正常链接</a></body></html>', 'gbk')),
  '/ok.html': (_req, res) => html(res, '<html><head><title>正常</title></head><body>正常页面</body></html>'),
  '/malformed.html': (_req, res) =>
    html(res, `<html><head><title>畸形<title></head><body>${'<div><table><tr><td>'.repeat(5000)}<a href="/ok.html?from=malformed" <<>>未闭合<a href=">坏属性</a><script>document.write("<a href='/x'>")</body>`),
};

/** Any path under /portal/ answers the same page with a relative link one level deeper. */
function portal(req: IncomingMessage, res: ServerResponse): void {
  // The path in the page keeps bodies distinct, as a real CMS's breadcrumbs would.
  html(res, `<html><head><title>门户 ${req.url}</title></head><body><a href="portal/">下一级</a><a href="news/">新闻</a></body></html>`);
}

describe('hostile servers: every trap bounded, reported as data, never a hang or crash', () => {
  let sites: FixtureSites;
  let scan: FixtureScan;
  let elapsedMs = 0;
  let crawl: CrawlArtifact;
  const pages: PageRecord[] = [];

  beforeAll(async () => {
    const external = new FixtureServer({ root: EXTERNAL_SITE_DIR, host: '127.0.0.2' });
    await external.start();
    const allRoutes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = { ...routes };
    let site: FixtureServer;
    site = new FixtureServer({
      root: path.join(FIXTURES_DIR, 'hostile'),
      externalOrigin: external.origin,
      routes: new Proxy(allRoutes, {
        get: (target, key: string) => target[key] ?? (key.startsWith('/portal/') ? portal : undefined),
      }),
    });
    await site.start();
    sites = { site, external, stop: async () => void (await Promise.all([site.stop(), external.stop()])) };
    const started = Date.now();
    scan = await scanFixture({
      sites,
      linksOnly: true,
      config: () => ({ crawl: { timeoutMs: 2000, maxBodyBytes: 512 * 1024, maxQueryVariants: 20, maxRedirects: 10, retries: 0, sitemap: false } }),
    });
    elapsedMs = Date.now() - started;
    crawl = scan.artifacts.crawl as CrawlArtifact;
    for await (const p of readJsonl<PageRecord>(path.join(scan.scanDir, 'pages.jsonl'))) pages.push(p);
  }, 60_000);
  afterAll(async () => {
    await scan?.cleanup();
    await sites?.stop();
  });

  it('finishes in bounded time', () => {
    expect(elapsedMs).toBeLessThan(20_000);
    expect(crawl.partial).toBe(false);
  });

  it('caps the infinite calendar and the search permutations per path', () => {
    expect(pages.filter((p) => p.url.includes('/calendar.jsp')).length).toBeLessThanOrEqual(20);
    expect(pages.filter((p) => p.url.includes('/search.jsp')).length).toBeLessThanOrEqual(20);
    expect(crawl.traps?.queryVariants).toBeGreaterThan(0);
  });

  it('crawls a page with session ids in its links once', () => {
    expect(pages.filter((p) => p.url.includes('/session.jsp')).map((p) => p.url)).toHaveLength(1);
  });

  it('stops a relative-link path trap at repeating segments', () => {
    const portalPages = pages.filter((p) => p.url.includes('/portal/'));
    expect(portalPages.length).toBeLessThan(25);
    expect(crawl.traps?.repeatedPath).toBeGreaterThan(0);
  });

  it('reports an endless redirect chain as too many redirects', () => {
    const chain = scan.findings.brokenLinks.find((b) => b.target.includes('/chain?n=0'));
    expect(chain?.error).toBe('too-many-redirects');
    expect(sites.site.requests(/^\/chain/).length).toBeLessThanOrEqual(11 + 2);
  });

  it('gives up on a slow-drip page at the time limit and reports a timeout', () => {
    const drip = scan.findings.brokenLinks.find((b) => b.target.includes('/drip.html'));
    expect(drip?.error).toBe('timeout');
  });

  it('cuts an endless body at maxBodyBytes and records the page as truncated', () => {
    const endless = pages.find((p) => p.url.endsWith('/endless.html'));
    expect(endless?.truncated).toBe(true);
    expect(endless?.bytes).toBe(512 * 1024);
    expect(crawl.anomalies?.truncated).toBe(1);
  });

  it('does not parse binary served as text/html, and counts it', () => {
    const binary = pages.find((p) => p.url.endsWith('/binary.html'));
    expect(binary?.title).toBeNull();
    expect(crawl.anomalies?.unparsable).toBe(1);
  });

  it('decodes a GBK page labelled UTF-8 and follows its links', () => {
    const wrong = pages.find((p) => p.url.endsWith('/wrong-charset.html'));
    expect(wrong?.title).toBe('编码错误的页面');
    expect(pages.some((p) => p.url.endsWith('/ok.html'))).toBe(true);
  });

  it('parses malformed, deeply nested HTML without crashing', () => {
    const bad = pages.find((p) => p.url.endsWith('/malformed.html'));
    expect(bad?.status).toBe(200);
    expect(bad?.title).toContain('畸形');
  });
});
