import type { AxeSummary } from './axe.ts';
import type { LighthouseResult } from './lighthouse.ts';
import type { ElderEntry, MobileMetrics, TextMetrics } from './page-metrics.ts';
import type { AuditTarget } from './select-pages.ts';

/** Everything the browser found on one audited page. */
export interface AuditedPage {
  url: string;
  kind: AuditTarget['kind'];
  column: string | null;
  title: string | null;
  /** Why the page could not be audited in the browser (it is then left out of the checks). */
  error: string | null;
  axe: AxeSummary | null;
  lighthouse: LighthouseResult | null;
  text: TextMetrics | null;
  mobile: MobileMetrics | null;
  mobileError: string | null;
  /** Screenshot at desktop size, relative to the scan folder; problems outlined in red. */
  screenshot: string | null;
  /** Cropped, outlined shots of the elements problems were found on (absent in older scans). */
  elementShots?: import('../browser/screenshot.ts').ElementShot[];
  /** Screenshot at the mobile width, when the layout needs to be seen. */
  mobileScreenshot: string | null;
  durationMs: number;
}

/** Accessibility, 适老化, mobile audits and screenshots from the browser. */
export interface BrowserAuditsArtifact {
  /** Why no browser audit ran (no browser, --no-browser, launch failure); null when they ran. */
  skipped: string | null;
  browser: { executablePath: string; version: string; cjkFont: boolean | null } | null;
  /** Lighthouse was asked for and could run; null reason when it did. */
  lighthouse: { enabled: boolean; skipped: string | null; runs: number };
  /** Elder / accessibility mode entries found on the homepage; null when the homepage was not audited. */
  elderEntries: ElderEntry[] | null;
  pages: AuditedPage[];
  /** Desktop screenshot of each audited page that has one, by URL (for other findings' evidence). */
  screenshots: Record<string, string>;
  /** Cropped element shots by page URL (absent in older scans). */
  elementShots?: Record<string, import('../browser/screenshot.ts').ElementShot[]>;
  selection: { columns: number; articles: number; dropped: number; articlesPerColumn: number };
  stats: { durationMs: number; contextsCreated: number; pagesOpened: number };
}

/**
 * A slice of a site's audit sample, audited by whichever machine has a browser free
 * (distributed scans). `first` is the index of its first page in the whole sample: the
 * Lighthouse budget and the font check (first page only) count from it.
 */
export interface AuditBatch {
  targets: AuditTarget[];
  first: number;
}

/** What one batch's audit returns; the batches together make the site's artifact. */
export type AuditBatchResult = Omit<BrowserAuditsArtifact, 'skipped' | 'selection'>;

/** Audits batches elsewhere and returns their results in order; throws with the reason when it cannot. */
export type RemoteAuditRunner = (batches: AuditBatch[]) => Promise<AuditBatchResult[]>;
