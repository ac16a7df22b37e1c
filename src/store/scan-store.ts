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

/**
 * An office's own account of a problem, read back from a filled-in ledger
 * (`triage --import ledger.xlsx`, written by the ledger import). It never closes a problem by
 * itself: a problem the office reports `done` reads 整改待复核 until a scan finds it gone.
 */
export interface RectificationRecord {
  /** 未整改 open, 整改中 in-progress, 已整改 done (the office says), 已复核 verified (a person checked). */
  state: 'open' | 'in-progress' | 'done' | 'verified';
  /** 完成日期 as the office wrote it, if any. */
  completedDate: IsoDate | null;
  /** 整改措施. */
  measures: string;
  /** 联系人. */
  contact: string;
  /** When the ledger was imported (ISO time), and from which file. */
  importedAt: string;
  source?: string;
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
  /** The office's account from an imported ledger, if any (see RectificationRecord). */
  rectification?: RectificationRecord | null;
  /** How the latest scan that did not find it again judged it (fixed, escalated, not applicable, unchecked ...). */
  lastState?: { state: PreviousState; scanId: string; reason: string } | null;
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
