import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import ExcelJS from 'exceljs';
import { PDFParse } from 'pdf-parse';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annualCommand } from '../../src/cli/commands/annual.ts';
import { triageCommand } from '../../src/cli/commands/triage.ts';
import { ANNUAL_BROKEN_LINKS, ANNUAL_COLUMNS, ANNUAL_MESSAGES, ANNUAL_POSTS, ANNUAL_QUARTER_DATES } from '../../src/demo/annual-site.ts';
import { DEMO_LEDGER_ANSWERS, fillLedger, runDemoYear, triageDemoProblems } from '../../src/demo/annual-year.ts';
import { EXTERNAL_SITE_DIR, FixtureServer } from '../../src/demo/fixture-server.ts';
import type { AnnualReport } from '../../src/report/annual/model.ts';
import type { ScanOutcome } from '../../src/scan/run-scan.ts';
import { LowdbScanStore } from '../../src/store/lowdb-store.ts';
import { UsageError } from '../../src/errors.ts';
import { browserForTests, launchTestBrowser } from '../helpers/browser.ts';
import { scanFixture, startFixtureSites, type ConfigPatch, type FixtureScan, type FixtureSites } from '../helpers/fixture-scan.ts';

/**
 * A year of quarterly checks (Q1–Q3 2026, Q4 missing) of a site that changes between
 * visits; the summary and every counted 年度报表 figure are checked against the fixture.
 */
const LAST = ANNUAL_QUARTER_DATES.at(-1)!;
const { executablePath, skipReason } = browserForTests();
const browserIt = executablePath ? it : it.skip;
if (skipReason) console.warn(`annual browser tests skipped: ${skipReason}`);

let tmp: string;
let storeDir: string;
let outcomes: ScanOutcome[];
let report: AnnualReport;
let outDir: string;
let files: string[];
let q2LedgerRows: Record<string, unknown>[];

/** Items of a fixture column published in 2026 up to the last check day. */
const truthOf = (name: string) => ANNUAL_COLUMNS.find((c) => c.name === name)!.items.filter((i) => i.date >= '2026-01-01' && i.date <= LAST).length;
const form = (item: string) => report.form.find((r) => r.item === item)!;
const problemOf = (text: string) => report.problems.find((p) => p.title.includes(`「${text}」`))!;

