import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { load } from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_REGISTER } from '../../src/demo/demo-config.ts';
import type { RegisterArtifact } from '../../src/disclosure/register/types.ts';
import { scanFixture, type FixtureScan } from '../helpers/fixture-scan.ts';

describe('the demo ships a register', () => {
  let scan: FixtureScan;
  beforeAll(async () => {
    scan = await scanFixture({ config: () => ({ newMedia: [], browser: { enabled: false }, disclosure: { register: DEMO_REGISTER } }) });
  }, 120_000);
  afterAll(() => scan?.cleanup());

  it('reconciles it with the demo site', () => {
    const register = scan.artifacts.register as RegisterArtifact;
    expect(register.entries.map((e) => `${e.docNo} ${e.status} ${e.workingDays ?? '-'}`)).toEqual([
      '甘环规〔2026〕3号 on-time 10',
      '甘环发〔2026〕5号 on-time 8',
      '甘环发〔2025〕210号 late 33',
      '甘环发〔2025〕150号 on-time 14',
      '甘环发〔2026〕60号 missing -',
      '甘环函〔2026〕22号 not-proactive -',
      '甘环发〔2026〕99号 not-proactive -',
    ]);
  });

  it('its report shows the per-office table', async () => {
    const $ = load(await readFile(path.join(scan.scanDir, 'report.html'), 'utf8'));
    const rows = $('#register table').first().find('tbody tr').toArray().map((tr) => $(tr).find('td').toArray().map((td) => $(td).text().trim()).join(' '));
    expect(rows).toContain('环评处 2 0 1 0 0');
    expect(rows).toContain('大气处 1 0 0 1 0');
  });
});
