import { defineCheck } from '../src/checks/define-check.ts';
import { INDICATORS, judgePrivacy } from '../src/content-safety/verdicts.ts';

/**
 * 个人信息保护: unmasked resident ID numbers (checksum, region and birth date validated)
 * and mobile numbers in published pages. Numbers are masked everywhere they are reported.
 */
export default defineCheck({
  meta: {
    id: 'privacy',
    title: '未发现未脱敏的个人信息',
    failureTitle: '页面公开了未脱敏的个人信息',
    requires: ['contentSafety'],
    indicators: [INDICATORS.privacy, INDICATORS.mobile],
  },
  run({ contentSafety }, ctx) {
    const { findings, rows } = judgePrivacy(contentSafety);
    return {
      findings,
      sections: { contentSafety: rows },
      details: { idNumbers: contentSafety.privacy.filter((p) => p.type === 'id-number').length, mobiles: contentSafety.privacy.filter((p) => p.type === 'mobile').length },
    };
  },
});
