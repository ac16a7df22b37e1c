import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import accessibility from '../../checks/accessibility.ts';
import elderFriendly from '../../checks/elder-friendly.ts';
import mobile from '../../checks/mobile.ts';
import { criteriaOfTags, criterionOfTag } from '../../src/accessibility/wcag.ts';
import { scriptBuiltReason } from '../../src/browser/render-fallback.ts';
import { validateConfig } from '../../src/config/load.ts';
import type { AuditedPage, BrowserAuditsArtifact } from '../../src/accessibility/types.ts';

const config = validateConfig({ site: { name: '测试厅', url: 'http://127.0.0.1:9/' }, newMedia: [] }, '测试配置');
const ctx = { config, asOf: '2026-11-28', homepageUrl: 'http://127.0.0.1:9/' };

function auditedPage(over: Partial<AuditedPage> = {}): AuditedPage {
  return {
    url: 'http://127.0.0.1:9/',
    kind: 'homepage',
    column: null,
    title: '首页',
    error: null,
    axe: { violations: [], incomplete: [], durationMs: 1 },
    lighthouse: null,
    text: { lang: 'zh-CN', chars: 500, baseFontPx: 16, smallFontShare: 0, lineHeight: 1.6, lowLineHeightShare: 0, baseContrast: 12, lowContrastShare: 0, lowContrastExamples: [] },
    mobile: { viewportMeta: 'width=device-width', deviceWidth: true, viewportWidth: 375, scrollWidth: 375, horizontalScroll: false, widestElement: null },
    mobileError: null,
    screenshot: 'screenshots/homepage.png',
    mobileScreenshot: null,
    durationMs: 1,
    ...over,
  };
}

function artifact(over: Partial<BrowserAuditsArtifact> = {}): BrowserAuditsArtifact {
  return {
    skipped: null,
    browser: { executablePath: '/usr/bin/chromium', version: '1', cjkFont: true },
    lighthouse: { enabled: false, skipped: '配置中关闭了 Lighthouse', runs: 0 },
    elderEntries: [{ text: '长者模式', href: 'http://127.0.0.1:9/zzms/' }],
    pages: [auditedPage()],
    screenshots: {},
    selection: { columns: 0, articles: 0, dropped: 0, articlesPerColumn: 3 },
    stats: { durationMs: 1, contextsCreated: 1, pagesOpened: 1 },
    ...over,
  };
}

describe('browser checks on hand-made artifacts', () => {
  it('a clean site passes all three', async () => {
    for (const check of [accessibility, elderFriendly, mobile]) {
      const out = await check.run({ browserAudits: artifact() }, ctx);
      expect(out.findings ?? [], check.meta.id).toEqual([]);
    }
  });

  it('skipped browser audits make every browser check skipped with the reason', async () => {
    for (const check of [accessibility, elderFriendly, mobile]) {
      const out = await check.run({ browserAudits: artifact({ skipped: '已通过 --no-browser 关闭浏览器检查', pages: [] }) }, ctx);
      expect(out.status).toBe('skipped');
      expect(out.reason).toContain('--no-browser');
    }
  });

  it('a homepage without an elder-mode entry is a deduction with the homepage screenshot', async () => {
    const out = await elderFriendly.run({ browserAudits: artifact({ elderEntries: [] }) }, ctx);
    expect(out.findings).toEqual([expect.objectContaining({ indicator: 'deduct.elder-mode-missing', screenshot: 'screenshots/homepage.png' })]);
  });

  it('axe incomplete items become one manual-review finding, never a pass', async () => {
    const incomplete = [{ rule: 'color-contrast', impact: 'serious' as const, count: 2, help: '对比度', helpUrl: '', tags: ['wcag2aa', 'wcag143'], selectors: ['p'], html: [] }];
    const out = await accessibility.run({ browserAudits: artifact({ pages: [auditedPage({ axe: { violations: [], incomplete, durationMs: 1 } })] }) }, ctx);
    expect(out.status).toBe('manual');
    expect(out.findings).toEqual([expect.objectContaining({ indicator: 'manual.accessibility-review' })]);
    expect(out.sections?.accessibility?.[0].needsReview).toHaveLength(1);
    expect(out.sections?.accessibility?.[0].violations).toEqual([]);
  });

  it('a page that could not be audited is reported, not counted as clean', async () => {
    const out = await accessibility.run({ browserAudits: artifact({ pages: [auditedPage({ error: '页面检测超过 30 秒未完成', axe: null })] }) }, ctx);
    expect(out.findings).toEqual([expect.objectContaining({ indicator: 'warn.browser-audit-failed' })]);
    expect(out.sections?.accessibility?.[0]).toMatchObject({ score: null, error: '页面检测超过 30 秒未完成' });
  });
});

