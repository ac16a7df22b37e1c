import type { MobileEntry } from '../src/accessibility/sections.ts';
import { defineCheck } from '../src/checks/define-check.ts';
import type { FindingDraft } from '../src/types.ts';

/**
 * 移动端适配: at a phone width (375 px by default) a page declares a viewport
 * (`width=device-width`) and does not scroll sideways. Both are nearly always template
 * problems, so each is one finding listing the pages.
 */
export default defineCheck({
  meta: {
    id: 'mobile',
    title: '移动端浏览正常',
    failureTitle: '移动端适配存在问题',
    requires: ['browserAudits'],
    indicators: ['deduct.mobile-viewport', 'deduct.mobile-horizontal-scroll'],
  },
  run({ browserAudits: audits }, ctx) {
    if (audits.skipped) return { status: 'skipped', reason: `浏览器检查已跳过：${audits.skipped}`, sections: { mobile: [] } };
    const width = ctx.config.browser.mobileWidth;
    const pages = audits.pages.filter((p) => p.mobile);
    const list = (urls: string[]) => urls.slice(0, 5).join('、') + (urls.length > 5 ? ` 等 ${urls.length} 个页面` : '');
    const findings: FindingDraft[] = [];
    const noViewport = pages.filter((p) => !p.mobile!.deviceWidth);
    if (noViewport.length) {
      findings.push({
        indicator: 'deduct.mobile-viewport',
        title: '页面未设置移动端视口（viewport）',
        url: noViewport[0].url,
        evidence: `缺少 <meta name="viewport" content="width=device-width, initial-scale=1">，手机上按电脑版缩小显示：${list(noViewport.map((p) => `${p.url}${p.mobile!.viewportMeta ? `（现为 ${p.mobile!.viewportMeta}）` : ''}`))}`,
        key: 'mobile-viewport',
        screenshot: noViewport.find((p) => p.mobileScreenshot)?.mobileScreenshot ?? null,
      });
    }
    const wide = pages.filter((p) => p.mobile!.horizontalScroll);
    if (wide.length) {
      findings.push({
        indicator: 'deduct.mobile-horizontal-scroll',
        title: `手机宽度（${width}px）下页面出现横向滚动`,
        url: wide[0].url,
        evidence: list(wide.map((p) => `${p.url}（内容宽 ${p.mobile!.scrollWidth}px${p.mobile!.widestElement ? `，最宽元素 ${p.mobile!.widestElement}` : ''}）`)),
        key: 'mobile-horizontal-scroll',
        screenshot: wide.find((p) => p.mobileScreenshot)?.mobileScreenshot ?? null,
      });
    }
    const section: MobileEntry[] = pages.map((p) => ({
      url: p.url,
      viewportMeta: p.mobile!.viewportMeta,
      horizontalScroll: p.mobile!.horizontalScroll,
      scrollWidth: p.mobile!.scrollWidth,
      viewportWidth: p.mobile!.viewportWidth,
      screenshot: p.mobileScreenshot,
    }));
    return { findings, sections: { mobile: section }, reason: `在 ${width}px 宽度下检测 ${pages.length} 个页面` };
  },
});