async function readSheetRows(file: string, sheetName: string): Promise<Record<string, unknown>[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sheet = wb.getWorksheet(sheetName)!;
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Record<string, unknown>[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const values = (sheet.getRow(r).values as unknown[]).slice(1);
    rows.push(Object.fromEntries(header.map((h, i) => [h, values[i] ?? ''])));
  }
  return rows;
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'gov-inspector-annual-'));
  storeDir = path.join(tmp, 'store');
  const external = new FixtureServer({ root: EXTERNAL_SITE_DIR, host: '127.0.0.2' });
  await external.start();
  const site = new FixtureServer({ root: tmp, externalOrigin: external.origin });
  await site.start();
  const store = new LowdbScanStore(storeDir);
  try {
    outcomes = await runDemoYear({
      site,
      externalOrigin: external.origin,
      workDir: path.join(tmp, 'site'),
      baseDir: tmp,
      store,
      formats: ['xlsx', 'json'],
      async afterScan(outcome, asOf) {
        if (asOf === '2026-03-25') {
          // The offices fill in the first quarter's ledger; it is read back with triage --import.
          const ledger = path.join(outcome.scanDir, 'ledger.xlsx');
          expect(await fillLedger(ledger)).toBe(DEMO_LEDGER_ANSWERS.length);
          expect(await triageCommand(undefined, { import: ledger, store: storeDir })).toBe(0);
          await triageDemoProblems(store, outcome);
        }
        if (asOf === '2026-06-20') q2LedgerRows = await readSheetRows(path.join(outcome.scanDir, 'ledger.xlsx'), '整改台账');
      },
    });
  } finally {
    await Promise.all([site.stop(), external.stop()]);
  }
  outDir = path.join(tmp, 'annual');
  ({ files } = await annualCommand({ year: '2026', store: storeDir, out: outDir, format: 'html,md,xlsx,json', browser: false }));
  report = JSON.parse(await readFile(path.join(outDir, 'annual-2026.json'), 'utf8')) as AnnualReport;
}, 240_000);

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('annual summary (report --year)', () => {
  it('lists the four quarters: three checked with date, score, verdict and vetoes, the fourth 未检查', () => {
    expect(report.quarters.map((q) => [q.name, q.asOf, q.checked])).toEqual([
      ['2026年第一季度', '2026-03-25', true],
      ['2026年第二季度', '2026-06-20', true],
      ['2026年第三季度', '2026-09-20', true],
      ['2026年第四季度', null, false],
    ]);
    outcomes.forEach((o, i) => {
      expect(report.quarters[i].total).toBe(o.findings.score.total);
      expect(report.quarters[i].verdict).toBe(o.findings.score.verdict === 'qualified' ? '合格' : '不合格');
      expect(report.quarters[i].problems).toBe(o.findings.findings.filter((f) => f.severity !== 'manual' && f.severity !== 'bonus').length);
    });
    expect(report.quarters[3].verdict).toBe('未检查');
    expect(report.notes.join('')).toContain('2026年第四季度未检查');
    // Each quarter's problems add up the same by indicator group and by office.
    for (const q of report.quarters.filter((x) => x.checked)) {
      expect(q.byGroup.reduce((a, g) => a + g.count, 0)).toBe(q.problems);
      expect(q.byOffice.reduce((a, g) => a + g.count, 0)).toBe(q.problems);
    }
    expect(report.trend?.points.map((p) => p.value)).toEqual(outcomes.map((o) => o.findings.score.total));
    expect(report.trend?.passLine.label).toBe('及格线 60');
  });

  it('follows each fixture problem to its outcome: on time, late, fixed without a date, open, accepted, false positive', () => {
    // Q1 (Wednesday 2026-03-25) + 10 working days, with 清明节 4–6 April off: 2026-04-09.
    expect(problemOf('2025年专题回顾')).toMatchObject({ outcome: 'onTime', deadline: '2026-04-09', completedDate: '2026-03-30', daysToFix: 3, quarters: ['2026Q1'] });
    expect(problemOf('2025年工作计划（附件）')).toMatchObject({ outcome: 'late', completedDate: '2026-04-20', daysToFix: 17 });
    expect(problemOf('旧版办事指南')).toMatchObject({ outcome: 'fixedNoDate', completedDate: null, quarters: ['2026Q1', '2026Q2'], fixedInScan: { asOf: '2026-09-20' } });
    expect(problemOf('旧版办事指南').rectification).toMatchObject({ state: '整改中', measures: '正在核对新版办事指南', source: 'ledger.xlsx' });
    // Broken from Q2 on: 2026-06-20 + 10 working days (端午 19–21 June off) = 2026-07-03; open on the last check day.
    expect(problemOf('信访事项办理')).toMatchObject({ outcome: 'open', firstSeen: '2026-06-20', deadline: '2026-07-03', quarters: ['2026Q2', '2026Q3'] });
    expect(problemOf('局史沿革').outcome).toBe('accepted');
    expect(problemOf('政务公开专栏（归档）').outcome).toBe('falsePositive');
    expect(ANNUAL_BROKEN_LINKS).toHaveLength(6);
    // Totals agree with the per-problem outcomes, and with the offices' rows.
    const counts = Object.fromEntries(report.outcomes.map((o) => [o.key, o.count]));
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(report.problems.length);
    expect(counts.onTime).toBe(1);
    expect(counts.late).toBe(1);
    const office = report.offices.find((o) => o.office === problemOf('2025年专题回顾').office)!;
    const mine = report.problems.filter((p) => p.office === office.office);
    const fixed = mine.filter((p) => ['onTime', 'late', 'fixedNoDate'].includes(p.outcome));
    expect(office.fixed).toBe(fixed.length);
    expect(office.rate).toBe(Math.round((fixed.length / mine.filter((p) => p.outcome !== 'accepted' && p.outcome !== 'falsePositive').length) * 1000) / 10);
    // Average days to fix counts the dated fixes only: (3 + 17) / 2.
    expect(office.averageDays).toBe(10);
    expect(report.longestOpen[0].daysOpen).toBeGreaterThanOrEqual(report.longestOpen.at(-1)!.daysOpen!);
  });

  it('names the columns stale in more than one quarter and the new-media accounts per quarter', () => {
    expect(report.staleColumns.map((c) => [c.name, c.quarters])).toEqual([['图片新闻', ['2026年第一季度', '2026年第二季度', '2026年第三季度']]]);
    const wechat = report.newMedia.find((a) => a.platform === '微信公众号')!;
    expect(wechat.quarters.map((q) => q.checked)).toEqual([true, true, true, false]);
    expect(wechat.quarters[0].latestPost).toBe('2026-03-07');
    // Posting volume per quarter, by the posts' own dates: 5, 4 and 3 in the fixture's feed.
    const inQuarter = (from: string, to: string) => ANNUAL_POSTS.wechat.filter((p) => p.date >= from && p.date <= to).length;
    expect(wechat.quarters.map((q) => q.posts)).toEqual([inQuarter('2026-01-01', '2026-03-31'), inQuarter('2026-04-01', '2026-06-30'), inQuarter('2026-07-01', '2026-09-30'), 0]);
    expect(wechat.quarters.map((q) => q.posts)).toEqual([5, 4, 3, 0]);
    const weibo = report.newMedia.find((a) => a.platform === '微博')!;
    expect(weibo.quarters.slice(0, 3).every((q) => q.vetoes.includes('政务新媒体不更新'))).toBe(true);
  });

  it('counts every 年度报表 figure exactly as the fixture published it', () => {
    const messages = ANNUAL_MESSAGES.filter((m) => m.asked >= '2026-01-01' && m.asked <= LAST);
    const answered = messages.filter((m) => m.replied && m.replied <= LAST);
    const days = answered.map((m) => (Date.parse(m.replied!) - Date.parse(m.asked)) / 86_400_000);
    const posts = (p: string) => ANNUAL_POSTS[p].filter((x) => x.date >= '2026-01-01' && x.date <= LAST).length;
    const expected: Record<string, unknown> = {
      '总数（条）': truthOf('机构概况') + truthOf('工作动态') + truthOf('图片新闻') + truthOf('通知公告') + truthOf('政策文件') + truthOf('人事信息'),
      '概况类信息（条）': truthOf('机构概况'),
      '政务动态信息（条）': truthOf('工作动态') + truthOf('图片新闻') + truthOf('通知公告'),
      '信息公开目录信息（条）': truthOf('政策文件') + truthOf('人事信息'),
      '维护数量（个）': ANNUAL_COLUMNS.find((c) => c.name === '专题专栏')!.items.length,
      '新开设数量（个）': truthOf('专题专栏'),
      '解读信息发布 总数（条）': truthOf('政策解读'),
      '留言办理 收到留言数量（条）': messages.length,
      '留言办理 办结留言数量（条）': answered.length,
      '留言办理 平均办理时间（天）': days.reduce((a, b) => a + b, 0) / days.length,
      '留言办理 公开答复数量（条）': answered.length,
      '征集调查 期数（期）': truthOf('征集调查'),
      '在线访谈 期数（期）': truthOf('在线访谈'),
      '安全检测评估次数（次）': 3,
      '网站标识码': '6201000088',
      'ICP备案编号': '陇ICP备06000088号',
      '公安机关备案号': '甘公网安备 62010202000088号',
      '示例环境（微信公众号） 信息发布量（条）': posts('wechat'),
      '示例环境（微博） 信息发布量（条）': posts('weibo'),
      '无障碍浏览': '有（无障碍浏览）',
      '多语言版本': 'English',
    };
    expect(Object.fromEntries(Object.keys(expected).map((k) => [k, form(k).value]))).toEqual(expected);
    // The literal truth, so a fixture change cannot silently move both sides.
    expect([form('总数（条）').value, form('政务动态信息（条）').value, form('留言办理 收到留言数量（条）').value, form('留言办理 平均办理时间（天）').value]).toEqual([56, 50, 6, 20]);
    // Problems found (false positives excluded) and fixed (confirmed by a later scan).
    const counts = Object.fromEntries(report.outcomes.map((o) => [o.key, o.count]));
    expect(form('发现问题数量（个）').value).toBe(report.problems.length - counts.falsePositive);
    expect(form('问题整改数量（个）').value).toBe(counts.onTime + counts.late + counts.fixedNoDate);
    expect(form('安全检测评估次数（次）').sources).toHaveLength(3);
    // Every counted row says how, and the rows no crawl can know are 需填报 with a source, never a number.
    for (const row of report.form) expect(row.method.length).toBeGreaterThan(3);
    for (const item of ['总访问量（万次）', '注册用户数（万）', '办件量 总数（万件）']) expect(form(item)).toMatchObject({ kind: 'fill', value: null });
    expect(form('办件量 总数（万件）').method).toMatch(/^需填报：政务服务平台/);
  });

  it('says per column how the number was obtained and whether the list was complete', () => {
    const news = report.columns.find((c) => c.name === '工作动态')!;
    expect(news).toMatchObject({ form: '政务动态', count: 43, complete: true, through: LAST });
    // 5 newer-than-2025 items + 43 of 2026, ten a page: the fifth page reaches 2025.
    expect(news.method).toContain('逐页读取栏目列表 5 页，读到 2026-01-01 之前的条目为止');
    expect(news.scans).toHaveLength(3);
    expect(report.columns.find((c) => c.name === '领导信箱')).toMatchObject({ form: '不计入' });
    expect(report.columns.every((c) => c.complete)).toBe(true);
  });

  it('the ledger round trip: the second quarter’s ledger carries the offices’ answers', () => {
    const byProblem = (text: string) => q2LedgerRows.find((r) => String(r['问题']).includes(`「${text}」`))!;
    expect(Object.keys(q2LedgerRows[0])).toEqual(['序号', '问题编号', '责任处室', '类别', '指标', '问题', '页面', '证据', '扣分', '整改要求', '整改期限', '整改状态', '整改措施', '完成日期', '联系人', '复核情况']);
    expect(byProblem('旧版办事指南')).toMatchObject({ 整改状态: '整改中', 整改措施: '正在核对新版办事指南', 联系人: '李华 0931-6666602' });
    // Fixed and confirmed by the Q2 scan: 已复核, with the office's own account.
    expect(byProblem('2025年专题回顾')).toMatchObject({ 整改状态: '已复核', 整改措施: '已删除失效链接', 完成日期: '2026-03-30' });
    expect(byProblem('信访事项办理')).toMatchObject({ 整改状态: '未整改', 整改期限: '2026-07-03' });
    // The indicator in words, never its id.
    expect(q2LedgerRows.some((r) => /^(veto|deduct|warn|manual)\./.test(String(r['指标'])))).toBe(false);
  });

  it('the XLSX reads back like the form, with 需填报 rows and the counted figures', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(outDir, 'annual-2026.xlsx'));
    expect(wb.worksheets.map((s) => s.name)).toEqual(['年度报表', '季度检查', '处室整改', '栏目计数', '问题整改明细']);
    const sheet = wb.getWorksheet('年度报表')!;
    expect(sheet.getCell('A1').value).toBe('政府网站工作年度报表（2026年度）');
    const rows = (sheet.getSheetValues().slice(4) as unknown[][]).map((r) => r.slice(1));
    const row = (item: string) => rows.find((r) => r[1] === item)!;
    expect(row('总数（条）')[2]).toBe(56);
    expect(row('留言办理 平均办理时间（天）')[2]).toBe(20);
    expect(row('总访问量（万次）')[2]).toBe('需填报');
    const quarters = wb.getWorksheet('季度检查')!;
    expect(quarters.getRow(5).values).toEqual([undefined, '2026年第四季度', '—', '—', '未检查', '—', '—', '—']);
  });

  it('needs the store only: deleting the scans’ HTTP caches and journals changes nothing', async () => {
    const cacheDir = path.join(tmp, 'gov-inspector-output', 'cache');
    if (existsSync(cacheDir)) await rm(cacheDir, { recursive: true, force: true });
    for (const o of outcomes) {
      for (const f of await readdir(o.scanDir)) if (f.endsWith('.jsonl')) await rm(path.join(o.scanDir, f));
    }
    const again = path.join(tmp, 'annual-again');
    await annualCommand({ year: '2026', store: storeDir, out: again, format: 'html,md,xlsx,json', browser: false });
    const strip = (r: AnnualReport) => ({ ...r, generatedAt: '' });
    const second = JSON.parse(await readFile(path.join(again, 'annual-2026.json'), 'utf8')) as AnnualReport;
    expect(strip(second)).toEqual(strip(report));
    expect(await readFile(path.join(again, 'annual-2026.html'), 'utf8')).toBe(await readFile(path.join(outDir, 'annual-2026.html'), 'utf8'));
    expect(await readFile(path.join(again, 'annual-2026.md'), 'utf8')).toBe(await readFile(path.join(outDir, 'annual-2026.md'), 'utf8'));
  });

  it('refuses a year without scans (exit 2) and a bad year', async () => {
    await expect(annualCommand({ year: '2025', store: storeDir, out: path.join(tmp, 'x') })).rejects.toThrow(UsageError);
    await expect(annualCommand({ year: '2025', store: storeDir, out: path.join(tmp, 'x') })).rejects.toThrow(/没有 2025 年的检查/);
    await expect(annualCommand({ year: '26', store: storeDir })).rejects.toThrow(/参数 --year 的值 "26" 无效/);
    await expect(annualCommand({ year: '2026', store: storeDir, site: 'https://other.example.gov.cn/' })).rejects.toThrow(/参数 --site/);
    // Through the CLI: exit 2 with one clear sentence.
    const bin = path.resolve(import.meta.dirname, '../../src/cli/bin.js');
    const run = await new Promise<{ code: number | null; stderr: string }>((resolve) =>
      execFile(process.execPath, [bin, 'report', '--year', '2025', '--store', storeDir], { timeout: 60_000 }, (err, _out, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stderr })),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^错误：检查记录 .* 中没有 2025 年的检查/);
  }, 60_000);

  it('writes html, md, xlsx and json; the reader sees no raw indicator ids', async () => {
    expect(files.map((f) => path.basename(f)).sort()).toEqual(['annual-2026.html', 'annual-2026.json', 'annual-2026.md', 'annual-2026.xlsx']);
    for (const name of ['annual-2026.html', 'annual-2026.md']) {
      const text = await readFile(path.join(outDir, name), 'utf8');
      expect(text).not.toMatch(/\b(veto|deduct|warn|manual)\.[a-z-]+/);
      expect(text).toContain('未检查');
    }
  });

  describe('in a real browser', () => {
    let browser: Browser;
    beforeAll(async () => {
      if (executablePath) browser = await launchTestBrowser(executablePath);
    }, 60_000);
    afterAll(async () => browser?.close());

    browserIt('annual-2026.html fits 1280 px and 375 px and has no axe violations', async () => {
      const file = pathToFileURL(path.join(outDir, 'annual-2026.html')).href;
      for (const width of [1280, 375]) {
        const context = await browser.newContext({ viewport: { width, height: 900 } });
        const page = await context.newPage();
        try {
          await page.goto(file);
          const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
          expect(scroll, `width ${width}`).toBeLessThanOrEqual(client);
          if (width === 1280) {
            const result = await new AxeBuilder({ page }).analyze();
            expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
          }
        } finally {
          await context.close();
        }
      }
    }, 120_000);

    browserIt('annual-2026.pdf is printed on A4 with every section and the 需填报 rows', async () => {
      const pdfDir = path.join(tmp, 'annual-pdf');
      const { files: written } = await annualCommand({ year: '2026', store: storeDir, out: pdfDir, format: 'pdf' });
      expect(written.map((f) => path.basename(f))).toContain('annual-2026.pdf');
      const parser = new PDFParse({ data: await readFile(path.join(pdfDir, 'annual-2026.pdf')) });
      try {
        const { text, total } = await parser.getText();
        expect(total).toBeGreaterThanOrEqual(2);
        const compact = text.replace(/\s+/g, '');
        for (const w of ['2026年度网站自查工作总结', '各季度检查情况', '未检查', '问题发现与整改', '各处室整改情况', '政府网站工作年度报表数据', '需填报', '栏目计数']) expect(compact).toContain(w);
      } finally {
        await parser.destroy();
      }
    }, 120_000);
  });
});

