import { mkdtemp, mkdir, readdir, rm, truncate, writeFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BodyStore } from '../../src/store/body-store.ts';

const dirs: string[] = [];
async function tmp(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gi-bodies-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

const page = (n: number) => Buffer.from(`<html><body>${'第'.repeat(n)}页</body></html>`);

describe('BodyStore (append-only packs)', () => {
  it('stores each body once in one pack and reads it back after a clean close', async () => {
    const dir = await tmp();
    const store = new BodyStore(dir);
    const shas = await Promise.all([page(1), page(2), page(1), page(3000)].map((b) => store.put(b)));
    expect(shas[0]).toBe(shas[2]);
    expect(await store.get(shas[3])).toEqual(page(3000));
    await store.close();
    const files = await readdir(dir);
    expect(files.filter((f) => f.endsWith('.bin'))).toHaveLength(1);
    expect(files.filter((f) => f.endsWith('.idx'))).toHaveLength(1);
    const again = new BodyStore(dir);
    expect(await again.get(shas[1])).toEqual(page(2));
    expect(await again.get(shas[3])).toEqual(page(3000));
    expect(await again.get('0'.repeat(40))).toBeNull();
    await again.close();
  });

  it('re-indexes a pack a kill left without index and ignores a record cut short', async () => {
    const dir = await tmp();
    const store = new BodyStore(dir);
    const whole = await store.put(page(10));
    const cut = await store.put(page(500));
    // kill -9: no close, so no index; the last write only half reached the disk.
    const [bin] = (await readdir(dir)).filter((f) => f.endsWith('.bin'));
    await truncate(path.join(dir, bin), (await stat(path.join(dir, bin))).size - 100);
    const after = new BodyStore(dir);
    expect(await after.get(whole)).toEqual(page(10));
    expect(await after.get(cut)).toBeNull();
    // Stored again, it goes into a pack of its own and reads whole.
    expect(await after.put(page(500))).toBe(cut);
    expect(await after.get(cut)).toEqual(page(500));
    await after.close();
    await store.close();
  });

  it('lets two writers share a folder, and still reads bodies stored one file each', async () => {
    const dir = await tmp();
    const a = new BodyStore(dir);
    const b = new BodyStore(dir);
    const [sa, sb] = await Promise.all([a.put(page(7)), b.put(page(8))]);
    await Promise.all([a.close(), b.close()]);
    const legacy = BodyStore.hash(page(9));
    await mkdir(path.join(dir, legacy.slice(0, 2)));
    await writeFile(path.join(dir, legacy.slice(0, 2), legacy), page(9));
    const reader = new BodyStore(dir);
    expect(await reader.get(sa)).toEqual(page(7));
    expect(await reader.get(sb)).toEqual(page(8));
    expect(await reader.get(legacy)).toEqual(page(9));
    await reader.close();
  });
});
