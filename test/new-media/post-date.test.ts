import { describe, expect, it } from 'vitest';
import { findDateInText, postDate } from '../../src/new-media/post-date.ts';

describe('post dates in China time', () => {
  it('converts zoned RSS and ISO dates to the China calendar day', () => {
    // 16:30 GMT is 00:30 the next day in China: the day a reader in China saw the post.
    expect(postDate('Fri, 13 Nov 2026 16:30:00 GMT')).toBe('2026-11-14');
    expect(postDate('Fri, 13 Nov 2026 15:59:59 GMT')).toBe('2026-11-13');
    expect(postDate('Fri, 13 Nov 2026 23:59:00 +0800')).toBe('2026-11-13');
    expect(postDate('2026-11-13T16:30:00Z')).toBe('2026-11-14');
    expect(postDate('2026-11-14T00:30:00+08:00')).toBe('2026-11-14');
    expect(postDate('2026-11-13 23:30:00 -0500')).toBe('2026-11-14');
    // "CST" from a Chinese server is China Standard Time, not US Central; no zone means China time.
    expect(postDate('Fri, 13 Nov 2026 23:30:00 CST')).toBe('2026-11-13');
    expect(postDate('Fri, 13 Nov 2026 23:30:00')).toBe('2026-11-13');
  });

  it('takes bare dates and times as China time', () => {
    expect(postDate('2026-11-25 18:00')).toBe('2026-11-25');
    expect(postDate('2026/3/7')).toBe('2026-03-07');
    expect(postDate('2026年10月30日')).toBe('2026-10-30');
    expect(postDate('2026.11.02 08:00')).toBe('2026-11-02');
  });

  it('resolves the relative forms account pages show against today', () => {
    expect(postDate('昨天 18:20', '2026-11-28')).toBe('2026-11-27');
    expect(postDate('3天前', '2026-11-28')).toBe('2026-11-25');
    expect(postDate('5小时前', '2026-11-28')).toBe('2026-11-28');
    expect(postDate('11-20', '2026-11-28')).toBe('2026-11-20');
    // A month-day after today is last year's.
    expect(postDate('12月30日', '2026-11-28')).toBe('2025-12-30');
  });

  it('gives null for what is no date', () => {
    expect(postDate('')).toBeNull();
    expect(postDate('未知')).toBeNull();
    expect(postDate('2026-02-30')).toBeNull();
    expect(postDate('3天前')).toBeNull();
  });

  it('finds a date written inside a post text', () => {
    expect(findDateInText('示例生态环境 2026-11-26 19:30 · 评论 12')).toBe('2026-11-26');
    expect(findDateInText('发布于 昨天', '2026-11-28')).toBe('2026-11-27');
    expect(findDateInText('没有日期')).toBeNull();
  });
});
