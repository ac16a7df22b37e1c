import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('store index updated by several processes', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'gi-locked-store-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loses no update and never tears index.json when three processes write at once', async () => {
    const script = `import { LockedScanStore } from ${JSON.stringify(path.resolve('src/distributed/locked-store.ts'))};
      import { LowdbScanStore } from ${JSON.stringify(path.resolve('src/store/lowdb-store.ts'))};
      const store = new LockedScanStore(new LowdbScanStore(process.argv[1]));
      for (let i = 0; i < 15; i++) await store.update((d) => void d.triage.push({ fingerprint: process.pid + '-' + i }));`;
    const child = () => run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, dir]);
    await Promise.all([child(), child(), child()]);
    const index = JSON.parse(await readFile(path.join(dir, 'index.json'), 'utf8')) as { triage: { fingerprint: string }[] };
    expect(index.triage).toHaveLength(45);
    expect(new Set(index.triage.map((t) => t.fingerprint)).size).toBe(45);
  }, 60_000);
});
