import { defineCheck } from '../src/checks/define-check.ts';
import { daysBetween } from '../src/dates.ts';
import type { FindingDraft } from '../src/types.ts';

/**
 * 首页不更新 (veto.homepage-stale): the homepage must show an item dated within the last
 * 14 days; an item without a visible date counts as not updated (dates only in URLs do
 * not count: a visitor cannot see them). An early warning fires from 10 days.
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
