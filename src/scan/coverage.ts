import type { CrawlArtifact } from '../crawl/crawl-artifact.ts';
import { label } from '../report/labels.ts';

export interface CoverageNote {
  what: string;
  why: string;
}

const STAGE_NAMES: Record<string, string> = { crawl: '抓取', gather: '栏目、互动等采集' };

/**
 * Why the page budget ran out. A reader who set maxPages 6000 and sees 5000 pages crawled
 * must learn where the other 1000 went: URLs are counted when requested, so link targets
 * that were missing, failed or were not pages counted too.
 */
function pageBudgetReason(crawl: CrawlArtifact): string {
  const budget = crawl.pageBudget;
  if (!budget) return '达到最多抓取页面数（crawl.maxPages）';
  const notPages = budget.charged - crawl.pagesCrawled;
  const spent = notPages > 0 ? `；计入此数的 ${budget.charged} 个网址中有 ${notPages} 个不存在、打不开或不是网页，未计为抓取页面` : '';
  return `达到最多抓取页面数（crawl.maxPages = ${budget.max}）${spent}`;
}

/** What a limit, robots.txt or a stop request left unread, one line each, for the report and the summary. */
export function crawlCoverage(crawl: CrawlArtifact | null): CoverageNote[] {
  if (!crawl) return [];
  const notes: CoverageNote[] = [];
  if (crawl.limitSkipped.maxPages) notes.push({ what: `${crawl.limitSkipped.maxPages} 个页面未抓取`, why: pageBudgetReason(crawl) });
  if (crawl.limitSkipped.maxDepth) notes.push({ what: `${crawl.limitSkipped.maxDepth} 个页面未抓取`, why: '超过最大抓取层级（crawl.maxDepth）' });
  if (crawl.unread?.pages) {
    const kinds = Object.entries(crawl.unread.byReason).map(([reason, n]) => `${label('unreadReason', reason)} ${n}`).join('、');
    notes.push({ what: `${crawl.unread.pages} 个页面未能读取`, why: `${kinds}；未找到的事项若可能在这些页面上（链接文字或所在栏目相关），不作扣分或否决，列为需人工核查` });
  }
  if (crawl.robotsDisallowed) notes.push({ what: `${crawl.robotsDisallowed} 个网址未抓取`, why: 'robots.txt 禁止抓取' });
  if (crawl.sitemapSkipped) notes.push({ what: '网站地图（sitemap.xml）未读取', why: crawl.sitemapSkipped });
  const cut = crawl.cut;
  if (cut) {
    for (const [stage, n] of Object.entries(cut.pagesOverBudget)) {
      if (stage !== 'crawl' && n) notes.push({ what: `${STAGE_NAMES[stage] ?? stage}阶段 ${n} 个页面未抓取`, why: '达到最多抓取页面数（crawl.maxPages），各阶段共用' });
    }
    if (cut.linksPerPage) notes.push({ what: `${cut.linksPerPage} 个链接未读取`, why: '单个页面链接过多，超出每页链接上限（crawl.maxLinksPerPage）' });
    if (cut.unchecked) notes.push({ what: `${cut.unchecked} 个网址未请求`, why: '达到本次检查的请求上限（crawl.maxRequests）或检查被中断' });
    if (cut.deepElements) notes.push({ what: `${cut.deepElements} 个嵌套过深的页面元素被展平`, why: '页面元素嵌套超过上限，按平铺内容检查' });
  }
  for (const host of crawl.rateLimitedHosts ?? []) notes.push({ what: `${host} 的部分网址无法核验`, why: '服务器持续返回 429（请求过于频繁），等待超过上限（crawl.maxRateLimitWaitSeconds）' });
  if (crawl.partial) notes.push({ what: '检查未完成', why: '检查被中断，已采集的数据已保存，可用 --resume 继续' });
  return notes;
}
