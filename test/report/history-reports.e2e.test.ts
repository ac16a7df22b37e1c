import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import * as cheerio from 'cheerio';
import ExcelJS from 'exceljs';
import { PDFParse } from 'pdf-parse';
import { chromium, type Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, findBrowser } from '../../src/browser/find-browser.ts';
import { formatDiff } from '../../src/cli/commands/diff.ts';
import { triageCommand } from '../../src/cli/commands/triage.ts';
import { rescoreCommand } from '../../src/cli/commands/rescore.ts';
import { fingerprintOf } from '../../src/score/resolve-findings.ts';
import { LowdbScanStore } from '../../src/store/lowdb-store.ts';
import { loadArtifacts } from '../../src/store/artifact-files.ts';
import { judgeScan } from '../../src/scan/judge.ts';
import { readScanMeta } from '../../src/scan/scan-meta.ts';
import { scanFixture, startFixtureSites, type ConfigPatch, type FixtureScan, type FixtureSites } from '../helpers/fixture-scan.ts';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/history-site');
const browserFound = findBrowser();
const withBrowser = browserFound.ok;
if (!withBrowser && process.env.REQUIRE_BROWSER) throw new Error(`REQUIRE_BROWSER is set but no browser: ${browserFound.ok ? '' : browserFound.reason}`);
const browserIt = withBrowser ? it : it.skip;
if (!withBrowser) console.warn(`PDF and axe tests skipped: ${browserFound.ok ? '' : browserFound.reason}`);

/**
 * Two quarterly scans of one site with changes in between: one problem fixed (a missing
 * news page is published), one persisting (an old guide link), one accepted by a person
 * (an old logo), one new (a booking link added). History, diff and the reports must say so.
 */
