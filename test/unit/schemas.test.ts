import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA_FILE, configJsonSchema } from '../../src/config/export-schemas.ts';
import { scanFixture, type FixtureScan } from '../helpers/fixture-scan.ts';

const findingsSchema = JSON.parse(readFileSync(new URL('../../config/schema/findings.schema.json', import.meta.url), 'utf8'));

describe('published JSON Schemas', () => {
  let scan: FixtureScan;
  beforeAll(async () => {
    scan = await scanFixture({ config: () => ({ crawl: { timeoutMs: 1500 }, browser: { enabled: false } }) });
  }, 120_000);
  afterAll(() => scan?.cleanup());

  it('findings.json of a full demo scan validates against findings.schema.json', () => {
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(findingsSchema);
    const ok = validate(JSON.parse(readFileSync(`${scan.scanDir}/findings.json`, 'utf8')));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema rejects a findings.json that breaks the contract', () => {
    const validate = new Ajv2020({ strict: false }).compile(findingsSchema);
    const broken = { ...scan.findings, asOf: '28/11/2026', brokenLinks: [{ source: 'x', target: 'y' }] };
    expect(validate(broken)).toBe(false);
  });

  it('config/schema/config.schema.json is current (npm run schema)', () => {
    expect(readFileSync(CONFIG_SCHEMA_FILE, 'utf8')).toBe(configJsonSchema());
  });
});
