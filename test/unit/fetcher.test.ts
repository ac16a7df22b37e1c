import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawlSection } from '../../src/config/sections/crawl.ts';
import { HttpFetcher, classifyError } from '../../src/crawl/http-fetcher.ts';
import { requestSignal } from '../../src/crawl/request-signal.ts';
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

  /** What a scan signal holds for requests: its abort listeners and (Node 20) its set of dependant signals. */
  const heldBy = (signal: AbortSignal) => {
    const dependants = Object.getOwnPropertySymbols(signal).find((s) => s.description === 'kDependantSignals');
    return { listeners: getEventListeners(signal, 'abort').length, dependants: dependants ? ((signal as unknown as Record<symbol, Set<unknown>>)[dependants]?.size ?? 0) : 0 };
  };

  it('leaves nothing on the scan signal once requests are done, however many a scan makes or has in flight', async () => {
    const scan = new AbortController();
    const f = new HttpFetcher({ crawl: crawlSection.parse({ intervalMs: 0, timeoutMs: 2000, concurrency: 16 }), userAgent: 'gov-inspector-test', signal: scan.signal });
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    try {
      await f.fetch(`${sites.site.origin}/index.html`);
      const before = heldBy(scan.signal);
      // As a scan asks: 16 requests in flight at once.
      const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => f.fetch(`${sites.site.origin}/index.html?n=${i}`)));
      answers.push(await f.fetch(`${sites.site.origin}/x.html?status=404`, { method: 'HEAD' }));
      await f.close();
      // Clean: requests well within their time limit are answered, never cut as timeouts.
      expect(answers.map((a) => [a.status, a.error])).toEqual([...Array.from({ length: 40 }, () => [200, null]), [404, null]]);
      // AbortSignal.any() per request left one dependant each on Node 20, for the whole scan.
      expect(heldBy(scan.signal)).toEqual(before);
      expect(before).toEqual({ listeners: 1, dependants: 0 });
      // One listener per request warned (MaxListenersExceededWarning) in the CLI's output at 11 in flight.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('still ends a request at its time limit, and at once when the scan stops', async () => {
    const deadline = requestSignal(50);
    const timedOut = await new Promise<unknown>((resolve) => deadline.signal.addEventListener('abort', () => resolve(deadline.signal.reason)));
    deadline.done();
    expect(classifyError(timedOut).error).toBe('timeout');

    const scan = new AbortController();
    const running = requestSignal(60_000, scan.signal);
    scan.abort(new Error('stop'));
    expect(running.signal.aborted).toBe(true);
    expect((running.signal.reason as Error).message).toBe('stop');
    running.done();
    expect(requestSignal(60_000, scan.signal).signal.aborted).toBe(true);
  });
});
