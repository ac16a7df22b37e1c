import { defineCheck } from '../src/checks/define-check.ts';
import { INDICATORS, judgeOutbound } from '../src/content-safety/verdicts.ts';

/**
 * 外链安全: the outside sites the site links to, grouped by domain, and the targets whose
 * pages now carry gambling or porn content (often an expired domain re-registered),
 * which count as linking to such content (严重错误).
 */
export default defineCheck({
  meta: {
    id: 'outbound-links',
    title: '外部链接未发现涉赌涉黄内容',
    failureTitle: '链接到含赌博色情内容的外部网站',
    requires: ['contentSafety'],
    indicators: [INDICATORS.serious],
  },
  run({ contentSafety }, ctx) {
    const { findings, rows } = judgeOutbound(contentSafety);
    const o = contentSafety.outbound;
    return {
      findings,
      sections: { contentSafety: rows },
      reason: `外部域名 ${o.domains.length} 个，外部链接目标 ${o.targets} 个，抽查 ${o.fetched} 个${o.fetchFailed ? `（${o.fetchFailed} 个无法打开）` : ''}`,
      details: { domains: o.domains, fetched: o.fetched, fetchFailed: o.fetchFailed, targets: o.targets },
    };
  },
});
