import { mkdir, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Low, Memory } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { emptyStoreData, type ScanStore, type StoreData } from './scan-store.ts';

export const INDEX_FILE = 'index.json';

/**
 * lowdb-backed store: `<rootDir>/index.json`, written atomically by lowdb (temp file and
 * rename), so a crash never leaves half a file. `new Low(new JSONFile())` is used on
 * purpose: JSONFilePreset silently keeps data in memory when NODE_ENV=test.
 */
export class LowdbScanStore implements ScanStore {
  private db: Low<StoreData> | null = null;

  constructor(readonly rootDir: string) {}

  private async open(): Promise<Low<StoreData>> {
    if (!this.db) {
      await mkdir(this.rootDir, { recursive: true });
      const db = new Low<StoreData>(new JSONFile(path.join(this.rootDir, INDEX_FILE)), emptyStoreData());
      await db.read();
      db.data = { ...emptyStoreData(), ...db.data };
      this.db = db;
    }
    return this.db;
  }

  async read(): Promise<StoreData> {
    const db = await this.open();
    await db.read();
    return db.data;
  }

  /**
   * Read-change-write under `<rootDir>/.index.lock`, so scans in other processes sharing the
   * store never lose each other's entries (two scans finishing at once both stay indexed).
   */
  async update(change: (data: StoreData) => void): Promise<void> {
    const db = await this.open();
    const lock = path.join(this.rootDir, INDEX_LOCK_FILE);
    await takeIndexLock(lock);
    try {
      await db.read();
      change(db.data);
      await db.write();
    } finally {
      await unlink(lock).catch(() => undefined);
    }
  }
}

const INDEX_LOCK_FILE = '.index.lock';
/** An index update takes milliseconds: a lock older than this was left by a killed process. */
const INDEX_LOCK_STALE_MS = 10_000;

async function takeIndexLock(file: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await writeFile(file, String(process.pid), { flag: 'wx' });
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const age = await stat(file).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > INDEX_LOCK_STALE_MS) await unlink(file).catch(() => undefined);
      else await new Promise((r) => setTimeout(r, Math.min(5 + attempt * 5, 50)));
    }
  }
}

/** In-memory store for tests; scan folders still go to `rootDir`. */
export class MemoryScanStore implements ScanStore {
  private readonly db = new Low<StoreData>(new Memory(), emptyStoreData());

  constructor(readonly rootDir: string) {}

  async read(): Promise<StoreData> {
    return this.db.data;
  }

  async update(change: (data: StoreData) => void): Promise<void> {
    change(this.db.data);
    await this.db.write();
  }
}
