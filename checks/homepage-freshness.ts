import { defineCheck } from '../src/checks/define-check.ts';
import { daysBetween } from '../src/dates.ts';
import type { CheckOutput } from '../src/checks/define-check.ts';
import { judgeColumn } from '../src/columns/judge.ts';
import type { ColumnsArtifact } from '../src/columns/types.ts';
import type { ColumnsConfig } from '../src/config/sections/columns.ts';
import type { FindingDraft, IsoDate } from '../src/types.ts';

/**
 * 首页不更新 (veto.homepage-stale): the homepage must show an item dated within the last
 * 14 days; an item without a visible date counts as not updated (dates only in URLs do
 * not count: a visitor cannot see them). An early warning fires from 10 days. A homepage
 * that is only a portal of links (no date shown, no article listed) is judged by the
 * second-level pages it links to: stale when none of them has an item within the window.
 */
export default defineCheck({
  meta: {
    id: 'homepage-freshness',
    title: '首页按时更新',
    failureTitle: '首页更新不及时',
    requires: ['columns'],
    indicators: ['veto.homepage-stale', 'warn.homepage-stale'],
  },
  run({ columns }, ctx) {
    const { homepage } = columns;
    const config = ctx.config.columns;
    if (!homepage.fetched) {
      return { status: 'na', reason: '首页未能打开，无法判断更新情况', sections: { homepage: { latestDate: null, stale: null, ageDays: null, windowDays: config.homepageWindowDays } } };
    }
    const past = homepage.visibleDates.filter((d) => d <= ctx.asOf);
    const future = homepage.visibleDates.filter((d) => d > ctx.asOf);
    const latestDate = past[0] ?? null;
    const ageDays = latestDate ? daysBetween(latestDate, ctx.asOf) : null;
    const window = config.homepageWindowDays;
    const stale = ageDays === null || ageDays >= window;
    // A month-day whose year nothing tells may be this year's: no verdict without evidence.
    const undetermined = homepage.undeterminedDates ?? [];
    if (stale && undetermined.length) {
      return {
        status: 'manual',
        reason: `首页有 ${undetermined.length} 个日期只显示月日（${undetermined.slice(0, 5).join('、')}），网址和文章页均不能确定年份，需人工核查更新情况`,
        sections: { homepage: { latestDate, stale: null, ageDays, windowDays: window } },
      };
    }
    if (stale && !homepage.visibleDates.length && homepage.articleRows === 0) return portalVerdict(columns, config, ctx.asOf, window);
    const findings: FindingDraft[] = [];
    const futureNote = future.length ? `（另有晚于检查日的日期 ${future.join('、')}，未计入）` : '';
    if (stale) {
      findings.push({
        indicator: 'veto.homepage-stale',
        title: latestDate ? `首页 ${window} 天内无新信息` : '首页没有带可见日期的信息，视为未更新',
        url: homepage.url,
        evidence: (latestDate ? `首页最新信息日期 ${latestDate}，距检查日 ${ageDays} 天，要求 ${window} 天内有更新` : '首页未显示任何信息日期') + futureNote,
        key: homepage.url,
      });
    } else if (ageDays !== null && ageDays >= config.warn.homepageDays) {
      findings.push({
        indicator: 'warn.homepage-stale',
        title: `首页已 ${ageDays} 天无新信息，接近单项否决线（${window} 天）`,
        url: homepage.url,
        evidence: `首页最新信息日期 ${latestDate}，距检查日 ${ageDays} 天${futureNote}`,
        key: homepage.url,
      });
    }
    return {
      findings,
      sections: { homepage: { latestDate, stale, ageDays, windowDays: window } },
      reason: latestDate ? `首页最新信息 ${latestDate}（${ageDays} 天前）` : '首页未显示信息日期',
    };
  },
});

/** The homepage as a portal of links: its freshness is that of the columns it links to (second-level pages). */
function portalVerdict(columns: ColumnsArtifact, config: ColumnsConfig, asOf: IsoDate, window: number): CheckOutput {
  const { homepage } = columns;
  // A column that could not be read (a script-built list without a browser) shows no date either way.
  const linked = columns.columns
    .filter((c) => c.sources.includes('nav'))
    .map((c) => judgeColumn(c, config, asOf))
    .filter((c) => c.state !== 'unverified')
    .sort((a, b) => (b.latestDate ?? '').localeCompare(a.latestDate ?? '') || a.url.localeCompare(b.url));
  const newest = linked[0]?.latestDate ? linked[0] : null;
  const ageDays = newest?.ageDays ?? null;
  const stale = ageDays === null || ageDays >= window;
  const section = { homepage: { latestDate: newest?.latestDate ?? null, stale, ageDays, windowDays: window, portal: true } };
  const about = `首页只有链接、未显示信息日期，按其链接的 ${linked.length} 个二级栏目判断`;
  // No second-level column recognised: nothing seen either way.
  if (!linked.length) {
    return { status: 'manual', findings: [], sections: { homepage: { ...section.homepage, stale: null } }, reason: '首页只有链接、未显示信息日期，也未识别出（或未能读取）其链接的栏目，首页更新情况需人工核查' };
  }
  if (!stale) return { findings: [], sections: section, reason: `${about}：最新信息 ${newest!.latestDate}（栏目「${newest!.name}」，${ageDays} 天前）` };
  const finding: FindingDraft = {
    indicator: 'veto.homepage-stale',
    title: newest ? `首页及其链接的二级栏目 ${window} 天内无新信息` : '首页及其链接的二级栏目均没有带日期的信息，视为未更新',
    url: homepage.url,
    evidence: newest
      ? `${about}：最新信息日期 ${newest.latestDate}（栏目「${newest.name}」 ${newest.url}），距检查日 ${ageDays} 天，要求 ${window} 天内有更新`
      : `${about}：均未找到带日期的信息（${linked.slice(0, 5).map((c) => `「${c.name}」`).join('')}）`,
    key: homepage.url,
  };
  return { findings: [finding], sections: section, reason: about };
}
