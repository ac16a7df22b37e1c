import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../../src/browser/find-browser.ts';
import type { ColumnsArtifact } from '../../src/columns/types.ts';
import { FIXTURES_DIR } from '../../src/demo/fixture-server.ts';
import { localPath, scanFixture, type FixtureScan } from '../helpers/fixture-scan.ts';

const ROOT = path.join(FIXTURES_DIR, 'columns-site');
const browserFound = findBrowser();
if (!browserFound.ok && process.env.REQUIRE_BROWSER) throw new Error(`REQUIRE_BROWSER is set but no browser: ${browserFound.reason}`);

/** Browser audits are another feature: keep them to one page so this scan stays quick. */
const QUIET_BROWSER = { lighthouse: false, maxPages: 1, screenshots: false, renderFallback: false };
const QUIET_SAFETY = { hiddenLinks: { browserConfirm: false, browserMaxPages: 0 } };

type Row = [name: string, category: string, latestDate: string | null, stale: boolean, blank: boolean];

/** Every column of the fixture (asOf 2026-11-28) and how it must be judged. */
const EXPECTED: Record<string, Row> = {
  '/xwzx/gzdt/': ['工作动态', 'news', '2026-11-25', false, false], // ISO, TRS createPageHTML over 3 pages
  '/xwzx/yw/': ['要闻', 'news', '2026-11-15', false, false], // 2026/11/15, 13 days
  '/xwzx/szdt/': ['市州动态', 'news', '2026-11-14', true, false], // 2026.11.14, 14 days; only in 网站地图
  '/xwzx/tpxw/': ['图片新闻', 'news', '2026-11-02', true, false], // 2026年11月2日
  '/xwzx/gzxx/': ['工作信息', 'news', '2026-11-20', false, false], // dates only in t2026... URLs
  '/col/col12/index.html': ['部门动态', 'news', '2026-11-03', true, false], // Hanweb /art/2026/11/3/
  '/xwzx/hbdt/': ['环保动态', 'news', '2026-11-20', false, false], // list built by script
  '/xwzx/zfdt/': ['执法动态', 'news', '2026-11-26', false, false], // plus one item dated 2026-12-05
  '/xwzx/mtjj/': ['媒体聚焦', 'news', '2026-11-27', false, false], // reached only by an article's breadcrumb
  '/xwzx/xcdt/': ['宣传动态', 'news', '2026-11-18', false, false], // named only by ColumnName meta
  '/xxgk/tzgg/': ['通知公告', 'notice', '2026-06-01', false, false], // full-width digits, 180 days
  '/xxgk/gsgg/': ['公示公告', 'notice', '2026-05-29', true, false], // [05-29], 183 days
  '/xxgk/hpgs/': ['环评公示', 'notice', '2026-07-07', false, false], // oldest first; newest behind 下一页
  '/xxgk/zcwj/': ['政策文件', 'policy', '2025-11-30', true, false], // 11-30 → last year
  '/xxgk/gfxwj/': ['规范性文件', 'policy', '2026-10-20', false, false], // 发布日期： on article pages only
  '/xxgk/flfg/': ['法律法规', 'policy', '2026-05-20', true, false], // PubDate meta on article pages only
  '/xxgk/rsrm/': ['人事任免', 'personnel', '2025-12-01', false, false], // GBK page, 362 days
  '/xxgk/zkly/': ['招考录用', 'personnel', '2025-11-28', true, false], // 365 days
  '/xxgk/ghjh/': ['规划计划', 'plan', '2025-11-29', false, false], // 364 days
  '/xxgk/zcjd/': ['政策解读', 'other', '2026-01-10', false, false],
  '/xxgk/gzzj/': ['工作总结', 'plan', null, false, true], // 暂无信息
  '/xxgk/tjsj/': ['统计数据', 'other', null, false, true], // 暂无数据
  '/xxgk/zxzj/': ['专项资金', 'other', null, false, true], // 暂无内容
  '/xxgk/jyta/': ['建议提案', 'other', null, false, true], // 没有记录
  '/xxgk/zdjc/': ['重大决策', 'other', null, false, true], // 正在建设中
  '/xxgk/yjgl/': ['应急管理', 'other', null, false, true], // 栏目建设中
  '/xxgk/xzcf/': ['行政处罚', 'other', null, false, true], // empty list
};

