import { describe, expect, it } from 'vitest';
import columnFreshness from '../../checks/column-freshness.ts';
import homepageFreshness from '../../checks/homepage-freshness.ts';
import { applyOverrides } from '../../src/columns/resolve.ts';
import type { ColumnRecord, ColumnsArtifact } from '../../src/columns/types.ts';
import { validateConfig } from '../../src/config/load.ts';
import type { ColumnCategory } from '../../src/config/sections/columns.ts';
import { addDays } from '../../src/dates.ts';

const AS_OF = '2026-11-28';
const config = validateConfig({ site: { name: '示例省生态环境厅', url: 'http://site.test/' }, newMedia: [] });
const ctx = { config, asOf: AS_OF, homepageUrl: 'http://site.test/' };

let n = 0;
/** A column whose newest item is `age` days old (null: undated; 'blank': no items). */
function column(category: ColumnCategory, age: number | null | 'blank', name = `${category}-${++n}`): ColumnRecord {
  const items = age === 'blank' ? [] : [{ title: '信息', url: `http://site.test/${name}/a.html`, date: age === null ? null : addDays(AS_OF, -age), dateSource: age === null ? null : ('list' as const) }];
  return { name, url: `http://site.test/${name}/`, category, office: null, sources: ['nav'], items, itemCount: items.length, pageCount: 1, pagesRead: 1, articlesOpened: 0, blank: age === 'blank', blankReason: age === 'blank' ? '暂无信息' : null, rendered: false, unverified: null, charset: 'utf-8' };
}

function artifact(columns: ColumnRecord[], visibleDates: string[] = [AS_OF]): ColumnsArtifact {
  return { homepage: { url: 'http://site.test/', fetched: true, visibleDates }, columns, candidates: columns.length, excluded: [], browser: { renders: 0, unavailable: null } };
}

async function judge(columns: ColumnRecord[]) {
  const out = await columnFreshness.run({ columns: artifact(columns) }, ctx);
  const ids = (out.findings ?? []).map((f) => f.indicator);
  return { out, ids, vetoKeys: (out.findings ?? []).filter((f) => f.indicator === 'veto.columns-stale').map((f) => f.key) };
}

describe('column windows at their edges', () => {
  it.each([
    ['news', 13, false],
    ['news', 14, true],
    ['notice', 182, false],
    ['notice', 183, true],
    ['policy', 182, false],
    ['policy', 183, true],
    ['personnel', 364, false],
    ['personnel', 365, true],
    ['plan', 364, false],
    ['plan', 365, true],
    ['other', 3000, false],
  ] as const)('%s column %i days old: stale %s', async (category, age, stale) => {
    const { out } = await judge([column(category, age)]);
    const entry = out.sections!.columns![0];
    expect(entry).toMatchObject({ category, latestDate: addDays(AS_OF, -age), ageDays: age, stale, blank: false });
  });

  it('counts an undated column with a window as not updated, and never an "other" one', async () => {
    const { out } = await judge([column('news', null, 'undated-news'), column('other', null, 'undated-other')]);
    const byName = Object.fromEntries(out.sections!.columns!.map((c) => [c.name, c]));
    expect(byName['undated-news']).toMatchObject({ latestDate: null, stale: true, state: 'undated' });
    expect(byName['undated-other']).toMatchObject({ latestDate: null, stale: false });
  });

  it('gives each stale or blank column its own finding with URL, newest date, age and window', async () => {
    const { out } = await judge([column('news', 20, 'szdt'), column('policy', 200, 'zcwj'), column('plan', 'blank', 'ghjh')]);
    const findings = out.findings!;
    expect(findings.map((f) => [f.indicator, f.url])).toEqual([
      ['deduct.policy-stale', 'http://site.test/zcwj/'],
      ['warn.column-stale', 'http://site.test/szdt/'],
      ['deduct.columns-blank', 'http://site.test/ghjh/'],
    ]);
    expect(findings[1].evidence).toContain(`最新信息日期 ${addDays(AS_OF, -20)}`);
    expect(findings[1].evidence).toContain('距检查日 20 天');
    expect(findings[1].evidence).toContain('14 天内有更新');
  });

  it('sorts the table by urgency: most overdue first, then blank, then fresh by days left, then no window', async () => {
    const { out } = await judge([column('news', 2, 'fresh'), column('other', 9, 'other'), column('plan', 'blank', 'blank'), column('news', 15, 'late1'), column('policy', 300, 'late117'), column('news', 12, 'soon')]);
    expect(out.sections!.columns!.map((c) => c.name)).toEqual(['late117', 'late1', 'blank', 'soon', 'fresh', 'other']);
  });
});

