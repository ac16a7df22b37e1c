import type { CrawlArtifact } from '../artifacts.ts';
import type { UnreadPage } from '../crawl/crawl-artifact.ts';
import type { Config } from '../config/schema.ts';
import { failureLabel, label, LABELS } from '../report/labels.ts';
import type { FindingDraft } from '../types.ts';

/** How complete the scan's look at the site was, for one verdict that something is absent from it. */
export interface SiteLook {
  complete: boolean;
  /** Why the look was incomplete, one short zh-CN sentence per cause, joined; null when complete. */
  reason: string | null;
}

/**
 * What an absence verdict looked for, so only the unread pages that could hold it count
 * against the verdict. An unread page could hold it when a link pointing to it names one of
 * the `terms`, when it lies in the `section` where the thing is expected (a folder, or a link
 * text naming the section), or when one of the `linkedFrom` pages links to it.
 */
export interface Sought {
  /** Names and keywords a link to the thing (or to a page listing it) would carry. */
  terms: readonly string[];
  /**
   * Where on the site it is expected: folder URLs (prefixes), and patterns of the section's
   * name as a link to it reads in full (`^(政府)?信息公开(目录)?$`): a page linked so is the
   * section's front page, one linked as 「政府信息公开指南」 is one item in it.
   */
  section?: { folders?: readonly (string | null | undefined)[]; names?: readonly RegExp[] };
  /** Pages that would link to it (a policy document links its interpretation). */
  linkedFrom?: readonly string[];
}

/** Unread pages named in the reason, so a person knows which to open. */
const NAMED_PAGES = 3;

/** Shortest link text taken for a cut-off form of a longer term (a title shown as 「关于印发…」). */
const MIN_PARTIAL_TEXT = 6;

/**
 * The column folder a page lies in, without the date folders CMSs file articles under
 * (`/xxgk/zcjd/202601/t20260115_1.html` → `/xxgk/zcjd/`); null for the site root, which is
 * no section.
 */
export function sectionOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    const folder = u.pathname.replace(/[^/]*$/, '').replace(/(\/\d{1,8})+\/$/, '/');
    return folder === '/' ? null : `${u.origin}${folder}`;
  } catch {
    return null;
  }
}

const compact = (text: string) => text.replace(/[\s\u3000]+/g, '');

/** Does a link text name the term: contain it, or be a cut-off part of a long one (a truncated title)? */
function namesTerm(text: string, term: string): boolean {
  const t = compact(term);
  if (!t) return false;
  const x = compact(text);
  if (x.includes(t)) return true;
  const cut = x.replace(/(…|\.{2,})+$/, '');
  return cut.length >= MIN_PARTIAL_TEXT && t.length > cut.length && t.includes(cut);
}

/** Why an unread page could hold what was sought (zh-CN), or null when nothing ties it to it. */
function whyRelevant(page: UnreadPage, sought: Sought): string | null {
  // A scan made before link texts were kept cannot tell: the page counts.
  if (!page.texts) return '来源未记录';
  const byTerm = page.texts.find((t) => sought.terms.some((term) => namesTerm(t, term)));
  if (byTerm) return `链接文字「${byTerm}」`;
  const folder = sought.section?.folders?.find((f) => f && page.url.startsWith(f));
  if (folder) return `位于 ${folder} 栏目下`;
  const bySection = page.texts.find((t) => sought.section?.names?.some((name) => name.test(compact(t))));
  if (bySection) return `链接文字「${bySection}」`;
  const from = page.sources?.find((s) => sought.linkedFrom?.includes(s));
  if (from) return `由 ${from} 链接`;
  return null;
}

/**
 * Did the scan look everywhere the sought thing could be? A veto or deduction that says "X
 * is absent from the site" stands only when it did. A cap that cut the crawl
 * (crawl.maxPages, maxDepth, maxRequests, maxLinksPerPage) or a stop left unknown
 * territory: any absence is then 需人工核查. A page that could not be read (timeout, 5xx,
 * network error, rate limit, refusal to robots) counts only when it could hold what was
 * sought (see Sought): real sites nearly always have some page timing out, and a news
 * article that answers 500 does not hide a missing 政府信息公开指南. Without `sought` every
 * unread page counts. Pages robots.txt disallows never count: the site itself asks robots
 * not to read them (listed in the report's coverage).
 */