describe('WCAG criteria from axe tags', () => {
  it('reads two-digit criteria and marks WCAG 2.1 additions', () => {
    expect(criterionOfTag('wcag1410')).toMatchObject({ id: '1.4.10', name: '重排', wcag21: true });
    expect(criterionOfTag('wcag111')).toMatchObject({ id: '1.1.1', level: 'A', wcag21: false });
    expect(criterionOfTag('wcag2aa')).toBeNull();
    expect(criteriaOfTags(['cat.text-alternatives', 'wcag2a', 'wcag111', 'section508']).map((c) => c.id)).toEqual(['1.1.1']);
  });
});

describe('which static pages need the browser', () => {
  const page = (html: string) => ({ html, $: load(html) });
  const article = `<html><body><h1>标题</h1><p>${'正文内容'.repeat(30)}</p><script src="/js/common.js"></script></body></html>`;

  it('leaves ordinary pages (with or without scripts) alone', () => {
    expect(scriptBuiltReason(page(article))).toBeNull();
    expect(scriptBuiltReason(page(`<html><body><p>${'正文'.repeat(40)}</p></body></html>`))).toBeNull();
    // The TRS pager script on a normal list page is not a list builder.
    expect(scriptBuiltReason(page(`<html><body><ul class="list"><li><a href="/a.html">${'标题'.repeat(30)}</a></li></ul><div class="page"></div><script>createPageHTML(3, 0, "index", "html");</script></body></html>`))).toBeNull();
  });

  it('spots an empty app shell, an empty list a script fills, and Hanweb dataproxy lists', () => {
    expect(scriptBuiltReason(page('<html><body><div id="app"></div><script src="/app.js"></script></body></html>'))).toContain('内容由脚本生成');
    const list = `<html><body><h1>政策文件</h1><p>${'说明文字'.repeat(20)}</p><ul id="news-list"></ul><script>fetch('/list.json').then(r => r.json()).then(d => { document.getElementById('news-list').innerHTML = d; });</script></body></html>`;
    expect(scriptBuiltReason(page(list))).toBe('空的列表容器 #news-list 由脚本填充');
    expect(scriptBuiltReason(page(`<html><body><p>${'栏目'.repeat(40)}</p><div id="div1"></div><script language="javascript" src="/module/web/jpage/dataproxy.jsp?page=1"></script></body></html>`))).toContain('dataproxy');
  });
});

describe('screenshots for other checks’ findings', async () => {
  const { attachScreenshots } = await import('../../src/browser/attach-screenshots.ts');
  const audits = {
    browserAudits: {
      screenshots: { 'http://x/col/': 'screenshots/page-1.png', 'http://x/list/': 'screenshots/page-2.png' },
      elementShots: { 'http://x/list/': [{ selector: 'img.logo', file: 'screenshots/page-2-el1.png' }, { selector: '#nav > a', file: 'screenshots/page-2-el2.png' }] },
    },
  };

  it('gives a stale column the plain shot of its page, keeping a finding’s own shot', () => {
    const results = [
      { id: 'column-freshness', title: '', status: 'fail' as const, findings: [
        { indicator: 'veto.columns-stale', title: '栏目不更新', url: 'http://x/col/', evidence: '' },
        { indicator: 'x', title: '', url: 'http://x/col/', evidence: '', screenshot: 'own.png' },
        { indicator: 'y', title: '', url: 'http://x/other/', evidence: '' },
      ] },
    ];
    const out = attachScreenshots(results, audits);
    expect(out[0].findings.map((f) => f.screenshot ?? null)).toEqual(['screenshots/page-1.png', 'own.png', null]);
  });

  it('gives an element-level finding the crop of the element its evidence names', () => {
    const results = [
      { id: 'accessibility', title: '', status: 'fail' as const, findings: [
        { indicator: 'deduct.accessibility-severe', title: '', url: 'http://x/list/', evidence: '示例元素：#nav > a', screenshot: 'screenshots/page-2.png' },
      ] },
    ];
    expect(attachScreenshots(results, audits)[0].findings[0].screenshot).toBe('screenshots/page-2-el2.png');
  });

  it('gives findings about something missing or elsewhere no page shot with unrelated marks', () => {
    const results = [
      { id: 'required-items', title: '', status: 'fail' as const, findings: [{ indicator: 'deduct.required-item-missing', title: '未公开「三公经费」', url: 'http://x/list/', evidence: '' }] },
      { id: 'links-broken', title: '', status: 'fail' as const, findings: [{ indicator: 'deduct.links-broken', title: '', url: 'http://x/col/', evidence: '' }] },
    ];
    expect(attachScreenshots(results, audits).flatMap((r) => r.findings.map((f) => f.screenshot ?? null))).toEqual([null, null]);
  });
});
