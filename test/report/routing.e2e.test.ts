import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanFixture, type FixtureScan } from '../helpers/fixture-scan.ts';

/**
 * The demo site scanned once (no browser): every problem goes to exactly one office, says
 * how it got there, and the tool's own problems (a login-expired feed, an account whose
 * interaction is not declared, no monitor data) stay out of notices, ledger and score.
 */
describe('routing and operator problems on the demo site', () => {
  let scan: FixtureScan;
  let notices: cheerio.CheerioAPI;
  let report: cheerio.CheerioAPI;
  let ledger: string;

  beforeAll(async () => {
    scan = await scanFixture({ config: () => ({ browser: { enabled: false, loopbackOnly: true }, report: { formats: ['html', 'csv', 'json'] } }) });
    notices = cheerio.load(await readFile(path.join(scan.scanDir, 'notices.html'), 'utf8'));
    report = cheerio.load(await readFile(path.join(scan.scanDir, 'report.html'), 'utf8'));
    ledger = await readFile(path.join(scan.scanDir, 'ledger.csv'), 'utf8');
  }, 300_000);
  afterAll(async () => scan?.cleanup());

  it('each notice of the demo has exactly one addressee: never a group (各…) or a list (、)', () => {
    const addressees = notices('section.notice').map((_, s) => notices(s).find('p > strong').first().text().trim()).get();
    expect(addressees.length).toBeGreaterThan(3);
    for (const a of addressees) {
      expect(a).not.toMatch(/各|、|，|；/);
      expect(a.length).toBeGreaterThan(1);
    }
    expect(new Set(addressees).size).toBe(addressees.length);
  });

  it('every finding has one office and says how it was routed', () => {
    for (const f of scan.findings.findings) {
      expect(f.office).not.toMatch(/各|、|；/);
      expect(f.routedBy).toMatch(/^(config|register|catalogue|column|document|default)$/);
    }
    const by = (routedBy: string) => scan.findings.findings.filter((f) => f.routedBy === routedBy);
    // 部门预决算 is missing: its catalogue row names 财务处.
    expect(by('catalogue').some((f) => f.office === '财务处')).toBe(true);
    expect(by('config').some((f) => f.check === 'new-media')).toBe(true);
    expect(by('default').every((f) => f.office === '信息中心')).toBe(true);
    // The report says it in Chinese.
    expect(report('section.findings').text()).toContain('分派依据：按主动公开目录责任处室');
  });

  it('sends a broken link in a column’s content to that column’s office, and one in the shared footer to 信息中心', () => {
    const broken = (target: string) => scan.findings.findings.filter((f) => f.indicator === 'deduct.links-broken' && f.title.includes(target));
    // The attachment of a 通知公告 article: the article's column, 通知公告, is 厅办公室's.
    expect(broken('/uploads/2026/tjbb-2026.doc')).toMatchObject([{ office: '厅办公室', routedBy: 'column' }]);
    // The 网站声明 link in the footer of every page (and of the homepage): the site's maintainer.
    const footer = broken('/wzsm/');
    expect(footer).toMatchObject([{ office: '信息中心', routedBy: 'default' }]);
    expect(footer[0].count).toBeGreaterThan(100);
    expect(scan.findings.findings.filter((f) => f.indicator === 'deduct.links-broken-homepage' && f.title.includes('/wzsm/'))).toMatchObject([{ office: '信息中心' }]);
    // The report's broken-link appendix lists it once, with its page count, not a row per page.
    const rows = report('section.links tbody tr').filter((_, tr) => report(tr).find('td').first().text().endsWith('/wzsm/'));
    expect(rows.length).toBe(1);
    expect(rows.text()).toMatch(new RegExp(`等 ${footer[0].count! + 1} 个页面`));
    // Pages that are not columns go by the demo's URL routes: the 督察 专题 is 督察办's.
    expect(broken('/media/intro.swf')).toMatchObject([{ office: '督察办', routedBy: 'config' }]);
    // Most problems reach a business office; 信息中心 keeps what is the site's.
    const offices = new Set(scan.findings.findings.map((f) => f.office));
    expect(offices.size).toBeGreaterThan(10);
    expect(scan.findings.findings.filter((f) => f.office === '信息中心').length).toBeLessThan(scan.findings.findings.length / 4);
  });

  it('does not copy a notice to the office it is addressed to', () => {
    const cc = (office: string) => notices(`section.notice[aria-label="${office} 整改通知单"] p.cc`).text();
    expect(cc('信息中心')).toBe('抄送：厅领导');
    expect(cc('督察办')).toBe('抄送：厅领导、信息中心');
  });

  it('stale columns carry their column’s office in the columns table, never 「—」 or a group', () => {
    const stale = scan.findings.columns.filter((c) => c.stale);
    expect(stale.length).toBeGreaterThan(0);
    for (const c of scan.findings.columns) expect(c.office).toMatch(/^[^各、—]+$/);
    for (const r of scan.findings.requiredItems) expect(r.office).toMatch(/^[^各、—]+$/);
  });

  it('puts the tool’s own problems in technicalNotes for the information center, not in findings, notices, ledger or score', () => {
    const notes = scan.findings.technicalNotes ?? [];
    expect(notes.map((n) => n.indicator)).toEqual(expect.arrayContaining(['warn.newmedia-unverifiable', 'warn.newmedia-interaction-unverified']));
    expect(notes.some((n) => n.check === 'site-availability' && n.detail.includes('gov-inspector monitor'))).toBe(true);
    expect(notes.every((n) => n.office === '信息中心')).toBe(true);
    expect(scan.findings.findings.filter((f) => /newmedia-(unverifiable|interaction-unverified)/.test(f.indicator))).toEqual([]);
    for (const text of [notices.text(), ledger]) {
      expect(text).not.toContain('在配置 interaction 中声明');
      expect(text).not.toContain('gov-inspector monitor');
      expect(text).not.toContain('示例环境监测');
    }
    const section = report('section.technical-notes');
    expect(section.find('h2').text()).toContain('技术提示');
    expect(section.text()).toContain('在配置 interaction 中声明');
    expect(section.text()).toContain('gov-inspector monitor');
    // Nowhere else in the report: readers are not told to run the tool or edit its config.
    const rest = cheerio.load(report.html());
    rest('section.technical-notes').remove();
    const elsewhere = rest('main').text();
    expect(elsewhere).not.toContain('gov-inspector monitor');
    expect(elsewhere).not.toContain('在配置 interaction 中声明');
  });

  it('keeps 人工核查 items as the inspector’s checklist: not in notices or the ledger', () => {
    expect(scan.findings.findings.some((f) => f.severity === 'manual')).toBe(true);
    expect(ledger).not.toMatch(/manual\.|人工核查/);
    expect(notices.text()).not.toContain('人工核查');
    expect(report('section.findings').text()).not.toContain('人工核查：');
    expect(report('section.manual-review tbody tr').length).toBeGreaterThan(3);
  });
});
