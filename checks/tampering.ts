import { defineCheck } from '../src/checks/define-check.ts';
import { INDICATORS, judgeTampering } from '../src/content-safety/verdicts.ts';

/**
 * 防篡改: the homepage's fingerprint compared with the previous scan's. A large text
 * change, a new title or keywords, new outside scripts or frames are listed for a person
 * to confirm (a redesign explains them; a hijack does not).
 */
export default defineCheck({
  meta: {
    id: 'tampering',
    title: '首页未发现异常变化',
    failureTitle: '首页出现需核实的变化',
    requires: ['contentSafety'],
    indicators: [INDICATORS.tamper],
  },
  run({ contentSafety }, ctx) {
    const verdict = judgeTampering(contentSafety, ctx);
    const { current, previous } = contentSafety.tamper;
    if (!current) return { status: 'na', reason: '首页未能抓取，无法生成指纹', sections: { contentSafety: verdict.rows } };
    if (!previous) return { status: 'na', reason: '首次检查：已记录首页指纹，下次检查时比对', sections: { contentSafety: verdict.rows } };
    return {
      findings: verdict.findings,
      sections: { contentSafety: verdict.rows },
      reason: `与 ${contentSafety.tamper.previousAsOf} 的检查相比，首页文字相似度 ${Math.round((verdict.similarity ?? 0) * 100)}%`,
      details: { similarity: verdict.similarity, previousScanId: contentSafety.tamper.previousScanId },
    };
  },
});