describe('veto.columns-stale lines and early warnings', () => {
  const stale = (count: number, category: ColumnCategory = 'news') => Array.from({ length: count }, () => column(category, category === 'news' ? 30 : 400));

  it('(a) 4 stale news/notice/policy columns: no veto; 5: veto', async () => {
    expect((await judge([...stale(2), ...stale(1, 'notice'), ...stale(1, 'policy')])).vetoKeys).toEqual([]);
    expect((await judge([...stale(2), ...stale(2, 'notice'), ...stale(1, 'policy')])).vetoKeys).toEqual(['rule-a']);
  });

  it('(b) 9 stale columns of any class: early warning only; 10: veto', async () => {
    const nine = await judge([...stale(4), ...stale(5, 'personnel')]);
    expect(nine.vetoKeys).toEqual([]);
    expect(nine.ids).toContain('warn.columns-stale');
    const ten = await judge([...stale(4), ...stale(6, 'plan')]);
    expect(ten.vetoKeys).toEqual(['rule-b']);
    expect(ten.ids).not.toContain('warn.columns-stale');
  });

  it('(c) 4 blank columns: early warning; 5: veto', async () => {
    const four = await judge(Array.from({ length: 4 }, () => column('other', 'blank')));
    expect(four.vetoKeys).toEqual([]);
    expect(four.ids).toContain('warn.columns-blank');
    const five = await judge(Array.from({ length: 5 }, () => column('other', 'blank')));
    expect(five.vetoKeys).toEqual(['rule-c']);
    expect(five.ids).not.toContain('warn.columns-blank');
  });

  it('early warnings start above their lines: 6 stale and 2 blank warn of nothing, 7 and 3 do', async () => {
    expect((await judge([...stale(6, 'personnel'), ...Array.from({ length: 2 }, () => column('other', 'blank'))])).ids).not.toEqual(expect.arrayContaining(['warn.columns-stale']));
    const { ids } = await judge([...stale(7, 'personnel'), ...Array.from({ length: 3 }, () => column('other', 'blank'))]);
    expect(ids).toEqual(expect.arrayContaining(['warn.columns-stale', 'warn.columns-blank']));
    expect((await judge([...stale(6, 'personnel'), ...Array.from({ length: 2 }, () => column('other', 'blank'))])).ids).not.toContain('warn.columns-blank');
  });

  it('follows configured thresholds and windows', async () => {
    const strict = validateConfig({ site: { name: 'x', url: 'http://site.test/' }, newMedia: [], columns: { windows: { news: 10 }, veto: { blank: 2 } } });
    const out = await columnFreshness.run({ columns: artifact([column('news', 10), column('other', 'blank'), column('other', 'blank')]) }, { ...ctx, config: strict });
    expect(out.sections!.columns![0]).toMatchObject({ stale: true, windowDays: 10 });
    expect(out.findings!.filter((f) => f.indicator === 'veto.columns-stale').map((f) => f.key)).toEqual(['rule-c']);
  });
});

describe('dates after the monitoring date', () => {
  it('are flagged for review as possible forged dates and do not count as the newest item', async () => {
    const c = column('news', 3, 'zfdt');
    c.items.unshift({ title: '预发布', url: 'http://site.test/zfdt/future.html', date: '2026-12-05', dateSource: 'list' });
    const { out } = await judge([c]);
    expect(out.sections!.columns![0]).toMatchObject({ latestDate: addDays(AS_OF, -3), stale: false });
    const forged = out.findings!.filter((f) => f.indicator === 'veto.serious-error');
    expect(forged).toHaveLength(1);
    expect(forged[0]).toMatchObject({ url: 'http://site.test/zfdt/future.html' });
    expect(forged[0].title).toContain('待核实');
  });
});

