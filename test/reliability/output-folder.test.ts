import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureServer } from '../../src/demo/fixture-server.ts';
import { NATIONAL_SERVICE_HOSTS } from '../../src/demo/demo-config.ts';
import { articlePage, govPage, listPage, sendHtml, startExternal, startSite } from '../helpers/hardening-site.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'src/cli/bin.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the CLI; `onStderr` may send the child a signal when its progress says so. */
function cli(args: string[], cwd: string, onStderr?: (text: string, child: ReturnType<typeof spawn>) => void): Promise<Run> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn('node', [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      onStderr?.(stderr, child);
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

const delayed = (ms: number, body: () => string) => (_req: unknown, res: Parameters<typeof sendHtml>[0]) => void setTimeout(() => sendHtml(res, body()), ms);

describe('the output folder belongs to one scan; bad paths are sentences; stop requests are honoured', () => {
  let site: FixtureServer;
  let slowGather: FixtureServer;
  let external: FixtureServer;
  let dir: string;
  let config: string;
  let gatherConfig: string;

  beforeAll(async () => {
    external = await startExternal();
    const nav = Array.from({ length: 12 }, (_, i) => `<li><a href="/col${i}/">栏目${i}</a></li>`).join('');
    const home = govPage('测试省生态环境厅', `<ul class="nav">${nav}</ul><div class="news"><ul><li><a href="/col0/art_0.html">生态环境保护工作会议召开</a><span>2026-11-20</span></li></ul></div>`);
    // Every page answers after 150 ms: a scan lasts a couple of seconds, long enough to overlap or stop.
    site = await startSite({ '/': delayed(150, () => home) }, { '/col': delayed(150, () => listPage('栏目', './')) });
    // Only the homepage is crawled (maxDepth 0); the gather stage reads each column slowly.
    slowGather = await startSite({ '/': (_req, res) => sendHtml(res, home) }, { '/col': delayed(3000, () => listPage('栏目', './')) });
    dir = await mkdtemp(path.join(os.tmpdir(), 'gi-folder-'));
    const overrides = NATIONAL_SERVICE_HOSTS.map((h) => `    ${h}: ${external.origin}`).join('\n');
    const yaml = (url: string, extra = '') => `site:\n  name: 测试省生态环境厅\n  url: ${url}/\nbrowser:\n  enabled: false\nstore:\n  dir: store\ncrawl:\n  intervalMs: 0\n  timeoutMs: 5000\n  retries: 0\n${extra}  hostOverrides:\n${overrides}\n`;
    config = path.join(dir, 'site.yaml');
    await writeFile(config, yaml(site.origin, '  concurrency: 2\n'));
    gatherConfig = path.join(dir, 'gather.yaml');
    await writeFile(gatherConfig, yaml(slowGather.origin, '  maxDepth: 0\n  sitemap: false\n'));
  }, 30_000);
  afterAll(async () => {
    await Promise.all([site?.stop(), slowGather?.stop(), external?.stop()]);
    await rm(dir, { recursive: true, force: true });
  });

  it('two scans into one --out at once: the second exits 2 with a sentence, the first is intact', async () => {
    const out = path.join(dir, 'shared');
    const [a, b] = await Promise.all([cli(['scan', '--config', config, '--out', out, '--as-of', '2026-11-28'], dir), cli(['scan', '--config', config, '--out', out, '--as-of', '2026-11-28'], dir)]);
    const codes = [a.code, b.code].sort();
    expect(codes[1]).toBe(2);
    expect([0, 1]).toContain(codes[0]);
    const loser = a.code === 2 ? a : b;
    expect(loser.stderr).toMatch(/正被主机 .+ 上的进程 \d+ 使用/);
    expect(loser.stderr).not.toMatch(/\n\s+at /);
    for (const line of readFileSync(path.join(out, 'fetches.jsonl'), 'utf8').split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow();
    const index = JSON.parse(readFileSync(path.join(dir, 'store', 'index.json'), 'utf8'));
    expect(index.scans.filter((s: { dir: string }) => s.dir === out)).toHaveLength(1);
    expect(existsSync(path.join(out, '.scan.lock'))).toBe(false);
  }, 60_000);

  it('reusing a finished scan\'s --out refuses without --force, and --force leaves one index entry', async () => {
    const out = path.join(dir, 'shared');
    const refused = await cli(['scan', '--config', config, '--out', out, '--as-of', '2026-11-28'], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--force');
    const forced = await cli(['scan', '--config', config, '--out', out, '--as-of', '2026-11-28', '--force'], dir);
    expect([0, 1]).toContain(forced.code);
    const index = JSON.parse(readFileSync(path.join(dir, 'store', 'index.json'), 'utf8'));
    expect(index.scans.filter((s: { dir: string }) => s.dir === out)).toHaveLength(1);
    const ids = index.scans.map((s: { id: string }) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
  }, 60_000);

  it('never writes into a non-empty folder that is not a gov-inspector scan', async () => {
    const mine = path.join(dir, 'my-own-reports');
    await mkdir(mine);
    await writeFile(path.join(mine, 'report.html'), '我自己的报告');
    const r = await cli(['scan', '--config', config, '--out', mine, '--as-of', '2026-11-28', '--force'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(mine);
    expect(readFileSync(path.join(mine, 'report.html'), 'utf8')).toBe('我自己的报告');
  }, 30_000);

  it('a file where a folder is expected (--out, store.dir) is exit 2 with a sentence naming the path', async () => {
    const file = path.join(dir, 'a-file');
    await writeFile(file, 'x');
    const out = await cli(['scan', '--config', config, '--out', file, '--as-of', '2026-11-28'], dir);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(file);
    expect(out.stderr).not.toMatch(/\n\s+at /);
    // A store under a file: every write fails with ENOTDIR.
    const badStore = path.join(dir, 'bad-store.yaml');
    await writeFile(badStore, readFileSync(config, 'utf8').replace('store:\n  dir: store', 'store:\n  dir: a-file/store'));
    const store = await cli(['scan', '--config', badStore, '--as-of', '2026-11-28'], dir);
    expect(store.code).toBe(2);
    expect(store.stderr).toContain(path.join(dir, 'a-file'));
    expect(store.stderr).not.toMatch(/\n\s+at /);
  }, 30_000);

  it('SIGTERM during the crawl: exit 3 within seconds, partial findings, summary says so first, --resume finishes', async () => {
    const out = path.join(dir, 'interrupted');
    let signalledAt = 0;
    const r = await cli(['scan', '--config', config, '--out', out, '--as-of', '2026-11-28'], dir, (text, child) => {
      if (!signalledAt && text.includes('[抓取网站并检查链接]')) {
        signalledAt = Date.now();
        setTimeout(() => child.kill('SIGTERM'), 300);
      }
    });
    expect(r.code).toBe(3);
    expect(Date.now() - signalledAt).toBeLessThan(8000);
    expect(r.stdout.split('\n')[0]).toContain('检查未完成');
    const findings = JSON.parse(readFileSync(path.join(out, 'findings.json'), 'utf8'));
    expect(findings.partial).toBe(true);
    expect(findings.partialReason).toContain('中断');
    const resumed = await cli(['scan', '--config', config, '--as-of', '2026-11-28', '--resume'], dir);
    expect([0, 1]).toContain(resumed.code);
    const done = JSON.parse(readFileSync(path.join(out, 'findings.json'), 'utf8'));
    expect(done.partial).toBe(false);
    // Both runs' requests count: at least every request the resumed run made.
    expect(done.stats.requests).toBeGreaterThan(findings.stats.requests);
    // And both runs' time: the resumed scan's duration includes the interrupted run's.
    expect(done.stats.durationMs).toBeGreaterThan(findings.stats.durationMs);
  }, 60_000);

  it('SIGTERM during the gather stage: the scan stops within seconds instead of reading every column', async () => {
    const out = path.join(dir, 'gather-stop');
    let signalledAt = 0;
    const r = await cli(['scan', '--config', gatherConfig, '--out', out, '--as-of', '2026-11-28'], dir, (text, child) => {
      if (!signalledAt && text.includes('[专项采集')) {
        signalledAt = Date.now();
        setTimeout(() => child.kill('SIGTERM'), 500);
      }
    });
    expect(signalledAt).toBeGreaterThan(0);
    expect(r.code).toBe(3);
    expect(Date.now() - signalledAt).toBeLessThan(6000);
    expect(JSON.parse(readFileSync(path.join(out, 'findings.json'), 'utf8')).partial).toBe(true);
  }, 60_000);
});
