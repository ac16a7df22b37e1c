import { defineCheck } from '../src/checks/define-check.ts';
import { interpretationKey } from '../src/disclosure/interpretation-key.ts';
import type { FindingDraft } from '../src/types.ts';

/**
 * 三同步: every 规范性文件 of the register that is on the site has its 解读, linked with it
 * and published within disclosure.reconcile.interpretationWorkingDays. A missing or unlinked
 * 解读 shares its key with the interpretation check: one problem, routed to the drafter.
 */
export default defineCheck({
  meta: {
    id: 'register-interpretation',
    title: '台账中的规范性文件均已同步发布解读',
    failureTitle: '台账中的规范性文件解读缺失或未同步',
    requires: ['register'],
    indicators: ['deduct.register-interpretation'],
  },
  run({ register }) {
    if (!register.file) return { status: 'na', reason: '未配置文件台账（disclosure.register）' };
    const docs = register.entries.filter((e) => e.normative && e.interpretation && e.url);
    const findings: FindingDraft[] = [];
    for (const e of docs) {
      const interp = e.interpretation!;
      if (interp.ok) continue;
      const key = !interp.url ? interpretationKey('missing', e.url!) : !interp.linked ? interpretationKey('unlinked', e.url!) : `register:interp-late:${e.url}`;
      findings.push({
        indicator: 'deduct.register-interpretation',
        title: `规范性文件解读未同步：${e.docNo} ${e.title}`.trim(),
        url: e.url,
        office: e.office,
        officeFromRegister: e.office !== null,
        route: { document: { number: e.docNo || null } },
        evidence: `${interp.problem}${interp.url ? `（解读：${interp.url}，发布日期 ${interp.date ?? '未知'}）` : ''}；文件发布日期 ${e.publishedDate}`,
        key,
      });
    }
    const normative = register.entries.filter((e) => e.normative).length;
    return {
      findings,
      status: normative ? undefined : 'na',
      reason: normative ? `台账中规范性文件 ${normative} 件，已在网站找到 ${docs.length} 件，解读同步 ${docs.filter((e) => e.interpretation!.ok).length} 件` : '台账中没有规范性文件',
      details: { documents: docs.map((e) => ({ docNo: e.docNo, title: e.title, url: e.url, office: e.office, interpretation: e.interpretation })) },
    };
  },
});
