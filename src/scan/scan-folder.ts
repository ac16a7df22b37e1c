import { existsSync } from 'node:fs';
import { mkdir, readdir, stat, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../errors.ts';
import { SCAN_LOCK_FILE, acquireScanLock, readScanLock, type ScanLock } from '../store/scan-lock.ts';
import { SCAN_META_FILE, readScanMeta } from './scan-meta.ts';

export interface ClaimOptions {
  scanId: string;
  /** Continuing this folder's interrupted scan (`--resume`). */
  resume: boolean;
  /** Reuse a folder that holds a finished scan (`--force`). */
  force: boolean;
  leaseMs?: number;
}

/**
 * Makes a scan folder this scan's alone: refuses a folder that holds something other than
 * a gov-inspector scan (a user's own report.html is never overwritten), refuses a finished
 * scan's folder unless forced (its reports would silently change under `report --scan`),
 * then takes the folder's lock (a second scan into it exits 2 with a sentence).
 */
export async function claimScanFolder(dir: string, options: ClaimOptions): Promise<ScanLock> {
  await ensureFolder(dir);
  await clearDeadLocalHolder(dir);
  const entries = (await readdir(dir)).filter((name) => !name.startsWith(SCAN_LOCK_FILE));
  // Read after the listing: a scan writes nothing before it holds the lock, so files seen
  // while a live lock exists may be a running scan's first files (before its scan.json);
  // taking the lock then fails with the holder named.
  const held = await readScanLock(dir);
  if (entries.length > 0 && !options.resume && !(held && isLive(held))) {
    if (!entries.includes(SCAN_META_FILE)) {
      throw new UsageError(`输出目录 ${dir} 不是空目录，也不是 gov-inspector 的检查目录：为免覆盖其中的文件，请换一个空目录作为 --out`);
    }
    if (!options.force) {
      const meta = await readScanMeta(dir).catch(() => null);
      const what = meta ? `检查 ${meta.id}（${statusName(meta.status)}）` : '一次检查';
      throw new UsageError(`输出目录 ${dir} 已保存${what}：再次写入会覆盖它的报告；请换一个输出目录，继续中断的检查用 --resume，确需覆盖请加 --force`);
    }
  }
  return acquireScanLock(dir, { scanId: options.scanId, leaseMs: options.leaseMs });
}

/** The folder exists and is a folder; a file in its place (or on its path) is a sentence, not a stack trace. */
async function ensureFolder(dir: string): Promise<void> {
  if (existsSync(dir) && !(await stat(dir)).isDirectory()) throw new UsageError(`输出目录 ${dir} 是一个文件，不是目录：请指定一个目录作为 --out`);
  await mkdir(dir, { recursive: true });
}

/** Is the lock's lease still running? */
function isLive(info: { leaseUntil: string }): boolean {
  const end = Date.parse(info.leaseUntil);
  return Number.isFinite(end) && end > Date.now();
}

/**
 * A lock left by a process of this machine that no longer exists (killed with -9) is
 * cleared at once, so `--resume` right after a kill need not wait out the lease. Another
 * machine's lock is only ever taken over when its lease expires (see scan-lock.ts).
 */
async function clearDeadLocalHolder(dir: string): Promise<void> {
  const holder = await readScanLock(dir);
  if (!holder || holder.host !== os.hostname() || holder.pid <= 0 || holder.pid === process.pid) return;
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') await unlink(path.join(dir, SCAN_LOCK_FILE)).catch(() => undefined);
  }
}

function statusName(status: string): string {
  return { running: '未完成', done: '已完成', partial: '未完成（部分）', failed: '失败' }[status] ?? status;
}
