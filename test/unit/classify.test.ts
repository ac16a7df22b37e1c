import { describe, expect, it } from 'vitest';
import { classifyFetch } from '../../src/crawl/classify.ts';
import { classifyError, retryAfterMs } from '../../src/crawl/http-fetcher.ts';

const res = (status: number | null, headers: Record<string, string> = {}, body = '') => ({ status, error: null, headers, body: Buffer.from(body) });

describe('classifyFetch', () => {
  it('ok for 2xx', () => expect(classifyFetch(res(200))).toBe('ok'));
  it('broken for 404, 410, 500, 400 and no response', () => {
    for (const s of [404, 410, 500, 503, 400]) expect(classifyFetch(res(s))).toBe('broken');
    expect(classifyFetch({ status: null, error: 'timeout', headers: {}, body: null })).toBe('broken');
  });
  it('blocked (cannot verify) for 401, 999 and 429', () => {
    for (const s of [401, 999, 429]) expect(classifyFetch(res(s))).toBe('blocked');
  });
  it('blocked for a 403 carrying a firewall or CDN signature', () => {
    expect(classifyFetch(res(403, { server: 'Yundun WAF' }))).toBe('blocked');
    expect(classifyFetch(res(403, { 'cf-ray': '8a1b' }))).toBe('blocked');
    expect(classifyFetch(res(403, {}, '<title>访问被拒绝</title> 安全狗拦截'))).toBe('blocked');
  });
  it('broken for a plain 403', () => expect(classifyFetch(res(403, { server: 'nginx' }, 'Forbidden'))).toBe('broken'));
});

describe('classifyError', () => {
  it('maps network errors to report kinds', () => {
    expect(classifyError({ name: 'TimeoutError' }).error).toBe('timeout');
    expect(classifyError({ code: 'UND_ERR_HEADERS_TIMEOUT' }).error).toBe('timeout');
    expect(classifyError({ cause: { code: 'ENOTFOUND' } }).error).toBe('dns');
    expect(classifyError({ cause: { code: 'ECONNREFUSED' } }).error).toBe('refused');
    expect(classifyError({ code: 'UND_ERR_SOCKET' }).error).toBe('reset');
    expect(classifyError({ cause: { code: 'CERT_HAS_EXPIRED' } }).error).toBe('tls');
    expect(classifyError(new Error('weird')).error).toBe('network');
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('3')).toBe(3000);
    const inFive = new Date(Date.now() + 5000).toUTCString();
    expect(retryAfterMs(inFive)).toBeGreaterThan(3000);
    expect(retryAfterMs('soon')).toBeNull();
    expect(retryAfterMs(undefined)).toBeNull();
  });
});
