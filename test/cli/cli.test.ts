import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureSites, type FixtureSites } from '../helpers/fixture-scan.ts';

const BIN = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));

function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('gov-inspector CLI', () => {
  let dir: string;
  let sites: FixtureSites;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'gi-cli-'));
    sites = await startFixtureSites();
  });
  afterAll(async () => {
    await sites?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const writeConfig = async (name: string, yaml: string) => {
    const file = path.join(dir, name);
    await writeFile(file, yaml);
    return file;
  };

  it('exits 2 naming a misspelt key', async () => {
    const file = await writeConfig('typo.yaml', 'site:\n  name: 示例\n  url: http://127.0.0.1:9/\ncrawl:\n  maxPagse: 10\n');
    const r = await cli(['scan', '--config', file], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('crawl.maxPagse');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 naming the field and the value of a bad URL', async () => {
    const file = await writeConfig('badurl.yaml', 'site:\n  name: 示例\n  url: ftp//sthjt.example.gov.cn\n');
    const r = await cli(['scan', '--config', file], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('site.url');
    expect(r.stderr).toContain('ftp//sthjt.example.gov.cn');
  });

  it('exits 2 for a missing config file, invalid YAML, a bad --as-of and a bad --concurrency', async () => {
    expect((await cli(['scan', '--config', path.join(dir, 'nope.yaml')], dir)).code).toBe(2);
    const bad = await writeConfig('bad.yaml', 'site: [unclosed\n');
    expect((await cli(['scan', '--config', bad], dir)).code).toBe(2);
    const ok = await writeConfig('ok.yaml', `site:\n  name: 示例\n  url: ${sites.site.origin}/\n`);
    const asOf = await cli(['scan', '--config', ok, '--as-of', '2026-13-45'], dir);
    expect(asOf.code).toBe(2);
    expect(asOf.stderr).toContain('--as-of');
    const conc = await cli(['scan', '--config', ok, '--concurrency', 'zero'], dir);
    expect(conc.code).toBe(2);
    expect(conc.stderr).toContain('--concurrency');
  });

  it('scans a site: summary on stdout, progress on stderr, findings.json written, exit code from the verdict', async () => {
    const file = await writeConfig(
      'site.yaml',
      `site:\n  name: 示例省生态环境厅\n  url: ${sites.site.origin}/\ncrawl:\n  intervalMs: 0\n  timeoutMs: 1500\n  hostOverrides:\n    beian.miit.gov.cn: ${sites.external.origin}\n    www.beian.gov.cn: ${sites.external.origin}\n    bszs.conac.cn: ${sites.external.origin}\n    zfwzzc.www.gov.cn: ${sites.external.origin}\nbrowser:\n  enabled: false\n`,
    );
    const out = path.join(dir, 'out');
    const r = await cli(['scan', '--config', file, '--out', out, '--as-of', '2026-11-28', '--no-browser', '--concurrency', '16'], dir);
    expect([0, 1]).toContain(r.code);
    // Nothing but the tool's own Chinese lines: no Node warning (16 requests in flight once set one off).
    expect(r.stderr).not.toMatch(/Warning|node --trace/);
    expect(r.stdout).toContain('示例省生态环境厅');
    expect(r.stdout).toMatch(/结论：(不)?合格/);
    expect(r.stdout).not.toContain('[抓取网站并检查链接]');
    expect(r.stderr).toContain('[抓取网站并检查链接]');
    expect(existsSync(path.join(out, 'findings.json'))).toBe(true);
    const report = await cli(['report', '--scan', out, '--format', 'json'], dir);
    expect([0, 1]).toContain(report.code);
    expect(report.code).toBe(r.code);
  });

  it('demo serves the bundled site, scans it and writes findings.json and report.html', async () => {
    const out = path.join(dir, 'demo-out');
    const r = await cli(['demo', '--out', out, '--no-browser'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('示例省生态环境厅');
    expect(existsSync(path.join(out, 'findings.json'))).toBe(true);
    expect(existsSync(path.join(out, 'report.html'))).toBe(true);
    // A check the browser would have made reads 未检测 with the reason, never a pass.
    const texts = { stdout: r.stdout, 'report.html': await readFile(path.join(out, 'report.html'), 'utf8'), 'summary.md': await readFile(path.join(out, 'summary.md'), 'utf8') };
    for (const [name, text] of Object.entries(texts)) {
      expect(text, name).not.toMatch(/无障碍自动检测未发现问题|适老化要求基本满足|移动端浏览正常/);
      expect(text, name).toContain('无障碍自动检测');
    }
    expect(r.stdout).toMatch(/未检测：无障碍自动检测（浏览器检查已跳过：已通过 --no-browser 关闭浏览器检查）/);
    expect(texts['summary.md']).toContain('检查项「适老化检测」（未检测）：浏览器检查已跳过');
  });

  it('report with an unknown scan id exits 2', async () => {
    const r = await cli(['report', '--scan', 'no-such-scan', '--store', path.join(dir, 'store')], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no-such-scan');
  });
});
