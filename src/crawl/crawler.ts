import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Config } from '../config/schema.ts';
import { JsonlWriter } from '../store/jsonl.ts';
import { classifyFetch } from './classify.ts';
import type { CrawlArtifact } from './crawl-artifact.ts';
import type { HttpFetcher } from './http-fetcher.ts';
import { inboundLinks, type LinkEdge } from './inbound-links.ts';
import type { FailedLink, LinksArtifact } from './link-report.ts';
import { followMetaRefresh } from './meta-refresh.ts';
import { PageBudget } from './page-budget.ts';
import { pagesToCrawl, readPagination } from './pagination.ts';
import { isHtmlResponse, parsePage } from './parse-page.ts';
import type { RobotsRules } from './robots.ts';
import { TrapGuard } from './trap-guard.ts';
import { readSitemaps } from './sitemap.ts';
import type { CrawledPage, FetchResult, LinkKind, PageRecord, ScanEvent } from './types.ts';
import { UnreadPages } from './unread-pages.ts';
import { SiteScope, isAttachment, mayBeHtml, normalizeUrl } from './url.ts';

export interface CrawlerOptions {
  config: Config;
  homepageUrl: string;
  fetcher: HttpFetcher;
  robots: RobotsRules;
  /** Scan folder: pages.jsonl and links.jsonl are written here. */
  scanDir: string;
  /** Called for every parsed HTML page; errors are caught and reported as warnings. */
  onPage?: (page: CrawledPage) => void | Promise<void>;
  /** Pages whose static HTML is empty may be re-rendered here (browser fallback). */
  renderFallback?: (page: CrawledPage) => Promise<CrawledPage | null>;
  emit: (event: ScanEvent) => void;
  /** Stops the crawl early; what was collected is kept. */
  signal?: AbortSignal;
  /** Pages of the site any stage may fetch (crawl.maxPages); shared with the gather stage. */
  budget?: PageBudget;
  /** The site's pages that could not be read; shared with the gather stage (see crawl.unread). */
  unread?: UnreadPages;
  /** Results of other sites' links reused across scans (see link-cache.ts). */
  externalLinks?: { get(url: string): FetchResult | null; set(url: string, result: FetchResult): Promise<void> };
}

interface FrontierItem {
  /** Position in the frontier: what the page links to is admitted (budget charged) in this order. */
  seq: number;
  url: string;
  depth: number;
  /** Form body of a list endpoint's read-only POST (Hanweb dataproxy.jsp pages). */
  post?: string;
  /** How the page was linked (a canonical address that fails is reported as one). */
  kind: LinkKind;
}

/** Link kinds that name a page: crawled when in scope, like anchors. */
const PAGE_KINDS = new Set<LinkKind>(['a', 'frame', 'canonical', 'alternate']);

type Failure = Omit<FailedLink, 'sources' | 'texts'>;

/**
 * What a read page adds to the crawl, waiting for its turn: a page to crawl, a target to
 * check, or the address a redirect ended on (read already, so never queued again).
 */
type Discovery =
  | { type: 'page'; url: string; depth: number; kind: LinkKind; post?: string; listPage?: boolean }
  | { type: 'check'; url: string; kind: LinkKind }
  | { type: 'read'; url: string };

export const PAGES_FILE = 'pages.jsonl';
export const LINKS_FILE = 'links.jsonl';

/**
 * Crawls the site breadth-first and checks every link target once. Pages are fetched
 * politely through the HttpFetcher; each URL is deduplicated when first seen. Per-page
 * data is streamed to disk; only failures are kept in memory.
 *
 * Pages are fetched and read concurrently, but the URLs each one links to are admitted
 * (deduplicated, charged to the page budget, queued) strictly in frontier order: a page's
 * links wait until every page before it has been read. So which pages a budget-capped crawl
 * reads depends on the site's links, never on which response came back first: a scan run
 * again, resumed or continued by another worker reads the same pages. What waits is a short
 * list of URLs per page, not the page.
 */
