import { defineCheck } from '../src/checks/define-check.ts';
import { summarizeAccount, type NewMediaSummary } from '../src/new-media/summarize.ts';
import type { FindingDraft } from '../src/types.ts';

export const PLATFORM_NAMES: Record<string, string> = {
  wechat: '微信公众号',
  weibo: '微博',
  douyin: '抖音',
  toutiao: '今日头条',
  bilibili: '哔哩哔哩',
  other: '新媒体',
};

const INTERACTION_NAMES: Record<string, string> = { menu: '自定义菜单', comments: '评论/留言', message: '私信' };
const SOURCE_NAMES: Record<string, string> = { feed: '订阅源', page: '账号页面', export: '后台导出文件' };

function label(a: NewMediaSummary): string {
  return `「${a.name}」（${PLATFORM_NAMES[a.platform] ?? a.platform}）`;
}

function counts(a: NewMediaSummary): string {
  return Object.entries(a.postsByWindow ?? {})
    .map(([days, n]) => `近 ${days} 天 ${n} 条`)
    .join('、');
}

/** The page a reader opens to see the account: its public address, else the feed or page read. */
function accountUrl(a: NewMediaSummary): string | null {
  return a.url ?? (a.source.kind === 'export' ? null : a.source.location);
}

function findingsFor(a: NewMediaSummary): FindingDraft[] {
  const out: FindingDraft[] = [];
  const key = `newmedia:${a.platform}:${a.name}`;
  const base = { url: accountUrl(a), office: a.office };
  const source = `来源：${SOURCE_NAMES[a.source.kind]} ${a.source.location}`;
  if (a.status === 'cannot-verify') {
    // The source (subscription, login, export) is the tool's setup: a technical note, not a problem of the office.
    out.push({ ...base, audience: 'operator', indicator: 'warn.newmedia-unverifiable', title: `${label(a)}无法核验更新情况`, evidence: `${a.error}（${source}）`, key });
  } else if (a.status === 'stale') {
    const latest = a.latestPostDate ? `最新发布 ${a.latestPostDate}，距检查日 ${a.daysSinceLatest} 天` : '检查日前没有任何发布记录';
    out.push({ ...base, indicator: 'veto.newmedia-stale', title: `${label(a)}超过 ${a.staleDays} 天未更新`, evidence: `${latest}；${counts(a)}（${source}）`, key });
  } else if (a.status === 'warning') {
    out.push({
      ...base,
      indicator: 'warn.newmedia-stale-soon',
      title: `${label(a)}已 ${a.daysSinceLatest} 天未更新，临近 ${a.staleDays} 天否决线`,
      evidence: `最新发布 ${a.latestPostDate}，距检查日 ${a.daysSinceLatest} 天（预警线 ${a.warnDays} 天）；${counts(a)}`,
      key,
    });
  }

  const { ok } = a.interaction;
  if (ok === false) {
    out.push({ ...base, indicator: 'veto.newmedia-no-interaction', title: `${label(a)}未提供互动功能`, evidence: '配置中声明该账号没有任何互动功能（interaction 为空），不符合“提供有效互动功能”的要求', key });
  } else if (ok === null && a.status !== 'cannot-verify') {
    // Declaring the account's interaction in the config is the operator's task.
    out.push({
      ...base,
      audience: 'operator',
      indicator: 'warn.newmedia-interaction-unverified',
      title: `${label(a)}的互动功能无法自动确认`,
      evidence: '来源中没有评论数、评论地址或私信/留言入口；请人工确认账号开通了留言、评论或菜单互动，并在配置 interaction 中声明（如 [comments, message]）',
      key,
    });
  }

  for (const link of a.brokenLinks) {
    const failure = link.status !== null ? `HTTP ${link.status}` : (link.error ?? '无法访问');
    out.push({ ...base, url: link.post.startsWith('http') ? link.post : base.url, indicator: 'deduct.newmedia-links-broken', title: `${label(a)}发布内容中的链接不可用：${link.url}`, evidence: `${failure}；所在内容：${link.post}`, key: `${key}\n${link.url}` });
  }
  for (const link of a.unverifiableLinks) {
    out.push({ ...base, url: link.post.startsWith('http') ? link.post : base.url, indicator: 'warn.newmedia-links-unverifiable', title: `${label(a)}发布内容中的链接无法自动核验：${link.url}`, evidence: `HTTP ${link.status ?? '—'}（目标站点拒绝自动访问，请人工打开确认）；所在内容：${link.post}`, key: `${key}\n${link.url}` });
  }

  for (const hit of a.contentIssues) {
    const indicator = hit.level === 'serious' ? 'veto.newmedia-serious-error' : hit.level === 'general' ? 'deduct.newmedia-content-error' : 'warn.newmedia-content-review';
    const what = hit.kind === 'sensitive-word' ? '敏感词' : '错误表述';
    const fix = hit.correct ? `，应为「${hit.correct}」` : '';
    out.push({
      ...base,
      url: hit.postUrl ?? base.url,
      indicator,
      title: `${label(a)}发布内容存在${what}「${hit.term}」`,
      evidence: `${hit.field === 'title' ? '标题' : '正文'}：${hit.context}${fix}；所在内容：${hit.post}（${hit.postDate ?? '日期不详'}）`,
      key: `${key}\n${hit.postUrl ?? hit.post}\n${hit.term}`,
    });
  }
  return out;
}

/**
 * 政务新媒体: each account's newest post, posts per window, the 2-week veto and early
 * warning, interaction, broken links and 错敏词 in posts. A source that could not be read is
 * "cannot verify" with the reason, never stale.
 */
export default defineCheck({
  meta: {
    id: 'new-media',
    title: '政务新媒体账号更新及时、互动功能有效',
    failureTitle: '政务新媒体账号存在问题',
    requires: ['newMedia'],
    indicators: [
      'veto.newmedia-stale',
      'veto.newmedia-no-interaction',
      'veto.newmedia-serious-error',
      'deduct.newmedia-links-broken',
      'deduct.newmedia-content-error',
      'warn.newmedia-stale-soon',
      'warn.newmedia-unverifiable',
      'warn.newmedia-interaction-unverified',
      'warn.newmedia-links-unverifiable',
      'warn.newmedia-content-review',
    ],
  },
  run({ newMedia }, ctx) {
    if (newMedia.accounts.length === 0) return { status: 'na', reason: '配置中没有政务新媒体账号（newMedia）', sections: { newMedia: [] } };
    const accounts = newMedia.accounts.map((capture) => summarizeAccount(capture, ctx.asOf));
    const findings = accounts.flatMap(findingsFor);
    const byStatus = (s: string) => accounts.filter((a) => a.status === s).length;
    const summary = `共 ${accounts.length} 个账号：正常 ${byStatus('ok')}、预警 ${byStatus('warning')}、超期未更新 ${byStatus('stale')}、无法核验 ${byStatus('cannot-verify')}`;
    const hasProblem = findings.some((f) => !f.indicator.startsWith('warn.'));
    return {
      status: hasProblem ? 'fail' : findings.length ? 'warn' : 'pass',
      findings,
      sections: { newMedia: accounts },
      reason: summary,
      details: { statuses: Object.fromEntries(['ok', 'warning', 'stale', 'cannot-verify'].map((s) => [s, byStatus(s)])) },
    };
  },
});
