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
  | 'network';

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
  method?: 'GET' | 'HEAD';
  /** Read the body (GET only). Default true for GET. */
  body?: boolean;
  headers?: Record<string, string>;
  /** Override the per-request timeout. */
  timeoutMs?: number;
  /** Override the body size cap (e.g. a few KB when only the status matters). */
  maxBodyBytes?: number;
}

/** Something that fetches politely (per-host concurrency, interval, retries, 429). */
export interface Fetcher {
  fetch(url: string, options?: FetchOptions): Promise<FetchResult>;
  /** Requests sent so far. */
  readonly requestCount: number;
}

export type LinkKind = 'a' | 'img' | 'script' | 'stylesheet' | 'frame' | 'media' | 'object' | 'other';

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

/** What a gatherer can use after the crawl. Gatherers fetch; checks never do. */
export interface GatherContext {
  config: Config;
  /** Folder config-relative paths resolve against. */
  baseDir: string;
  asOf: IsoDate;
  homepageUrl: string;
  /** Scan folder; screenshots and extra files go under it. */
  scanDir: string;
  fetcher: Fetcher;
  /** Fetch, decode and parse a page politely; robots.txt is honoured, scope is not enforced. */
  fetchPage(url: string, depth?: number): Promise<PageOrError>;
  browser: BrowserProvider;
  /** Artifacts of the previous scan of the same site, when there is one. */
  previous: { scanId: string; asOf: IsoDate; artifacts: Record<string, unknown> } | null;
  emit(event: ScanEvent): void;
  /** Pages crawled so far (streamed from disk; memory stays flat). */
  pages(): AsyncIterable<PageRecord>;
}

/**
 * Collects one artifact. `onPage` sees every HTML page of the crawl (keep only compact
 * data); `finish` runs after the crawl and returns the artifact, which must be JSON.
 */
export interface Gatherer<T = unknown> {
  /** Artifact name (key in Artifacts). */
  name: string;
  onPage?(page: CrawledPage, ctx: GatherContext): void | Promise<void>;
  finish(ctx: GatherContext): Promise<T>;
}

/** An artifact that could not be collected. Checks requiring it become `error`. */
export interface ArtifactError {
  artifactError: string;
}

export function isArtifactError(value: unknown): value is ArtifactError {
  return typeof value === 'object' && value !== null && 'artifactError' in value;
}