export class Crawler {
  private readonly scope: SiteScope;
  private readonly robots: RobotsRules;
  private readonly seen = new Set<string>();
  /** Pages already parsed, by final URL (a redirect may lead to a page crawled already). */
  private readonly processed = new Set<string>();
  /**
   * Hashes of page bodies already parsed: `/xxgk/` and `/xxgk/index.html` (or a URL with a
   * meaningless query) are one page to a visitor, so its links are counted once.
   */
  private readonly bodyHashes = new Set<string>();
  private readonly frontier: FrontierItem[] = [];
  private frontierHead = 0;
  private readonly checkQueue: { url: string; kind: LinkKind }[] = [];
  private checkHead = 0;
  private readonly failures = new Map<string, Failure>();
  private readonly pagesOut: JsonlWriter<PageRecord>;
  private readonly edgesOut: JsonlWriter<LinkEdge>;
  private pagesInFlight = 0;
  private checksInFlight = 0;
  private pagesScheduled = 0;
  /** What each read page links to, by frontier position, waiting for every earlier page to be read. */
  private readonly discovered = new Map<number, Discovery[]>();
  private nextAdmit = 0;
  private pagesDone = 0;
  private checksDone = 0;
  private okCount = 0;
  private occurrences = 0;
  private robotsSkipped = 0;
  private readonly limitSkipped = { maxPages: 0, maxDepth: 0, maxRequests: 0 };
  private readonly traps: TrapGuard;
  /** Responses bounded rather than trusted: cut at maxBodyBytes, or "HTML" that is not text. */
  private readonly anomalies = { truncated: 0, unparsable: 0, strayEndTags: 0, reparsed: 0 };
  private readonly unmappedPaging = new Map<string, string>();
  private readonly fetchers = { http: 0, browser: 0 };
  readonly budget: PageBudget;
  readonly unread: UnreadPages;
  /** Links beyond maxLinksPerPage, targets not checked (budget spent, stopped), flattened elements. */
  private readonly cut = { linksPerPage: 0, unchecked: 0, deepElements: 0 };
  private sitemapSkipped: string | null = null;
  private homepage: CrawlArtifact['homepage'];
  private readonly parseOptions: { reparse: boolean };
  private finished!: () => void;

  constructor(private readonly options: CrawlerOptions) {
    const { site } = options.config;
    this.scope = new SiteScope(options.homepageUrl, site.extraHosts, site.include, site.exclude);
    this.robots = options.robots;
    this.traps = new TrapGuard(options.config.crawl.maxQueryVariants);
    this.parseOptions = { reparse: options.config.crawl.reparseStrayEndTags };
    this.pagesOut = new JsonlWriter(path.join(options.scanDir, PAGES_FILE));
    this.edgesOut = new JsonlWriter(path.join(options.scanDir, LINKS_FILE));
    this.homepage = { status: null, error: 'not-fetched', finalUrl: options.homepageUrl, title: null };
    this.budget = options.budget ?? new PageBudget(options.config.crawl.maxPages);
    this.unread = options.unread ?? new UnreadPages();
  }

  /** The site's own pages redirect only within its scope (hosts + extraHosts). */
  private readonly inScope = (url: string): boolean => {
    try {
      return this.scope.isInternal(url);
    } catch {
      return false;
    }
  };

  async run(): Promise<{ crawl: CrawlArtifact; links: LinksArtifact }> {
    const started = Date.now();
    const { config, homepageUrl, fetcher } = this.options;
    this.options.emit({ type: 'phase', phase: 'crawl', detail: homepageUrl });
    const done = new Promise<void>((resolve) => (this.finished = resolve));
    this.enqueuePage(homepageUrl, 0);
    if (config.crawl.sitemap && !this.options.signal?.aborted) {
      const origin = new URL(homepageUrl).origin;
      const roots: string[] = [];
      // robots.txt disallowing the sitemap (e.g. `Disallow: /`) means it is not fetched either.
      for (const url of [`${origin}/sitemap.xml`, ...(await this.robots.sitemaps(origin))]) {
        if (await this.robots.isAllowed(url)) roots.push(url);
        else this.sitemapSkipped = 'robots.txt 禁止抓取';
      }
      for (const url of await readSitemaps(fetcher, roots)) {
        const normalized = normalizeUrl(url);
        if (normalized && this.scope.isCrawlable(normalized)) this.enqueuePage(normalized, 1);
      }
    }
    this.options.signal?.addEventListener('abort', () => this.pump(), { once: true });
    this.pump();
    await done;
    await Promise.all([this.pagesOut.close(), this.edgesOut.close()]);
    const links = await this.linkReport();
    const crawl: CrawlArtifact = {
      homepageUrl,
      homepage: this.homepage,
      pagesCrawled: this.pagesDone,
      requests: fetcher.requestCount,
      durationMs: Date.now() - started,
      startedAt: new Date(started).toISOString(),
      robotsDisallowed: this.robotsSkipped,
      limitSkipped: this.limitSkipped,
      pageBudget: { max: this.budget.max, charged: this.budget.used },
      traps: this.traps.refused,
      anomalies: this.anomalies,
      unmappedPaging: [...this.unmappedPaging].slice(0, 200).map(([url, reason]) => ({ url, reason })),
      fetchers: this.fetchers,
      partial: this.options.signal?.aborted ?? false,
      cut: { ...this.cut, pagesOverBudget: this.budget.refused },
      rateLimitedHosts: fetcher.rateLimited,
      sitemapSkipped: this.sitemapSkipped,
      unread: this.unread.summary(),
    };
    return { crawl, links };
  }

