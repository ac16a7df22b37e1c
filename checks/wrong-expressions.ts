import { defineCheck } from '../src/checks/define-check.ts';
import { INDICATORS, judgeLexicon } from '../src/content-safety/verdicts.ts';

/**
 * 错敏词: the configured lexicon matched in page titles, text and attachment names.
 * Serious entries (国名, 领导人姓名职务, 赌博色情词) make the site unqualified; general
 * ones deduct; review ones are warnings for a person to judge. Allow phrases exempt
 * legitimate uses such as 打击六合彩.
 */
export default defineCheck({
  meta: {
    id: 'wrong-expressions',
    title: '未发现错敏词',
    failureTitle: '发现错误表述或敏感词',
    requires: ['contentSafety'],
    indicators: [INDICATORS.serious, INDICATORS.expression, INDICATORS.review],
  },
  run({ contentSafety }, ctx) {
    const { findings, rows } = judgeLexicon(contentSafety);
    return {
      findings,
      sections: { contentSafety: rows },
      reason: `词库：${contentSafety.lexicon.sources.join('、')}（${contentSafety.lexicon.entries} 条），检查页面 ${contentSafety.pagesScanned} 个${contentSafety.truncated ? '；命中过多，部分未记录' : ''}`,
      details: { lexicon: contentSafety.lexicon, hits: contentSafety.lexiconHits.length, truncated: contentSafety.truncated },
    };
  },
});
