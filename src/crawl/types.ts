import type { CheerioAPI } from 'cheerio';
import type { Config } from '../config/schema.ts';
import type { IsoDate } from '../types.ts';

/** Why a request produced no usable status. */
export type FetchErrorKind =
  | 'timeout'
  | 'dns'
  | 'refused'
  | 'reset'
  | 'redirect-loop'
  | 'too-many-redirects'
  | 'tls'
  | 'invalid-url'
  | 'robots'
  | 'network'
  /** The scan was stopped (SIGINT/SIGTERM) before this fetch was made. */
  | 'aborted'
  /** The scan's request budget (crawl.maxRequests) was spent. */
  | 'budget'
  /** The host kept answering 429 past crawl.maxRateLimitWaitSeconds. */
  | 'rate-limited'
  /** A link-local, private-range or loopback address, not requested from a public site. */
  | 'private-address'
  /** A redirect (HTTP or meta refresh) that left the site's scope; the foreign page is not read. */
  | 'offsite-redirect';

export interface FetchResult {
  /** URL asked for. */
  url: string;
  /** URL after redirects. */
  finalUrl: string;
  /** Final HTTP status, null when no response came. */
  status: number | null;
  error: FetchErrorKind | null;
  /** Low-level message behind `error`, for the report. */
  errorDetail: string | null;
  /** Lower-cased response headers of the final response. */
  headers: Record<string, string>;
  /** Each hop's URL, in order, when redirected. */
  redirects: string[];
  /** Body, when asked for and the response had one (capped at maxBodyBytes). */
  body: Buffer | null;
  /** The body was cut at maxBodyBytes. */
  truncated: boolean;
  /** Requests made for this fetch, retries and redirects included. */
  attempts: number;
  durationMs: number;
}

export interface FetchOptions {
  /** POST only for the read-only list endpoints pagination knows (Hanweb dataproxy.jsp), never for forms. */
  method?: 'GET' | 'HEAD' | 'POST';
  /** Form body (application/x-www-form-urlencoded) of a POST. */
  form?: string;
  /** Read the body (GET only). Default true for GET. */
  body?: boolean;
  headers?: Record<string, string>;
  /** Override the per-request timeout. */
  timeoutMs?: number;
  /** Override the body size cap (e.g. a few KB when only the status matters). */
  maxBodyBytes?: number;
  /**
   * Where redirects may lead (the site's scope, for the site's own pages): a hop outside it
   * is not followed and the fetch ends with error `offsite-redirect`.
   */
  redirectScope?: (url: string) => boolean;
}

/** Something that fetches politely (per-host concurrency, interval, retries, 429). */
export interface Fetcher {
  fetch(url: string, options?: FetchOptions): Promise<FetchResult>;
  /** Requests sent so far. */
  readonly requestCount: number;
}

/**
 * What a link is on the page. `canonical` and `alternate` are `<link rel>` addresses of the
 * page, `open-graph` the og:url / og:image targets sharing cards show, `json-ld` the
 * url / image targets of structured data: none is crawled as a page, each is checked.
 */
export type LinkKind = 'a' | 'img' | 'script' | 'stylesheet' | 'frame' | 'media' | 'object' | 'canonical' | 'alternate' | 'open-graph' | 'json-ld' | 'other';

export interface ExtractedLink {
  /** Absolute, normalised URL. */
  url: string;
  kind: LinkKind;
  /** Visible text (for `a`) or alt text, trimmed and capped. */
  text: string;
}

/** A fetched, decoded and parsed HTML page, handed to gatherers during the crawl. */
export interface CrawledPage {
  url: string;
  finalUrl: string;
  status: number;
  depth: number;
  contentType: string;
  /** Charset the body was decoded with (e.g. utf-8, gb18030). */
  charset: string;
  html: string;
  $: CheerioAPI;
  title: string;
  /** Which fetcher produced the HTML. */
  fetcher: 'http' | 'browser';
  links: ExtractedLink[];
  headers: Record<string, string>;
  /** Elements nested past the parser's depth cap and flattened (see parse-dom.ts). */
  domCut?: number;
  /** Which parser built `$` (parse5 when a stray </html> would have cut the page). */
  parser?: 'htmlparser2' | 'parse5';
  /** Content follows a stray </html> or </body> (re-parsed unless nested too deep). */
  strayEndTag?: boolean;
  /** `<meta http-equiv="refresh">` target, when the page sends the visitor elsewhere. */
  refresh?: { url: string; delaySeconds: number } | null;
}

/** A page fetched and parsed on demand after the crawl (or an error). */
export type PageOrError = { ok: true; page: CrawledPage } | { ok: false; result: FetchResult; reason: string };

/** One-line record of every fetched page, streamed to pages.jsonl. */
export interface PageRecord {
  url: string;
  finalUrl: string;
  status: number | null;
  error: string | null;
  depth: number;
  contentType: string | null;
  charset: string | null;
  title: string | null;
  fetcher: 'http' | 'browser';
  bytes: number;
  truncated: boolean;
}

/** Lazily launched shared browser; `skipped` tells why browser checks cannot run. */
export interface BrowserProvider {
  get(): Promise<{ ok: true; browser: import('playwright').Browser; executablePath: string } | { ok: false; reason: string }>;
  close(): Promise<void>;
}

export type ScanEvent =
  | { type: 'phase'; phase: string; detail?: string }
  | { type: 'page'; url: string; status: number | null; done: number; queued: number }
  | { type: 'link'; checked: number; pending: number }
  | { type: 'warning'; message: string };
