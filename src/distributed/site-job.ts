import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ScanEvent } from '../crawl/types.ts';
import type { FindingsJson } from '../report/findings-json.ts';
import { siteResultOf } from '../scan/run-many.ts';
import { runScan } from '../scan/run-scan.ts';
import { readScanMeta, type ScanMeta } from '../scan/scan-meta.ts';
import { exitCodeOf } from '../score/score.ts';
import { LowdbScanStore } from '../store/lowdb-store.ts';
import { acquireScanLock } from '../store/scan-lock.ts';
import type { ScanStore } from '../store/scan-store.ts';
import { remoteAuditRunner } from './audit-queue.ts';
import { LockedScanStore } from './locked-store.ts';
import type { SiteJobData, SiteJobResult } from './queues.ts';

export interface SiteJobOptions {
  /** Lease of the scan folder's lock; a dead worker's folder is free this long after it died. */
  leaseMs: number;
  /** This worker has a browser (render fallback, browser-only checks); audits go to the audit queue either way. */
  browser: boolean;
  /** Redis of the audit queue. */
  redis: string;
  log: (line: string) => void;
  emit?: (event: ScanEvent) => void;
}

/**
 * Scans one site for a worker. The scan folder is claimed with its lock first (a live
 * owner elsewhere makes this throw ScanLockBusyError, and the job waits); then, from what
 * the folder holds:
 *  - a finished scan of the same date: its result is returned as is (a job resubmitted,
 *    or retried after its first worker finished but could not report back);
 *  - an unfinished one (its worker died): it is continued with `--resume` semantics,
 *    fetches already made are replayed from the scan's journal;
 *  - nothing: a new scan.
 */
export async function runSiteJob(data: SiteJobData, jobId: string, options: SiteJobOptions): Promise<SiteJobResult> {
  const lock = await acquireScanLock(data.scanDir, { scanId: jobId, leaseMs: options.leaseMs });
  try {
    const previous = await readScanMeta(data.scanDir).catch(() => null);
    const sameRun = previous !== null && previous.asOf === data.asOf && previous.config.site.url === data.config.site.url;
    if (sameRun && (previous.status === 'done' || previous.status === 'partial') && existsSync(path.join(data.scanDir, 'findings.json'))) {
      return await storedResult(data.scanDir, previous);
    }
    const { config } = data;
    const store = new LockedScanStore(new LowdbScanStore(path.resolve(data.baseDir, config.store.dir)));
    const resume = sameRun && config.cache.enabled && (await isLatestUnfinished(store, previous));
    // An unfinished scan that cannot be continued (no fetch cache) is closed as failed; a new one starts.
    if (sameRun && !resume) await store.update((d) => d.scans.filter((r) => r.id === previous.id && r.status === 'running').forEach((r) => (r.status = 'failed')));
    const remoteAudits = remoteAuditRunner({ redis: options.redis, siteJobId: jobId, config, scanDir: data.scanDir, log: options.log });
    const outcome = await runScan(config, { baseDir: data.baseDir, outDir: data.scanDir, asOf: data.asOf, store, resume, emit: options.emit, remoteAudits, localBrowser: options.browser, heldLock: lock });
    return { ...siteResultOf(outcome), files: outcome.files, exitCode: outcome.exitCode };
  } finally {
    await lock.release();
  }
}

/** The folder's scan is the site's latest in the index and did not finish: `--resume` picks it. */
async function isLatestUnfinished(store: ScanStore, meta: ScanMeta): Promise<boolean> {
  const latest = (await store.read()).scans.filter((s) => s.site.url === meta.config.site.url).at(-1);
  return latest?.id === meta.id && latest.status !== 'done';
}

const REPORT_FILE = /^(findings\.json|report\.|notices\.|ledger\.|整改)/;

async function storedResult(scanDir: string, meta: ScanMeta): Promise<SiteJobResult> {
  const findings = JSON.parse(await readFile(path.join(scanDir, 'findings.json'), 'utf8')) as FindingsJson;
  // The reports of that scan: whatever it wrote beside findings.json.
  const files = (await readdir(scanDir)).filter((f) => REPORT_FILE.test(f)).sort().map((f) => path.join(scanDir, f));
  return {
    scanId: meta.id,
    scanDir,
    verdict: findings.score.verdict,
    total: findings.score.total,
    vetoes: findings.score.vetoes,
    findings: findings.findings.length,
    unreachable: findings.findings.some((f) => f.indicator === 'warn.site-unreachable-scan'),
    files,
    exitCode: exitCodeOf(findings.score),
  };
}
