import type { Config } from '../config/schema.ts';
import { HttpFetcher } from '../crawl/http-fetcher.ts';
import { TOOL_VERSION } from '../version.ts';
import type { ProbeRecord } from './probe-log.ts';

/**
 * Opens homepages the way the inspection rule counts them: one GET, redirects followed,
 * the whole body within the time limit. No retries: a retried success would hide the
 * failure the rule is meant to count.
 */
export class HomepageProber {
  private readonly fetcher: HttpFetcher;

  constructor(config: Config) {
    const userAgent = config.crawl.userAgent.replace('{version}', TOOL_VERSION);
    this.fetcher = new HttpFetcher({ crawl: { ...config.crawl, retries: 0, timeoutMs: config.monitor.timeoutMs, intervalMs: 0 }, userAgent });
  }

  async probe(url: string, now: () => Date = () => new Date()): Promise<ProbeRecord> {
    const at = now();
    const result = await this.fetcher.fetch(url, { headers: { 'cache-control': 'no-cache' } });
    const ms = Date.now() - at.getTime();
    const ok = result.status !== null && result.status < 400 && !result.error;
    const error = ok ? null : (result.error ?? `http-${result.status}`);
    return { at: at.toISOString(), url, ok, status: result.status, error, ms };
  }

  close(): Promise<void> {
    return this.fetcher.close();
  }
}