  /**
   * A page URL seen in a link: crawl it when in scope and within limits, else check it.
   * A list's own later pages (`listPage`) are not crawler traps, however many query variants.
   */
  private enqueuePage(url: string, depth: number, options: { post?: string; kind?: LinkKind; listPage?: boolean } = {}): void {
    if (this.seen.has(url)) return;
    this.seen.add(url);
    if (depth > 0 && !options.listPage && !this.traps.admit(url)) return;
    if (depth > this.options.config.crawl.maxDepth) {
      this.limitSkipped.maxDepth++;
      return;
    }
    if (!this.budget.take(url, 'crawl')) {
      this.limitSkipped.maxPages++;
      return;
    }
    this.frontier.push({ seq: this.pagesScheduled++, url, depth, post: options.post, kind: options.kind ?? 'a' });
  }

  private enqueueCheck(url: string, kind: LinkKind): void {
    if (this.seen.has(url)) return;
    this.seen.add(url);
    this.checkQueue.push({ url, kind });
  }

  /** Starts queued work up to the in-flight limits; resolves `run` when all is done. */
  private pump(): void {
    const { concurrency } = this.options.config.crawl;
    const aborted = this.options.signal?.aborted ?? false;
    while (!aborted && this.pagesInFlight < concurrency && this.frontierHead < this.frontier.length) {
      const item = this.frontier[this.frontierHead++];
      this.pagesInFlight++;
      void this.crawlInOrder(item);
    }
    // External targets spread over many hosts, each still limited per host by the fetcher.
    while (!aborted && this.checksInFlight < concurrency * 4 && this.checkHead < this.checkQueue.length) {
      const item = this.checkQueue[this.checkHead++];
      this.checksInFlight++;
      void this.checkLink(item.url, item.kind).finally(() => {
        this.checksInFlight--;
        this.pump();
      });
    }
    this.compactQueues();
    const idle = this.pagesInFlight === 0 && this.checksInFlight === 0;
    if (idle && (aborted || (this.frontierHead >= this.frontier.length && this.checkHead >= this.checkQueue.length))) this.finished();
  }

  /** Drops consumed queue heads so the queues do not hold every URL ever seen. */
  private compactQueues(): void {
    if (this.frontierHead > 4096) {
      this.frontier.splice(0, this.frontierHead);
      this.frontierHead = 0;
    }
    if (this.checkHead > 4096) {
      this.checkQueue.splice(0, this.checkHead);
      this.checkHead = 0;
    }
  }

  /** Fetches and reads a page now; what it links to is admitted in its turn. A page that throws is skipped, never waited for. */
  private async crawlInOrder(item: FrontierItem): Promise<void> {
    let links: Discovery[] = [];
    try {
      links = await this.crawlPage(item);
    } catch (err) {
      this.options.emit({ type: 'warning', message: `页面处理出错 ${item.url}：${(err as Error).message}` });
    }
    this.discovered.set(item.seq, links);
    this.admitReady();
    this.pagesInFlight--;
    this.pump();
  }

  /** Admits what read pages link to, in frontier order, up to the first page not yet read. */
  private admitReady(): void {
    while (this.discovered.has(this.nextAdmit)) {
      const links = this.discovered.get(this.nextAdmit)!;
      this.discovered.delete(this.nextAdmit++);
      for (const link of links) {
        if (link.type === 'page') this.enqueuePage(link.url, link.depth, { kind: link.kind, post: link.post, listPage: link.listPage });
        else if (link.type === 'check') this.enqueueCheck(link.url, link.kind);
        else this.seen.add(link.url);
      }
    }
  }

