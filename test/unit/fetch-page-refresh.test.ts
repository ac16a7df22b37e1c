import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawlSection } from '../../src/config/sections/crawl.ts';
import { FIXTURES_DIR, FixtureServer } from '../../src/demo/fixture-server.ts';
import { HttpFetcher } from '../../src/crawl/http-fetcher.ts';
import { PageBudget } from '../../src/crawl/page-budget.ts';
import { RobotsRules } from '../../src/crawl/robots.ts';
import { SiteScope } from '../../src/crawl/url.ts';
import { fetchPage } from '../../src/scan/run-scan.ts';

/**
 * The gatherers' fetch after the crawl follows a quick meta refresh as the crawler does
 * (the Hanweb fixture's homepage is a `0;url=/col/col1/index.html` stub), within the site.
 */
describe('fetchPage after the crawl: meta refresh', () => {
  let site: FixtureServer;
  let fetcher: HttpFetcher;
  let robots: RobotsRules;
  let scope: SiteScope;
  const stub = (target: string, delay = 0) => (_req: unknown, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<html><head><meta http-equiv="refresh" content="${delay}; url=${target}"><title>跳转</title></head><body></body></html>`);
  };
  beforeAll(async () => {
    // Another loopback address is another host: a refresh there leaves the site.
    site = new FixtureServer({
      root: path.join(FIXTURES_DIR, 'cms-sites/hanweb/clean'),
      routes: { '/away.html': stub('http://127.0.0.2:9/mee/index.html'), '/slow.html': stub('/col/col1/index.html', 10) },
    });
    await site.start();
    fetcher = new HttpFetcher({ crawl: crawlSection.parse({ intervalMs: 0, timeoutMs: 2000, retryBaseMs: 10 }), userAgent: 'gov-inspector-test' });
    robots = new RobotsRules(fetcher, 'gov-inspector-test', true);
    scope = new SiteScope(`${site.origin}/`);
  });
  afterAll(async () => {
    await fetcher?.close();
    await site?.stop();
  });
  const open = (url: string) => fetchPage(fetcher, robots, `${site.origin}${url}`, 1, { budget: new PageBudget(100), scope, maxRedirects: 5 });

  it('follows a 0 s refresh to the page a visitor ends on, keeping the first URL', async () => {
    const got = await open('/');
    expect(got.ok && { url: got.page.url.replace(site.origin, ''), final: got.page.finalUrl.replace(site.origin, ''), title: got.page.title }).toEqual({
      url: '/',
      final: '/col/col1/index.html',
      title: '首页_示例省生态环境厅',
    });
  });

  it('stays on a stub that waits longer than 5 s', async () => {
    const got = await open('/slow.html');
    expect(got.ok && got.page.finalUrl.replace(site.origin, '')).toBe('/slow.html');
  });

  it('a refresh off the site is an off-site redirect: the foreign page is not the site\'s', async () => {
    const got = await open('/away.html');
    expect(!got.ok && { error: got.result.error, final: got.result.finalUrl }).toEqual({ error: 'offsite-redirect', final: 'http://127.0.0.2:9/mee/index.html' });
  });
});
