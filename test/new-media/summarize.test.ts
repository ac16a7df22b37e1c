import { describe, expect, it } from 'vitest';
import { summarizeAccount } from '../../src/new-media/summarize.ts';
import type { AccountCapture, Post } from '../../src/new-media/types.ts';

const post = (date: string | null, title = '标题'): Post => ({ date, title, url: null, text: '', comments: null, replies: null, links: [] });

function capture(dates: (string | null)[], extra: Partial<AccountCapture> = {}): AccountCapture {
  return {
    name: '测试账号',
    platform: 'wechat',
    office: '宣教处',
    url: null,
    source: { kind: 'feed', location: 'http://127.0.0.1/feed.xml' },
    declaredInteraction: ['comments'],
    settings: { staleDays: 14, warnDays: 10, windows: [14, 30, 90] },
    readAt: '2026-11-28T00:00:00Z',
    result: { ok: true, format: 'rss', title: null, posts: dates.map((d) => post(d)), interaction: [] },
    linksChecked: 0,
    linkFailures: [],
    contentHits: [],
    contentSkipped: null,
    ...extra,
  };
}

const AS_OF = '2026-11-28';

describe('account judgement against the 2-week line', () => {
  it('a post exactly 14 days old keeps the account off the veto, with an early warning', () => {
    const a = summarizeAccount(capture(['2026-11-14']), AS_OF);
    expect(a).toMatchObject({ status: 'warning', stale: false, latestPostDate: '2026-11-14', daysSinceLatest: 14, postsByWindow: { '14': 1, '30': 1, '90': 1 } });
  });

  it('one day more is stale (veto) and no post counts in the 14-day window', () => {
    const a = summarizeAccount(capture(['2026-11-13', '2026-10-01']), AS_OF);
    expect(a).toMatchObject({ status: 'stale', stale: true, latestPostDate: '2026-11-13', daysSinceLatest: 15, postsByWindow: { '14': 0, '30': 1, '90': 2 }, postsInWindow: 2 });
  });

  it('the early warning starts after warnDays', () => {
    expect(summarizeAccount(capture(['2026-11-18']), AS_OF).status).toBe('ok');
    expect(summarizeAccount(capture(['2026-11-17']), AS_OF).status).toBe('warning');
  });

  it('honours per-account thresholds', () => {
    const a = summarizeAccount(capture(['2026-11-20'], { settings: { staleDays: 7, warnDays: 5, windows: [7, 30] } }), AS_OF);
    expect(a).toMatchObject({ status: 'stale', windowDays: 30, postsByWindow: { '7': 0, '30': 1 }, postsInWindow: 1 });
  });

  it('ignores posts after the check date and counts undated ones apart', () => {
    const a = summarizeAccount(capture(['2026-12-01', null, '2026-11-27']), AS_OF);
    expect(a).toMatchObject({ status: 'ok', latestPostDate: '2026-11-27', futurePosts: 1, undatedPosts: 1, postsInWindow: 1 });
  });

  it('lays posts out in 13 weeks, the last ending on the check date', () => {
    const a = summarizeAccount(capture(['2026-11-28', '2026-11-22', '2026-11-21', '2026-08-30', '2026-08-29']), AS_OF);
    expect(a.weekly).toHaveLength(13);
    expect(a.weekly!.at(-1)).toEqual({ start: '2026-11-22', end: '2026-11-28', count: 2 });
    expect(a.weekly!.at(-2)).toEqual({ start: '2026-11-15', end: '2026-11-21', count: 1 });
    expect(a.weekly![0]).toEqual({ start: '2026-08-30', end: '2026-09-05', count: 1 });
  });

  it('an unreadable source is cannot-verify: never stale, numbers null, reason kept', () => {
    const a = summarizeAccount(capture([], { result: { ok: false, kind: 'http', reason: '订阅源不存在（HTTP 404）' } }), AS_OF);
    expect(a).toMatchObject({ status: 'cannot-verify', stale: null, latestPostDate: null, postsInWindow: null, error: '订阅源不存在（HTTP 404）', weekly: null });
  });

  it('interaction: declared wins, an empty declaration is a failure, nothing known is null', () => {
    expect(summarizeAccount(capture(['2026-11-27']), AS_OF).interaction.ok).toBe(true);
    expect(summarizeAccount(capture(['2026-11-27'], { declaredInteraction: [] }), AS_OF).interaction.ok).toBe(false);
    expect(summarizeAccount(capture(['2026-11-27'], { declaredInteraction: null }), AS_OF).interaction.ok).toBeNull();
  });
});
