import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as cheerio from 'cheerio';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixtureServer } from '../../src/demo/fixture-server.ts';
import { LowdbScanStore } from '../../src/store/lowdb-store.ts';
import { scanFixture, startFixtureSites, type ConfigPatch, type FixtureScan, type FixtureSites } from '../helpers/fixture-scan.ts';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/history-site');

/**
 * Two quarters of one site where the only change is that two hidden links were removed.
 * Exactly those two are 已整改; the new-media account that went from warning to veto is 升级,
 * the policy file that left the one-year interpretation window is 不再适用, the old guide
 * link is 仍存在. A third scan on another port, with the old homepage in
 * `site.previousUrls`, stays the same site's history.
 */
describe('honest history: only what was re-checked and gone is 已整改', () => {
  let root: string;
  let storeDir: string;
  let sites: FixtureSites;
  let store: LowdbScanStore;
  let first: FixtureScan;
  let second: FixtureScan;
  let third: FixtureScan;
  let moved: FixtureServer;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'gi-honest-site-'));
    storeDir = await mkdtemp(path.join(os.tmpdir(), 'gi-honest-store-'));
    await cp(FIXTURE, root, { recursive: true });
    sites = await startFixtureSites(root);
    store = new LowdbScanStore(storeDir);
    const config = (origin: string, previousUrls: string[] = []): ConfigPatch => ({
      site: { name: '示例市水务局', url: `${origin}/`, office: '办公室', previousUrls },
      newMedia: [{ name: '示例水务', platform: 'wechat', feed: `${origin}/feeds/bureau.xml`, interaction: ['comments'], checkLinks: false, office: '宣传处' }],
      report: { formats: ['html', 'xlsx', 'json'] },
      browser: { enabled: false, loopbackOnly: true },
    });
    first = await scanFixture({ sites, store, asOf: '2026-08-20', config: () => config(sites.site.origin) });
    // Between the quarters the site removes its two hidden links, and nothing else.
    for (const [file, marker] of [['xxgk/tzgg/t20260701_4001.html', 'hidden-1'], ['xwzx/gzdt/202608/t20260815_3001.html', 'hidden-2']]) {
      const full = path.join(root, file);
      await writeFile(full, (await readFile(full, 'utf8')).replace(new RegExp(`<!-- history:${marker} -->.*<!-- /history:${marker} -->`), ''));
    }
    second = await scanFixture({ sites, store, asOf: '2026-11-20', config: () => config(sites.site.origin) });
    // The site moves to another port; its config lists the old homepage.
    moved = new FixtureServer({ root, externalOrigin: sites.external.origin });
    await moved.start();
    third = await scanFixture({ sites: { ...sites, site: moved }, store, asOf: '2027-02-20', config: () => config(moved.origin, [`${sites.site.origin}/`]) });
  }, 300_000);

  afterAll(async () => {
    await moved?.stop();
    await sites?.stop();
    await rm(root, { recursive: true, force: true });
    await rm(storeDir, { recursive: true, force: true });
  });

  const previous = (scan: FixtureScan) => scan.outcome.history!.previousProblems;
  const stateOf = (scan: FixtureScan, indicator: RegExp) => previous(scan).filter((p) => indicator.test(p.finding.indicator)).map((p) => p.state);

  it('finds exactly the two removed hidden links 已整改', () => {
    const h = second.outcome.history!;
    expect(h.counts.fixed).toBe(2);
    expect(h.fixed.map((f) => f.check).sort()).toEqual(['hidden-links', 'hidden-links']);
    expect(h.fixed.map((f) => f.title).join('\n')).toMatch(/members\.html[\s\S]*from=hidden|from=hidden[\s\S]*members\.html/);
  });

  it('calls the new-media warning that became a veto 升级, not 已整改', () => {
    expect(first.findings.findings.some((f) => f.indicator === 'warn.newmedia-stale-soon')).toBe(true);
    expect(stateOf(second, /^warn\.newmedia-stale-soon$/)).toEqual(['escalated']);
    const escalated = previous(second).find((p) => p.state === 'escalated')!;
    expect(escalated.now).toMatchObject({ indicator: 'veto.newmedia-stale', status: 'new' });
  });

  it('calls the policy file that left the one-year window 不再适用', () => {
    expect(first.findings.findings.filter((f) => f.indicator === 'deduct.interpretation-missing')).toHaveLength(1);
    expect(stateOf(second, /^deduct\.interpretation-missing$/)).toEqual(['not-applicable']);
    expect(previous(second).find((p) => p.state === 'not-applicable')!.reason).toContain('2025-09-01');
  });

  it('keeps the unchanged problems as 仍存在 and nothing else changes state', () => {
    const guide = second.findings.findings.find((f) => f.title.includes('取水许可办事指南') || (f.url ?? '').includes('qsxk-guide') || f.evidence.includes('qsxk-guide'));
    expect(guide).toMatchObject({ status: 'persisting', firstSeen: '2026-08-20' });
    expect(previous(second).map((p) => p.state).sort()).toEqual(['escalated', 'fixed', 'fixed', 'not-applicable']);
  });

  it('the report and the ledger show each state in words, and 已整改 rows keep 类别 and 指标名称', async () => {
    const $ = cheerio.load(await readFile(path.join(second.scanDir, 'report.html'), 'utf8'));
    const states = $('section.rectification tbody tr').map((_, tr) => $(tr).find('td').first().text().trim()).get();
    expect(states.filter((s) => s === '已整改')).toHaveLength(2);
    expect(states.filter((s) => s === '升级')).toHaveLength(1);
    expect(states.filter((s) => s === '不再适用')).toHaveLength(1);
    expect(states).toContain('仍存在');
    expect($('section.rectification p').first().text()).toMatch(/已整改\s*2\s*项/);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(second.scanDir, 'ledger.xlsx'));
    const sheet = wb.getWorksheet('整改台账')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const col = (name: string) => header.indexOf(name);
    const rows = (sheet.getSheetValues().slice(2) as unknown[][]).map((r) => r.slice(1).map((v) => String(v ?? '')));
    const recheck = (state: string) => rows.filter((r) => r[col('复核情况')].startsWith(`2026-11-20 ${state}：`));
    const fixedRows = recheck('已整改');
    expect(fixedRows).toHaveLength(2);
    for (const r of fixedRows) {
      expect(r[col('整改状态')]).toBe('已复核');
      expect(r[col('类别')]).toBe('预警');
      expect(r[col('指标')]).not.toBe('');
      expect(r[col('指标')]).not.toMatch(/^(warn|deduct|veto)\./);
    }
    expect(recheck('升级')).toHaveLength(1);
    expect(recheck('不再适用')).toHaveLength(1);
    // Only the re-checked ones are 已复核.
    expect(rows.filter((r) => r[col('整改状态')] === '已复核')).toHaveLength(2);
  });

  it('keeps one history when the site moves to another port (site.previousUrls)', async () => {
    const h = third.outcome.history!;
    expect(h.previous?.scanId).toBe(second.findings.scanId);
    // Problems are compared without the origin: the old guide link is still the same problem.
    const guide = third.findings.findings.find((f) => f.evidence.includes('qsxk-guide') || (f.url ?? '').includes('qsxk-guide') || f.title.includes('qsxk-guide'));
    expect(guide).toMatchObject({ status: 'persisting', firstSeen: '2026-08-20' });
    expect(h.counts.fixed).toBe(0);
    const $ = cheerio.load(await readFile(path.join(storeDir, 'index.html'), 'utf8'));
    expect($('table.index-table tbody tr')).toHaveLength(1);
    expect($('table.index-table thead th').map((_, th) => $(th).text()).get()).toEqual(['网站', '2026年第三季度', '2026年第四季度', '2027年第一季度']);
    expect($('svg circle').length).toBe(3);
  });
});
