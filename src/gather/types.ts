import type { Config } from '../config/schema.ts';
import type { BrowserProvider, CrawledPage, Fetcher, PageOrError, PageRecord, ScanEvent } from '../crawl/types.ts';
import type { IsoDate } from '../types.ts';
import type { RemoteAuditRunner } from '../accessibility/types.ts';
import type { CrawlArtifact } from '../crawl/crawl-artifact.ts';

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
  /** The scan's stop request (SIGINT/SIGTERM): long loops check it and end early; fetches already do. */
  signal?: AbortSignal;
  /**
   * The crawl's record, set when the crawl ends: how complete the look at the site was
   * (unread pages with the links that reached them, caps), for absence verdicts.
   */
  crawl?: CrawlArtifact;
  /** Distributed scans: browser audits go to the audit queue instead of this process's browser. */
  remoteAudits?: RemoteAuditRunner;
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
