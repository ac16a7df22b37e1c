import { defineCheck } from '../src/checks/define-check.ts';
import { INDICATORS, judgeHiddenLinks } from '../src/content-safety/verdicts.ts';

/**
 * 暗链: links to other sites a visitor cannot see (display:none, off-screen, zero size,
 * font-size 0, same colour as the background, written by a script). Those pointing to
 * gambling or porn content make the site unqualified (严重错误); the rest are listed for
 * review. Hidden links need evidence: links to the site's own pages or to
 * contentSafety.allowedHosts, and menus or tabs the page's scripts show, are never reported.
 */
export default defineCheck({
  meta: {
    id: 'hidden-links',
    title: '未发现暗链',
    failureTitle: '发现暗链（隐藏的外部链接）',
    requires: ['contentSafety'],
    indicators: [INDICATORS.serious, INDICATORS.hiddenLink],
  },
  run({ contentSafety }, ctx) {
    const { findings, rows } = judgeHiddenLinks(contentSafety);
    const b = contentSafety.browser;
    return {
      findings,
      sections: { contentSafety: rows },
      reason: b.used ? `已用浏览器复核 ${b.pagesChecked} 个页面` : `仅静态判断：${b.reason ?? ''}`,
      details: {
        candidates: contentSafety.hiddenLinks.length,
        // Hidden by design (allowed hosts, script-toggled menus and tabs): listed, never 暗链.
        dismissed: contentSafety.hiddenLinks.filter((h) => h.dismissed).map((h) => ({ page: h.page, href: h.href, text: h.text, why: h.dismissed })),
        browserVisible: contentSafety.hiddenLinks.filter((h) => h.browser === 'visible').length,
        browser: b,
      },
    };
  },
});