  /** Fetches, reads and records one page; returns what it links to, for admission in its turn. */
  private async crawlPage(item: FrontierItem): Promise<Discovery[]> {
    const { url, depth, post, kind } = item;
    const isHomepage = depth === 0;
    if (!(await this.robots.isAllowed(url))) {
      this.robotsSkipped++;
      if (isHomepage) this.homepage = { status: null, error: 'robots', finalUrl: url, title: null };
      return [];
    }
    let result = await this.options.fetcher.fetch(url, post !== undefined ? { method: 'POST', form: post, redirectScope: this.inScope } : { redirectScope: this.inScope });
    // Not made (stopped, request budget spent): neither a failure nor a page; a resume makes it.
    if (result.error === 'aborted' || result.error === 'budget') {
      this.cut.unchecked++;
      if (result.error === 'budget') this.limitSkipped.maxRequests++;
      if (isHomepage) this.homepage = { status: null, error: result.error, finalUrl: url, title: null };
      return [];
    }
    const parse = (r: FetchResult) => (classifyFetch(r) === 'ok' && !r.error ? parsePage(r, depth, this.parseOptions) : null);
    // A page that refreshes at once to another address is a redirect to a visitor (a
    // homepage that is such a stub must not end the crawl).
    const followed = await followMetaRefresh(result, parse(result), {
      inScope: this.inScope,
      admits: async (target) => this.scope.isCrawlable(target) && (await this.robots.isAllowed(target)) && (this.seen.add(target), true),
      fetch: (target) => this.options.fetcher.fetch(target, { redirectScope: this.inScope }),
      parse,
      maxHops: this.options.config.crawl.maxRedirects,
    });
    result = followed.result;
    let { page } = followed;
    if (page && this.options.renderFallback) page = (await this.options.renderFallback(page)) ?? page;
    const verdict = classifyFetch(result);
    if (verdict !== 'ok') this.recordFailure(url, kind, verdict, result);
    else this.okCount++;
    this.unread.record(url, result);
    if (page?.domCut) this.cut.deepElements += page.domCut;
    if (result.truncated) this.anomalies.truncated++;
    if (verdict === 'ok' && !page && result.body && isHtmlResponse(result)) this.anomalies.unparsable++;
    if (isHomepage) this.homepage = { status: result.status, error: result.error, finalUrl: result.finalUrl, title: page?.title ?? null };
    const alreadyParsed = page !== null && (this.processed.has(page.finalUrl) || this.isDuplicateBody(result.body));
    let links: Discovery[] = [];
    if (page && !alreadyParsed) {
      this.processed.add(page.finalUrl);
      this.pagesDone++;
      this.fetchers[page.fetcher]++;
      if (page.strayEndTag) this.anomalies.strayEndTags++;
      if (page.parser === 'parse5') this.anomalies.reparsed++;
      links = [{ type: 'read', url: page.finalUrl }, ...(await this.handlePage(page))];
    }
    await this.pagesOut.write(pageRecord(result, depth, page));
    this.options.emit({ type: 'page', url, status: result.status, done: this.pagesDone, queued: this.frontier.length - this.frontierHead });
    return links;
  }

  private isDuplicateBody(body: Buffer | null): boolean {
    if (!body) return false;
    const hash = createHash('sha1').update(body).digest('base64');
    if (this.bodyHashes.has(hash)) return true;
    this.bodyHashes.add(hash);
    return false;
  }

  /** Hands the page to the gatherers and records its links; returns them for admission. */
  private async handlePage(page: CrawledPage): Promise<Discovery[]> {
    if (this.options.onPage) {
      try {
        await this.options.onPage(page);
      } catch (err) {
        this.options.emit({ type: 'warning', message: `页面处理出错 ${page.url}：${(err as Error).message}` });
      }
    }
    const links = page.refresh && !page.links.some((l) => l.url === page.refresh!.url) ? [...page.links, { url: page.refresh.url, kind: 'a' as const, text: '自动跳转（meta refresh）' }] : page.links;
    const { maxLinksPerPage } = this.options.config.crawl;
    if (links.length > maxLinksPerPage) this.cut.linksPerPage += links.length - maxLinksPerPage;
    const discovered: Discovery[] = [];
    const edges: LinkEdge[] = [];
    for (const link of links.slice(0, maxLinksPerPage)) {
      if (this.options.signal?.aborted) break;
      this.occurrences++;
      edges.push({ s: page.url, t: link.url, k: link.kind, x: link.text });
      if (PAGE_KINDS.has(link.kind) && this.scope.isCrawlable(link.url) && mayBeHtml(link.url)) discovered.push({ type: 'page', url: link.url, depth: page.depth + 1, kind: link.kind });
      else discovered.push({ type: 'check', url: link.url, kind: link.kind });
    }
    await this.edgesOut.writeMany(edges);
    return [...discovered, ...(await this.listPagesOf(page))];
  }

