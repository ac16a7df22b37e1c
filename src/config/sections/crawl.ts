import { z } from 'zod';

/** Crawl politeness and limits. Defaults are polite for a government server. */
export const crawlSection = z
  .object({
    /** Most HTML pages fetched and parsed in one scan. */
    maxPages: z.number().int().positive().default(5000),
    /**
     * Fewest pages the crawl must read for a verdict (the homepage counts): below it the scan
     * is incomplete (exit 3, no score in the history).
     */
    minPages: z.number().int().positive().default(1),
    /**
     * Most requests of the whole scan, every stage together (crawl, link checks, column
     * candidates, search probes, feeds); what is left unchecked is reported as cut.
     */
    maxRequests: z.number().int().positive().default(50000),
    /** Most links read from one page; the rest are reported as cut (a 100,000-link page stays cheap). */
    maxLinksPerPage: z.number().int().positive().default(5000),
    /** Most link hops from the homepage. */
    maxDepth: z.number().int().nonnegative().default(12),
    /** Requests in flight per host. */
    concurrency: z.number().int().positive().max(64).default(4),
    /** Least time (ms) between two request starts to one host. */
    intervalMs: z.number().int().nonnegative().default(200),
    /** Per-request time limit (ms); the indicators use 15 s. */
    timeoutMs: z.number().int().positive().default(15000),
    /** Retries after a network error or 5xx, with exponential backoff. */
    retries: z.number().int().nonnegative().max(10).default(2),
    /** First backoff delay (ms); doubles on each retry. */
    retryBaseMs: z.number().int().nonnegative().default(500),
    /** Longest Retry-After (s) honoured; longer waits are capped to this. */
    maxRetryAfterSeconds: z.number().int().nonnegative().default(60),
    /**
     * Most time (s) spent waiting out 429 answers of one host over the whole scan; beyond it
     * the host's pages are "cannot verify (rate limited)" and the scan goes on.
     */
    maxRateLimitWaitSeconds: z.number().int().nonnegative().default(120),
    /**
     * Distinct query strings crawled per path (infinite calendars, search permutations);
     * further variants are not crawled and are counted as trap-limited.
     */
    maxQueryVariants: z.number().int().positive().default(500),
    /** Redirects followed before giving up. */
    maxRedirects: z.number().int().nonnegative().default(10),
    /** Largest response body read (bytes); the rest is dropped and the page marked truncated. */
    maxBodyBytes: z.number().int().positive().default(5 * 1024 * 1024),
    /** Honest User-Agent; `{version}` is replaced by the tool version. */
    userAgent: z.string().default('gov-inspector/{version} (government website self-inspection; +https://github.com/gov-inspector)'),
    /** Honour robots.txt. */
    robots: z.boolean().default(true),
    /** Seed from /sitemap.xml as well as the homepage. */
    sitemap: z.boolean().default(true),
    /**
     * Parse again with the HTML spec's parser (parse5) a page whose content follows a stray
     * </html> or </body> (an included header template's), so its footer and links are read
     * as a browser reads them. Off only to save time on a site known to have none.
     */
    reparseStrayEndTags: z.boolean().default(true),
    /** Check links that leave the site (HEAD, then GET when HEAD is refused). */
    checkExternal: z.boolean().default(true),
    /**
     * Send requests for a host to another origin, reporting them under the original URL
     * (like curl --resolve): to scan a staging mirror, or to run offline against local
     * copies of outside services. Keys are host names (with port when not default).
     */
    hostOverrides: z.record(z.string().min(1), z.url({ protocol: /^https?$/ })).default({}),
  })
  .strict();
