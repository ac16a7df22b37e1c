import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localPath, scanFixture, type FixtureScan } from '../helpers/fixture-scan.ts';

/**
 * The demo site's news, notice, policy, personnel and plan columns as of DEMO_AS_OF
 * (2026-11-28), most urgent first. Other features add "other" columns (公开目录 items) to
 * the demo; those are listed too but not pinned here.
 */
const EXPECTED = [
  // [url, name, category, latestDate, ageDays, stale, blank, itemCount]
  ['/xxgk/zcwj/', '政策文件', 'policy', '2026-03-02', 271, true, false, 4],
  ['/xwzx/szdt/', '市州动态', 'news', '2026-10-30', 29, true, false, 5],
  ['/xxgk/ghjh/', '规划计划', 'plan', null, null, false, true, 0],
  ['/xwzx/gzdt/', '工作动态', 'news', '2026-11-25', 3, false, false, 30],
  ['/xxgk/tzgg/', '通知公告', 'notice', '2026-09-15', 74, false, false, 4],
  ['/xxgk/rsxx/', '人事信息', 'personnel', '2026-06-01', 180, false, false, 2],
] as const;

describe('columns of the demo site', () => {
  let scan: FixtureScan;
  beforeAll(async () => {
    // Browser audits and content-safety confirmation are other features: kept small so this stays quick.
    scan = await scanFixture({ config: () => ({ browser: { lighthouse: false, maxPages: 1, screenshots: false }, contentSafety: { hiddenLinks: { browserConfirm: false, browserMaxPages: 0 } } }) });
  }, 180_000);
  afterAll(() => scan?.cleanup());

  it('lists every column in findings.json, dated and judged, most urgent first', () => {
    const rows = scan.findings.columns.map((c) => [localPath(c.url, scan.sites), c.name, c.category, c.latestDate, c.ageDays, c.stale, c.blank, c.itemCount]);
    expect(rows.filter((r) => r[2] !== 'other' && r[2] !== 'notice' || r[0] === '/xxgk/tzgg/')).toEqual(EXPECTED);
    expect(rows.find((r) => r[0] === '/xxgk/zcjd/')).toEqual(['/xxgk/zcjd/', '政策解读', 'other', '2026-03-05', 268, false, false, 2]);
    // Pages that are not lists of dated items are not columns.
    for (const page of ['/jgsz/', '/xwzx/', '/ztzl/', '/wzdt/', '/xxgk/gkzn/', '/bsfw/bszn/fsaq.html']) expect(rows.map((r) => r[0])).not.toContain(page);
  });

  it('fills the homepage section from the homepage\'s [11-25] dates', () => {
    expect(scan.findings.homepage).toMatchObject({ latestDate: '2026-11-25', stale: false });
  });

  it('reports the stale and blank columns as findings with their office', () => {
    const findings = scan.findings.findings.filter((f) => f.check === 'column-freshness').map((f) => [f.indicator, localPath(f.url ?? '', scan.sites), f.office]);
    expect(findings).toEqual(
      expect.arrayContaining([
        ['deduct.policy-stale', '/xxgk/zcwj/', '法规处'],
        // The demo's column map (src/demo/demo-config.ts): 市州动态 is 宣教处's; the catalogue row of
        // 规划计划 names a group (各相关处室), so the map's office, 综合处, answers for it.
        ['warn.column-stale', '/xwzx/szdt/', '宣教处'],
        ['deduct.columns-blank', '/xxgk/ghjh/', '综合处'],
      ]),
    );
    expect(scan.findings.score.vetoes).not.toContain('veto.columns-stale');
  });

  it('shows the column table in report.html', async () => {
    const html = await readFile(path.join(scan.scanDir, 'report.html'), 'utf8');
    const section = html.match(/<section class="columns"[\s\S]*?<\/section>/)?.[0] ?? '';
    const names = [...section.matchAll(/<tr class="column-([^"]+)"><td[^>]*>([^<]+)<br>/g)].map((m) => `${m[2]}:${m[1]}`);
    expect(names.slice(0, 3)).toEqual(['政策文件:stale', '市州动态:stale', '规划计划:blank']);
    expect(names).toEqual(expect.arrayContaining(['工作动态:ok', '通知公告:ok', '人事信息:ok', '政策解读:no-window']));
    expect(names).toHaveLength(scan.findings.columns.length);
  });
});
