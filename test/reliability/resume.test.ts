import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfig, DEMO_AS_OF } from '../../src/demo/demo-config.ts';
import type { FindingsJson } from '../../src/report/findings-json.ts';
import { startFixtureSites, type FixtureSites } from '../helpers/fixture-scan.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'src/cli/bin.js');

function cli(args: string[], opts: { killWhen?: () => boolean } = {}): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('node', [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.resume();
    const timer = opts.killWhen
      ? setInterval(() => {
          if (opts.killWhen!()) {
            clearInterval(timer!);
            child.kill('SIGKILL');
          }
        }, 20)
      : null;
    child.on('exit', (code, signal) => {
      if (timer) clearInterval(timer);
      resolve({ code, signal, stderr });
    });
  });
}

function lines(file: string): number {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;
}

/** What must match: every finding and the broken links, without timings. */
function comparable(f: FindingsJson) {
  return {
    findings: f.findings.map((x) => `${x.indicator} | ${x.title} | ${x.url} | ${x.evidence}`).sort(),
    broken: f.brokenLinks.map((b) => `${b.source} ${b.target} ${b.status} ${b.error}`).sort(),
    score: f.score,
    pages: f.stats.pagesCrawled,
  };
}

describe('scan killed with SIGKILL mid-crawl, then --resume', () => {
  let sites: FixtureSites;
  let tmp: string;
  let reference: FindingsJson;
  let resumed: FindingsJson;
  let killedAtPages = 0;
  let requestsReference = 0;
  let requestsKilledAndResumed = 0;

  beforeAll(async () => {
    sites = await startFixtureSites();
    tmp = await mkdtemp(path.join(os.tmpdir(), 'gi-resume-'));
    const config = (store: string) => {
      const c = demoConfig(sites.site.origin, sites.external.origin) as Record<string, any>;
      // Slow enough that the kill lands mid-crawl; a generous time limit so that a loaded
      // machine does not turn a slow page into a timeout in one run and not the other.
      return { ...c, report: { ...c.report, formats: ['html', 'json'] }, crawl: { ...c.crawl, concurrency: 2, intervalMs: 40, timeoutMs: 6000 }, store: { dir: path.join(tmp, store) } };
    };
    await writeFile(path.join(tmp, 'ref.yaml'), JSON.stringify(config('store-ref')));
    await writeFile(path.join(tmp, 'kill.yaml'), JSON.stringify(config('store-kill')));

    const before = sites.site.log.length;
    const ref = await cli(['scan', '--config', path.join(tmp, 'ref.yaml'), '--out', path.join(tmp, 'ref-out'), '--as-of', DEMO_AS_OF, '--no-browser']);
    expect(ref.code, ref.stderr).toBeLessThanOrEqual(1);
    requestsReference = sites.site.log.length - before;
    reference = JSON.parse(readFileSync(path.join(tmp, 'ref-out', 'findings.json'), 'utf8'));

    const mark = sites.site.log.length;
    const killOut = path.join(tmp, 'kill-out');
    const killed = await cli(['scan', '--config', path.join(tmp, 'kill.yaml'), '--out', killOut, '--as-of', DEMO_AS_OF, '--no-browser'], {
      killWhen: () => (killedAtPages = lines(path.join(killOut, 'pages.jsonl'))) >= 20,
    });
    expect(killed.signal).toBe('SIGKILL');
    expect(existsSync(path.join(killOut, 'findings.json'))).toBe(false);
    const again = await cli(['scan', '--config', path.join(tmp, 'kill.yaml'), '--resume', '--no-browser']);
    expect(again.code, again.stderr).toBeLessThanOrEqual(1);
    requestsKilledAndResumed = sites.site.log.length - mark;
    resumed = JSON.parse(readFileSync(path.join(killOut, 'findings.json'), 'utf8'));
  }, 420_000);
  afterAll(async () => {
    await sites?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('ends with the same findings as the uninterrupted scan', () => {
    expect(killedAtPages).toBeGreaterThanOrEqual(20);
    expect(killedAtPages).toBeLessThan(reference.stats.pagesCrawled);
    if (process.env.RESUME_DEBUG) {
      writeFileSync(`${process.env.RESUME_DEBUG}/ref.json`, JSON.stringify(comparable(reference), null, 1));
      writeFileSync(`${process.env.RESUME_DEBUG}/resumed.json`, JSON.stringify(comparable(resumed), null, 1));
    }
    expect(comparable(resumed)).toEqual(comparable(reference));
  });

  it('does not fetch again what the killed run had fetched', () => {
    // Replay answers the first run's fetches; only the lost tail (in flight at the kill) is repeated.
    console.log(`killed after ${killedAtPages} pages; requests: uninterrupted ${requestsReference}, killed + resumed ${requestsKilledAndResumed}`);
    expect(requestsKilledAndResumed).toBeLessThan(requestsReference + 10);
  });

  it('refuses --resume when the last scan finished', async () => {
    const r = await cli(['scan', '--config', path.join(tmp, 'ref.yaml'), '--resume', '--no-browser']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('没有可继续的检查');
  }, 30_000);
});
