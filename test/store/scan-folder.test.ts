import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.ts';
import { claimScanFolder } from '../../src/scan/scan-folder.ts';
import { acquireScanLock, ScanLockBusyError } from '../../src/store/scan-lock.ts';

/**
 * Two scans started into one --out at once: the winner takes the lock, then writes its first
 * files before its scan.json. The loser, looking in between, must be told the folder is in
 * use (by whom), not that it holds someone else's files.
 */
describe('claiming a scan folder another scan is starting in', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'scan-folder-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a live lock with the holder’s first files (no scan.json yet) is "in use", naming the holder', async () => {
    const winner = await acquireScanLock(dir, { scanId: 'winner' });
    await writeFile(path.join(dir, 'fetches.jsonl'), '');
    const refused = await claimScanFolder(dir, { scanId: 'loser', resume: false, force: false }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ScanLockBusyError);
    expect((refused as Error).message).toMatch(/正被主机 .+ 上的进程 \d+ 使用/);
    await winner.release();
  });

  it('clean: without a lock, a folder of other files is still refused as not a scan folder', async () => {
    await writeFile(path.join(dir, 'report.html'), '<p>我的报告</p>');
    const refused = await claimScanFolder(dir, { scanId: 'x', resume: false, force: false }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UsageError);
    expect((refused as Error).message).toContain('不是空目录，也不是 gov-inspector 的检查目录');
  });
});