export function siteLook(crawl: CrawlArtifact | null | undefined, limits: Config['crawl'], sought?: Sought): SiteLook {
  if (!crawl || 'artifactError' in crawl) return { complete: false, reason: '本次检查的抓取记录缺失，无法确认是否读取了全站' };
  const reasons: string[] = [];
  if (crawl.partial) reasons.push('检查被中断，未读取全站');
  const unread = unreadAgainst(crawl, sought);
  if (unread) reasons.push(unread);
  const overBudget = crawl.cut ? Object.values(crawl.cut.pagesOverBudget).reduce((a, b) => a + b, 0) : crawl.limitSkipped.maxPages;
  const pagesCapped = Math.max(overBudget, crawl.limitSkipped.maxPages);
  if (pagesCapped) reasons.push(`页面数量达到上限 crawl.maxPages=${limits.maxPages}，有 ${pagesCapped} 个页面未检查`);
  if (crawl.limitSkipped.maxDepth) reasons.push(`页面层级超过上限 crawl.maxDepth=${limits.maxDepth}，有 ${crawl.limitSkipped.maxDepth} 个页面未检查`);
  if (crawl.limitSkipped.maxRequests) reasons.push(`请求次数达到上限 crawl.maxRequests=${limits.maxRequests}，有 ${crawl.limitSkipped.maxRequests} 个页面未检查`);
  if (crawl.cut?.linksPerPage) reasons.push(`单个页面链接数超过上限 crawl.maxLinksPerPage=${limits.maxLinksPerPage}，有 ${crawl.cut.linksPerPage} 个链接未读取`);
  return reasons.length ? { complete: false, reason: reasons.join('；') } : { complete: true, reason: null };
}

/** The unread pages that could hold what was sought, as one zh-CN sentence; null when none. */
function unreadAgainst(crawl: CrawlArtifact, sought: Sought | undefined): string | null {
  const unread = crawl.unread;
  if (!unread?.pages) return null;
  const relevant = unread.samples.flatMap((page) => {
    const why = sought ? whyRelevant(page, sought) : '';
    return why === null ? [] : [{ page, why }];
  });
  // Pages beyond the described ones: how they were reached is unknown, so they count.
  const undescribed = unread.pages - unread.samples.length;
  if (!relevant.length && !undescribed) return null;
  const byReason = new Map<string, number>();
  for (const { page } of relevant) byReason.set(page.reason, (byReason.get(page.reason) ?? 0) + 1);
  const kinds = [...byReason].map(([reason, n]) => `${label('unreadReason', reason)} ${n}`);
  if (undescribed) kinds.push(`来源未记录 ${undescribed}`);
  const named = relevant.slice(0, NAMED_PAGES).map(({ page, why }) => {
    const failure = page.status !== null ? failureLabel(page.status, null) : LABELS.unreadReason[page.reason];
    return `${page.url}（${[failure, why].filter(Boolean).join('，')}）`;
  });
  const count = relevant.length + undescribed;
  const what = sought ? '可能载有该内容的页面' : '页面';
  return `本次检查有 ${count} 个${what}未能读取（${kinds.join('、')}）${named.length ? `：${named.join('、')}${count > named.length ? ' 等' : ''}` : ''}`;
}

/**
 * An absence verdict as far as the look carries it: `verdict` on a complete look, else the
 * check's 需人工核查 item under the same key (history follows the problem), its evidence
 * what was searched for and why not finding it proves nothing.
 */
export function absenceFinding(look: SiteLook, verdict: FindingDraft, unverified: Pick<FindingDraft, 'indicator' | 'title'>): FindingDraft {
  if (look.complete) return verdict;
  return { ...verdict, ...unverified, evidence: `${verdict.evidence}；但${look.reason}，未找到不能证明没有，请人工核查` };
}
