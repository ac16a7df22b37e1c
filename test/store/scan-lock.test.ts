import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireScanLock, readScanLock, ScanLockBusyError, SCAN_LOCK_FILE, type ScanLockInfo } from '../../src/store/scan-lock.ts';

describe('scan folder lock', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'scan-lock-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names host, pid and lease, refuses a second holder, and release frees the folder', async () => {
    const lock = await acquireScanLock(dir, { scanId: 'site-2026-11-30' });
    const info = await readScanLock(dir);
    expect(info).toMatchObject({ host: os.hostname(), pid: process.pid, scanId: 'site-2026-11-30' });
    expect(Date.parse(info!.leaseUntil)).toBeGreaterThan(Date.now());

    const refused = await acquireScanLock(dir).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ScanLockBusyError);
    expect((refused as Error).message).toContain(dir);
    expect((refused as Error).message).toContain(String(process.pid));
    expect((refused as Error).message).toContain(info!.leaseUntil);

    await lock.release();
    expect(await readScanLock(dir)).toBeNull();
    expect(await readdir(dir)).toEqual([]);
    await (await acquireScanLock(dir)).release();
  });

  it('renews the lease on its own while held', async () => {
    const lock = await acquireScanLock(dir, { leaseMs: 300 });
    const first = lock.info.leaseUntil;
    await new Promise((r) => setTimeout(r, 450));
    const onDisk = await readScanLock(dir);
    expect(Date.parse(onDisk!.leaseUntil)).toBeGreaterThan(Date.parse(first));
    await expect(acquireScanLock(dir, { leaseMs: 300 })).rejects.toBeInstanceOf(ScanLockBusyError);
    await lock.release();
  });

  it('takes over a lock whose owner died (expired lease), and the old owner cannot renew it', async () => {
    const dead: ScanLockInfo = { host: 'worker-b', pid: 999999, scanId: 'x', acquiredAt: '2026-01-01T00:00:00.000Z', leaseUntil: '2026-01-01T00:00:30.000Z' };
    await writeFile(path.join(dir, SCAN_LOCK_FILE), JSON.stringify(dead));
    const lock = await acquireScanLock(dir, { scanId: 'y' });
    expect(await readScanLock(dir)).toMatchObject({ pid: process.pid, scanId: 'y' });
    await lock.release();

    // An owner that stalled past its lease finds the folder taken and is told so.
    const slow = await acquireScanLock(dir, { leaseMs: 60_000 });
    const taken: ScanLockInfo = { ...slow.info, leaseUntil: new Date(Date.now() - 1).toISOString() };
    await writeFile(path.join(dir, SCAN_LOCK_FILE), JSON.stringify(taken));
    const taker = await acquireScanLock(dir);
    await expect(slow.renew()).rejects.toBeInstanceOf(ScanLockBusyError);
    await slow.release();
    expect(await readScanLock(dir)).toMatchObject({ acquiredAt: taker.info.acquiredAt });
    await taker.release();
  });

  it('lets exactly one of many concurrent acquirers win, for a free and for an expired lock', async () => {
    for (const preset of [null, { host: 'gone', pid: 1, scanId: null, acquiredAt: '2026-01-01T00:00:00.000Z', leaseUntil: '2026-01-01T00:00:01.000Z' }]) {
      if (preset) await writeFile(path.join(dir, SCAN_LOCK_FILE), JSON.stringify(preset));
      const results = await Promise.allSettled(Array.from({ length: 8 }, () => acquireScanLock(dir)));
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ScanLockBusyError);
      await (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof acquireScanLock>>>).value.release();
    }
  });

  it('lets exactly one of two processes win', async () => {
    // Both processes try at once (after both have loaded), and the winner holds the lock until
    // both have answered: how long each takes to start cannot let them take turns.
    const script = `import { acquireScanLock } from ${JSON.stringify(path.resolve('src/store/scan-lock.ts'))};
      import { once } from 'node:events';
      console.log('ready');
      await once(process.stdin, 'data');
      try { const l = await acquireScanLock(process.argv[1]); console.log('won'); await once(process.stdin, 'end'); await l.release(); }
      catch (e) { console.log(e.name); }`;
    const children = [0, 1].map(() => spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, dir], { stdio: ['pipe', 'pipe', 'inherit'] }));
    const lines = children.map((child) => createInterface({ input: child.stdout! })[Symbol.asyncIterator]());
    const next = async (i: number) => String((await lines[i].next()).value ?? '');
    expect(await Promise.all([next(0), next(1)])).toEqual(['ready', 'ready']);
    for (const child of children) child.stdin!.write('go\n');
    const outcomes = await Promise.all([next(0), next(1)]);
    for (const child of children) child.stdin!.end();
    await Promise.all(children.map((child) => once(child, 'exit')));
    expect(outcomes.sort()).toEqual(['ScanLockBusyError', 'won']);
  });
});