describe('homepage freshness', () => {
  const run = async (visibleDates: string[]) => homepageFreshness.run({ columns: artifact([], visibleDates) }, ctx);

  it.each([
    [9, [], false],
    [10, ['warn.homepage-stale'], false],
    [13, ['warn.homepage-stale'], false],
    [14, ['veto.homepage-stale'], true],
  ] as const)('newest item %i days old → %j', async (age, indicators, stale) => {
    const out = await run([addDays(AS_OF, -age)]);
    expect((out.findings ?? []).map((f) => f.indicator)).toEqual(indicators);
    expect(out.sections!.homepage).toMatchObject({ latestDate: addDays(AS_OF, -age), stale, ageDays: age });
  });

  it('counts a homepage without visible dates as not updated', async () => {
    const out = await run([]);
    expect(out.sections!.homepage).toMatchObject({ latestDate: null, stale: true });
    expect(out.findings!.map((f) => f.indicator)).toEqual(['veto.homepage-stale']);
  });

  it('a portal of links with no column recognised is 需人工核查, not a veto', async () => {
    const portal = (columns: ColumnRecord[]) => ({ ...artifact(columns, []), homepage: { url: 'http://site.test/', fetched: true, visibleDates: [], articleRows: 0 } });
    const out = await homepageFreshness.run({ columns: portal([]) }, ctx);
    expect(out).toMatchObject({ status: 'manual', findings: [], reason: '首页只有链接、未显示信息日期，也未识别出（或未能读取）其链接的栏目，首页更新情况需人工核查' });
    expect(out.sections!.homepage).toMatchObject({ stale: null, portal: true });
    // A linked column whose list is built by script (no browser) is no evidence either.
    const scripted = { ...column('news', null), items: [], unverified: '列表由脚本生成，浏览器检查已关闭' };
    expect(await homepageFreshness.run({ columns: portal([scripted]) }, ctx)).toMatchObject({ status: 'manual', findings: [] });
    // A linked column read and undated counts as not updated.
    expect((await homepageFreshness.run({ columns: portal([column('news', null)]) }, ctx)).findings!.map((f) => f.title)).toEqual(['首页及其链接的二级栏目均没有带日期的信息，视为未更新']);
  });

  it('does not let a future date hide a stale homepage', async () => {
    const out = await run(['2027-01-01', '2026-10-01']);
    expect(out.sections!.homepage).toMatchObject({ latestDate: '2026-10-01', stale: true });
  });
});

describe('config overrides', () => {
  const base = column('news', 3, '要闻');
  it('renames (reclassifying by the new name), reclassifies, assigns an office and excludes, by URL or name', () => {
    const cfg = (overrides: unknown[]) => validateConfig({ site: { name: 'x', url: 'http://site.test/' }, newMedia: [], columns: { overrides } }).columns;
    expect(applyOverrides(base, cfg([{ match: { name: '要闻' }, rename: '通知公告' }]))).toMatchObject({ name: '通知公告', category: 'notice' });
    expect(applyOverrides(base, cfg([{ match: { url: 'http://site.test/要闻/index.html' }, category: 'plan', office: '宣教处' }]))).toMatchObject({ category: 'plan', office: '宣教处' });
    expect(applyOverrides(base, cfg([{ match: { name: '要闻' }, exclude: true }]))).toBeNull();
    expect(applyOverrides(base, cfg([{ match: { name: '别的' }, exclude: true }]))).not.toBeNull();
  });

  it('rejects a misspelt override key with a sentence naming it', () => {
    expect(() => validateConfig({ site: { name: 'x', url: 'http://site.test/' }, newMedia: [], columns: { overrides: [{ match: { name: 'a' }, excluded: true }] } })).toThrow(/excluded/);
  });
});
