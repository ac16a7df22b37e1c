import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { PDFParse } from 'pdf-parse';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSummary } from '../../src/cli/summary.ts';
import { validateConfig } from '../../src/config/load.ts';
import { judgeScan } from '../../src/scan/judge.ts';
import { readScanMeta } from '../../src/scan/scan-meta.ts';
import { loadArtifacts } from '../../src/store/artifact-files.ts';
import { LowdbScanStore } from '../../src/store/lowdb-store.ts';
import { browserForTests, launchTestBrowser } from '../helpers/browser.ts';
import { scanFixture, type FixtureScan } from '../helpers/fixture-scan.ts';
import { offending, offendingIn, xlsxReaderText } from '../helpers/reader-text.ts';

/**
 * Printed pages the demo's report.pdf may take: the filed part (结论, 评分, 单项否决,
 * 问题汇总 by office with 整改要求, 整改情况, coverage) and a per-rule appendix. Documented
 * in README (Reports).
 */
export const DEMO_REPORT_PAGE_BUDGET = 20;

const { executablePath, skipReason } = browserForTests();
const suite = executablePath ? describe : describe.skip;
if (skipReason) console.warn(`report layout tests skipped: ${skipReason}`);

async function pdfText(file: string): Promise<{ text: string; pages: number }> {
  const parser = new PDFParse({ data: await readFile(file) });
  try {
    const { text, total } = await parser.getText();
    return { text, pages: total };
  } finally {
    await parser.destroy();
  }
}

/**
 * One demo scan (real HTTP, real Chromium) with the default outputs, and every layout
 * promise of the reports checked on it: fits at 1280 and 375 px, prints every column on A4,
 * stays within the page budget, passes axe, and shows readers no ids or English enum words.
 */
