import type { NewMediaSummary } from '../new-media/summarize.ts';
import type { NewMediaEntry } from '../types.ts';

const PLATFORMS: Record<string, string> = { wechat: '微信公众号', weibo: '微博', douyin: '抖音', toutiao: '今日头条', bilibili: '哔哩哔哩', other: '其他' };
const STATUSES: Record<string, { name: string; color: string }> = {
  ok: { name: '正常', color: '#1e6b2f' },
  warning: { name: '预警', color: '#8a5a00' },
  stale: { name: '超期未更新（单项否决）', color: '#9b1c1c' },
  'cannot-verify': { name: '无法核验', color: '#555555' },
};
const SOURCES: Record<string, string> = { feed: '订阅源', page: '账号页面（浏览器渲染）', export: '后台导出文件' };
const INTERACTIONS: Record<string, string> = { menu: '菜单', comments: '评论/留言', message: '私信' };

/** Geometry of one account's posts-per-week bar chart; the template only draws it. */
export interface WeeklyChart {
  width: number;
  height: number;
  baseline: number;
  bars: { x: number; y: number; width: number; height: number; count: number; label: string; countY: number }[];
  xLabels: { x: number; label: string }[];
  /** Top of the axis (posts per week). */
  max: number;
  description: string;
}

const W = 460;
const H = 130;
const PAD = { left: 8, right: 8, top: 18, bottom: 24 };

const md = (date: string) => `${Number(date.slice(5, 7))}/${Number(date.slice(8, 10))}`;

/** Bars for posts per week over the quarter (13 weeks ending on the check date). */
export function weeklyChart(weekly: NonNullable<NewMediaSummary['weekly']>, name: string): WeeklyChart {
  // At least 3 on the axis, so a single post a week does not fill the chart.
  const max = Math.max(3, ...weekly.map((w) => w.count));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / weekly.length;
  const barW = Math.round(slot * 0.7 * 10) / 10;
  const baseline = PAD.top + plotH;
  const bars = weekly.map((w, i) => {
    const h = Math.round(((plotH * w.count) / max) * 10) / 10;
    const x = Math.round((PAD.left + slot * i + (slot - barW) / 2) * 10) / 10;
    return { x, y: Math.round((baseline - h) * 10) / 10, width: barW, height: h, count: w.count, label: `${w.start} 至 ${w.end}：${w.count} 条`, countY: Math.round((baseline - h - 4) * 10) / 10 };
  });
  const xLabels = weekly.flatMap((w, i) => (i % 3 === 0 || i === weekly.length - 1 ? [{ x: Math.round((PAD.left + slot * i + slot / 2) * 10) / 10, label: md(w.end) }] : []));
  const total = weekly.reduce((n, w) => n + w.count, 0);
  return { width: W, height: H, baseline, bars, xLabels, max, description: `${name}近 ${weekly.length} 周每周发布数（共 ${total} 条）：${weekly.map((w) => w.count).join('、')}` };
}

/** One section per account: labels resolved, windows listed, the weekly chart laid out. */
export function newMediaView(entries: readonly NewMediaEntry[]) {
  return entries.map((entry) => {
    const a = entry as NewMediaSummary;
    const status = STATUSES[a.status] ?? { name: a.status ?? '—', color: '#555555' };
    const platformName = PLATFORMS[a.platform] ?? a.platform;
    return {
      ...a,
      platformName,
      accountStatus: status.name,
      statusColor: status.color,
      sourceName: SOURCES[a.source?.kind] ?? '',
      windowCounts: Object.entries(a.postsByWindow ?? {}).map(([days, count]) => ({ days, count })),
      windowSummary: (a.windows ?? []).map((days) => `近 ${days} 天 ${a.postsByWindow ? a.postsByWindow[String(days)] : '—'}`).join(' · '),
      interactionText: a.interaction?.declared
        ? a.interaction.declared.length
          ? `已声明：${a.interaction.declared.map((k) => INTERACTIONS[k] ?? k).join('、')}`
          : '已声明：无互动功能'
        : a.interaction?.detected?.length
          ? `检测到：${a.interaction.detected.map((d) => d.evidence).join('；')}`
          : '未声明，也未检测到（需人工确认）',
      chart: a.weekly ? weeklyChart(a.weekly, `「${a.name}」（${platformName}）`) : null,
    };
  });
}
