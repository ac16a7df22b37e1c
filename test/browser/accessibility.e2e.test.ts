import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from '../../src/demo/fixture-server.ts';
import type { BrowserAuditsArtifact } from '../../src/accessibility/types.ts';
import type { CrawlArtifact } from '../../src/crawl/crawl-artifact.ts';
import type { PageRecord } from '../../src/crawl/types.ts';
import { browserForTests, launchTestBrowser, pngStats } from '../helpers/browser.ts';
import { localPath, scanFixture, type FixtureScan } from '../helpers/fixture-scan.ts';

const A11Y_SITE = path.join(FIXTURES_DIR, 'a11y-site');
const { executablePath, skipReason } = browserForTests();

describe.skipIf(skipReason !== null)(`browser checks on the accessibility fixture site${skipReason ? `（跳过：${skipReason}）` : ''}`, () => {
  let scan: FixtureScan;
  let audits: BrowserAuditsArtifact;
  let browser: Browser;
  const page = (p: string) => audits.pages.find((x) => localPath(x.url, scan.sites) === p)!;
  const rules = (p: string) => page(p).axe!.violations.map((v) => v.rule).sort();

  beforeAll(async () => {
    // Lighthouse has its own test; here the axe, 适老化, mobile and screenshot passes.
    scan = await scanFixture({ root: A11Y_SITE, config: () => ({ browser: { loopbackOnly: true, lighthouse: false, articlesPerColumn: 3, maxPages: 60 } }) });
    audits = scan.artifacts.browserAudits as BrowserAuditsArtifact;
    browser = await launchTestBrowser(executablePath!);
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await scan?.cleanup();
  });

  it('audits the homepage, every column page and the sampled articles', () => {
    expect(audits.skipped).toBeNull();
    const audited = audits.pages.map((p) => `${p.kind} ${localPath(p.url, scan.sites)}`).sort();
    expect(audited).toEqual([
      'article /bad/202611/t20261121_1003.html',
      'article /clean/202611/t20261110_1002.html',
      'article /clean/202611/t20261120_1001.html',
      'article /js/202611/t20261122_1004.html',
      'column /bad/',
      'column /clean/',
      'column /js/',
      'homepage /',
    ]);
    expect(audits.pages.every((p) => p.error === null)).toBe(true);
  });

  it('finds the planted violations by rule id', () => {
    expect(rules('/bad/')).toEqual(['color-contrast', 'image-alt', 'label', 'link-name', 'select-name']);
    expect(rules('/bad/202611/t20261121_1003.html')).toEqual(expect.arrayContaining(['color-contrast', 'html-has-lang']));
    const alt = page('/bad/').axe!.violations.find((v) => v.rule === 'image-alt')!;
    expect(alt).toMatchObject({ impact: 'critical', count: 1 });
    expect(alt.selectors[0]).toContain('img');
  });

  it('finds no violations on the clean pages', () => {
    for (const p of ['/', '/clean/', '/clean/202611/t20261120_1001.html', '/clean/202611/t20261110_1002.html', '/js/']) expect(rules(p), p).toEqual([]);
  });

  it('fills findings.json accessibility per the contract, with WCAG criteria', () => {
    const bad = scan.findings.accessibility.find((e) => localPath(e.url, scan.sites) === '/bad/')!;
    expect(bad.score).toBeNull(); // Lighthouse was off
    expect(bad.violations.find((v) => v.rule === 'image-alt')).toMatchObject({ impact: 'critical', count: 1, criteria: ['WCAG 1.1.1 非文本内容（A）'] });
    const indicators = scan.findings.findings.filter((f) => f.check === 'accessibility').map((f) => `${f.indicator} ${f.title}`);
    expect(indicators).toContain('deduct.accessibility-severe 无障碍问题：图像必须有替代文本（image-alt）');
    // One finding per rule, however many pages share it.
    expect(indicators.filter((i) => i.includes('(color-contrast)') || i.includes('（color-contrast）'))).toHaveLength(1);
  });

  it('reports 适老化: the elder-mode entry, small cramped faint text, missing lang', () => {
    expect(audits.elderEntries!.map((e) => e.text)).toEqual(['无障碍浏览', '长者模式']);
    const article = page('/bad/202611/t20261121_1003.html').text!;
    expect(article).toMatchObject({ lang: null, baseFontPx: 12, lineHeight: 1 });
    expect(article.baseContrast).toBeCloseTo(2.85, 1);
    const clean = page('/clean/202611/t20261120_1001.html').text!;
    expect(clean).toMatchObject({ lang: 'zh-CN', baseFontPx: 16, lineHeight: 1.75, lowContrastShare: 0 });
    const titles = scan.findings.findings.filter((f) => f.check === 'elder-friendly').map((f) => f.title).sort();
    expect(titles).toEqual(['适老化：正文字号小于 14px', '适老化：正文文字与背景对比度低于 4.5:1', '适老化：正文行距小于 1.3 倍', '页面未声明中文语言（html lang 属性）'].sort());
  });

  it('reports the page that scrolls sideways at 375 px and lacks a viewport', () => {
    const wide = audits.pages.filter((p) => p.mobile?.horizontalScroll).map((p) => localPath(p.url, scan.sites));
    expect(wide).toEqual(['/bad/202611/t20261121_1003.html']);
    expect(page('/bad/202611/t20261121_1003.html').mobile).toMatchObject({ viewportMeta: null, scrollWidth: 1000, viewportWidth: 375 });
    const mobile = scan.findings.findings.filter((f) => f.check === 'mobile').map((f) => f.indicator).sort();
    expect(mobile).toEqual(['deduct.mobile-horizontal-scroll', 'deduct.mobile-viewport']);
  });

  it('saves a homepage screenshot that is a real picture, with Chinese glyphs', async () => {
    const file = path.join(scan.scanDir, 'screenshots', 'homepage.png');
    expect(existsSync(file)).toBe(true);
    const stats = await pngStats(browser, file);
    expect(stats.width).toBe(1280);
    expect(stats.height).toBeGreaterThan(100);
    expect(stats.colours).toBeGreaterThan(8); // not blank, not a single colour
    expect(audits.browser?.cjkFont).toBe(true);
  });

  it('links findings to a cropped shot of their element and embeds it in the HTML report', async () => {
    const finding = scan.findings.findings.find((f) => f.title.includes('image-alt'))!;
    expect(finding.screenshot).toMatch(/^screenshots\/page-[0-9a-f]+-el\d\.png$/);
    const stats = await pngStats(browser, path.join(scan.scanDir, finding.screenshot!));
    expect(stats.colours).toBeGreaterThan(8);
    const html = readFileSync(path.join(scan.scanDir, 'report.html'), 'utf8');
    expect(html).toContain('无障碍、适老化与移动端检查');
    expect(html).toContain(`src="${finding.screenshot}"`);
    // The crop is the element with some room around it, never a whole page.
    expect(stats.height).toBeLessThanOrEqual(640);
  });

  it('renders the script-built column in the browser and follows its links', async () => {
    const records: PageRecord[] = [];
    for (const line of readFileSync(path.join(scan.scanDir, 'pages.jsonl'), 'utf8').split('\n')) if (line) records.push(JSON.parse(line));
    const byPath = new Map(records.map((r) => [localPath(r.url, scan.sites), r]));
    expect(byPath.get('/js/')?.fetcher).toBe('browser');
    expect(byPath.get('/clean/')?.fetcher).toBe('http');
    expect(byPath.get('/js/202611/t20261122_1004.html')?.status).toBe(200);
    expect((scan.artifacts.crawl as CrawlArtifact).fetchers.browser).toBe(1);
  });
});
