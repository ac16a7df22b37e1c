import { indicatorTableSchema, type IndicatorTable } from '../../src/score/indicator-table.ts';

/**
 * A small indicator table of the report tests' own (the bundled one changes as indicators
 * are added): two link indicators, a veto, a warning and a manual item.
 */
export function linksIndicatorTable(): IndicatorTable {
  return indicatorTableSchema.parse({
    id: 'snapshot-table',
    name: '政府网站检查指标（测试）',
    vetoes: [{ id: 'veto.columns-stale', title: '栏目不更新', rule: '不更新栏目合计 ≥5 个' }],
    groups: [
      { id: 'publish', name: '发布解读', weight: 40, indicators: [] },
      { id: 'service', name: '办事服务', weight: 25, serviceGroup: true, indicators: [] },
      { id: 'interaction', name: '互动交流', weight: 15, indicators: [] },
      {
        id: 'function',
        name: '功能设计',
        weight: 20,
        indicators: [
          { id: 'deduct.links-broken-homepage', title: '首页链接不可用', points: 1, cap: 5 },
          { id: 'deduct.links-broken', title: '其他页面链接不可用', points: 0.1, cap: 5 },
        ],
      },
    ],
    warnings: [{ id: 'warn.links-unverifiable', title: '链接无法核验' }],
    manual: [{ id: 'manual.content-accuracy', title: '内容准确性', rule: '抽查文章有无错别字、严重表述错误' }],
  });
}
