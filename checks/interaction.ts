import { defineCheck } from '../src/checks/define-check.ts';
import { absenceFinding, siteLook } from '../src/checks/site-look.ts';
import { daysBetween } from '../src/dates.ts';
import type { FindingDraft, InteractionSection } from '../src/types.ts';

/** Columns a channel stands under on real sites, beside the channel words themselves (disclosure.interaction.channelKeywords). */
const CHANNEL_SECTION_WORDS = ['互动', '公众参与', '留言', '咨询', '信箱', '问政'];

/**
 * 互动回应: a working 咨询/留言 channel must exist (信访 and 纪检举报 do not count); no
 * message asked within the past year may wait more than 90 days for a reply (veto); the
 * reply column must not be silent for 60 days (deduction). Answered-but-late messages are
 * an early warning.
 */
export default defineCheck({
  meta: {
    id: 'interaction',
    title: '互动交流渠道可用、留言及时答复',
    failureTitle: '互动交流存在问题',
    requires: ['interaction', 'disclosure', 'crawl'],
    indicators: ['veto.interaction-poor', 'deduct.interaction-reply-stale', 'warn.interaction-late-reply', 'manual.interaction-unverified'],
  },
  run({ interaction, disclosure, crawl }, ctx) {
    const cfg = ctx.config.disclosure.interaction;
    // The office is chosen after the checks (src/score/route-office.ts); the catalogue row is one hint.
    const route = { catalogueItem: 'interaction' };
    const findings: FindingDraft[] = [];
    const inWindow = interaction.messages.filter((m) => m.askedDate && m.askedDate <= ctx.asOf && daysBetween(m.askedDate, ctx.asOf) <= cfg.windowDays);
    const unanswered = inWindow
      .filter((m) => m.answered !== true)
      .map((m) => ({ url: m.url, askedDate: m.askedDate, daysOpen: daysBetween(m.askedDate!, ctx.asOf), title: m.title, status: m.status }));
    const overdue = unanswered.filter((m) => m.daysOpen > cfg.unansweredDays);
    const late = inWindow
      .filter((m) => m.answered && m.repliedDate && daysBetween(m.askedDate!, m.repliedDate) > cfg.unansweredDays)
      .map((m) => ({ url: m.url, title: m.title, askedDate: m.askedDate, repliedDate: m.repliedDate, days: daysBetween(m.askedDate!, m.repliedDate!) }));
    const external = interaction.external ?? [];
    // What could not be read is for a person to open, never evidence that no channel exists.
    const unverified = interaction.rejected.filter((r) => r.kind === 'unreachable' || r.kind === 'unreadable');
    if (external.length) {
      findings.push({
        indicator: 'manual.interaction-unverified',
        title: `互动渠道位于其他网站，需人工核查：${external.map((e) => `「${e.text}」`).join('')}`,
        url: external[0].url,
        route,
        evidence: `${external.map((e) => `「${e.text}」→ ${e.url}（链接所在页面 ${e.source}）`).join('；')}；该网站不在 site.extraHosts 中，未读取其留言。如属本单位渠道，可将其主机加入 site.extraHosts`,
        key: 'interaction:external',
      });
    }
    if (!interaction.channels.length && unverified.length) {
      findings.push({
        indicator: 'manual.interaction-unverified',
        title: '互动渠道未能读取，需人工核查',
        url: unverified[0].url,
        route,
        evidence: unverified.map((r) => `「${r.text}」${r.url}：${r.reason}`).join('；'),
        key: 'interaction:unverified',
      });
    }
    if (!interaction.channels.length && !unverified.length && !external.length) {
      const rejected = interaction.rejected.filter((r) => r.kind !== 'no-channel').slice(0, 5).map((r) => `「${r.text}」${r.reason}`).join('；');
      // Not found is no evidence when a page that could hold the channel (one linked as 咨询,
      // 留言, 信箱, 互动, 公众参与 ...) could not be read, or a cap cut the crawl.
      const look = siteLook(crawl, ctx.config.crawl, { terms: [...cfg.channelKeywords, ...CHANNEL_SECTION_WORDS] });
      findings.push(
        absenceFinding(
          look,
          { indicator: 'veto.interaction-poor', title: '未提供可用的在线咨询/留言渠道', url: ctx.homepageUrl, route, evidence: `未找到带留言表单或公开留言的咨询、留言、信箱栏目${rejected ? `（不计入：${rejected}）` : ''}`, key: 'interaction:no-channel' },
          { indicator: 'manual.interaction-unverified', title: '未找到在线咨询/留言渠道，需人工核查' },
        ),
      );
    }
    for (const m of overdue) {
      findings.push({
        indicator: 'veto.interaction-poor',
        title: `留言超过 ${cfg.unansweredDays} 天未答复：${m.title}`,
        url: m.url,
        route,
        evidence: `留言日期 ${m.askedDate}，至 ${ctx.asOf} 已 ${m.daysOpen} 天未答复（状态：${m.status || '无答复'}）`,
        key: `interaction:overdue:${m.url}:${m.askedDate}`,
      });
    }
    for (const m of late) {
      findings.push({
        indicator: 'warn.interaction-late-reply',
        title: `留言答复超过 ${cfg.unansweredDays} 天：${m.title}`,
        url: m.url,
        route,
        evidence: `留言日期 ${m.askedDate}，答复日期 ${m.repliedDate}，历时 ${m.days} 天`,
        key: `interaction:late:${m.url}:${m.askedDate}`,
      });
    }
    const replies = interaction.messages.map((m) => m.repliedDate).filter((d): d is string => d !== null && d <= ctx.asOf).sort();
    const lastReply = replies.at(-1) ?? null;
    const silentDays = lastReply ? daysBetween(lastReply, ctx.asOf) : null;
    if (interaction.channels.length && (silentDays === null || silentDays > cfg.replyStaleDays)) {
      findings.push({
        indicator: 'deduct.interaction-reply-stale',
        title: `留言答复栏目超过 ${cfg.replyStaleDays} 天未更新`,
        url: interaction.channels[0].url,
        route,
        evidence: lastReply ? `最近一次答复日期 ${lastReply}，至 ${ctx.asOf} 已 ${silentDays} 天` : '未公开任何留言答复',
        key: 'interaction:reply-stale',
      });
    }
    const section: InteractionSection = {
      channels: interaction.channels.map((c) => c.url),
      unanswered,
      messagesRead: interaction.messages.length,
      messagesInWindow: inWindow.length,
      overdue: overdue.length,
      lateReplies: late,
      lastReplyDate: lastReply,
      rejectedChannels: interaction.rejected.filter((r) => r.kind !== 'no-channel').map((r) => ({ url: r.url, text: r.text, reason: r.reason })),
      externalChannels: external,
    };
    return {
      findings,
      sections: { interaction: section },
      reason: `找到 ${interaction.channels.length} 个渠道，读取留言 ${interaction.messages.length} 条（一年内 ${inWindow.length} 条），超期未答复 ${overdue.length} 条`,
      details: { ...section, channelDetails: interaction.channels, listPages: interaction.listPages.length, listErrors: interaction.listErrors },
    };
  },
});
