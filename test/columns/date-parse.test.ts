import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { articleDate } from '../../src/columns/article-date.ts';
import { findDates, firstDate, labelledDate, urlDate, yearFromNeighbours, yearFromUrl } from '../../src/columns/date-parse.ts';

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
    const [year, month, day] = expected.split('-').map(Number);
    expect(firstDate(text)).toEqual({ year, month, day });
  });

  it('keeps a month and day without a year as shown, never taking the as-of year', () => {
    expect(firstDate('[11-25]')).toEqual({ year: null, month: 11, day: 25 });
    expect(firstDate('０６－０１')).toEqual({ year: null, month: 6, day: 1 });
    expect(firstDate('02-29')).toEqual({ year: null, month: 2, day: 29 });
  });

  it('takes the year of a month-day from the item URL or the dated rows around it', () => {
    const july27 = { month: 7, day: 27 };
    expect(yearFromUrl('http://x/xwzx/2018-07-27/123.html', july27)).toBe(2018);
    expect(yearFromUrl('http://x/xwzx/201807/t20180727_5.html', july27)).toBe(2018);
    expect(yearFromUrl('http://x/xwzx/201807/abc.html', july27)).toBe(2018);
    expect(yearFromUrl('http://x/xwzx/201806/abc.html', july27)).toBeNull();
    expect(yearFromUrl('http://x/show.jsp?id=5', july27)).toBeNull();
    // Newest first: 2019-01-03 above, 2018-12-20 below → 12-28 is 2018.
    expect(yearFromNeighbours({ month: 12, day: 28 }, '2019-01-03', '2018-12-20')).toBe(2018);
    expect(yearFromNeighbours({ month: 12, day: 28 }, '2019-01-03', null)).toBe(2018);
    expect(yearFromNeighbours({ month: 1, day: 2 }, null, '2018-12-20')).toBe(2019);
    expect(yearFromNeighbours({ month: 1, day: 2 }, null, null)).toBeNull();
  });

  it('ignores what is not a date: times, decimals, impossible days', () => {
    expect(findDates('09:30')).toEqual([]);
    expect(findDates('第1.5条')).toEqual([]);
    expect(findDates('2026-02-30')).toEqual([]);
    expect(findDates('13-01')).toEqual([]);
  });

  it('reads the publish date after its label, preferring 发布日期 over 成文日期', () => {
    expect(labelledDate('成文日期：2026-10-01　发布日期：2026年10月20日')).toBe('2026-10-20');
    expect(labelledDate('发布时间： 2026/11/02')).toBe('2026-11-02');
    expect(labelledDate('来源：本局')).toBeNull();
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
