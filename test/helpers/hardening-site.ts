import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { validateConfig } from '../../src/config/load.ts';
import type { ConfigInput } from '../../src/config/schema.ts';
import { NATIONAL_SERVICE_HOSTS } from '../../src/demo/demo-config.ts';
import { EXTERNAL_SITE_DIR, FIXTURES_DIR, FixtureServer } from '../../src/demo/fixture-server.ts';
import { runScan, type ScanOutcome } from '../../src/scan/run-scan.ts';
import { loadArtifacts } from '../../src/store/artifact-files.ts';
import { LowdbScanStore } from '../../src/store/lowdb-store.ts';

export type Route = (req: IncomingMessage, res: ServerResponse) => void;

export const AS_OF = '2026-11-28';

export function sendHtml(res: ServerResponse, body: string, status = 200): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(body);
}

/** A plain government-style page: title, nav, a dated list. */
export function govPage(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title></head><body><div class="header"><h1>测试省生态环境厅</h1></div>${body}<div class="footer">主办：测试省生态环境厅</div></body></html>`;
}

/** A column list page with recent dated items (a column a scan can judge). */
export function listPage(name: string, prefix: string): string {
  const items = Array.from({ length: 6 }, (_, i) => `<li><a href="${prefix}art_${i}.html">${name}信息第${i + 1}条关于生态环境保护工作的通知</a><span>2026-11-${String(20 - i).padStart(2, '0')}</span></li>`).join('');
  return govPage(`${name}_测试省生态环境厅`, `<div class="crumb">首页 &gt; ${name}</div><h2>${name}</h2><ul class="list">${items}</ul>`);
}

export function articlePage(title: string): string {
  return govPage(title, `<div class="crumb">首页 &gt; 工作动态</div><h2>${title}</h2><div class="info">发布时间：2026-11-20</div><div class="content"><p>正文内容。</p></div>`);
}

/** A site whose paths are answered by `routes`; `prefixRoutes` answer every path under a prefix. */
export async function startSite(routes: Record<string, Route>, prefixRoutes: Record<string, Route> = {}, host?: string): Promise<FixtureServer> {
  const server = new FixtureServer({
    root: path.join(FIXTURES_DIR, 'hardening'),
    host,
    routes: new Proxy(routes, {
      get: (target, key: string) => target[key] ?? Object.entries(prefixRoutes).find(([p]) => key.startsWith(p))?.[1],
    }),
  });
  await server.start();
  return server;
}

export async function startExternal(routes: Record<string, Route> = {}): Promise<FixtureServer> {
  const server = new FixtureServer({ root: EXTERNAL_SITE_DIR, host: '127.0.0.2', routes });
  await server.start();
  return server;
}

/** A small config for a site at `url`: no browser, no politeness delay, national services on `external`. */
export function hardeningConfig(url: string, externalOrigin: string, patch: Partial<Record<keyof ConfigInput, Record<string, unknown>>> = {}): ConfigInput {
  const crawl = { intervalMs: 0, timeoutMs: 3000, retries: 0, retryBaseMs: 20, hostOverrides: Object.fromEntries(NATIONAL_SERVICE_HOSTS.map((h) => [h, externalOrigin])), ...patch.crawl };
  return {
    site: { name: '测试省生态环境厅', url, ...patch.site },
    newMedia: [],
    browser: { enabled: false },
    crawl,
    report: { formats: ['html', 'json'] },
    ...Object.fromEntries(Object.entries(patch).filter(([k]) => k !== 'crawl' && k !== 'site')),
  } as ConfigInput;
}

export interface HardeningScan {
  outcome: ScanOutcome;
  artifacts: Record<string, unknown>;
  elapsedMs: number;
  store: LowdbScanStore;
  dir: string;
}

/** Scans into a fresh temp store (a real lowdb index), timing it. */
export async function scanSite(input: ConfigInput, options: { signal?: AbortSignal } = {}): Promise<HardeningScan> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gi-hardening-'));
  const store = new LowdbScanStore(path.join(dir, 'store'));
  const started = Date.now();
  const outcome = await runScan(validateConfig(input, '测试配置'), { baseDir: dir, store, asOf: AS_OF, signal: options.signal });
  return { outcome, artifacts: await loadArtifacts(outcome.scanDir), elapsedMs: Date.now() - started, store, dir };
}