/**
 * A site that moved between two quarters (another port, no fixed `site.id`): the later
 * config lists the old homepage in `site.previousUrls`, and the year summary is one site
 * with both quarters in order and the unchanged problems followed across the move.
 */
describe('annual summary of a moved site (site.previousUrls)', () => {
  const HISTORY_SITE = path.resolve(import.meta.dirname, '../fixtures/history-site');
  let dir: string;
  let sites: FixtureSites;
  let moved: FixtureServer;
  let scans: FixtureScan[];
  let moveReport: AnnualReport;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'gov-inspector-annual-moved-'));
    await cp(HISTORY_SITE, path.join(dir, 'site'), { recursive: true });
    sites = await startFixtureSites(path.join(dir, 'site'));
    moved = new FixtureServer({ root: path.join(dir, 'site'), externalOrigin: sites.external.origin });
    await moved.start();
    const store = new LowdbScanStore(path.join(dir, 'store'));
    const config = (origin: string, previousUrls: string[]) => (): ConfigPatch => ({
      site: { name: '示例市水务局', url: `${origin}/`, office: '办公室', previousUrls },
      newMedia: [],
      report: { formats: ['json'] },
      browser: { enabled: false, loopbackOnly: true },
    });
    scans = [
      await scanFixture({ sites, store, asOf: '2026-08-20', config: config(sites.site.origin, []) }),
      await scanFixture({ sites: { ...sites, site: moved }, store, asOf: '2026-11-20', config: config(moved.origin, [`${sites.site.origin}/`]) }),
    ];
    // Without --site: a store holding two sites would be refused, so this is one site.
    await annualCommand({ year: '2026', store: path.join(dir, 'store'), out: path.join(dir, 'annual'), format: 'json', browser: false });
    moveReport = JSON.parse(await readFile(path.join(dir, 'annual', 'annual-2026.json'), 'utf8')) as AnnualReport;
  }, 240_000);

  afterAll(async () => {
    await moved?.stop();
    await sites?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('the two origins are two default site ids, joined only by previousUrls', () => {
    expect(sites.site.origin).not.toBe(moved.origin);
    expect(scans.map((s) => s.findings.site.url)).toEqual([`${sites.site.origin}/`, `${moved.origin}/`]);
  });

  it('joins both quarters into one site, in order, named by its new address', () => {
    expect(moveReport.site.url).toBe(`${moved.origin}/`);
    expect(moveReport.quarters.map((q) => [q.name, q.asOf, q.checked])).toEqual([
      ['2026年第一季度', null, false],
      ['2026年第二季度', null, false],
      ['2026年第三季度', '2026-08-20', true],
      ['2026年第四季度', '2026-11-20', true],
    ]);
    expect(moveReport.quarters.slice(2).map((q) => q.total)).toEqual(scans.map((s) => s.findings.score.total));
  });

  it('follows an unchanged problem across the move instead of calling it fixed and new', () => {
    // The old guide link: broken on the homepage and as a link, in both quarters, at both addresses.
    const guide = moveReport.problems.filter((p) => p.title.includes('qsxk-guide'));
    expect(guide.map((p) => [p.quarters, p.outcome])).toEqual([
      [['2026Q3', '2026Q4'], 'open'],
      [['2026Q3', '2026Q4'], 'open'],
    ]);
    // No problem is counted twice, once per address.
    const titles = moveReport.problems.map((p) => `${p.indicator} ${p.title.replaceAll(sites.site.origin, '').replaceAll(moved.origin, '')}`);
    expect(titles.filter((t, i) => titles.indexOf(t) !== i)).toEqual([]);
  });

  it('judges a problem no longer found as the quarterly history does: aged out is 不再适用, not rectified', () => {
    // The policy file left the one-year interpretation window by the second quarter's check.
    const aged = moveReport.problems.filter((p) => p.indicator === 'deduct.interpretation-missing');
    expect(aged.map((p) => [p.quarters, p.outcome, p.fixedInScan])).toEqual([[['2026Q3'], 'notApplicable', null]]);
    const counts = Object.fromEntries(moveReport.outcomes.map((o) => [o.key, o.count]));
    expect(moveReport.outcomes.find((o) => o.key === 'notApplicable')!.name).toBe('不再适用');
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(moveReport.problems.length);
    // Rectified are only the problems the history calls 已整改: the aged-out one is not among them.
    const rectified = moveReport.problems.filter((p) => ['onTime', 'late', 'fixedNoDate'].includes(p.outcome));
    expect(rectified).not.toContainEqual(expect.objectContaining({ indicator: 'deduct.interpretation-missing' }));
    // Before the fix it read 下次检查已整改（未填完成日期）: nothing else left between the two checks.
    expect(rectified).toHaveLength(0);
    expect(moveReport.form.find((r) => r.item === '问题整改数量（个）')!.value).toBe(0);
    const office = moveReport.offices.find((o) => o.office === aged[0].office)!;
    expect(office.notApplicable).toBe(1);
  });

  it('finds the same year by the old address', async () => {
    const out = path.join(dir, 'annual-old');
    await annualCommand({ year: '2026', store: path.join(dir, 'store'), site: `${sites.site.origin}/`, out, format: 'json', browser: false });
    const byOld = JSON.parse(await readFile(path.join(out, 'annual-2026.json'), 'utf8')) as AnnualReport;
    expect(byOld.quarters.map((q) => q.asOf)).toEqual(moveReport.quarters.map((q) => q.asOf));
  });
});