  /**
   * The other pages of a list this page shows, as its pager (TRS createPageHTML, 帝国CMS
   * 尾页, Hanweb jpage, goPage) would load them: crawled at the list's own depth, up to
   * `columns.maxListPages` pages and the last one.
   */
  private async listPagesOf(page: CrawledPage): Promise<Discovery[]> {
    const pagination = readPagination(page.$, page.finalUrl);
    if (pagination.unmapped) this.unmappedPaging.set(page.finalUrl, pagination.unmapped);
    const cap = this.options.config.columns.maxListPages;
    const pages: Discovery[] = [];
    const edges: LinkEdge[] = [];
    for (const request of pagesToCrawl(pagination, page.finalUrl, cap)) {
      if (!this.scope.isCrawlable(request.url)) continue;
      edges.push({ s: page.url, t: request.url, k: 'a', x: `第 ${request.page} 页` });
      this.occurrences++;
      pages.push({ type: 'page', url: request.url, depth: page.depth, kind: 'a', post: request.post, listPage: true });
    }
    await this.edgesOut.writeMany(edges);
    return pages;
  }

  /**
   * Checks a target that is not crawled: HEAD first, GET when HEAD is refused or fails
   * (many servers answer HEAD with 405, 403 or nothing at all).
   */
  private async checkLink(url: string, kind: LinkKind): Promise<void> {
    const internal = this.scope.isInternal(url);
    if (internal && !(await this.robots.isAllowed(url))) {
      this.robotsSkipped++;
      return;
    }
    if (!internal && !this.options.config.crawl.checkExternal) return;
    const { fetcher, externalLinks } = this.options;
    let result = internal ? null : (externalLinks?.get(url) ?? null);
    if (!result) {
      result = await fetcher.fetch(url, { method: 'HEAD' });
      const headFailed = result.status === null ? result.error !== 'dns' && result.error !== 'timeout' : classifyFetch(result) !== 'ok';
      if (headFailed && result.error !== 'aborted' && result.error !== 'budget' && result.error !== 'private-address' && result.error !== 'rate-limited') {
        result = await fetcher.fetch(url, { method: 'GET', maxBodyBytes: 16 * 1024 });
      }
      if (result.error === 'aborted' || result.error === 'budget') {
        this.cut.unchecked++;
        return;
      }
      if (!internal) await externalLinks?.set(url, result);
    }
    const verdict = classifyFetch(result);
    if (verdict === 'ok') this.okCount++;
    else this.recordFailure(url, kind, verdict, result);
    this.checksDone++;
    this.options.emit({ type: 'link', checked: this.checksDone, pending: this.checkQueue.length - this.checkHead });
  }

  private recordFailure(url: string, kind: LinkKind, verdict: 'broken' | 'blocked', result: FetchResult): void {
    this.failures.set(url, {
      target: url,
      kind,
      internal: this.scope.isInternal(url),
      attachment: isAttachment(url),
      verdict,
      status: result.status,
      error: result.error,
      errorDetail: result.errorDetail,
    });
  }

  /** Joins the failures with every page that links to them, read back from links.jsonl. */
  private async linkReport(): Promise<LinksArtifact> {
    const inbound = await inboundLinks(path.join(this.options.scanDir, LINKS_FILE), new Set(this.failures.keys()), { maxTexts: 3 });
    const broken: FailedLink[] = [];
    const blocked: FailedLink[] = [];
    for (const failure of this.failures.values()) {
      const entry: FailedLink = { ...failure, sources: inbound.get(failure.target)?.sources ?? [], texts: inbound.get(failure.target)?.texts ?? [] };
      (failure.verdict === 'broken' ? broken : blocked).push(entry);
    }
    const byTarget = (a: FailedLink, b: FailedLink) => a.target.localeCompare(b.target);
    return {
      checked: this.okCount + this.failures.size,
      occurrences: this.occurrences,
      ok: this.okCount,
      broken: broken.sort(byTarget),
      blocked: blocked.sort(byTarget),
      robotsSkipped: this.robotsSkipped,
      homepageUrl: this.options.homepageUrl,
    };
  }
}

function pageRecord(result: FetchResult, depth: number, page: CrawledPage | null): PageRecord {
  return {
    url: result.url,
    finalUrl: result.finalUrl,
    status: result.status,
    error: result.error,
    depth,
    contentType: result.headers['content-type'] ?? null,
    charset: page?.charset ?? null,
    title: page?.title ?? null,
    fetcher: page?.fetcher ?? 'http',
    bytes: result.body?.length ?? 0,
    truncated: result.truncated,
  };
}

