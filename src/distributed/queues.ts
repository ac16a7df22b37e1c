import type { JobsOptions } from 'bullmq';
import type { Config } from '../config/schema.ts';
import type { SiteResult } from '../scan/run-many.ts';
import type { IsoDate } from '../types.ts';
import { siteFolderName } from '../scan/run-many.ts';

/** One queue of site scans: a site is crawled by one worker at a time, so politeness holds. */
export const SITE_QUEUE = 'gov-inspector-sites';

/** What a worker needs to scan one site; paths are absolute on the shared store. */
export interface SiteJobData {
  config: Config;
  baseDir: string;
  /** Scan folder: fixed per site and date, so a retry or a takeover continues the same folder. */
  scanDir: string;
  asOf: IsoDate;
}

export interface SiteJobResult extends SiteResult {
  /** Files written by the scan (reports, findings.json). */
  files: string[];
  exitCode: 0 | 1 | 3;
}

/** Progress a worker reports: the phase a site is in. */
export interface SiteJobProgress {
  phase: string;
  detail?: string;
}

/** Site and monitoring date: submitting the same quarter's scan twice adds no second job. */
export function siteJobId(siteUrl: string, asOf: IsoDate): string {
  return `${siteFolderName(siteUrl)}@${asOf}`;
}

/**
 * Three attempts, then the site is failed with its reason. Finished jobs are kept a
 * quarter, so a resubmitted run finds them (idempotence) and `queue status` can count them.
 */
export function siteJobOptions(): JobsOptions {
  return {
    attempts: 3,
    backoff: { type: 'fixed', delay: queueTimings().retryDelayMs },
    removeOnComplete: { age: 100 * 24 * 3600 },
    removeOnFail: { age: 100 * 24 * 3600 },
  };
}

/**
 * Lock and stall timings. A worker killed with -9 stops renewing its job lock; after
 * `lockMs` the job is stalled and another worker takes it. Tests shorten this through
 * GOV_INSPECTOR_QUEUE_LOCK_MS.
 */
export function queueTimings(): { lockMs: number; stalledIntervalMs: number; retryDelayMs: number } {
  const lockMs = Number(process.env.GOV_INSPECTOR_QUEUE_LOCK_MS) || 30_000;
  return { lockMs, stalledIntervalMs: Math.max(500, Math.floor(lockMs / 2)), retryDelayMs: Math.min(10_000, Math.floor(lockMs / 3)) };
}
