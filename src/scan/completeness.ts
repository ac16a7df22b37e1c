import type { Config } from '../config/schema.ts';
import type { CrawlArtifact } from '../crawl/crawl-artifact.ts';
import { checkSubject } from '../checks/subjects.ts';
import type { CheckResult } from '../types.ts';

/** How to try again, for the report and the summary of an incomplete scan. */
export const RETRY_HINT = '请确认网站可以正常访问、网络与配置无误后重新运行 gov-inspector scan；被中断的检查可加 --resume 继续';

/**
 * Checks that judge the site by what they did NOT find (未公开, no interaction channel, no
 * services, stale or blank columns, a missing 标识). On a scan that did not reach the
 * site, absence means nothing: they are not run (未检测), so they raise no findings.
 */
const ABSENCE_CHECKS = new Set([
  'column-freshness',
  'homepage-freshness',
  'required-items',
  'interaction',
  'services',
  'site-identity',
  'interpretation',
  'elder-friendly',
  'manual-review',
  'mobile',
  'accessibility',
]);

/**
 * Why a scan is incomplete (exit 3, no verdict, no score in the history), or null when it
 * is complete: it was interrupted, the homepage never opened (or led off the site), or it
 * read fewer pages than crawl.minPages.
 */
export function incompleteReason(crawl: CrawlArtifact | null, config: Config): string | null {
  if (!crawl) return '未能完成抓取（没有抓取数据）';
  if (crawl.partial) return '检查被中断（收到停止信号），只采集了部分数据';
  const home = crawl.homepage;
  if (home.error === 'offsite-redirect') return `首页跳转到其他网站（${home.finalUrl}），未能检查本网站`;
  if (home.error === 'robots') return '首页被 robots.txt 禁止抓取，未能检查本网站';
  if (home.error === 'rate-limited') return '网站持续返回 429（请求过于频繁），首页未能打开';
  if (crawl.pagesCrawled === 0) return `首页无法打开（${home.status !== null ? `HTTP ${home.status}` : (home.error ?? '无响应')}），未能检查本网站`;
  const { minPages } = config.crawl;
  if (crawl.pagesCrawled < minPages) return `只抓取到 ${crawl.pagesCrawled} 个页面，少于最少页面数 ${minPages}（crawl.minPages）`;
  return null;
}

/** The results of an incomplete scan: absence-based checks become 未检测 with the reason. */
export function withoutAbsenceVerdicts(results: CheckResult[], reason: string): CheckResult[] {
  return results.map((r) =>
    ABSENCE_CHECKS.has(r.id) && r.status !== 'skipped'
      ? { id: r.id, title: checkSubject(r.id, r.title), status: 'skipped', findings: [], reason: `检查未完成：${reason}` }
      : r,
  );
}
