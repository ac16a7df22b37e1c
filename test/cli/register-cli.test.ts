import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegisterArtifact } from '../../src/disclosure/register/types.ts';
import type { FindingsJson } from '../../src/report/findings-json.ts';
import { scanFixture, type FixtureScan, type FixtureSites } from '../helpers/fixture-scan.ts';
import { REGISTER_FILES, startRegisterSite } from '../helpers/register-site.ts';

const BIN = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));

function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

const file = (name: string) => path.join(REGISTER_FILES, name);

describe('gov-inspector reconcile', () => {
  let sites: FixtureSites;
  let scan: FixtureScan;
  beforeAll(async () => {
    sites = await startRegisterSite();
    // A scan stored without a register: reconcile adds it afterwards.
    scan = await scanFixture({ sites, asOf: '2026-11-28', config: () => ({ newMedia: [], browser: { enabled: false } }) });
  }, 120_000);
  afterAll(async () => {
    await scan?.cleanup();
    await sites?.stop();
  });

  const reconcile = (register: string, ...extra: string[]) => cli(['reconcile', '--scan', scan.scanDir, '--register', register, '--format', 'json', ...extra], scan.scanDir);
  const stored = async () => JSON.parse(await readFile(path.join(scan.scanDir, 'artifacts', 'register.json'), 'utf8')) as RegisterArtifact;

  it.each([
    ['no-docno.csv', /缺少「文号」列：现有列为 标题、成文日期、公开属性/],
    ['empty.csv', /是空文件/],
    ['binary.csv', /不是文本文件（二进制内容）/],
    ['missing.xlsx', /不存在/],
  ])('exits 2 on a malformed register (%s), naming the problem in one line', async (name, message) => {
    const r = await reconcile(file(name));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain(name);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 when no row can be read, naming the rows', async () => {
    const bad = path.join(scan.scanDir, 'bad-rows.csv');
    await writeFile(bad, '文号,标题,成文日期,公开属性\n甘环发〔2026〕1号,关于某事的通知,明年,主动公开\n');
    const r = await reconcile(bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('没有可读取的行：第 2 行 成文日期「明年」无法识别');
  });

  it('scan refuses a malformed register before sending any request', async () => {
    const config = path.join(scan.scanDir, 'bad-register.yaml');
    await writeFile(config, `site:\n  name: 示例\n  url: ${sites.site.origin}/\ndisclosure:\n  register: ${file('empty.csv')}\n`);
    const before = sites.site.log.length;
    const r = await cli(['scan', '--config', config, '--no-browser'], scan.scanDir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/empty\.csv 是空文件/);
    expect(sites.site.log.length).toBe(before);
  });

  it('clean register: every row on time, nothing fires', async () => {
    const r = await reconcile(file('clean.csv'));
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('文件台账 7 件：已按时公开 6，非主动公开 1');
    const register = await stored();
    expect(register.entries.map((e) => e.status)).toEqual(['on-time', 'on-time', 'on-time', 'on-time', 'on-time', 'on-time', 'not-proactive']);
    const findings = JSON.parse(await readFile(path.join(scan.scanDir, 'findings.json'), 'utf8')) as FindingsJson;
    expect(findings.findings.filter((f) => f.check.startsWith('register-'))).toEqual([]);
    expect(findings.register).toHaveLength(7);
  });

  it('stored pages only: the unlinked document is 未公开; with --live the site search finds it', async () => {
    const before = sites.site.log.length;
    const offline = await reconcile(file('register.xlsx'));
    expect(sites.site.log.length).toBe(before);
    expect(offline.stdout).toContain('未联网查询');
    const row = (a: RegisterArtifact) => a.entries.find((e) => e.docNo === '甘环发〔2026〕140号')!;
    expect(row(await stored())).toMatchObject({ status: 'missing', url: null });
    const live = await reconcile(file('register.xlsx'), '--live');
    expect(sites.site.log.length).toBeGreaterThan(before);
    expect(row(await stored())).toMatchObject({ status: 'on-time', source: 'search', workingDays: 5 });
    expect(live.stdout).toMatch(/站内搜索 \d+ 次/);
  });
});
