import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawlSection } from '../../src/config/sections/crawl.ts';
import { HttpFetcher } from '../../src/crawl/http-fetcher.ts';
import { startFixtureSites, type FixtureSites } from '../helpers/fixture-scan.ts';

describe('HttpFetcher over loopback', () => {
  let sites: FixtureSites;
  beforeAll(async () => {
    sites = await startFixtureSites();
  });
  afterAll(() => sites?.stop());
  const fetcher = (extra: Record<string, unknown> = {}) => new HttpFetcher({ crawl: crawlSection.parse({ intervalMs: 0, timeoutMs: 2000, retryBaseMs: 10, ...extra }), userAgent: 'gov-inspector-test' });

  it('drops Cookie and Authorization when a redirect leaves the host', async () => {
    const f = fetcher();
    const target = `${sites.external.origin}/mee/index.html`;
    const res = await f.fetch(`${sites.site.origin}/feed.xml?redirect=${encodeURIComponent(target)}`, { headers: { cookie: 'SUB=secret', authorization: 'Bearer t0ken' } });
    await f.close();
    expect(res.status).toBe(200);
    expect(res.redirects).toEqual([target]);
    expect(sites.site.log.at(-1)?.headers.cookie).toBe('SUB=secret');
    const hop = sites.external.requests('/mee/index.html').at(-1);
    expect(hop?.headers.cookie).toBeUndefined();
    expect(hop?.headers.authorization).toBeUndefined();
  });

  it('retries a 500 with backoff and reports the last status', async () => {
    const f = fetcher({ retries: 2 });
    const res = await f.fetch(`${sites.site.origin}/x.html?status=500`);
    await f.close();
    expect(res.status).toBe(500);
    expect(res.attempts).toBe(3);
  });

  it('cuts a body at maxBodyBytes and says so', async () => {
    const f = fetcher({ maxBodyBytes: 100 });
    const res = await f.fetch(`${sites.site.origin}/index.html`);
    await f.close();
    expect(res.body?.length).toBe(100);
    expect(res.truncated).toBe(true);
  });

  it('bounds a slow-drip body by the time limit', async () => {
    const f = fetcher({ timeoutMs: 500 });
    const started = Date.now();
    const res = await f.fetch(`${sites.site.origin}/index.html?drip=50`);
    await f.close();
    expect(res.error).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('answers .invalid hosts as DNS failures without asking a resolver', async () => {
    const f = fetcher();
    const res = await f.fetch('http://gone.invalid/');
    await f.close();
    expect(res).toMatchObject({ status: null, error: 'dns', attempts: 0 });
  });

  it('sends a host to another origin with hostOverrides and reports the original URL', async () => {
    const f = fetcher({ hostOverrides: { 'beian.miit.gov.cn': sites.external.origin } });
    const res = await f.fetch('https://beian.miit.gov.cn/');
    await f.close();
    expect(res.status).toBe(200);
    expect(res.url).toBe('https://beian.miit.gov.cn/');
  });
});
