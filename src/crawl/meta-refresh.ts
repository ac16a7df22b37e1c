import type { CrawledPage, FetchResult } from './types.ts';

/** A refresh this quick replaces the page before anyone reads it: a redirect. */
export const REFRESH_REDIRECT_SECONDS = 5;

export interface RefreshFollow {
  /** Is the target on the site? A refresh elsewhere is an off-site redirect, never followed. */
  inScope(target: string): boolean;
  /** May the target be fetched (crawlable, allowed by robots.txt, within budget)? */
  admits(target: string): Promise<boolean>;
  fetch(target: string): Promise<FetchResult>;
  /** The target's answer as a page, or null when it is none (an error, not HTML). */
  parse(result: FetchResult): CrawledPage | null;
  maxHops: number;
}

/**
 * Follows `<meta http-equiv="refresh" content="0;url=…">` of at most 5 s as a visitor's
 * browser does, hop by hop within the limits: the answer keeps the first URL and lists the
 * refresh targets among its redirects. A refresh off the site ends as an `offsite-redirect`
 * (the foreign page is not the site's). The crawler and the gatherers' later fetches share
 * it, so both read the page a visitor ends on.
 */
export async function followMetaRefresh(result: FetchResult, page: CrawledPage | null, follow: RefreshFollow): Promise<{ result: FetchResult; page: CrawledPage | null }> {
  for (let hops = 0; page?.refresh && page.refresh.delaySeconds <= REFRESH_REDIRECT_SECONDS && hops < follow.maxHops; hops++) {
    const target = page.refresh.url;
    if (!follow.inScope(target)) return { result: { ...result, error: 'offsite-redirect', errorDetail: `页面自动跳转（meta refresh）到站外：${target}`, finalUrl: target }, page: null };
    if (!(await follow.admits(target))) break;
    const next = await follow.fetch(target);
    result = { ...next, url: result.url, redirects: [...result.redirects, target, ...next.redirects], attempts: result.attempts + next.attempts };
    page = follow.parse(result);
  }
  return { result, page };
}
