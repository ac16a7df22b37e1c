import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../../src/browser/find-browser.ts';
import type { ContentSafetyArtifact } from '../../src/content-safety/types.ts';
import type { Finding } from '../../src/types.ts';
import { localPath, scanFixture, type FixtureScan } from '../helpers/fixture-scan.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/safety-site');
const browserFound = findBrowser();
if (!browserFound.ok && process.env.REQUIRE_BROWSER) throw new Error(`REQUIRE_BROWSER is set but no browser: ${browserFound.reason}`);
if (!browserFound.ok) console.warn(`content-safety browser tests skipped: ${browserFound.reason}`);
const browserDescribe = browserFound.ok ? describe : describe.skip;

const siteConfig = (withBrowser: boolean) => (s: FixtureScan['sites']) => ({
  site: { name: '示例市生态环境局', url: `${s.site.origin}/` },
  browser: { enabled: withBrowser, loopbackOnly: true },
});

/** Hidden links found, as `page → target` in fixture paths. */
function hiddenEdges(scan: FixtureScan): string[] {
  const cs = scan.artifacts.contentSafety as ContentSafetyArtifact;
  return cs.hiddenLinks.filter((h) => h.browser !== 'visible').map((h) => `${localPath(h.page, scan.sites)} → ${localPath(h.href, scan.sites)}`).sort();
}

function findingsOf(scan: FixtureScan, check: string): Finding[] {
  return scan.findings.findings.filter((f) => f.check === check);
}

/** Found by the HTML and CSS alone, with or without a browser. */
const STATIC_HIDDEN = [
  '/hidden/display-none.html → EXT/spam/casino.html',
  '/hidden/font-zero.html → EXT/spam/casino.html?from=5',
  '/hidden/not-spam.html → EXT/members.html',
  '/hidden/offscreen.html → EXT/spam/casino.html?from=3',
  '/hidden/same-colour.html → EXT/spam/adult.html?from=6',
  '/hidden/script.html → EXT/spam/lottery.html?from=8',
  '/hidden/style-rule.html → EXT/spam/casino.html?from=7',
  '/hidden/visibility.html → EXT/spam/adult.html',
  '/hidden/zero-size.html → EXT/spam/lottery.html?from=4',
];