describe('history across two scans, and the reports built from it', () => {
  let root: string;
  let storeDir: string;
  let sites: FixtureSites;
  let store: LowdbScanStore;
  let first: FixtureScan;
  let second: FixtureScan;
  let origin: string;
  const homeFp = (target: string) => fingerprintOf('deduct.links-broken-homepage', `${origin}${target}`);
  const FIXED = '/xwzx/gzdt/202608/t20260812_3002.html';
  const PERSISTING = '/bsfw/qsxk-guide.html';
  const ACCEPTED = '/images/logo-2019.png';
  const NEW = '/bsfw/online-booking.html';

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'gi-history-site-'));
    storeDir = await mkdtemp(path.join(os.tmpdir(), 'gi-history-store-'));
    await cp(FIXTURE, root, { recursive: true });
    sites = await startFixtureSites(root);
    origin = sites.site.origin;
    store = new LowdbScanStore(storeDir);
    const config = (): ConfigPatch => ({
      site: { name: '示例市水务局', url: `${origin}/`, office: '办公室' },
      report: { formats: ['html', 'md', 'csv', 'xlsx', 'json'], deadlineWorkingDays: 10 },
      // The browser audits are not under test here and take minutes on a small machine;
      // the PDFs are printed afterwards from the stored scan.
      browser: { enabled: false, loopbackOnly: true },
    });
    first = await scanFixture({ sites, store, asOf: '2026-08-20', config });

    // Between the quarters: the office publishes the missing article, adds a broken
    // booking link, and accepts the old logo for now.
    await writeFile(path.join(root, FIXED.slice(1)), '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>全市河湖长制工作推进会召开</title></head><body><h1>全市河湖长制工作推进会召开</h1><p>发布时间：2026-08-12 10:00</p></body></html>');
    const home = path.join(root, 'index.html');
    await writeFile(home, (await readFile(home, 'utf8')).replace('<!-- history:new-link -->', `<li><a href="${NEW}">网上预约</a></li>`));
    const out = process.stdout.write;
    process.stdout.write = (() => true) as typeof process.stdout.write;
    try {
      await triageCommand(homeFp(ACCEPTED), { decision: 'accepted', reason: '新版标识设计中，下季度更换', by: '办公室 张三', expires: '2027-03-31', store: storeDir });
    } finally {
      process.stdout.write = out;
    }
    second = await scanFixture({ sites, store, asOf: '2026-11-20', config });
    if (withBrowser) {
      // `report --format pdf` from stored data, with the browser allowed this time.
      const meta = await readScanMeta(second.scanDir);
      meta.config.browser.enabled = true;
      const pdf = await judgeScan(second.scanDir, meta, await loadArtifacts(second.scanDir), { formats: ['pdf'], store });
      expect(pdf.notes).toEqual([]);
    }
  }, 300_000);

  afterAll(async () => {
    await sites?.stop();
    await rm(root, { recursive: true, force: true });
    await rm(storeDir, { recursive: true, force: true });
  });

  const find = (scan: FixtureScan, target: string) => scan.findings.findings.find((f) => f.fingerprint === homeFp(target));

  it('records both scans by site and quarter in the lowdb index', async () => {
    const data = JSON.parse(await readFile(path.join(storeDir, 'index.json'), 'utf8'));
    const mine = data.scans.filter((s: { site: { url: string } }) => s.site.url === `${origin}/`);
    expect(mine.map((s: { quarter: string }) => s.quarter)).toEqual(['2026Q3', '2026Q4']);
    expect(mine.every((s: { total: number | null; status: string }) => typeof s.total === 'number' && s.status === 'done')).toBe(true);
    expect(data.triage).toHaveLength(1);
  });

  it('marks the first scan’s findings without status (nothing to compare) and the second’s new / persisting', () => {
    expect(find(first, FIXED)).toMatchObject({ status: null, firstSeen: '2026-08-20' });
    expect(find(second, FIXED)).toBeUndefined();
    expect(find(second, PERSISTING)).toMatchObject({ status: 'persisting', firstSeen: '2026-08-20', triage: null });
    expect(find(second, NEW)).toMatchObject({ status: 'new', firstSeen: '2026-11-20' });
    expect(find(second, ACCEPTED)).toMatchObject({
      status: 'persisting',
      triage: { decision: 'accepted', reason: '新版标识设计中，下季度更换', by: '办公室 张三', expires: '2027-03-31' },
    });
    // An accepted problem is still a problem: it still deducts.
    expect(find(second, ACCEPTED)!.points).toBeGreaterThan(0);
  });

  it('diff lists the fixed, new and persisting problems with the triage shown', () => {
    const text = formatDiff(first.findings, second.findings);
    const block = (name: string) => text.split(`\n${name}：\n`)[1]?.split('\n\n')[0] ?? '';
    expect(block('未再发现')).toContain(`首页链接不可用：「全市河湖长制工作推进会召开」${origin}${FIXED}`);
    expect(block('新发现')).toContain(`${origin}${NEW}`);
    expect(block('仍存在')).toContain(`${origin}${PERSISTING}`);
    expect(block('仍存在')).toMatch(/logo-2019\.png.*〔已确认接受（新版标识设计中，下季度更换；办公室 张三；有效期至 2027-03-31）〕/);
    expect(block('未再发现')).not.toContain(PERSISTING);
  });

  it('the report’s 上季度问题整改情况 shows fixed, persisting and the accepted decision', async () => {
    const $ = cheerio.load(await readFile(path.join(second.scanDir, 'report.html'), 'utf8'));
    const section = $('section.rectification');
    expect(section.find('h2').text()).toContain('上季度问题整改情况');
    expect(section.text()).toContain('2026年第三季度');
    const rowOf = (target: string) =>
      section
        .find('tbody tr')
        .filter((_, tr) => $(tr).text().includes(target) && $(tr).text().includes('首页'))
        .first()
        .find('td')
        .map((_, td) => $(td).text().trim())
        .get();
    expect(rowOf(FIXED)[0]).toBe('已整改');
    expect(rowOf(PERSISTING)[0]).toBe('仍存在');
    expect(rowOf(PERSISTING)[4]).toBe('2026-08-20');
    expect(rowOf(ACCEPTED)[5]).toContain('已确认接受');
    expect(section.find('tbody tr').filter((_, tr) => $(tr).text().includes(NEW)).length).toBe(0);
    // New problems are in the findings list, marked new.
    const newRow = $('section.findings tbody tr').filter((_, tr) => $(tr).text().includes(`${origin}${NEW}`) && $(tr).text().includes('首页'));
    expect(newRow.text()).toContain('新发现');
    // The trend chart has one point per quarter.
    expect($('section.trend svg circle')).toHaveLength(2);
    expect($('section.trend svg title').text()).toMatch(/2026年第三季度 [\d.]+ 分，2026年第四季度 [\d.]+ 分/);
  });

  it('the first report says there is nothing to compare yet', async () => {
    const $ = cheerio.load(await readFile(path.join(first.scanDir, 'report.html'), 'utf8'));
    expect($('section.rectification').text()).toContain('本站首次检查');
  });

  it('notices.html has one notice per office with deadline 10 working days after asOf and a 复核 column', async () => {
    const $ = cheerio.load(await readFile(path.join(second.scanDir, 'notices.html'), 'utf8'));
    const notice = $('section.notice').filter((_, s) => $(s).find('p > strong').first().text() === '办公室');
    expect(notice).toHaveLength(1);
    // 2026-11-20 is a Friday: 10 working days later is Friday 2026-12-04.
    expect(notice.find('thead th').last().text()).toContain('复核');
    const row = notice.find('tbody tr').filter((_, tr) => $(tr).text().includes(`${origin}${PERSISTING}`)).first();
    expect(row.text()).toContain('首次发现：2026-08-20');
    // A deduction: 10 working days; the notice asks for feedback by its earliest deadline.
    expect(row.find('td').eq(3).text()).toBe('2026-12-04');
    expect(notice.text()).toMatch(/于 2026-1[12]-\d\d 前反馈/);
  });

  it('the XLSX ledger opens and holds one row per problem an office must act on, the fixed one as 已复核', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(second.scanDir, 'ledger.xlsx'));
    const sheet = wb.getWorksheet('整改台账')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['序号', '问题编号', '责任处室', '类别', '指标', '问题', '页面', '证据', '扣分', '整改要求', '整改期限', '整改状态', '整改措施', '完成日期', '联系人', '复核情况']);
    const rows = (sheet.getSheetValues().slice(2) as unknown[][]).map((r) => r.slice(1).map((v) => (v ?? '') as string));
    const actionable = second.findings.findings.filter((f) => f.severity !== 'manual' && f.severity !== 'bonus');
    // Each previous problem not found again has a row with its state (已复核 only for the one re-checked and gone).
    expect(rows).toHaveLength(actionable.length + (second.outcome.history?.previousProblems.length ?? 0));
    const byFp = (fp: string) => rows.find((r) => r[1] === fp)!;
    expect(byFp(homeFp(PERSISTING)).slice(2, 5)).toEqual(['办公室', '扣分', '首页链接不可用']);
    expect(byFp(homeFp(PERSISTING))[11]).toBe('未整改');
    expect(byFp(homeFp(FIXED))[11]).toBe('已复核');
    expect(byFp(homeFp(FIXED))[15]).toMatch(/^2026-11-20 已整改：复查未再发现/);
    expect(byFp(homeFp(ACCEPTED))[12]).toContain('已确认接受');
    // The state column offers the four states as a drop-down.
    expect(sheet.getCell(2, 12).dataValidation).toMatchObject({ type: 'list', formulae: ['"未整改,整改中,已整改,已复核"'] });
  });

  it('the CSV ledger has a BOM and the same header', async () => {
    const csv = await readFile(path.join(second.scanDir, 'ledger.csv'), 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1).split('\n')[0]).toBe('序号,问题编号,责任处室,类别,指标,问题,页面,证据,扣分,整改要求,整改期限,整改状态,整改措施,完成日期,联系人,复核情况');
    expect(csv).toContain(homeFp(NEW));
  });

  it('the Markdown summary carries the verdict and the rectification line', async () => {
    const md = await readFile(path.join(second.scanDir, 'summary.md'), 'utf8');
    expect(md).toMatch(/^## 示例市水务局 2026年第四季度政府网站检查/);
    expect(md).toMatch(/已整改 \d+，升级 \d+，不再适用 \d+，未复查 \d+，仍存在 \d+/);
  });

  it('the store’s index.html covers both quarters and links each report', async () => {
    const $ = cheerio.load(await readFile(path.join(storeDir, 'index.html'), 'utf8'));
    expect($('table.index-table thead th').map((_, th) => $(th).text()).get()).toEqual(['网站', '2026年第三季度', '2026年第四季度']);
    const links = $('table.index-table tbody a').map((_, a) => $(a).attr('href')).get();
    expect(links).toHaveLength(2);
    for (const href of links) expect(existsSync(path.join(storeDir, decodeURIComponent(href)))).toBe(true);
  });

  it('triage refuses a bad decision or a fingerprint not on record, naming it', async () => {
    await expect(triageCommand(homeFp(PERSISTING), { decision: 'ignore', reason: 'x', by: 'y', store: storeDir })).rejects.toThrow(/--decision.*"ignore"/);
    await expect(triageCommand('0000000000000000', { decision: 'accepted', reason: 'x', by: 'y', store: storeDir })).rejects.toThrow(/0000000000000000/);
    await expect(triageCommand(homeFp(PERSISTING), { decision: 'accepted', reason: 'x', by: 'y', expires: '2027-02-30', store: storeDir })).rejects.toThrow(/--expires/);
  });

  it('rescore with another table re-judges from stored data and updates the index', async () => {
    const bundled = await readFile(path.resolve(FIXTURE, '../../../config/indicators/gov-website-2019.yaml'), 'utf8');
    const strict = path.join(root, 'strict-table.yaml');
    await writeFile(strict, bundled.replace(/^passLine: 60$/m, 'passLine: 99.9').replace(/^id: gov-website-2019$/m, 'id: strict-local'));
    const requestsBefore = sites.site.log.length;
    const out = process.stdout.write;
    let printed = '';
    process.stdout.write = ((chunk: string) => ((printed += chunk), true)) as typeof process.stdout.write;
    let code: number;
    try {
      code = await rescoreCommand({ scan: second.scanDir, indicators: strict, store: storeDir });
    } finally {
      process.stdout.write = out;
    }
    expect(sites.site.log.length).toBe(requestsBefore); // no request to the site
    expect(code).toBe(1);
    expect(printed).toContain('不合格');
    const json = JSON.parse(await readFile(path.join(second.scanDir, 'findings.json'), 'utf8'));
    expect(json.score).toMatchObject({ tableId: 'strict-local', passLine: 99.9, verdict: 'unqualified' });
    const data = JSON.parse(await readFile(path.join(storeDir, 'index.json'), 'utf8'));
    expect(data.scans.find((s: { dir: string }) => s.dir === second.scanDir)).toMatchObject({ verdict: 'unqualified', passLine: 99.9 });
    // History is unchanged by judging again.
    expect(json.findings.find((f: { fingerprint: string }) => f.fingerprint === homeFp(PERSISTING))).toMatchObject({ status: 'persisting', firstSeen: '2026-08-20' });
  });

  it('without a browser the PDF is skipped with the reason, and the other formats are still written', async () => {
    const meta = await readScanMeta(first.scanDir);
    meta.config.browser.enabled = false;
    const outcome = await judgeScan(first.scanDir, meta, await loadArtifacts(first.scanDir), { formats: ['pdf', 'md'] });
    expect(outcome.notes).toEqual([expect.stringContaining('未生成 PDF：已通过 --no-browser 关闭浏览器检查')]);
    expect(outcome.files.some((f) => f.endsWith('.pdf'))).toBe(false);
    expect(outcome.files.some((f) => f.endsWith('summary.md'))).toBe(true);
  });

  browserIt('the PDFs open and hold the Chinese text', async () => {
    for (const [file, words] of [
      ['report.pdf', ['上季度问题整改情况', '示例市水务局', '已整改']],
      ['notices.pdf', ['整改通知单', '复核']],
    ] as const) {
      const parser = new PDFParse({ data: await readFile(path.join(second.scanDir, file)) });
      try {
        const { text, total } = await parser.getText();
        expect(total).toBeGreaterThanOrEqual(1);
        const compact = text.replace(/\s+/g, '');
        for (const w of words) expect(compact).toContain(w);
      } finally {
        await parser.destroy();
      }
    }
  }, 120_000);

  describe('our own HTML passes axe', () => {
    let browser: Browser;
    beforeAll(async () => {
      if (!browserFound.ok) return;
      browser = await chromium.launch({ executablePath: browserFound.executablePath, args: chromiumArgs({ loopbackOnly: true }) });
    }, 120_000);
    afterAll(async () => browser?.close());

    for (const which of ['report.html', 'notices.html', 'index.html']) {
      browserIt(`${which} has no axe violations`, async () => {
        const file = which === 'index.html' ? path.join(storeDir, which) : path.join(second.scanDir, which);
        const context = await browser.newContext();
        const page = await context.newPage();
        try {
          await page.goto(pathToFileURL(file).href);
          const result = await new AxeBuilder({ page }).analyze();
          expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
        } finally {
          await context.close();
        }
        // axe takes ~20 s on a report when the machine is busy; far more than the default.
      }, 240_000);
    }
  });
});
