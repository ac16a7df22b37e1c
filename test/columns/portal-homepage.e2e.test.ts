import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureServer } from '../../src/demo/fixture-server.ts';
import type { FindingsJson } from '../../src/report/findings-json.ts';
import { articlePage, govPage, hardeningConfig, scanSite, sendHtml, startExternal, startSite } from '../helpers/hardening-site.ts';

/**
 * 首页不更新 on a homepage that shows no date (indicators.md, veto.homepage-stale): an item
 * without a visible date counts as not updated, but a homepage that is only a portal of
 * links is judged by the second-level pages it links to. Three sites over loopback, as of
 * 2026-11-28: a portal whose columns were updated last week (no veto: the clean variant),
 * a portal whose columns stopped in September (veto, naming the newest column), and a
 * homepage listing news without dates (veto, as before).
 */
type Variant = 'portal-fresh' | 'portal-stale' | 'undated-news';

const NAV = '<ul class="nav"><li><a href="/xwdt/">工作动态</a></li><li><a href="/tzgg/">通知公告</a></li></ul>';

function list(name: string, prefix: string, day: (i: number) => string): string {
  const rows = Array.from({ length: 6 }, (_, i) => `<li><a href="${prefix}art_${i}.html">${name}第${i + 1}条关于生态环境保护工作的通知</a><span>${day(i)}</span></li>`).join('');
  return govPage(`${name}_测试省生态环境厅`, `<div class="crumb">首页 &gt; ${name}</div><h2>${name}</h2><ul class="list">${rows}</ul>`);
}

async function scanVariant(variant: Variant): Promise<{ json: FindingsJson; stop(): Promise<void> }> {
  const day = variant === 'portal-stale' ? (i: number) => `2026-09-${String(20 - i).padStart(2, '0')}` : (i: number) => `2026-11-${String(20 - i).padStart(2, '0')}`;
  const news = '<div class="news"><ul><li><a href="/xwdt/art_0.html">生态环境保护工作会议召开</a></li><li><a href="/xwdt/art_1.html">全省环境执法工作推进会召开</a></li></ul></div>';
  const external = await startExternal();
  const site: FixtureServer = await startSite(
    {
      '/': (_req, res) => sendHtml(res, govPage('测试省生态环境厅', NAV + (variant === 'undated-news' ? news : ''))),
      '/xwdt/': (_req, res) => sendHtml(res, list('工作动态', '/xwdt/', day)),
      '/tzgg/': (_req, res) => sendHtml(res, list('通知公告', '/tzgg/', day)),
    },
    { '/xwdt/art_': (_req, res) => sendHtml(res, articlePage('工作动态文章')), '/tzgg/art_': (_req, res) => sendHtml(res, articlePage('通知公告文章')) },
  );
  const scan = await scanSite(hardeningConfig(`${site.origin}/`, external.origin));
  return {
    json: scan.outcome.findings,
    async stop() {
      await Promise.all([site.stop(), external.stop()]);
      await rm(scan.dir, { recursive: true, force: true });
    },
  };
}

describe('a homepage that shows no date', () => {
  const runs = {} as Record<Variant, Awaited<ReturnType<typeof scanVariant>>>;
  beforeAll(async () => {
    for (const v of ['portal-fresh', 'portal-stale', 'undated-news'] as const) runs[v] = await scanVariant(v);
  });
  afterAll(() => Promise.all(Object.values(runs).map((r) => r.stop())));
  const check = (v: Variant) => runs[v].json.checks.find((c) => c.id === 'homepage-freshness')!;
  const vetoes = (v: Variant) => runs[v].json.findings.filter((f) => f.indicator === 'veto.homepage-stale');

  it('portal-fresh (clean): a portal of links whose columns were updated last week is not stale', () => {
    expect(vetoes('portal-fresh')).toEqual([]);
    expect(check('portal-fresh')).toMatchObject({ status: 'pass', reason: '首页只有链接、未显示信息日期，按其链接的 2 个二级栏目判断：最新信息 2026-11-20（栏目「通知公告」，8 天前）' });
    expect(runs['portal-fresh'].json.homepage).toMatchObject({ latestDate: '2026-11-20', stale: false, portal: true });
  });

  it('portal-stale: a portal whose columns stopped in September vetoes, naming the newest column', () => {
    const [veto] = vetoes('portal-stale');
    expect(veto.title).toBe('首页及其链接的二级栏目 14 天内无新信息');
    expect(veto.evidence).toMatch(/^首页只有链接、未显示信息日期，按其链接的 2 个二级栏目判断：最新信息日期 2026-09-20（栏目「(工作动态|通知公告)」 http:\/\/127\.0\.0\.1:\d+\/(xwdt|tzgg)\/），距检查日 69 天，要求 14 天内有更新$/);
  });

  it('undated-news: news listed without dates still counts as not updated', () => {
    expect(vetoes('undated-news').map((f) => f.title)).toEqual(['首页没有带可见日期的信息，视为未更新']);
  });
});
