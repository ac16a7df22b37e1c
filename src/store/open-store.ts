import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LowdbScanStore, INDEX_FILE } from './lowdb-store.ts';
import type { StoreData } from './scan-store.ts';

function indexHolds(dir: string, scanId: string): boolean {
  const file = path.join(dir, INDEX_FILE);
  if (!existsSync(file)) return false;
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as StoreData).scans.some((s) => s.id === scanId);
  } catch {
    return false;
  }
}

/**
 * The store a stored scan belongs to: the `--store` folder when its index lists the scan,
 * else the scan folder's parent (the default layout). null when neither does: the scan is
 * then judged without history.
 */
export function storeOfScan(scanId: string, scanDir: string, storeDir: string): LowdbScanStore | null {
  for (const dir of [path.resolve(storeDir), path.dirname(path.resolve(scanDir))]) {
    if (indexHolds(dir, scanId)) return new LowdbScanStore(dir);
  }
  return null;
}
