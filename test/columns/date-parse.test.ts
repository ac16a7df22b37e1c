import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { articleDate } from '../../src/columns/article-date.ts';
import { findDates, firstDate, inferYear, labelledDate, urlDate } from '../../src/columns/date-parse.ts';

const AS_OF = '2026-11-28';

describe('dates as list pages show them', () => {
  it.each([
    ['2026-11-25', '2026-11-25'],
    ['2026/11/25', '2026-11-25'],
    ['2026.11.25', '2026-11-25'],
    ['2026年11月25日', '2026-11-25'],
    ['2026年9月4日', '2026-09-04'],
    ['２０２６－１１－２５', '2026-11-25'],
    ['２０２６年１１月２５日', '2026-11-25'],
    ['发布时间：2026-11-25 09:30', '2026-11-25'],
  ])('%s → %s', (text, expected) => {
    expect(firstDate(text, AS_OF)).toEqual({ date: expected, inferredYear: false });
  });

  it('takes the most recent past date for a month and day without a year', () => {
    expect(firstDate('[11-25]', AS_OF)).toEqual({ date: '2026-11-25', inferredYear: true });
    expect(firstDate('11-28', AS_OF)?.date).toBe('2026-11-28');
    expect(firstDate('11-29', AS_OF)?.date).toBe('2025-11-29');
    expect(firstDate('[12-31]', AS_OF)?.date).toBe('2025-12-31');
    expect(firstDate('０６－０１', AS_OF)?.date).toBe('2026-06-01');
    expect(inferYear(2, 29, '2026-03-01')).toBe('2024-02-29');
  });

  it('ignores what is not a date: times, decimals, impossible days', () => {
    expect(findDates('09:30', AS_OF)).toEqual([]);
    expect(findDates('第1.5条', AS_OF)).toEqual([]);
    expect(findDates('2026-02-30', AS_OF)).toEqual([]);
    expect(findDates('13-01', AS_OF)).toEqual([]);
  });

  it('reads the publish date after its label, preferring 发布日期 over 成文日期', () => {
    expect(labelledDate('成文日期：2026-10-01　发布日期：2026年10月20日', AS_OF)).toBe('2026-10-20');
    expect(labelledDate('发布时间： 2026/11/02', AS_OF)).toBe('2026-11-02');
    expect(labelledDate('来源：本局', AS_OF)).toBeNull();
  });

  it('reads dates that CMSs write into URLs', () => {
    expect(urlDate('http://x.gov.cn/xwzx/gzdt/202611/t20261125_123.html')).toBe('2026-11-25');
    expect(urlDate('http://x.gov.cn/art/2026/11/3/art_12_345.html')).toBe('2026-11-03');
    expect(urlDate('http://x.gov.cn/xxgk/gfxwj/content_3001.html')).toBeNull();
  });

  it('dates an article by its PubDate meta, then its label, then its URL', () => {
    const meta = load('<html><head><meta name="PubDate" content="2026-05-20 10:00"></head><body>发布时间：2026-05-21</body></html>');
    expect(articleDate(meta, 'http://x/a.html', AS_OF)).toEqual({ date: '2026-05-20', source: 'meta' });
    const label = load('<body><div class="info">发布日期：2026-10-20</div></body>');
    expect(articleDate(label, 'http://x/t20260101_1.html', AS_OF)).toEqual({ date: '2026-10-20', source: 'label' });
    expect(articleDate(load('<body>正文</body>'), 'http://x/202601/t20260101_1.html', AS_OF)).toEqual({ date: '2026-01-01', source: 'url' });
    expect(articleDate(load('<body>正文</body>'), 'http://x/a.html', AS_OF)).toBeNull();
  });
});
