import { Agent, request, type Dispatcher } from 'undici';
import type { Config } from '../config/schema.ts';
import type { FetchJournal } from './fetch-journal.ts';
import { HostScheduler, sleep } from './host-scheduler.ts';
import { ResponseCache } from './response-cache.ts';
import type { FetchErrorKind, FetchOptions, FetchResult, Fetcher } from './types.ts';

export interface HttpFetcherOptions {
  crawl: Config['crawl'];
  userAgent: string;
  /** Conditional GETs: a 304 reuses the stored body (incremental rescans). */
  cache?: ResponseCache;
  /** Records every fetch of the scan; on resume, answers fetches already made. */
  journal?: FetchJournal;
}

/** One request's outcome before retries and redirects are decided. */
interface Attempt {
  status: number | null;
  headers: Record<string, string>;
  body: Buffer | null;
  truncated: boolean;
  error: FetchErrorKind | null;
  errorDetail: string | null;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * Polite HTTP over undici: per-host concurrency and interval, a hard time limit per
 * request (slow-drip bodies included), retries with backoff on network errors and 5xx,
 * `Retry-After` on 429, manual redirects with loop detection, and a body size cap.
 */
export class HttpFetcher implements Fetcher {
  private readonly agent: Agent;
  private readonly scheduler: HostScheduler;
  private requests = 0;
  private bytes = 0;
  private notModified = 0;

