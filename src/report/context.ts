import type { Config } from '../config/schema.ts';
import type { CheckResult } from '../types.ts';
import type { FindingsJson } from './findings-json.ts';

/** Everything a reporter may use; all of it comes from the stored scan, never from the site. */
export interface ReportContext {
  scanDir: string;
  findings: FindingsJson;
  results: CheckResult[];
  config: Config;
  artifacts: Record<string, unknown>;
}

/** Writes one format; returns the files written (absolute paths). */
export interface Reporter {
  format: string;
  write(ctx: ReportContext): Promise<string[]>;
}
