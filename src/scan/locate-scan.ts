import { existsSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.ts';
import { LowdbScanStore } from '../store/lowdb-store.ts';
import { SCAN_META_FILE } from './scan-meta.ts';

/** Resolves `--scan <id|dir>`: a scan folder, or an id in the store's index. */
export async function locateScan(idOrDir: string, storeDir: string): Promise<string> {
  if (existsSync(path.join(idOrDir, SCAN_META_FILE))) return path.resolve(idOrDir);
  const data = await new LowdbScanStore(path.resolve(storeDir)).read();
  const record = data.scans.find((s) => s.id === idOrDir);
  if (record && existsSync(path.join(record.dir, SCAN_META_FILE))) return record.dir;
  throw new UsageError(`找不到检查记录：${idOrDir}（既不是检查目录，也不在 ${storeDir}/index.json 中）`);
}
