import type { CrawlArtifact } from '../artifacts.ts';
import type { Config } from '../config/schema.ts';
import { failureLabel, label, LABELS } from '../report/labels.ts';

/** How complete the scan's look at the site was, for verdicts that something is absent from it. */
export interface SiteLook {
  complete: boolean;
  /** Why the look was incomplete, one short zh-CN sentence per cause, joined; null when complete. */
  reason: string | null;
}

/** Unread pages named in the reason, so a person knows which to open. */
const NAMED_PAGES = 3;

/**
 * Did the scan read the whole site? A veto or deduction that says "X is absent from the
 * site" stands only when it did: a page that could not be read (timeout, 5xx, network
 * error, rate limit, refusal to robots) or was never fetched because a cap cut the crawl
 * (crawl.maxPages, maxDepth, maxRequests, maxLinksPerPage) may hold X, so such a verdict is
 * 需人工核查 with this reason. Pages robots.txt disallows do not count: the site itself asks
 * robots not to read them (listed in the report's coverage). What the homepage lacks is
 * not an absence from the site: the homepage was read.
 */
export function siteLook(crawl: CrawlArtifact | null | undefined, limits: Config['crawl']): SiteLook {
  if (!crawl || 'artifactError' in crawl) return { complete: false, reason: '本次检查的抓取记录缺失，无法确认是否读取了全站' };
  const reasons: string[] = [];
  if (crawl.partial) reasons.push('检查被中断，未读取全站');
  const unread = crawl.unread;
  if (unread?.pages) {
    const kinds = Object.entries(unread.byReason)
      .filter(([, n]) => n)
      .map(([reason, n]) => `${label('unreadReason', reason)} ${n}`)
      .join('、');
    const named = unread.samples.slice(0, NAMED_PAGES).map((s) => `${s.url}（${s.status !== null ? failureLabel(s.status, null) : LABELS.unreadReason[s.reason]}）`);
    const more = unread.pages > named.length ? ' 等' : '';
    reasons.push(`本次检查有 ${unread.pages} 个页面未能读取（${kinds}）：${named.join('、')}${more}`);
  }
  const overBudget = crawl.cut ? Object.values(crawl.cut.pagesOverBudget).reduce((a, b) => a + b, 0) : crawl.limitSkipped.maxPages;
  const pagesCapped = Math.max(overBudget, crawl.limitSkipped.maxPages);
  if (pagesCapped) reasons.push(`页面数量达到上限 crawl.maxPages=${limits.maxPages}，有 ${pagesCapped} 个页面未检查`);
  if (crawl.limitSkipped.maxDepth) reasons.push(`页面层级超过上限 crawl.maxDepth=${limits.maxDepth}，有 ${crawl.limitSkipped.maxDepth} 个页面未检查`);
  if (crawl.limitSkipped.maxRequests) reasons.push(`请求次数达到上限 crawl.maxRequests=${limits.maxRequests}，有 ${crawl.limitSkipped.maxRequests} 个页面未检查`);
  if (crawl.cut?.linksPerPage) reasons.push(`单个页面链接数超过上限 crawl.maxLinksPerPage=${limits.maxLinksPerPage}，有 ${crawl.cut.linksPerPage} 个链接未读取`);
  return reasons.length ? { complete: false, reason: reasons.join('；') } : { complete: true, reason: null };
}

/** Evidence of an absence verdict the look cannot carry: what was searched for, and why the look was incomplete. */
export function unverifiedAbsence(searched: string, look: SiteLook): string {
  return `${searched}；但${look.reason}，未找到不能证明没有，请人工核查`;
}
