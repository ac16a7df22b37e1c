import path from 'node:path';
import { acquireScanLock, ScanLockBusyError } from '../store/scan-lock.ts';
import type { ScanStore, StoreData } from '../store/scan-store.ts';

/** Folder whose scan lock guards the store's index.json across processes and machines. */
const INDEX_LOCK_DIR = '.index-lock';
const LEASE_MS = 10_000;

/**
 * A store whose updates run under a cross-process lock, so workers on several machines
 * updating one index never lose each other's changes. Reads need no lock: lowdb replaces
 * index.json by rename, so a reader sees the old or the new file, never half of one.
 */
export class LockedScanStore implements ScanStore {
  constructor(private readonly inner: ScanStore) {}

  get rootDir(): string {
    return this.inner.rootDir;
  }

  read(): Promise<StoreData> {
    return this.inner.read();
  }

  async update(change: (data: StoreData) => void): Promise<void> {
    const dir = path.join(this.inner.rootDir, INDEX_LOCK_DIR);
    for (let wait = 5; ; wait = Math.min(wait * 2, 200)) {
      try {
        const lock = await acquireScanLock(dir, { leaseMs: LEASE_MS });
        try {
          return await this.inner.update(change);
        } finally {
          await lock.release();
        }
      } catch (error) {
        if (!(error instanceof ScanLockBusyError)) throw error;
        await new Promise((r) => setTimeout(r, wait + Math.random() * wait));
      }
    }
  }
}