describe('column discovery and dating on a fixture site (real HTTP, asOf 2026-11-28)', () => {
  let scan: FixtureScan;
  beforeAll(async () => {
    scan = await scanFixture({ root: ROOT, config: () => ({ newMedia: [], browser: QUIET_BROWSER, contentSafety: QUIET_SAFETY }) });
  }, 180_000);
  afterAll(() => scan?.cleanup());

  const columnsOf = () => Object.fromEntries(scan.findings.columns.map((c) => [localPath(c.url, scan.sites), c]));

  it('finds every column and nothing else (channel pages, directories, articles are not columns)', () => {
    const expected = Object.keys(EXPECTED).filter((p) => browserFound.ok || p !== '/xwzx/hbdt/');
    const found = Object.keys(columnsOf()).filter((p) => browserFound.ok || p !== '/xwzx/hbdt/');
    expect(found.sort()).toEqual(expected.sort());
  });

  it.each(Object.entries(EXPECTED))('%s: name, class, newest date, stale and blank', (url, [name, category, latestDate, stale, blank]) => {
    if (url === '/xwzx/hbdt/' && !browserFound.ok) return;
    const c = columnsOf()[url];
    expect({ name: c.name, category: c.category, latestDate: c.latestDate, stale: c.stale, blank: c.blank }).toEqual({ name, category, latestDate, stale, blank });
  });

  it('crawls every page of a TRS list once (createPageHTML) and counts its items from the page count and last page; the year count reads each page once', () => {
    expect(columnsOf()['/xwzx/gzdt/'].itemCount).toBe(24);
    // The crawl reads every page through the pager; the annual count reuses them: each page requested once.
    expect(scan.sites.site.requests('/xwzx/gzdt/index_1.html')).toHaveLength(1);
    expect(scan.sites.site.requests('/xwzx/gzdt/index_2.html')).toHaveLength(1);
    expect(columnsOf()['/xwzx/gzdt/']).toMatchObject({ pageCount: 3, pagesRead: 3 });
    expect((scan.artifacts.columns as ColumnsArtifact).columns.find((c) => c.url.endsWith('/xwzx/gzdt/'))!.year).toMatchObject({ year: 2026, count: 24, complete: true, pagesRead: 3, undated: 0 });
    expect(columnsOf()['/xxgk/hpgs/'].itemCount).toBe(5);
  });

  it('dates undated lists from article pages the crawl already read (no second request)', () => {
    const artifact = scan.artifacts.columns as ColumnsArtifact;
    const gfxwj = artifact.columns.find((c) => c.url.endsWith('/xxgk/gfxwj/'))!;
    expect(gfxwj.items[0]).toMatchObject({ date: '2026-10-20', dateSource: 'article' });
    expect(scan.sites.site.requests('/xxgk/gfxwj/content_3001.html')).toHaveLength(1);
    const flfg = artifact.columns.find((c) => c.url.endsWith('/xxgk/flfg/'))!;
    expect(flfg.items[0]).toMatchObject({ date: '2026-05-20', dateSource: 'article' });
  });

  it('records where it found each column', () => {
    const artifact = scan.artifacts.columns as ColumnsArtifact;
    const sources = Object.fromEntries(artifact.columns.map((c) => [localPath(c.url, scan.sites), c.sources]));
    expect(sources['/xwzx/szdt/']).toContain('sitemap');
    expect(sources['/xxgk/tzgg/']).toContain('xxgk');
    expect(sources['/xwzx/yw/']).toContain('nav');
    expect(sources['/xwzx/mtjj/']).toEqual(['crumb', 'meta']);
    expect(sources['/xwzx/xcdt/']).toEqual(['list', 'meta']);
  });

  it('renders the script-built list in the browser', () => {
    if (!browserFound.ok) return;
    const hbdt = (scan.artifacts.columns as ColumnsArtifact).columns.find((c) => c.url.endsWith('/xwzx/hbdt/'))!;
    expect(hbdt).toMatchObject({ rendered: true, blank: false, unverified: null });
  });

  it('fires veto rules (a) and (c), warns of stale columns below (b), and flags the future date', () => {
    const findings = scan.findings.findings.filter((f) => f.check === 'column-freshness');
    const vetoTitles = findings.filter((f) => f.indicator === 'veto.columns-stale').map((f) => f.title);
    expect(vetoTitles).toEqual(['动态要闻类及通知公告、政策文件类栏目不更新合计 6 个（达到 5 个）', '空白栏目 7 个（达到 5 个）']);
    expect(findings.filter((f) => f.indicator === 'warn.columns-stale').map((f) => f.title)).toEqual(['未更新栏目已有 7 个，接近单项否决线（10 个）']);
    const forged = findings.filter((f) => f.indicator === 'veto.serious-error');
    expect(forged.map((f) => localPath(f.url!, scan.sites))).toEqual(['/xwzx/zfdt/202612/t20261205_9201.html']);
    expect(findings.filter((f) => f.indicator === 'deduct.policy-stale').map((f) => f.url && localPath(f.url, scan.sites)).sort()).toEqual(['/xxgk/flfg/', '/xxgk/zcwj/']);
    expect(scan.findings.score.vetoes).toEqual(expect.arrayContaining(['veto.columns-stale', 'veto.serious-error']));
  });

  it('names the responsible office from the disclosure catalogue', () => {
    const c = columnsOf();
    expect(c['/xxgk/zcwj/'].office).toBe('法规处');
    expect(c['/xxgk/xzcf/'].office).toBe('执法局');
    expect(scan.findings.findings.find((f) => f.indicator === 'deduct.policy-stale' && f.url?.endsWith('/xxgk/zcwj/'))?.office).toBe('法规处');
  });

  it('judges the homepage by its visible dates only (13 days: early warning, no veto)', () => {
    expect(scan.findings.homepage).toMatchObject({ latestDate: '2026-11-15', stale: false, ageDays: 13 });
    const ids = scan.findings.findings.filter((f) => f.check === 'homepage-freshness').map((f) => f.indicator);
    expect(ids).toEqual(['warn.homepage-stale']);
  });

  it('shows the column table in report.html, most urgent first', async () => {
    const html = await readFile(path.join(scan.scanDir, 'report.html'), 'utf8');
    const section = (html.match(/<section class="columns"[\s\S]*?<\/section>/)?.[0] ?? '').replace(/ data-label="[^"]*"/g, '');
    expect(section).toContain('栏目更新情况');
    const order = [...section.matchAll(/<tr class="column-[^"]+"><td>([^<]+)<br>/g)].map((m) => m[1]);
    expect(order[0]).toBe('政策文件');
    expect(order.length).toBe(scan.findings.columns.length);
    expect(order.indexOf('工作动态')).toBeGreaterThan(order.indexOf('行政处罚'));
  });
});

describe('the same site a day later, without a browser, with config overrides', () => {
  let scan: FixtureScan;
  beforeAll(async () => {
    scan = await scanFixture({
      root: ROOT,
      asOf: '2026-11-29',
      config: (sites) => ({
        newMedia: [],
        browser: { enabled: false },
        columns: {
          overrides: [
            { match: { url: `${sites.site.origin}/xxgk/xzcf/` }, exclude: true },
            { match: { name: '应急管理' }, exclude: true },
            { match: { name: '重大决策' }, exclude: true },
            { match: { name: '要闻' }, rename: '本局要闻' },
            { match: { name: '政策解读' }, category: 'policy' },
          ],
          add: [{ url: `${sites.site.origin}/hidden/nbtz/`, name: '内部通知' }],
        },
      }),
    });
  }, 180_000);
  afterAll(() => scan?.cleanup());

  const columnsOf = () => Object.fromEntries(scan.findings.columns.map((c) => [localPath(c.url, scan.sites), c]));

  it('turns the homepage stale at 14 days', () => {
    expect(scan.findings.homepage).toMatchObject({ latestDate: '2026-11-15', stale: true, ageDays: 14 });
    expect(scan.findings.findings.filter((f) => f.check === 'homepage-freshness').map((f) => f.indicator)).toEqual(['veto.homepage-stale']);
  });

  it('reports a script-built list as unverified, never as blank, when no browser is available', () => {
    expect(columnsOf()['/xwzx/hbdt/']).toMatchObject({ blank: false, stale: false, state: 'unverified' });
    expect(scan.findings.findings.some((f) => f.indicator === 'warn.column-unverified' && f.url?.endsWith('/xwzx/hbdt/'))).toBe(true);
  });

  it('applies exclude, rename, reclassify and add', () => {
    const c = columnsOf();
    for (const gone of ['/xxgk/xzcf/', '/xxgk/yjgl/', '/xxgk/zdjc/']) expect(c[gone]).toBeUndefined();
    expect(c['/xwzx/yw/']).toMatchObject({ name: '本局要闻', category: 'news' });
    expect(c['/xxgk/zcjd/']).toMatchObject({ category: 'policy', stale: true });
    expect(c['/hidden/nbtz/']).toMatchObject({ name: '内部通知', category: 'notice', latestDate: '2026-11-01', stale: false });
  });

  it('drops veto (c) at 4 blank columns and warns instead', () => {
    const findings = scan.findings.findings.filter((f) => f.check === 'column-freshness');
    expect(findings.filter((f) => f.indicator === 'veto.columns-stale').map((f) => f.key ?? f.title)).not.toContainEqual(expect.stringContaining('空白'));
    expect(findings.filter((f) => f.indicator === 'veto.columns-stale').some((f) => f.title.startsWith('空白栏目'))).toBe(false);
    expect(findings.filter((f) => f.indicator === 'warn.columns-blank').map((f) => f.title)).toEqual(['空白栏目已有 4 个，接近单项否决线（5 个）']);
  });
});
