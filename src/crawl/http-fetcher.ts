import { Agent, request, type Dispatcher } from 'undici';
import type { Config } from '../config/schema.ts';
import { PRIVATE_ADDRESS_DETAIL, isNonPublicAddress, publicOnlyLookup } from './address-policy.ts';
import type { FetchJournal } from './fetch-journal.ts';
import { HostScheduler, sleep } from './host-scheduler.ts';
import { requestSignal } from './request-signal.ts';
import { ResponseCache } from './response-cache.ts';
import type { FetchErrorKind, FetchOptions, FetchResult, Fetcher } from './types.ts';

export interface HttpFetcherOptions {
  crawl: Config['crawl'];
  userAgent: string;
  /** Conditional GETs: a 304 reuses the stored body (incremental rescans). */
  cache?: ResponseCache;
  /** Records every fetch of the scan; on resume, answers fetches already made. */
  journal?: FetchJournal;
  /** The scan's stop request: queued and in-flight fetches end at once as `aborted`. */
  signal?: AbortSignal;
  /**
   * Refuse loopback, link-local and private addresses (checked on the resolved address).
   * A public site's scan sets it; a site that itself lives on such an address does not.
   */
  publicOnly?: boolean;
  /** Requests an interrupted run of this scan already made (resume): they count against maxRequests. */
  priorRequests?: number;
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
  /** Time waited out on 429 answers, per host; past the ceiling the host is given up. */
  private readonly rateLimitWaited = new Map<string, number>();
  private readonly rateLimitedHosts = new Set<string>();
  /** Fetches refused because the request budget was spent. */
  private budgetRefused = 0;