  constructor(private readonly options: HttpFetcherOptions) {
    const { concurrency, intervalMs, timeoutMs } = options.crawl;
    this.scheduler = new HostScheduler({ concurrency, intervalMs });
    this.agent = new Agent({
      connections: concurrency,
      keepAliveTimeout: 10_000,
      connect: { timeout: timeoutMs },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
  }

  get requestCount(): number {
    return this.requests;
  }

  /** Body bytes received over the network (a 304 adds none). */
  get bytesReceived(): number {
    return this.bytes;
  }

  /** GETs answered 304 Not Modified and served from the response cache. */
  get notModifiedCount(): number {
    return this.notModified;
  }

  /** Tasks queued or in flight over all hosts. */
  get pending(): number {
    return this.scheduler.pending;
  }

  fetch(url: string, options: FetchOptions = {}): Promise<FetchResult> {
    let host: string;
    try {
      host = new URL(url).host;
    } catch {
      return Promise.resolve(failure(url, 'invalid-url', `无效网址：${url}`));
    }
    // RFC 6761: .invalid names never resolve; answering here keeps scans from asking a resolver.
    if (/\.invalid$/i.test(new URL(url).hostname)) return Promise.resolve(failure(url, 'dns', 'ENOTFOUND: 保留域名 .invalid 不存在'));
    const live = () => this.scheduler.run(host, () => this.fetchFollowingRedirects(url, options));
    return this.options.journal ? this.options.journal.through(url, options, live) : live();
  }

  /** The URL actually requested, after `hostOverrides`. */
  private overridden(url: string): string {
    const overrides = this.options.crawl.hostOverrides;
    const parsed = new URL(url);
    const target = overrides[parsed.host] ?? overrides[parsed.hostname];
    if (!target) return url;
    const origin = new URL(target);
    parsed.protocol = origin.protocol;
    parsed.host = origin.host;
    return parsed.href;
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private async fetchFollowingRedirects(url: string, options: FetchOptions): Promise<FetchResult> {
    const started = Date.now();
    const redirects: string[] = [];
    const seen = new Set([url]);
    let current = url;
    let attempts = 0;
    let hopOptions = options;
    for (;;) {
      const { attempt, tries } = await this.fetchWithRetries(current, hopOptions);
      attempts += tries;
      const location = attempt.headers.location;
      if (attempt.status !== null && REDIRECT_STATUSES.has(attempt.status) && location) {
        let next: string;
        try {
          next = new URL(location, current).href;
        } catch {
          return { ...result(url, current, attempt, redirects, attempts, started), error: 'invalid-url', errorDetail: `跳转地址无效：${location}` };
        }
        redirects.push(next);
        if (seen.has(next)) return { ...result(url, next, attempt, redirects, attempts, started), status: null, error: 'redirect-loop', errorDetail: `循环跳转：${redirects.join(' → ')}` };
        if (redirects.length > this.options.crawl.maxRedirects) {
          return { ...result(url, next, attempt, redirects, attempts, started), status: null, error: 'too-many-redirects', errorDetail: `跳转超过 ${this.options.crawl.maxRedirects} 次` };
        }
        seen.add(next);
        // Credentials given for one host never follow a redirect to another (as browsers do).
        if (new URL(next).host !== new URL(current).host) hopOptions = withoutCredentials(hopOptions);
        current = next;
        continue;
      }
      return result(url, current, attempt, redirects, attempts, started);
    }
  }

  private async fetchWithRetries(url: string, options: FetchOptions): Promise<{ attempt: Attempt; tries: number }> {
    const { retries, retryBaseMs, maxRetryAfterSeconds } = this.options.crawl;
    const host = new URL(url).host;
    let tries = 0;
    let rateLimited = 0;
    for (;;) {
      await this.scheduler.gate(host);
      tries++;
      const attempt = await this.once(url, options);
      if (attempt.status === 429 && rateLimited < retries + 2) {
        rateLimited++;
        const waitMs = Math.min(retryAfterMs(attempt.headers['retry-after']) ?? retryBaseMs * 2 ** rateLimited, maxRetryAfterSeconds * 1000);
        this.scheduler.slowDown(host, waitMs);
        continue;
      }
      const retryable = (attempt.status !== null && attempt.status >= 500) || attempt.error === 'reset' || attempt.error === 'refused' || attempt.error === 'network';
      if (retryable && tries - rateLimited <= retries) {
        await sleep(retryBaseMs * 2 ** (tries - rateLimited - 1));
        continue;
      }
      return { attempt, tries };
    }
  }

  /** One request, bounded by the time limit from connect to the last body byte. */
  private async once(url: string, options: FetchOptions): Promise<Attempt> {
    const method = options.method ?? 'GET';
    const wantBody = method !== 'HEAD' && options.body !== false;
    const timeoutMs = options.timeoutMs ?? this.options.crawl.timeoutMs;
    // Only full page reads are revalidated: a capped read's body would not be reusable.
    const cache = method === 'GET' && wantBody && options.maxBodyBytes === undefined ? this.options.cache : undefined;
    const validators = cache && !options.headers?.['cache-control'] ? cache.validators(url) : null;
    this.requests++;
    let response: Dispatcher.ResponseData;
    try {
      response = await request(this.overridden(url), {
        method,
        dispatcher: this.agent,
        signal: AbortSignal.timeout(timeoutMs),
        headers: { 'user-agent': this.options.userAgent, accept: '*/*', 'accept-language': 'zh-CN,zh;q=0.9', ...validators, ...(options.form !== undefined && { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' }), ...options.headers },
        body: method === 'POST' ? (options.form ?? '') : undefined,
      });
    } catch (err) {
      return { status: null, headers: {}, body: null, truncated: false, ...classifyError(err) };
    }
    const headers = flattenHeaders(response.headers);
    if (response.statusCode === 304 && validators && cache) {
      discard(response.body);
      const stored = await cache.revalidated(url);
      this.notModified++;
      // The body vanished from the cache: ask again, unconditionally.
      if (!stored) return this.once(url, { ...options, headers: { ...options.headers, 'cache-control': 'no-cache' } });
      return { status: stored.entry.status, headers: { ...ResponseCache.headersOf(stored.entry), ...headers }, body: stored.body, truncated: false, error: null, errorDetail: null };
    }
    if (!wantBody) {
      discard(response.body);
      return { status: response.statusCode, headers, body: null, truncated: false, error: null, errorDetail: null };
    }
    try {
      const { body, truncated } = await readCapped(response.body, options.maxBodyBytes ?? this.options.crawl.maxBodyBytes);
      this.bytes += body.length;
      if (cache && !truncated) await cache.store(url, response.statusCode, headers, body);
      return { status: response.statusCode, headers, body, truncated, error: null, errorDetail: null };
    } catch (err) {
      return { status: null, headers, body: null, truncated: false, ...classifyError(err) };
    }
  }
}

async function readCapped(stream: Dispatcher.ResponseData['body'], maxBytes: number): Promise<{ body: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = chunk as Buffer;
    if (size + buf.length > maxBytes) {
      chunks.push(buf.subarray(0, maxBytes - size));
      discard(stream);
      return { body: Buffer.concat(chunks), truncated: true };
    }
    chunks.push(buf);
    size += buf.length;
  }
  return { body: Buffer.concat(chunks), truncated: false };
}

const CREDENTIAL_HEADERS = new Set(['cookie', 'authorization', 'proxy-authorization']);

function withoutCredentials(options: FetchOptions): FetchOptions {
  if (!options.headers) return options;
  return { ...options, headers: Object.fromEntries(Object.entries(options.headers).filter(([name]) => !CREDENTIAL_HEADERS.has(name.toLowerCase()))) };
}

/** Drops the rest of a body; the abort error that destroying emits is expected, not a failure. */
function discard(stream: Dispatcher.ResponseData['body']): void {
  stream.on('error', () => {});
  stream.destroy();
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value !== undefined) out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Retry-After as milliseconds, from seconds or an HTTP date. */
export function retryAfterMs(value: string | undefined): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

/** Maps a network-level error to the kinds the report uses. */
export function classifyError(err: unknown): { error: FetchErrorKind; errorDetail: string } {
  const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.code ?? e.cause?.code ?? '';
  const detail = `${code || e.name || 'Error'}: ${e.cause?.message ?? e.message ?? ''}`.slice(0, 300);
  if (e.name === 'TimeoutError' || e.name === 'AbortError' || /TIMEOUT/i.test(code)) return { error: 'timeout', errorDetail: detail };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return { error: 'dns', errorDetail: detail };
  if (code === 'ECONNREFUSED') return { error: 'refused', errorDetail: detail };
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return { error: 'reset', errorDetail: detail };
  if (/CERT|TLS|SSL|SELF_SIGNED/i.test(code)) return { error: 'tls', errorDetail: detail };
  if (code === 'ERR_INVALID_URL' || code === 'UND_ERR_INVALID_ARG') return { error: 'invalid-url', errorDetail: detail };
  return { error: 'network', errorDetail: detail };
}

function failure(url: string, error: FetchErrorKind, errorDetail: string): FetchResult {
  return { url, finalUrl: url, status: null, error, errorDetail, headers: {}, redirects: [], body: null, truncated: false, attempts: 0, durationMs: 0 };
}

function result(url: string, finalUrl: string, attempt: Attempt, redirects: string[], attempts: number, started: number): FetchResult {
  return {
    url,
    finalUrl,
    status: attempt.status,
    error: attempt.error,
    errorDetail: attempt.errorDetail,
    headers: attempt.headers,
    redirects,
    body: attempt.body,
    truncated: attempt.truncated,
    attempts,
    durationMs: Date.now() - started,
  };
}
