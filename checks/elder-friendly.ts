import type { ElderFriendlySection } from '../src/accessibility/sections.ts';
import { defineCheck } from '../src/checks/define-check.ts';
import type { AuditedPage } from '../src/accessibility/types.ts';
import type { FindingDraft } from '../src/types.ts';

const pct = (share: number) => `${Math.round(share * 100)}%`;

function pageList(pages: AuditedPage[], describe: (p: AuditedPage) => string): string {
  return pages.slice(0, 5).map((p) => `${p.url}（${describe(p)}）`).join('；') + (pages.length > 5 ? ` 等 ${pages.length} 个页面` : '');
}

/**
 * 适老化 (国办公开办函〔2021〕28号 and the 2021 design rules): an elder or accessibility
 * mode entry on the homepage; body text at a readable size, line height ≥1.3 and contrast
 * ≥4.5:1; the page's language declared. Each problem is one finding listing the pages
 * (it is nearly always the site template).
 */
export default defineCheck({
  meta: {
    id: 'elder-friendly',
    title: '适老化要求基本满足',
    failureTitle: '适老化存在不足',
    requires: ['browserAudits'],
    indicators: ['deduct.elder-mode-missing', 'deduct.elder-text', 'warn.page-lang'],
  },
  run({ browserAudits: audits }, ctx) {
    if (audits.skipped) return { status: 'skipped', reason: `浏览器检查已跳过：${audits.skipped}`, sections: { elderFriendly: null } };
    const t = ctx.config.browser.elder;
    const pages = audits.pages.filter((p) => !p.error && p.text);
    const homepage = audits.pages.find((p) => p.kind === 'homepage');
    const findings: FindingDraft[] = [];
    if (audits.elderEntries && audits.elderEntries.length === 0 && homepage) {
      findings.push({
        indicator: 'deduct.elder-mode-missing',
        title: '首页未提供无障碍或长者模式入口',
        url: homepage.url,
        evidence: `首页未找到以下任一入口：${t.entryWords.join('、')}（含链接、按钮和图片的替代文本）`,
        key: 'elder-mode-entry',
        screenshot: homepage.screenshot,
      });
    }
    const small = pages.filter((p) => p.text!.baseFontPx !== null && p.text!.baseFontPx < t.minFontPx);
    const tight = pages.filter((p) => p.text!.lineHeight !== null && p.text!.lineHeight < t.minLineHeight);
    const faint = pages.filter((p) => (p.text!.baseContrast !== null && p.text!.baseContrast < t.minContrast) || p.text!.lowContrastShare > t.maxLowContrastShare);
    const problems: [AuditedPage[], string, string, (p: AuditedPage) => string][] = [
      [small, 'font', `正文字号小于 ${t.minFontPx}px`, (p) => `正文字号 ${p.text!.baseFontPx}px`],
      [tight, 'line-height', `正文行距小于 ${t.minLineHeight} 倍`, (p) => `行距约 ${p.text!.lineHeight} 倍`],
      [
        faint,
        'contrast',
        `正文文字与背景对比度低于 ${t.minContrast}:1`,
        (p) => {
          const e = p.text!.lowContrastExamples[0];
          return `正文对比度 ${p.text!.baseContrast ?? '未知'}:1，低对比度文字占 ${pct(p.text!.lowContrastShare)}${e ? `，如「${e.text}」${e.color}/${e.background} ${e.ratio}:1` : ''}`;
        },
      ],
    ];
    for (const [hit, key, title, describe] of problems) {
      if (!hit.length) continue;
      findings.push({
        indicator: 'deduct.elder-text',
        title: `适老化：${title}`,
        url: hit[0].url,
        evidence: pageList(hit, describe),
        key: `elder-${key}`,
        screenshot: (hit.find((p) => p.screenshot) ?? hit[0]).screenshot,
      });
    }
    const noLang = pages.filter((p) => !p.text!.lang || !/^zh\b/i.test(p.text!.lang));
    if (noLang.length) {
      findings.push({
        indicator: 'warn.page-lang',
        title: '页面未声明中文语言（html lang 属性）',
        url: noLang[0].url,
        evidence: `读屏软件据此选择朗读语言：${pageList(noLang, (p) => (p.text!.lang ? `声明为 ${p.text!.lang}` : '未声明'))}`,
        key: 'page-lang',
      });
    }
    const section: ElderFriendlySection = {
      entry: audits.elderEntries === null ? null : { found: audits.elderEntries.length > 0, texts: audits.elderEntries.map((e) => e.text), url: audits.elderEntries[0]?.href ?? null },
      pages: pages.map((p) => ({
        url: p.url,
        lang: p.text!.lang,
        baseFontPx: p.text!.baseFontPx,
        lineHeight: p.text!.lineHeight,
        baseContrast: p.text!.baseContrast,
        lowContrastShare: Math.round(p.text!.lowContrastShare * 1000) / 1000,
        problems: [small.includes(p) && '字号', tight.includes(p) && '行距', faint.includes(p) && '对比度', noLang.includes(p) && '语言'].filter((x): x is string => !!x),
      })),
      thresholds: { minFontPx: t.minFontPx, minLineHeight: t.minLineHeight, minContrast: t.minContrast },
    };
    return { findings, sections: { elderFriendly: section }, reason: `检测 ${pages.length} 个页面` };
  },
});