  constructor(private readonly options: HttpFetcherOptions) {
    const { concurrency, intervalMs, timeoutMs } = options.crawl;
    this.scheduler = new HostScheduler({ concurrency, intervalMs, signal: options.signal });
    this.agent = new Agent({
      connections: concurrency,
      keepAliveTimeout: 10_000,
      connect: { timeout: timeoutMs, ...(options.publicOnly && { lookup: publicOnlyLookup() }) },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
  }

  /** Requests sent by this scan, an interrupted run's included (resume). */
  get requestCount(): number {
    return this.requests + (this.options.priorRequests ?? 0);
  }

  /** Fetches not made because the request budget (crawl.maxRequests) was spent. */
  get budgetRefusedCount(): number {
    return this.budgetRefused;
  }

  /** Hosts given up on after answering 429 past crawl.maxRateLimitWaitSeconds. */
  get rateLimited(): string[] {
    return [...this.rateLimitedHosts];
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

  /** Why a request to `url` may not be sent now, or null when it may. */
  private refusal(url: string): FetchResult | null {
    if (this.options.signal?.aborted) return failure(url, 'aborted', '检查已中断，未请求');
    const parsed = new URL(url);
    if (this.rateLimitedHosts.has(parsed.host)) return failure(url, 'rate-limited', `${parsed.host} 持续返回 429（请求过于频繁），已超过等待上限，无法核验`);
    if (this.isNonPublicTarget(parsed)) return failure(url, 'private-address', PRIVATE_ADDRESS_DETAIL);
    if (this.requestCount >= this.options.crawl.maxRequests) {
      this.budgetRefused++;
      return failure(url, 'budget', `已达到本次检查的请求上限（${this.options.crawl.maxRequests}），未请求`);
    }
    return null;
  }

  /** A literal internal address a public site's scan must not request (a host the operator mapped in hostOverrides goes where they said). */
  private isNonPublicTarget(parsed: URL): boolean {
    return Boolean(this.options.publicOnly) && !this.isOverridden(parsed) && isNonPublicAddress(parsed.hostname);
  }

  private isOverridden(parsed: URL): boolean {
    const overrides = this.options.crawl.hostOverrides;
    return parsed.host in overrides || parsed.hostname in overrides;
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
      const refused = this.refusal(current);
      if (refused) return { ...refused, url, finalUrl: current, redirects, attempts, durationMs: Date.now() - started };
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
        if (options.redirectScope && !options.redirectScope(next)) {
          if (this.isNonPublicTarget(new URL(next))) return { ...failure(url, 'private-address', `${PRIVATE_ADDRESS_DETAIL}：跳转到 ${next}`), finalUrl: next, redirects, attempts, durationMs: Date.now() - started };
          return { ...result(url, next, attempt, redirects, attempts, started), status: null, body: null, error: 'offsite-redirect', errorDetail: `跳转到站外：${next}` };
        }
        // Credentials given for one host never follow a redirect to another (as browsers do).
        if (new URL(next).host !== new URL(current).host) hopOptions = withoutCredentials(hopOptions);
        current = next;
        continue;
      }
      return result(url, current, attempt, redirects, attempts, started);
    }
  }

  private async fetchWithRetries(url: string, options: FetchOptions): Promise<{ attempt: Attempt; tries: number }> {
    const { retries, retryBaseMs, maxRetryAfterSeconds, maxRateLimitWaitSeconds } = this.options.crawl;
    const host = new URL(url).host;
    const signal = this.options.signal;
    let tries = 0;
    let rateLimited = 0;
    for (;;) {
      await this.scheduler.gate(host);
      if (signal?.aborted) return { attempt: abortedAttempt(), tries };
      tries++;
      const attempt = await this.once(url, options);
      if (attempt.status === 429 && rateLimited < retries + 2) {
        rateLimited++;
        const waitMs = Math.min(retryAfterMs(attempt.headers['retry-after']) ?? retryBaseMs * 2 ** rateLimited, maxRetryAfterSeconds * 1000);
        // One ceiling per host for the whole scan: a 429 storm costs minutes at most, not hours.
        const waited = (this.rateLimitWaited.get(host) ?? 0) + waitMs;
        if (waited > maxRateLimitWaitSeconds * 1000) {
          this.rateLimitedHosts.add(host);
          return { attempt: { ...attempt, status: null, body: null, error: 'rate-limited', errorDetail: `${host} 持续返回 429（请求过于频繁），等待超过 ${maxRateLimitWaitSeconds} 秒上限，无法核验` }, tries };
        }
        this.rateLimitWaited.set(host, waited);
        this.scheduler.slowDown(host, waitMs);
        continue;
      }
      const retryable = (attempt.status !== null && attempt.status >= 500) || attempt.error === 'reset' || attempt.error === 'refused' || attempt.error === 'network';
      if (retryable && tries - rateLimited <= retries && !signal?.aborted) {
        await sleep(retryBaseMs * 2 ** (tries - rateLimited - 1), signal);
        continue;
      }
      return { attempt, tries };
    }
  }

  /** One request, bounded by the time limit from connect to the last body byte. */
  private async once(url: string, options: FetchOptions): Promise<Attempt> {
    const deadline = requestSignal(options.timeoutMs ?? this.options.crawl.timeoutMs, this.options.signal);
    try {
      return await this.attempt(url, options, deadline.signal);
    } finally {
      deadline.done();
    }
  }

  /** The request itself, under the signal `once` set up for it. */
  private async attempt(url: string, options: FetchOptions, signal: AbortSignal): Promise<Attempt> {
    const method = options.method ?? 'GET';
    const wantBody = method !== 'HEAD' && options.body !== false;
    // Only full page reads are revalidated: a capped read's body would not be reusable.
    const cache = method === 'GET' && wantBody && options.maxBodyBytes === undefined ? this.options.cache : undefined;
    const validators = cache && !options.headers?.['cache-control'] ? cache.validators(url) : null;
    this.requests++;
    let response: Dispatcher.ResponseData;
    const scanSignal = this.options.signal;
    try {
      response = await request(this.overridden(url), {
        method,
        dispatcher: this.agent,
        signal,
        headers: { 'user-agent': this.options.userAgent, accept: '*/*', 'accept-language': 'zh-CN,zh;q=0.9', ...validators, ...(options.form !== undefined && { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' }), ...options.headers },
        body: method === 'POST' ? (options.form ?? '') : undefined,
      });
    } catch (err) {
      if (scanSignal?.aborted) return abortedAttempt();
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
      if (scanSignal?.aborted) return abortedAttempt();
      return { status: null, headers, body: null, truncated: false, ...classifyError(err) };
    }
  }
}

function abortedAttempt(): Attempt {
  return { status: null, headers: {}, body: null, truncated: false, error: 'aborted', errorDetail: '检查已中断' };
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
  if (code === 'EPRIVATEADDR') return { error: 'private-address', errorDetail: PRIVATE_ADDRESS_DETAIL };
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
