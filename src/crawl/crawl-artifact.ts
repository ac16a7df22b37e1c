/**
 * Why one of the site's own pages could not be read: no answer in time (`timeout`), a 5xx
 * (`server-error`), a connection that failed (`network`), 429 past
 * crawl.maxRateLimitWaitSeconds (`rate-limited`), a refusal to robots such as a WAF 403 or
 * a 401 (`blocked`).
 */
export type UnreadReason = 'timeout' | 'server-error' | 'network' | 'rate-limited' | 'blocked';

/** The site's own pages asked for and not read (see CrawlArtifact.unread). */
export interface UnreadPagesSummary {
  /** Distinct pages. */
  pages: number;
  byReason: Partial<Record<UnreadReason, number>>;
  /**
   * The pages themselves, up to a cap (every one on most sites), each with how it was
   * reached: an absence verdict counts an unread page against it only when the page could
   * hold what was sought (src/checks/site-look.ts). Pages beyond the cap (`pages` is larger)
   * are not described and count against every absence.
   */
  samples: UnreadPage[];
}

/** One unread page of the site. */
export interface UnreadPage {
  url: string;
  reason: UnreadReason;
  status: number | null;
  /** Texts of the links pointing to it, first few (absent in older scans; empty: reached by no recorded link). */
  texts?: string[];
  /** Pages linking to it, first few (absent in older scans). */
  sources?: string[];
}

/** What the crawl itself saw: counts, coverage, the homepage. */
export interface CrawlArtifact {
  homepageUrl: string;
  /** The homepage's fetch outcome. */
  homepage: { status: number | null; error: string | null; finalUrl: string; title: string | null };
  pagesCrawled: number;
  requests: number;
  durationMs: number;
  startedAt: string;
  /** URLs not crawled because robots.txt disallows them. */
  robotsDisallowed: number;
  /**
   * URLs not crawled because a limit was reached (maxPages, maxDepth), and pages not fetched
   * because the request budget (crawl.maxRequests) was spent (`maxRequests`, absent in older scans).
   */
  limitSkipped: { maxPages: number; maxDepth: number; maxRequests?: number };
  /**
   * crawl.maxPages and the URLs the crawl charged to it by its end. A URL is charged before
   * it is fetched, so a link target that answers 404, fails, is not HTML or repeats a page
   * counts too: `charged` can reach `max` while `pagesCrawled` stays below it. Absent in
   * older scans.
   */
  pageBudget?: { max: number; charged: number };
  /**
   * The site's own HTML pages (crawl and gather stages) that were asked for and could not be
   * read: timeouts, network errors, 5xx, rate limits given up, refusals to robots. A 404 was
   * read (the page is gone: a broken link). Pages robots.txt disallows are not counted: the
   * site itself asks robots not to read them (`robotsDisallowed`). With `limitSkipped` and
   * `cut` this says how complete the look at the site was: a verdict that something is
   * absent from the site stands only on a complete look (src/checks/site-look.ts).
   * Absent in scans made before it was recorded.
   */
  unread?: UnreadPagesSummary;
  /** URLs not crawled as likely traps: too many query variants of one path, repeating path segments. */
  traps?: { queryVariants: number; repeatedPath: number };
  /**
   * Pages cut at maxBodyBytes; responses typed HTML that were not text (binary); pages with
   * content after a stray </html> or </body> (`strayEndTags`), of which `reparsed` were read
   * again with the spec parser (the rest were nested too deep for it, or re-parsing is off).
   */
  anomalies?: { truncated: number; unparsable: number; strayEndTags?: number; reparsed?: number };
  /** List pages the pager showed but the crawl could not map to URLs (需人工核查), by list page. */
  unmappedPaging?: { url: string; reason: string }[];
  /** Pages by the fetcher that produced them. */
  fetchers: { http: number; browser: number };
  /** The crawl ended early (interrupted); what was collected is kept. */
  partial: boolean;
  /**
   * What a limit cut, for coverage: links beyond crawl.maxLinksPerPage (summed over pages),
   * pages of any stage refused by the page budget, targets left unchecked because the
   * request budget was spent or the scan was stopped, elements nested past the depth cap.
   */
  cut?: { linksPerPage: number; pagesOverBudget: Record<string, number>; unchecked: number; deepElements: number };
  /** Hosts given up on after a 429 storm (crawl.maxRateLimitWaitSeconds). */
  rateLimitedHosts?: string[];
  /** Why /sitemap.xml was not read, when it was not (e.g. robots.txt disallows it). */
  sitemapSkipped?: string | null;
}
