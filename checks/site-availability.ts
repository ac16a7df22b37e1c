import { defineCheck } from '../src/checks/define-check.ts';
import type { FindingDraft } from '../src/types.ts';

const percent = (r: number) => `${(r * 100).toFixed(1)}%`;

/**
 * 站点无法访问: the failure ratio of a week of homepage probes (`gov-inspector monitor`),
 * at least `minProbesPerDay` a day. With too few probes the rule cannot be applied and the
 * check says so (manual) — unless the failures already reach the veto share of the probes
 * the rule requires, which no further successful probe could undo.
 */
export default defineCheck({
  meta: {
    id: 'site-availability',
    title: '站点可正常访问',
    failureTitle: '站点访问失败率过高',
    requires: ['availability'],
    indicators: ['veto.site-unreachable', 'warn.site-unreachable-monitor'],
  },
  run({ availability: a }, ctx) {
    const { vetoRatio, warnRatio } = ctx.config.monitor;
    const required = a.windowDays * a.minProbesPerDay;
    const enough = a.probes >= required && a.fullDays >= a.windowDays;
    const details = { probes: a.probes, failures: a.failures, ratio: a.ratio, fullDays: a.fullDays, required, from: a.from, to: a.to };
    const worst = a.recentFailures.slice(0, 5).map((f) => `${f.at} ${f.status !== null ? `HTTP ${f.status}` : f.error}`).join('；');
    const evidence = (ratio: number) =>
      `近 ${a.windowDays} 天监测 ${a.probes} 次，失败 ${a.failures} 次，失败率 ${percent(ratio)}（${a.fullDays} 天达到每天 ${a.minProbesPerDay} 次）${worst ? `；最近失败：${worst}` : ''}`;
    const findings: FindingDraft[] = [];
    // Against the probes the rule requires: a lower bound of the week's ratio while data is short.
    const ratio = enough ? a.failures / a.probes : a.failures / Math.max(required, a.probes);
    if (ratio >= vetoRatio) {
      findings.push({ indicator: 'veto.site-unreachable', title: `首页访问失败率 ${percent(ratio)}，达到单项否决标准`, url: a.siteUrl, evidence: evidence(ratio), key: a.siteUrl });
      return { findings, details };
    }
    if (!enough) {
      const reason = a.probes === 0
        ? `没有可用性监测数据：请在检查前至少 ${a.windowDays} 天运行 gov-inspector monitor（每 30 分钟一次）`
        : `监测数据不足：需 ${a.windowDays} 天、每天不少于 ${a.minProbesPerDay} 次，现有 ${a.probes} 次（${a.fullDays} 天达标），无法判定`;
      // Missing monitor data is the tool's setup (monitor not run long enough): a technical note.
      return { status: 'manual', audience: 'operator', reason, findings, details };
    }
    if (ratio >= warnRatio) {
      findings.push({ indicator: 'warn.site-unreachable-monitor', title: `首页访问失败率 ${percent(ratio)}，接近单项否决标准`, url: a.siteUrl, evidence: evidence(ratio), key: a.siteUrl });
      return { status: 'warn', findings, details };
    }
    return { findings, details };
  },
});
