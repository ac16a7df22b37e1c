import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureServer } from '../../src/demo/fixture-server.ts';
import { govPage, hardeningConfig, scanSite, sendHtml, startExternal, startSite, type HardeningScan, type Route } from '../helpers/hardening-site.ts';

/**
 * Pages are read concurrently, so which page answers first changes from scan to scan. What
 * the scan concludes must not: the same site scanned twice, once with the first two
 * columns slow and once with the last two slow, gives the same disclosure artifact (which
 * page is shown as evidence, which text names an edition) and the same findings.
 */
const COLUMNS = ['/xxgk/', '/zcwj/', '/gzdt/', '/gzcy/'];
const NAMES = ['信息公开', '政策文件', '工作动态', '公众参与'];

function columnPage(i: number): string {
  // Every column links the guide and the annual reports, each with its own wording.
  const links = [`<li><a href="/gkzn/">政府信息公开指南（${NAMES[i]}）</a></li>`, `<li><a href="/ndbg/2025.html">2025年度政府信息公开工作年度报告（${NAMES[i]}）</a></li>`];
  return govPage(`${NAMES[i]}_测试省生态环境厅`, `<div class="crumb">首页 &gt; ${NAMES[i]}</div><h2>${NAMES[i]}</h2><ul>${links.join('')}</ul>`);
}

const HOMEPAGE = govPage('测试省生态环境厅', `<ul class="nav">${COLUMNS.map((c, i) => `<li><a href="${c}">${NAMES[i]}</a></li>`).join('')}</ul>`);

async function scanWithSlow(slow: Set<string>): Promise<{ scan: HardeningScan; stop(): Promise<void> }> {
  const later = (route: Route, path: string): Route => (req, res) => void setTimeout(() => route(req, res), slow.has(path) ? 400 : 0);
  const routes: Record<string, Route> = {
    '/': (_req, res) => sendHtml(res, HOMEPAGE),
    '/gkzn/': (_req, res) => sendHtml(res, govPage('政府信息公开指南_测试省生态环境厅', '<div class="crumb">首页 &gt; 政府信息公开指南</div><h2>政府信息公开指南</h2><p>一、主动公开。</p>')),
    '/ndbg/2025.html': (_req, res) => sendHtml(res, govPage('测试省生态环境厅2025年政府信息公开工作年度报告', '<h2>测试省生态环境厅2025年政府信息公开工作年度报告</h2><div class="info">发布时间：2026-01-20</div>')),
  };
  COLUMNS.forEach((c, i) => (routes[c] = later((_req, res) => sendHtml(res, columnPage(i)), c)));
  const external = await startExternal();
  const site: FixtureServer = await startSite(routes);
  const scan = await scanSite(hardeningConfig(`${site.origin}/`, external.origin, { crawl: { concurrency: 4 } }));
  return {
    scan,
    async stop() {
      await Promise.all([site.stop(), external.stop()]);
      await rm(scan.dir, { recursive: true, force: true });
    },
  };
}

/** The scans run on different ports: compare paths. */
const portless = (value: unknown) => JSON.parse(JSON.stringify(value).replace(/http:\/\/127\.0\.0\.1:\d+/g, 'SITE'));

describe('the order pages arrive in does not change what a scan concludes', () => {
  let first: Awaited<ReturnType<typeof scanWithSlow>>;
  let second: Awaited<ReturnType<typeof scanWithSlow>>;
  beforeAll(async () => {
    first = await scanWithSlow(new Set(COLUMNS.slice(0, 2)));
    second = await scanWithSlow(new Set(COLUMNS.slice(2)));
  });
  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
  });

  it('the columns did answer in a different order', async () => {
    // pages.jsonl is written as pages are read.
    const arrival = async (s: HardeningScan) => {
      const lines = (await readFile(path.join(s.outcome.scanDir, 'pages.jsonl'), 'utf8')).trim().split('\n');
      return lines.map((l) => new URL((JSON.parse(l) as { url: string }).url).pathname).filter((p) => COLUMNS.includes(p));
    };
    // The slow pair answers after the fast pair; within a pair the order is the server's.
    const halves = (order: string[]) => [new Set(order.slice(0, 2)), new Set(order.slice(2))];
    expect(halves(await arrival(first.scan))).toEqual([new Set(COLUMNS.slice(2)), new Set(COLUMNS.slice(0, 2))]);
    expect(halves(await arrival(second.scan))).toEqual([new Set(COLUMNS.slice(0, 2)), new Set(COLUMNS.slice(2))]);
  });

  it('gives the same disclosure artifact and the same findings', () => {
    expect(portless(second.scan.artifacts.disclosure)).toEqual(portless(first.scan.artifacts.disclosure));
    const shown = (s: HardeningScan) => portless(s.outcome.findings.findings.map((f) => [f.indicator, f.title, f.url, f.evidence]));
    expect(shown(second.scan)).toEqual(shown(first.scan));
  });
});
