import { classifyFetch } from '../crawl/classify.ts';
import type { FetchResult, Fetcher } from '../crawl/types.ts';

export type LinkOutcome = { verdict: 'ok' | 'broken' | 'blocked'; status: number | null; error: string | null };

/**
 * Checks post links once per scan however many accounts or posts carry them: HEAD first,
 * GET when HEAD is refused or fails, as the crawler's link check does.
 */
export class PostLinkChecker {
  private readonly seen = new Map<string, Promise<LinkOutcome>>();

  constructor(private readonly fetcher: Fetcher) {}

  check(url: string): Promise<LinkOutcome> {
    let outcome = this.seen.get(url);
    if (!outcome) {
      outcome = this.run(url);
      this.seen.set(url, outcome);
    }
    return outcome;
  }

  private async run(url: string): Promise<LinkOutcome> {
    let result: FetchResult = await this.fetcher.fetch(url, { method: 'HEAD' });
    const headFailed = result.status === null ? result.error !== 'dns' && result.error !== 'timeout' : classifyFetch(result) !== 'ok';
    if (headFailed) result = await this.fetcher.fetch(url, { method: 'GET', maxBodyBytes: 16 * 1024 });
    return { verdict: classifyFetch(result), status: result.status, error: result.error };
  }
}
