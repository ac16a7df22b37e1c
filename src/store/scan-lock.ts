import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../errors.ts';

/** Who holds a scan folder, and until when their claim stands without renewal. */
export interface ScanLockInfo {
  host: string;
  pid: number;
  scanId: string | null;
  acquiredAt: string;
  leaseUntil: string;
}

export interface ScanLock {
  readonly info: ScanLockInfo;
  /** Pushes the lease end forward; throws when another process has taken the folder over. */
  renew(): Promise<void>;
  /** Stops renewing and removes the lock file if it is still ours. */
  release(): Promise<void>;
}

export const SCAN_LOCK_FILE = '.scan.lock';
/** Short-lived mutex around taking over an expired lock, so two takers never both win. */
const TAKEOVER_FILE = '.scan.lock.takeover';
const DEFAULT_LEASE_MS = 30_000;

export class ScanLockBusyError extends UsageError {
  override name = 'ScanLockBusyError';

  constructor(
    readonly dir: string,
    readonly holder: ScanLockInfo,
  ) {
    super(
      `扫描目录 ${dir} 正被主机 ${holder.host} 上的进程 ${holder.pid} 使用（租约至 ${holder.leaseUntil}），请等其结束或租约过期后再试。`,
    );
  }
}

function lockFile(dir: string): string {
  return path.join(dir, SCAN_LOCK_FILE);
}

/** What is on disk: the public fields plus a random token that tells two claims apart. */
type LockRecord = ScanLockInfo & { token?: string };

/** Same claim: same token (host, pid and time alone can repeat within one millisecond). */
function sameHolder(a: LockRecord, b: LockRecord): boolean {
  return a.host === b.host && a.pid === b.pid && a.acquiredAt === b.acquiredAt && a.token === b.token;
}

function expired(info: ScanLockInfo, now = Date.now()): boolean {
  const end = Date.parse(info.leaseUntil);
  return !Number.isFinite(end) || end <= now;
}

/** Reads the holder of a scan folder; null when the folder is free. */
export async function readScanLock(dir: string): Promise<ScanLockInfo | null> {
  let text: string;
  try {
    text = await readFile(lockFile(dir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    return JSON.parse(text) as ScanLockInfo;
  } catch {
    // Created with O_EXCL but not yet written (or written by a process that died at once):
    // judged by the file's age, so a live creator keeps it and a dead one loses it.
    const mtime = await stat(lockFile(dir)).then((s) => s.mtimeMs, () => 0);
    return { host: '?', pid: 0, scanId: null, acquiredAt: new Date(mtime).toISOString(), leaseUntil: new Date(mtime + DEFAULT_LEASE_MS).toISOString() };
  }
}

/** Replaces the lock file atomically (temp file and rename), so readers never see half of it. */
async function writeLockAtomically(dir: string, info: ScanLockInfo): Promise<void> {
  const temp = path.join(dir, `${SCAN_LOCK_FILE}.${process.pid}.${randomUUID()}.tmp`);
  await writeFile(temp, JSON.stringify(info));
  await rename(temp, lockFile(dir));
}

async function tryCreate(dir: string, info: ScanLockInfo): Promise<boolean> {
  try {
    await writeFile(lockFile(dir), JSON.stringify(info), { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Takes over an expired lock. Inside the takeover mutex the lock is read again: only if the
 * same expired holder is still there is it replaced, so of two takers exactly one wins.
 */
async function tryTakeOver(dir: string, stale: ScanLockInfo, info: ScanLockInfo, leaseMs: number): Promise<boolean> {
  const mutex = path.join(dir, TAKEOVER_FILE);
  try {
    await writeFile(mutex, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // A taker that died inside the mutex would block the folder forever: an old mutex is cleared.
    const age = await stat(mutex).then((s) => Date.now() - s.mtimeMs, () => 0);
    if (age > leaseMs) await unlink(mutex).catch(() => undefined);
    return false;
  }
  try {
    const current = await readScanLock(dir);
    if (current && (!sameHolder(current, stale) || !expired(current))) return false;
    await writeLockAtomically(dir, info);
    return true;
  } finally {
    await unlink(mutex).catch(() => undefined);
  }
}

/**
 * Claims a scan folder: creates `<dir>/.scan.lock` atomically (O_EXCL) naming host, pid and a
 * lease, and renews the lease on an unref'd timer every leaseMs/3. A lock whose lease has
 * expired (its owner died or hung) is taken over atomically; a live one throws
 * ScanLockBusyError. Leases compare wall clocks, so machines sharing a store need NTP.
 */
export async function acquireScanLock(dir: string, options: { scanId?: string; leaseMs?: number } = {}): Promise<ScanLock> {
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  await mkdir(dir, { recursive: true });
  const now = Date.now();
  const info: LockRecord = {
    token: randomUUID(),
    host: os.hostname(),
    pid: process.pid,
    scanId: options.scanId ?? null,
    acquiredAt: new Date(now).toISOString(),
    leaseUntil: new Date(now + leaseMs).toISOString(),
  };
  if (!(await tryCreate(dir, info))) {
    const holder = await readScanLock(dir);
    // Removed between our create and read: the folder is free again, one more try.
    if (!holder) {
      if (!(await tryCreate(dir, info))) throw new ScanLockBusyError(dir, (await readScanLock(dir)) ?? info);
    } else if (!expired(holder) || !(await tryTakeOver(dir, holder, info, leaseMs))) {
      throw new ScanLockBusyError(dir, (await readScanLock(dir)) ?? holder);
    }
  }
  return new HeldScanLock(dir, info, leaseMs);
}

class HeldScanLock implements ScanLock {
  private readonly timer: NodeJS.Timeout;
  private released = false;

  constructor(
    private readonly dir: string,
    private current: LockRecord,
    private readonly leaseMs: number,
  ) {
    this.timer = setInterval(() => void this.renew().catch(() => undefined), Math.max(1, Math.floor(leaseMs / 3)));
    this.timer.unref();
  }

  get info(): ScanLockInfo {
    return this.current;
  }

  async renew(): Promise<void> {
    if (this.released) return;
    const onDisk = await readScanLock(this.dir);
    if (!onDisk || !sameHolder(onDisk, this.current)) {
      clearInterval(this.timer);
      throw new ScanLockBusyError(this.dir, onDisk ?? this.current);
    }
    const next = { ...this.current, leaseUntil: new Date(Date.now() + this.leaseMs).toISOString() };
    await writeLockAtomically(this.dir, next);
    this.current = next;
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    clearInterval(this.timer);
    const onDisk = await readScanLock(this.dir);
    if (onDisk && sameHolder(onDisk, this.current)) await unlink(lockFile(this.dir)).catch(() => undefined);
  }
}
