import type { IsoDate } from '../types.ts';

/** One scan in the index. */
export interface ScanRecord {
  id: string;
  /**
   * `id`: the site's identity (site-identity.ts; absent on records written before it: their
   * URL's default id); `previousIds`: ids of the site's `previousUrls`, so the index joins them.
   */
  site: { name: string; url: string; id?: string; previousIds?: string[] };
  asOf: IsoDate;
  /** Quarter of asOf, e.g. 2026Q4. */
  quarter: string;
  startedAt: string;
  finishedAt: string | null;
  /** Scan folder (absolute). */
  dir: string;
  status: 'running' | 'done' | 'partial' | 'failed';
  verdict: 'qualified' | 'unqualified' | null;
  total: number | null;
  vetoes: string[];
  /** Problems found, and how they compare with the previous scan (for the index page). */
  counts?: { findings: number; new: number; fixed: number; persisting: number };
  /** Pass line of the table the scan was judged by (for the trend chart). */
  passLine?: number;
  /** Report files written, relative to the scan folder. */
  reports?: string[];
}

/** Where a problem of an earlier scan stands after the latest scan (history.ts). */
export type PreviousState = 'fixed' | 'escalated' | 'not-applicable' | 'unchecked' | 'pending-review';

/** Life of one problem across scans, by fingerprint. */
export interface FindingHistoryRecord {
  fingerprint: string;
  /** Site identity (site-identity.ts); absent on older records: the default id of `siteUrl`. */
  siteId?: string;
  siteUrl: string;
  indicator: string;
  title: string;
  url: string | null;
  office: string | null;
  firstSeen: IsoDate;
  firstScanId: string;
  lastSeen: IsoDate;
  lastScanId: string;
  /** Scan in which it was last found fixed, if any: set only when the scan checked it again and it was gone. */
  fixedInScanId: string | null;
  /** The office's own account of the fix, read from a filled-in ledger (`triage --import`); a scan still has to confirm it. */
  rectification?: Rectification;
  /** How the latest scan that did not find it again judged it (fixed, escalated, not applicable, unchecked ...). */
  lastState?: { state: PreviousState; scanId: string; reason: string } | null;
}

export const RECTIFICATION_STATES = ['未整改', '整改中', '已整改', '已复核'] as const;
export type RectificationState = (typeof RECTIFICATION_STATES)[number];

/** What an office wrote in the ledger about one problem; a scan still has to confirm a fix. */
export interface Rectification {
  state: RectificationState;
  measures: string | null;
  completedDate: IsoDate | null;
  contact: string | null;
  /** When the ledger was imported (ISO timestamp). */
  importedAt: string;
  /** The ledger file it came from (base name). */
  source: string;
}

/** A person's decision about a finding; shown in reports, never silently hiding it. */
export interface TriageRecord {
  fingerprint: string;
  /** Site identity (site-identity.ts); absent on older records: the default id of `siteUrl`. */
  siteId?: string;
  siteUrl: string;
  decision: 'accepted' | 'false-positive';
  reason: string;
  by: string;
  decidedAt: string;
  expires: IsoDate | null;
}

export interface StoreData {
  version: 1;
  scans: ScanRecord[];
  findings: FindingHistoryRecord[];
  triage: TriageRecord[];
}

/**
 * The scan index and finding history. Small, queried data lives here; bulk per-page data
 * is streamed as JSONL in each scan folder. Implemented by lowdb (files) and memory (tests).
 */
export interface ScanStore {
  /** Root folder of scan folders. */
  readonly rootDir: string;
  read(): Promise<StoreData>;
  /** Applies a change and persists it atomically. */
  update(change: (data: StoreData) => void): Promise<void>;
}

export function emptyStoreData(): StoreData {
  return { version: 1, scans: [], findings: [], triage: [] };
}