suite('report layout on the demo scan', () => {
  let scan: FixtureScan;
  let storeDir: string;
  let browser: Browser;
  let summary: string;
  const file = (name: string) => path.join(scan.scanDir, name);
  const htmlFiles = () => ({ 'report.html': file('report.html'), 'notices.html': file('notices.html'), 'index.html': path.join(storeDir, 'index.html') });

  beforeAll(async () => {
    storeDir = await mkdtemp(path.join(os.tmpdir(), 'gi-layout-store-'));
    // `formats: undefined` gives the defaults: what a quarterly scan writes without flags.
    // Lighthouse scores are not under test here and take most of a browser scan's time.
    scan = await scanFixture({ store: new LowdbScanStore(storeDir), config: () => ({ report: { formats: undefined }, browser: { lighthouse: false } }) });
    // The CSV ledger is not a default; written from the stored scan for the id scan below.
    const meta = await readScanMeta(scan.scanDir);
    const csv = await judgeScan(scan.scanDir, meta, await loadArtifacts(scan.scanDir), { formats: ['csv'] });
    summary = formatSummary(scan.findings, [...scan.outcome.files, ...csv.files]);
    browser = await launchTestBrowser(executablePath!);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await scan?.cleanup();
    if (storeDir) await rm(storeDir, { recursive: true, force: true });
  });

  it('the id and English scan catches what it must, and not URLs', () => {
    expect(offending('命中单项否决指标：veto.newmedia-stale')).toHaveLength(1);
    expect(offending('错误：reset；更新节奏：on change；manual.content-accuracy')).toHaveLength(3);
    // A value no label table knows leaks as a phrase; a command to run is meant to be read.
    expect(offending('更新节奏：with each consultation')).toHaveLength(1);
    expect(offending('请运行 gov-inspector monitor（每 30 分钟）；已通过 --no-browser 关闭；crawl.maxPages')).toEqual([]);
    expect(offending('http://127.0.0.1/live.html?reset=1 robots.txt 禁止访问 /xwzx/new/')).toEqual([]);
  });

  it('writes the default outputs without flags, PDFs included when a browser is there', () => {
    expect(validateConfig({ site: { name: '测试', url: 'http://127.0.0.1/' } }, '测试').report.formats).toEqual(expect.arrayContaining(['html', 'json', 'md', 'xlsx', 'pdf']));
    for (const name of ['report.html', 'notices.html', 'ledger.xlsx', 'summary.md', 'findings.json', 'report.pdf', 'notices.pdf']) expect(existsSync(file(name)), name).toBe(true);
  });

  /** A page in a context of its own (axe needs one); closing the page closes the context. */
  async function open(target: string, width: number): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    page.on('close', () => void context.close());
    await page.goto(pathToFileURL(target).href, { waitUntil: 'load' });
    return page;
  }

  for (const width of [1280, 375]) {
    it(`report, notices and index have no horizontal scroll at ${width} px`, async () => {
      for (const [name, target] of Object.entries(htmlFiles())) {
        const page = await open(target, width);
        try {
          const { scrollWidth, clientWidth, widest } = await page.evaluate(() => {
            const root = document.documentElement;
            // The widest element, to say what overflows when something does.
            let widest = '';
            let max = 0;
            for (const el of document.querySelectorAll('body *')) {
              const right = el.getBoundingClientRect().right;
              if (right > max) [max, widest] = [right, `${el.tagName.toLowerCase()}.${el.className} ${Math.round(right)}px`];
            }
            return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, widest };
          });
          expect(scrollWidth, `${name} at ${width}px: ${widest}`).toBeLessThanOrEqual(clientWidth);
          // A caption reads on one line (or wraps like text), never one character per line beside a card table.
          const squeezed = await page.evaluate(() =>
            [...document.querySelectorAll('caption')]
              // Visually hidden captions (moved off-screen for screen readers) are not read on screen.
              .filter((c) => c.getClientRects().length && c.getBoundingClientRect().right > 0 && (c.textContent ?? '').trim().length >= 2)
              .filter((c) => c.getBoundingClientRect().width < Math.min(c.closest('table')!.getBoundingClientRect().width, 120))
              .map((c) => (c.textContent ?? '').trim()),
          );
          expect(squeezed, `${name} at ${width}px: captions squeezed`).toEqual([]);
        } finally {
          await page.close();
        }
      }
    }, 120_000);
  }

  it('prints every column of every table on A4, and the PDF holds every table header', async () => {
    for (const name of ['report', 'notices']) {
      const page = await browser.newPage({ viewport: { width: 703, height: 1000 } }); // A4 minus 12 mm margins at 96 dpi
      let headers: string[];
      try {
        await page.emulateMedia({ media: 'print' });
        await page.goto(pathToFileURL(file(`${name}.html`)).href, { waitUntil: 'load' });
        const fit = await page.evaluate(() => [...document.querySelectorAll('table')].filter((t) => t.getClientRects().length && t.scrollWidth > t.clientWidth + 1).map((t) => t.querySelector('th')?.textContent));
        expect(fit, `${name}: tables wider than the page`).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
        headers = await page.evaluate(() => [...document.querySelectorAll('thead th')].filter((th) => th.getClientRects().length).map((th) => (th.textContent ?? '').replace(/\s+/g, '')));
      } finally {
        await page.close();
      }
      const { text } = await pdfText(file(`${name}.pdf`));
      const compact = text.replace(/\s+/g, '');
      const missing = [...new Set(headers)].filter((h) => h && !compact.includes(h));
      expect(missing, `${name}.pdf lacks table headers`).toEqual([]);
    }
  }, 120_000);

  it(`prints the demo report within ${DEMO_REPORT_PAGE_BUDGET} A4 pages`, async () => {
    const { pages } = await pdfText(file('report.pdf'));
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(pages).toBeLessThanOrEqual(DEMO_REPORT_PAGE_BUDGET);
  });

  it('counts pages that only lack a viewport tag in one line, and lists one by one only pages that scroll sideways', async () => {
    const mobile = scan.findings.mobile ?? [];
    const noViewport = mobile.filter((m) => !m.viewportMeta && !m.horizontalScroll);
    const scrolling = mobile.filter((m) => m.horizontalScroll);
    // The demo's pages lack the viewport tag: the appendix would otherwise list every audited page.
    expect(noViewport.length).toBeGreaterThan(3);
    const html = await readFile(file('report.html'), 'utf8');
    const section = html.slice(html.indexOf('<h3>移动端</h3>'), html.indexOf('</section>', html.indexOf('<h3>移动端</h3>')));
    expect(section).toContain(`${noViewport.length} 个页面未设置视口（viewport）`);
    expect(section).toContain(`另有 ${noViewport.length - 3} 个页面`);
    expect((section.match(/<tr>/g) ?? []).length).toBe(scrolling.length ? scrolling.length + 1 : 0);
  });

  it('shows element crops inline in the notices, and no page shot for things missing or elsewhere', async () => {
    const notices = await readFile(file('notices.html'), 'utf8');
    const crops = [...notices.matchAll(/<img class="evidence-shot" src="([^"]+)"/g)].map((m) => m[1]);
    expect(crops.length).toBeGreaterThan(0);
    for (const src of crops) expect(existsSync(file(src)), src).toBe(true);
    for (const f of scan.findings.findings) {
      if (['required-items', 'links-broken', 'manual-review', 'site-identity'].includes(f.check)) expect(f.screenshot, `${f.check}: ${f.title}`).toBeNull();
      if (f.indicator === 'deduct.accessibility-severe' && f.screenshot) expect(f.screenshot).toMatch(/-el\d\.png$/);
    }
    const { text } = await pdfText(file('notices.pdf'));
    expect(text.replace(/\s+/g, '')).not.toMatch(/截图(?!：)/);
    // The PDF notices carry the pictures themselves (Chromium resolves the relative files).
    const images = (await readFile(file('notices.pdf'))).toString('latin1').match(/\/Subtype\s*\/Image/g) ?? [];
    expect(images.length).toBeGreaterThanOrEqual(new Set(crops).size);
  });

  it('notices carry the official furniture: 文号, issuer, period, scope, 整改要求, 整改情况, 复核, 签收, 抄送', async () => {
    const { text } = await pdfText(file('notices.pdf'));
    const compact = text.replace(/\s+/g, '');
    for (const w of ['〔2026〕第4季度-01', '示例省生态环境厅办公室', '检查时间段', '检查范围', '整改要求', '整改情况', '复核', '签收人', '抄送：厅领导、信息中心', '王晓明']) expect(compact).toContain(w);
  });

  for (const which of ['report.html', 'notices.html', 'index.html'] as const) {
    it(`${which} has no axe violations`, async () => {
      const page = await open(htmlFiles()[which], 1280);
      try {
        const result = await new AxeBuilder({ page }).analyze();
        expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
      } finally {
        await page.close();
      }
    }, 240_000);
  }

  it('no reader-facing artifact shows an indicator id or an English enum word', async () => {
    const texts: Record<string, string> = { 'CLI summary': summary, 'summary.md': await readFile(file('summary.md'), 'utf8'), 'ledger.csv': await readFile(file('ledger.csv'), 'utf8') };
    for (const [name, target] of Object.entries(htmlFiles())) {
      const page = await open(target, 1280);
      try {
        // Folded tables (全部事项 …) are read too: a reader opens them.
        texts[name] = await page.evaluate(() => (document.querySelectorAll('details').forEach((d) => (d.open = true)), document.body.innerText) + '\n' + [...document.querySelectorAll('[alt], [aria-label], title')].map((e) => e.getAttribute('alt') ?? e.getAttribute('aria-label') ?? e.textContent).join('\n'));
      } finally {
        await page.close();
      }
    }
    for (const name of ['report.pdf', 'notices.pdf']) texts[name] = (await pdfText(file(name))).text;
    texts['ledger.xlsx'] = await xlsxReaderText(file('ledger.xlsx'));
    expect(offendingIn(texts)).toEqual([]);
  }, 120_000);
});
