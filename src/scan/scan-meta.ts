import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/schema.ts';
import { writeJsonAtomic } from '../store/artifact-files.ts';
import type { IsoDate } from '../types.ts';

/** `<scan>/scan.json`: what a stored scan needs to be judged and reported again. */
export interface ScanMeta {
  id: string;
  asOf: IsoDate;
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'done' | 'partial' | 'failed';
  /** The resolved config the scan ran with. */
  config: Config;
  /** Folder the config's relative paths resolve against. */
  baseDir: string;
  /** Time spent scanning over all runs (a resumed scan adds its runs), renewed every few seconds. */
  elapsedMs?: number;
}

export const SCAN_META_FILE = 'scan.json';

export async function writeScanMeta(scanDir: string, meta: ScanMeta): Promise<void> {
  await writeJsonAtomic(path.join(scanDir, SCAN_META_FILE), meta);
}

export async function readScanMeta(scanDir: string): Promise<ScanMeta> {
  return JSON.parse(await readFile(path.join(scanDir, SCAN_META_FILE), 'utf8')) as ScanMeta;
}

/** A readable, sortable scan id: the site (its configured id, else its host), date and time of the start. */
export function newScanId(siteUrl: string, at: Date = new Date(), siteId?: string): string {
  // A configured site.id names the folder: a site served on a changing port (the demo) keeps one name.
  const host = (siteId ?? new URL(siteUrl).host).replace(/[^\w.-]+/g, '_');
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '').replace('T', '-');
  return `${host}-${stamp}`;
}
