import { defineCheck } from '../src/checks/define-check.ts';
import { byUrgency, countProblems, judgeColumn, vetoRules, type JudgedColumn } from '../src/columns/judge.ts';
import type { FindingDraft } from '../src/types.ts';

function newestText(c: JudgedColumn): string {
  return c.latestDate ? `最新信息日期 ${c.latestDate}（${c.dateSource ?? '日期'}），距检查日 ${c.ageDays} 天` : '未能找到任何带日期的信息';
}

function staleEvidence(c: JudgedColumn): string {
  return `${newestText(c)}；${c.categoryName}栏目要求 ${c.windowDays} 天内有更新；栏目地址：${c.url}`;
}

function names(columns: JudgedColumn[]): string {
  const shown = columns.slice(0, 12).map((c) => `「${c.name}」`).join('、');
  return columns.length > 12 ? `${shown} 等 ${columns.length} 个` : shown;
}

/**
 * 栏目不更新 (veto.columns-stale) and its early warnings: every column found is judged
 * against its class window (动态要闻 14 天, 通知公告/政策文件 183 天, 人事/规划 365 天) and
 * for blankness; the three veto lines are (a) ≥5 stale 动态+通知公告+政策文件 columns,
 * (b) ≥10 stale columns in all, (c) ≥5 blank columns. Items dated after the monitoring
 * date are flagged as possible forged dates, for a person to confirm.
 */
export default defineCheck({
  meta: {
    id: 'column-freshness',
    title: '栏目均按时更新',
    failureTitle: '存在不更新或空白栏目',
    requires: ['columns'],
    indicators: ['veto.columns-stale', 'veto.serious-error', 'deduct.policy-stale', 'deduct.columns-blank', 'warn.column-stale', 'warn.column-unverified', 'warn.columns-stale', 'warn.columns-blank'],
  },
  run({ columns }, ctx) {
    const config = ctx.config.columns;
    const judged = columns.columns.map((c) => judgeColumn(c, config, ctx.asOf)).sort(byUrgency);
    const findings: FindingDraft[] = [];
    for (const c of judged) {
      // The office is chosen after the checks (src/score/route-office.ts) from the column's.
      const route = { column: { url: c.url, name: c.name, office: c.office } };
      if (c.stale) {
        findings.push({
          indicator: c.category === 'policy' ? 'deduct.policy-stale' : 'warn.column-stale',
          title: c.state === 'undated' ? `栏目「${c.name}」无法确定更新日期，视为未更新` : `栏目「${c.name}」${c.windowDays} 天内无更新`,
          url: c.url,
          route,
          evidence: staleEvidence(c),
          key: c.url,
        });
      }
      if (c.blank) {
        findings.push({ indicator: 'deduct.columns-blank', title: `空白栏目「${c.name}」`, url: c.url, route, evidence: `栏目没有任何信息（${columns.columns.find((r) => r.url === c.url)?.blankReason ?? '列表为空'}）；栏目地址：${c.url}`, key: c.url });
      }
      if (c.pagingUnmapped && c.state !== 'unverified') {
        findings.push({
          indicator: 'warn.column-unverified',
          title: `栏目「${c.name}」的分页无法自动读取，需人工核查后续页面`,
          url: c.url,
          route,
          evidence: `${c.pagingUnmapped}；已读取 ${c.pagesRead} 页，请人工翻页核对链接和信息日期`,
          key: `paging\n${c.url}`,
        });
      }
      if (c.state === 'unverified') {
        const reason = columns.columns.find((r) => r.url === c.url)?.unverified ?? '';
        findings.push({ indicator: 'warn.column-unverified', title: `栏目「${c.name}」未能自动核验更新情况`, url: c.url, route, evidence: `${reason}；请人工打开确认`, key: c.url });
      }
      for (const item of c.futureItems) {
        findings.push({
          indicator: 'veto.serious-error',
          title: `疑似伪造发布日期（待核实）：栏目「${c.name}」有信息日期晚于检查日`,
          url: item.url,
          route,
          evidence: `「${item.title}」标注日期 ${item.date}，晚于检查日 ${ctx.asOf}；请核实是否为错填或伪造日期；栏目地址：${c.url}`,
          key: `future\n${item.url}`,
        });
      }
    }
    const counts = countProblems(judged);
    const rules = vetoRules(counts, config);
    const stale = judged.filter((c) => c.stale);
    const newsNoticePolicy = stale.filter((c) => c.category === 'news' || c.category === 'notice' || c.category === 'policy');
    const blank = judged.filter((c) => c.blank);
    if (rules.a) {
      findings.push({
        indicator: 'veto.columns-stale',
        title: `动态要闻类及通知公告、政策文件类栏目不更新合计 ${counts.newsNoticePolicyStale} 个（达到 ${config.veto.newsNoticePolicyStale} 个）`,
        url: null,
        evidence: `超期栏目：${names(newsNoticePolicy)}`,
        key: 'rule-a',
      });
    }
    if (rules.b) {
      findings.push({ indicator: 'veto.columns-stale', title: `应更新未更新栏目 ${counts.staleTotal} 个（达到 ${config.veto.staleTotal} 个）`, url: null, evidence: `超期栏目：${names(stale)}`, key: 'rule-b' });
    }
    if (rules.c) {
      findings.push({ indicator: 'veto.columns-stale', title: `空白栏目 ${counts.blank} 个（达到 ${config.veto.blank} 个）`, url: null, evidence: `空白栏目：${names(blank)}`, key: 'rule-c' });
    }
    if (rules.warnStale) {
      findings.push({
        indicator: 'warn.columns-stale',
        title: `未更新栏目已有 ${counts.staleTotal} 个，接近单项否决线（${config.veto.staleTotal} 个）`,
        url: null,
        evidence: `超期栏目：${names(stale)}`,
        key: 'warn-stale',
      });
    }
    if (rules.warnBlank) {
      findings.push({ indicator: 'warn.columns-blank', title: `空白栏目已有 ${counts.blank} 个，接近单项否决线（${config.veto.blank} 个）`, url: null, evidence: `空白栏目：${names(blank)}`, key: 'warn-blank' });
    }
    // No column judged is no evidence that every column is current: nothing was checked.
    const noneFound = judged.length === 0;
    return {
      findings,
      sections: { columns: judged },
      ...(noneFound && { status: 'manual' as const }),
      reason: noneFound
        ? `未识别出任何栏目（栏目列表页未能读取，或其版式无法自动识别），栏目更新情况需人工核查${columns.candidates ? `；候选栏目页 ${columns.candidates} 个未能确认为栏目` : ''}`
        : `发现栏目 ${judged.length} 个：超期 ${counts.staleTotal} 个（其中动态、通知公告、政策文件类 ${counts.newsNoticePolicyStale} 个），空白 ${counts.blank} 个`,
      details: { counts, rules, candidates: columns.candidates, excluded: columns.excluded, browser: columns.browser },
    };
  },
});
