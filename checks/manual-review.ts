import { defineCheck } from '../src/checks/define-check.ts';
import type { FindingDraft } from '../src/types.ts';

/**
 * Indicators no program can judge. Each becomes a `manual` finding (0 points) so the report
 * carries a checklist instead of silently dropping them. Their titles and rules live in the
 * indicator table's `manual` list; the evidence here says what to open and look at.
 */
export const MANUAL_ITEMS: { indicator: string; title: string; evidence: string; office?: string }[] = [
  { indicator: 'manual.content-accuracy', title: '人工核查：内容准确性', evidence: '抽查首页及要闻、通知公告、政策文件栏目近期文章，核对错别字、领导人姓名职务、数据和表述是否准确' },
  { indicator: 'manual.catalogue-content', title: '人工核查：公开事项内容', evidence: '逐项打开「主动公开事项」表中已找到的栏目，确认内容确属该事项、按节奏更新，而非只有空栏目或旧内容' },
  { indicator: 'manual.interpretation-quality', title: '人工核查：政策解读质量', evidence: '抽查政策解读，确认为实质性解读（背景、要点、变化），不是简单摘抄原文；图解、音视频等多样形式可加分' },
  { indicator: 'manual.interaction-reply-quality', title: '人工核查：留言答复质量', evidence: '抽查已答复留言，确认答复切题、有实质内容，未以“已转交”等敷衍；并实测提交一条留言，确认提交渠道可用' },
  { indicator: 'manual.service-accuracy', title: '人工核查：办事指南准确性', evidence: '抽查办事指南，核对要素与实际办理一致，表格为现行版本，在线办理入口可用' },
  { indicator: 'manual.identity-filing', title: '人工核查：标识与备案一致', evidence: '在全国政府网站基本信息数据库和 ICP/公安备案系统中核对网站标识码、备案号与页脚一致，党政机关网站标识链接到本单位的开办记录' },
];

export default defineCheck({
  meta: {
    id: 'manual-review',
    title: '人工核查清单',
    failureTitle: '人工核查清单',
    requires: ['crawl'],
    indicators: MANUAL_ITEMS.map((i) => i.indicator),
  },
  run(_artifacts, ctx) {
    const findings: FindingDraft[] = MANUAL_ITEMS.map((i) => ({ indicator: i.indicator, title: i.title, url: ctx.homepageUrl, evidence: i.evidence, key: i.indicator, ...(i.office && { office: i.office }) }));
    return { findings, status: 'manual', reason: `${findings.length} 项指标需人工核查` };
  },
});
