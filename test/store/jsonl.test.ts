import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JsonlWriter, readJsonl } from '../../src/store/jsonl.ts';

describe('JsonlWriter under concurrent writers', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps every line whole and warns of no listener leak when many writers wait for the disk at once', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'gi-jsonl-'));
    const file = path.join(dir, 'links.jsonl');
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    try {
      const writer = new JsonlWriter<{ i: number; text: string }>(file);
      // 200 pages' worth of writes in flight together, each line far past the stream's buffer.
      await Promise.all(Array.from({ length: 200 }, (_, i) => writer.write({ i, text: '链接文字'.repeat(2000) })));
      await writer.close();
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((w) => w.includes('MaxListenersExceeded'))).toEqual([]);
    const read: number[] = [];
    for await (const line of readJsonl<{ i: number }>(file)) read.push(line.i);
    expect(read).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect((await readFile(file, 'utf8')).split('\n').filter(Boolean)).toHaveLength(200);
  });
});
