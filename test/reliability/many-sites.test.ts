import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfig, DEMO_AS_OF } from '../../src/demo/demo-config.ts';
import { FIXTURES_DIR, FixtureServer } from '../../src/demo/fixture-server.ts';
import { rankRows, type OverviewRow } from '../../src/scan/run-many.ts';
import { startFixtureSites, type FixtureSites } from '../helpers/fixture-scan.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');

describe('many sites from a folder of configs', () => {
  let demo: FixtureSites;
  let second: FixtureServer;
  let tmp: string;
  let stdout = '';
  let code = 0;

  beforeAll(async () => {
    demo = await startFixtureSites();
    second = new FixtureServer({ root: path.join(FIXTURES_DIR, 'hostile'), externalOrigin: demo.external.origin });
    await second.start();
    tmp = await mkdtemp(path.join(os.tmpdir(), 'gi-many-'));
    const dir = path.join(tmp, 'sites');
    await mkdir(dir);
    const base = demoConfig(demo.site.origin, demo.external.origin) as Record<string, any>;
    const site = (name: string, url: string) => JSON.stringify({ ...base, report: { ...base.report, formats: ['html', 'json'] }, site: { name, url }, crawl: { ...base.crawl, timeoutMs: 1500, maxPages: 40 }, store: { dir: path.join(tmp, 'store') } });
    await writeFile(path.join(dir, '01-env.yaml'), site('示例省生态环境厅', `${demo.site.origin}/`));
    await writeFile(path.join(dir, '02-city.yaml'), site('示例市政务服务网', `${second.origin}/`));
    // A site whose server is down: its scan still ends with a report (homepage unreachable).
    await writeFile(path.join(dir, '03-down.yaml'), site('示例县人民政府', 'http://127.0.0.1:1/'));
    await writeFile(path.join(dir, 'README.txt'), 'not a config');
    try {
      ({ stdout } = await run('node', [path.join(ROOT, 'src/cli/bin.js'), 'scan', '--config', dir, '--sites', '2', '--out', path.join(tmp, 'out'), '--as-of', DEMO_AS_OF, '--no-browser'], { cwd: ROOT }));
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      code = e.code;
      stdout = e.stdout;
      if (code !== 3) throw new Error(e.stderr);
    }
  }, 240_000);
  afterAll(async () => {
    await demo?.stop();
    await second?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('writes one report per site and an overview ranking all of them', () => {
    for (const host of [new URL(demo.site.origin).host, new URL(second.origin).host, '127.0.0.1_1']) {
      expect(existsSync(path.join(tmp, 'out', host.replace(/[^\w.-]+/g, '_'), 'findings.json')), host).toBe(true);
    }
    const md = readFileSync(path.join(tmp, 'out', 'overview.md'), 'utf8');
    expect(md).toContain('共 3 个网站');
    for (const name of ['示例省生态环境厅', '示例市政务服务网', '示例县人民政府']) expect(md).toContain(name);
    const html = readFileSync(path.join(tmp, 'out', 'overview.html'), 'utf8');
    expect(html).toContain('<table');
    expect(html).toMatch(/href="[^"]*report\.html"/);
    expect(stdout).toContain('总览');
    // The site that was down is listed, unranked, never "qualified".
    expect(md).toMatch(/\| — \| 示例县人民政府[^\n]*未能完成检查/);
    expect(md).toMatch(/\| 1 \| /);
  });

  it('exits with the worst site\'s code, 0 < 1 < 3: the site that was down makes it 3 (incomplete)', () => {
    expect(code).toBe(3);
  });

  it('ranks qualified sites first by score, vetoed ones after, failed scans last', () => {
    const row = (name: string, verdict: OverviewRow['verdict'], total: number | null, vetoes: string[] = []): OverviewRow => ({ rank: null, name, url: `http://${name}.invalid/`, verdict, total, vetoes, findings: 0, scanDir: null, error: verdict ? null : 'x' });
    const ranked = rankRows([row('a', 'unqualified', 90, ['veto.site-unreachable']), row('b', 'qualified', 70), row('c', null, null), row('d', 'qualified', 95), row('e', 'unqualified', 55)]);
    expect(ranked.map((r) => `${r.rank}:${r.name}`)).toEqual(['1:d', '2:b', '3:e', '4:a', 'null:c']);
  });
});
