import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { LABELS } from '../../src/report/labels.ts';

/** A bundled catalogue's update rhythm is shown in the report's item table: it must read in Chinese, never as the YAML's English word. */
describe('bundled disclosure catalogues', () => {
  it('every item’s rhythm has a Chinese label', async () => {
    const dir = path.resolve('config/catalogues');
    const unlabelled: string[] = [];
    for (const file of (await readdir(dir)).filter((f) => f.endsWith('.yaml'))) {
      const catalogue = parse(await readFile(path.join(dir, file), 'utf8')) as { items: { id: string; rhythm?: string }[] };
      for (const item of catalogue.items) if (item.rhythm && !(item.rhythm in LABELS.rhythm)) unlabelled.push(`${file} ${item.id}: ${item.rhythm}`);
    }
    expect(unlabelled).toEqual([]);
  });
});