describe('content safety of the safety fixture site, static verdicts (no browser)', () => {
  let scan: FixtureScan;
  beforeAll(async () => {
    scan = await scanFixture({ root: ROOT, config: siteConfig(false) });
  }, 240_000);
  afterAll(() => scan?.cleanup());

  it('finds each kind of hidden outside link and says the verdict is static only', () => {
    // The menu shown by a script is judged hidden without a browser: that is the limit of a static verdict.
    expect(hiddenEdges(scan)).toEqual([...STATIC_HIDDEN, '/hidden/shown-by-script.html → EXT/gov/index.html?from=11'].sort());
    const hiddenCheck = scan.findings.checks.find((c) => c.id === 'hidden-links');
    expect(hiddenCheck?.reason).toMatch(/^仅静态判断：已通过 --no-browser 关闭浏览器检查；暗链仅依据静态 HTML 和 CSS 判断/);
    const finding = findingsOf(scan, 'hidden-links').find((f) => f.title.includes('/spam/casino.html?from=3'));
    expect(finding?.severity).toBe('veto');
    expect(finding?.evidence).toContain('仅依据静态 HTML/CSS 判断');
  });

  it('vetoes gambling and porn hidden links, warns about the others', () => {
    const bySeverity = Object.fromEntries(findingsOf(scan, 'hidden-links').map((f) => [localPath(f.title.split('：')[1], scan.sites), f.indicator]));
    expect(bySeverity['EXT/members.html']).toBe('warn.hidden-link');
    expect(bySeverity['EXT/spam/lottery.html?from=8']).toBe('veto.serious-error');
    expect(Object.values(bySeverity).filter((i) => i === 'veto.serious-error')).toHaveLength(8);
  });

  it('flags the friendly link whose domain now serves a gambling site, and lists outside domains', () => {
    const outbound = findingsOf(scan, 'outbound-links');
    // Without a browser the link pushed off-page by linked CSS looks visible, so it is judged as an open link.
    expect(outbound.map((f) => localPath(f.evidence.split(' ')[1], scan.sites)).sort()).toEqual(['EXT/expired/index.html', 'EXT/spam/adult.html?from=9']);
    const expired = outbound.find((f) => f.evidence.includes('/expired/'));
    expect(expired).toMatchObject({ indicator: 'veto.serious-error', url: `${scan.sites.site.origin}/` });
    expect(expired?.evidence).toContain('皇冠体育');
    const cs = scan.artifacts.contentSafety as ContentSafetyArtifact;
    expect(cs.outbound.domains.map((d) => d.host)).toEqual([new URL(scan.sites.external.origin).host]);
    // The government sites linked openly are fetched and found clean.
    expect(cs.outbound.spamTargets.map((t) => localPath(t.url, scan.sites))).not.toContain('EXT/gov/index.html');
  });

  it('matches the lexicon in titles, text and attachment names, with allow phrases and near misses', () => {
    const byTerm = Object.fromEntries(findingsOf(scan, 'wrong-expressions').map((f) => [f.title, [f.indicator, localPath(f.url ?? '', scan.sites)]]));
    expect(byTerm['严重表述错误：「中华人民共合国」（应为「中华人民共和国」）']).toEqual(['veto.serious-error', '/lexicon.html']);
    expect(byTerm['表述错误：「党的19大」（应为「十X大（汉字数字）」）']).toEqual(['deduct.content-expression', '/lexicon.html']);
    expect(byTerm['表述错误：「国务院办工厅」（应为「国务院办公厅」）']).toEqual(['deduct.content-expression', '/lexicon.html']);
    expect(byTerm['疑似表述不规范：「环境保护部」（应为「生态环境部」）']).toEqual(['warn.content-review', '/lexicon.html']);
    const attachment = findingsOf(scan, 'wrong-expressions').find((f) => f.title.includes('国务院办工厅'));
    expect(attachment?.evidence).toMatch(/^附件名称（http:\/\/127\.0\.0\.1:\d+\/uploads\/notice-2026\.doc）出现「国务院办工厅」/);
    const a1 = findingsOf(scan, 'wrong-expressions').filter((f) => f.url?.endsWith('/xwzx/a1.html'));
    expect(a1).toEqual([]); // 二十大, 20大类, 2019大会, 原环境保护部, 打击六合彩: all legitimate
    // A gambling word that is only the text of a hidden link is reported once, with the link.
    expect(Object.keys(byTerm).some((t) => t.includes('澳门新葡京'))).toBe(false);
    expect(Object.keys(byTerm)).toContain('赌博敏感内容：「注册送彩金」');
  });

  it('reports unmasked ID and mobile numbers masked, ignoring invalid and masked ones', () => {
    const privacy = findingsOf(scan, 'privacy');
    expect(privacy.map((f) => [f.indicator, f.title, f.count])).toEqual([
      ['deduct.privacy-leak', '页面公开了 2 个未脱敏的身份证号', 2],
      ['warn.privacy-mobile', '页面公开了 1 个未脱敏的手机号，请确认是否应当公开', 1],
    ]);
    const rows = scan.findings.contentSafety.filter((r) => r.kind === 'privacy');
    expect(rows.map((r) => r.masked)).toEqual(['6201**********1239', '139****5678', '1101**********002X']);
    const everywhere = JSON.stringify([scan.findings, scan.artifacts.contentSafety]);
    for (const raw of ['620102198001011239', '11010519491231002', '13912345678']) expect(everywhere).not.toContain(raw);
  });

  it('lists the content-safety rows in the HTML report, numbers masked', async () => {
    const file = scan.outcome.files.find((f) => f.endsWith('.html'));
    expect(file).toBeDefined();
    const html = await readFile(file as string, 'utf8');
    const section = html.slice(html.indexOf('<section class="content-safety"'), html.indexOf('</section>', html.indexOf('<section class="content-safety"'))).replace(/ data-label="[^"]*"/g, '');
    expect(section).toContain('内容安全（暗链、错敏词、个人信息、篡改）');
    expect(section).toContain('6201**********1239');
    expect(section).toContain('<td>暗链</td><td>单项否决</td>');
    expect(section).toContain('<td>错误表述</td><td>扣分</td>');
    for (const raw of ['620102198001011239', '13912345678']) expect(html).not.toContain(raw);
  });

  it('fills the contentSafety section with every kind, and the first scan only records the homepage fingerprint', () => {
    const kinds = new Set(scan.findings.contentSafety.map((r) => r.kind));
    expect([...kinds].sort()).toEqual(['hidden-link', 'privacy', 'sensitive-word', 'wrong-expression']);
    expect(scan.findings.checks.find((c) => c.id === 'tampering')).toMatchObject({ status: 'na', reason: '首次检查：已记录首页指纹，下次检查时比对' });
    expect(scan.findings.score.vetoes).toContain('veto.serious-error');
  });
});

browserDescribe('content safety of the safety fixture site, confirmed in the browser', () => {
  let scan: FixtureScan;
  beforeAll(async () => {
    scan = await scanFixture({ root: ROOT, config: siteConfig(true) });
  }, 300_000);
  afterAll(() => scan?.cleanup());

  it('confirms the static verdicts, clears a menu a script shows, and adds links hidden by linked CSS or an outside script', () => {
    expect(hiddenEdges(scan)).toEqual(
      [...STATIC_HIDDEN, '/hidden/external-css.html → EXT/spam/adult.html?from=9', '/hidden/external-script.html → EXT/spam/lottery.html'].sort(),
    );
    const cs = scan.artifacts.contentSafety as ContentSafetyArtifact;
    expect(cs.browser).toMatchObject({ used: true, errors: [] });
    const shown = cs.hiddenLinks.find((h) => h.page.endsWith('/hidden/shown-by-script.html'));
    expect(shown?.browser).toBe('visible');
    expect(cs.hiddenLinks.filter((h) => h.browser === 'not-checked').map((h) => `${h.page} ${h.href}`)).toEqual([]);
    const injected = cs.hiddenLinks.find((h) => h.page.endsWith('/hidden/external-script.html'));
    expect(injected).toMatchObject({ detectedBy: 'browser', scripted: true });
    expect(injected?.reasons[0]).toBe('页面 HTML 中没有此链接，由脚本动态写入');
    const offCss = cs.hiddenLinks.find((h) => h.page.endsWith('/hidden/external-css.html'));
    expect(offCss?.reasons.join()).toContain('渲染位置在页面之外');
    const finding = findingsOf(scan, 'hidden-links').find((f) => f.title.endsWith('/spam/casino.html'));
    expect(finding?.evidence).toContain('经浏览器计算样式确认');
    // Found only by the browser, the off-page link is now a hidden link, not an open outbound one.
    expect(findingsOf(scan, 'outbound-links').map((f) => localPath(f.evidence.split(' ')[1], scan.sites))).toEqual(['EXT/expired/index.html']);
  });
});
