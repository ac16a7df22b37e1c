import type { Config } from '../config/schema.ts';
import type { HistoryView, TrendPoint } from '../store/history.ts';
import type { Rectification } from '../store/scan-store.ts';
import type { CheckResult } from '../types.ts';
import type { IndicatorTable } from '../score/indicator-table.ts';
import type { FindingsJson } from './findings-json.ts';

/** Everything a reporter may use; all of it comes from the stored scan, never from the site. */
export interface ReportContext {
  scanDir: string;
  findings: FindingsJson;
  results: CheckResult[];
  config: Config;
  artifacts: Record<string, unknown>;
  /** Comparison with the previous scan; null when the scan is judged without a store. */
  history?: HistoryView | null;
  /** Score per quarter for this site, oldest first, ending with this scan. */
  trend?: TrendPoint[];
  /** The website table in force (for the manual-review checklist and rule texts). */
  table?: IndicatorTable;
  /** Every table in force (website, new media): indicator names for any finding. */
  tables?: IndicatorTable[];
  /** When the scan ran (ISO times), for the report's 检查时间段. */
  scan?: { startedAt: string; finishedAt: string | null };
  /** The offices' answers from the last imported ledger, by fingerprint (整改状态, 措施, 完成日期, 联系人). */
  rectification?: Map<string, Rectification>;
  /** Messages for the user (e.g. a format skipped and why); reporters add to it. */
  notes?: string[];
}

/** Writes one format; returns the files written (absolute paths). */
export interface Reporter {
  format: string;
  write(ctx: ReportContext): Promise<string[]>;
}
