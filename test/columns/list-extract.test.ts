import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { columnKey } from '../../src/columns/column-url.ts';
import { extractListing } from '../../src/columns/list-extract.ts';

const AS_OF = '2026-11-28';
const MARKERS = ['暂无信息', '暂无数据'];
const read = (html: string, url = 'http://site.test/xwzx/gzdt/') => extractListing(load(html), url, 'utf-8', AS_OF, MARKERS);

describe('reading a list page', () => {
  it('takes the main list, not the navigation or a sidebar of column links', () => {
    const listing = read(`<ul class="nav"><li><a href="/">首页</a></li><li><a href="/xwzx/">新闻</a></li></ul>
      <ul class="side"><li><a href="/xwzx/gzdt/">工作动态</a></li><li><a href="/xwzx/yw/">要闻</a></li></ul>
      <div class="list"><ul><li><a href="202611/t20261125_1.html" title="关于2026年度工作的通知">关于2026年度工作的通知</a><span>2026-11-20</span></li>
      <li><a href="202611/t20261101_2.html">第二条</a><span>[11-01]</span></li><li><a href="other.html">第三条</a></li></ul></div>`);
    expect(listing.items.map((i) => [i.url.replace('http://site.test', ''), i.date, i.dateSource])).toEqual([
      ['/xwzx/gzdt/202611/t20261125_1.html', '2026-11-20', 'list'],
      ['/xwzx/gzdt/202611/t20261101_2.html', '2026-11-01', 'list-year-url'],
      ['/xwzx/gzdt/other.html', null, null],
    ]);
    expect(listing.blankMarker).toBeNull();
  });

  it('finds a date shown inside the link, and falls back to the URL date', () => {
    const listing = read('<ul><li><a href="a.html"><span class="t">标题一</span><span class="d">2026.10.09</span></a></li><li><a href="/art/2026/9/9/art_1_2.html">标题二</a></li></ul>');
    expect(listing.items.map((i) => [i.date, i.dateSource])).toEqual([
      ['2026-10-09', 'list'],
      ['2026-09-09', 'url'],
    ]);
  });

  it('sees blank markers, empty lists and lists built by script', () => {
    expect(read('<div class="list"><ul></ul><p>暂无信息</p></div>').blankMarker).toBe('暂无信息');
    const empty = read('<div class="list"><ul id="list"></ul></div><script>fetch("/data.json").then(r => r.json()).then(d => { list.innerHTML = d })</script>');
    expect([empty.items.length, empty.emptyList, empty.scriptBuilt, empty.blankMarker]).toEqual([0, true, true, null]);
    // TRS's pager is a script, but it does not build the list.
    expect(read('<ul><li><a href="a.html">x</a><span>2026-01-01</span></li></ul><script>createPageHTML(3, 0, "index", "html");</script>').scriptBuilt).toBe(false);
  });

  it('reads TRS createPageHTML pagination (index_1.html is page 2) and 下一页 links', () => {
    const trs = read('<script>var currentPage = 0;var countPage = 3;createPageHTML(3, 0, "index", "html");</script>');
    expect(trs.pagination).toMatchObject({ pageCount: 3, current: 0, pages: ['http://site.test/xwzx/gzdt/index.html', 'http://site.test/xwzx/gzdt/index_1.html', 'http://site.test/xwzx/gzdt/index_2.html'] });
    const links = read('<div class="pages"><a href="list_2.html">下一页</a> <a href="list_9.html">尾页</a></div>');
    expect(links.pagination).toMatchObject({ pageCount: 9, next: 'http://site.test/xwzx/gzdt/list_2.html', last: 'http://site.test/xwzx/gzdt/list_9.html' });
  });

  it('dates a table row by its 发布日期 column, not the 成文日期 before it', () => {
    const listing = read(`<table><tr><th>标题</th><th>成文日期</th><th>发布日期</th></tr>
      <tr><td><a href="a.html">关于印发某办法的通知</a></td><td>2026-01-05</td><td>2026-03-10</td></tr>
      <tr><td><a href="b.html">关于某事项的公告</a></td><td>2025-12-01</td><td>2026-02-01</td></tr></table>`);
    expect(listing.items.map((i) => i.date)).toEqual(['2026-03-10', '2026-02-01']);
  });

  it('takes a year-less row\'s year from the dated rows around it, or leaves it undetermined', () => {
    const listing = read(`<ul><li><a href="a.html">一</a><span>2019-01-03</span></li><li><a href="b.html">二</a><span>12-28</span></li>
      <li><a href="c.html">三</a><span>2018-12-20</span></li></ul>`);
    expect(listing.items.map((i) => [i.date, i.dateSource])).toEqual([['2019-01-03', 'list'], ['2018-12-28', 'list-year-list'], ['2018-12-20', 'list']]);
    const alone = read('<ul><li><a href="a.html">一</a><span>07-27</span></li><li><a href="b.html">二</a><span>07-20</span></li></ul>');
    expect(alone.items.map((i) => [i.date, i.shownMonthDay])).toEqual([[null, '07-27'], [null, '07-20']]);
    expect(alone.visibleDates).toEqual([]);
    expect(alone.undatedShown.map((u) => u.monthDay)).toEqual(['07-27', '07-20']);
  });

  it('names the column from ColumnName meta, the breadcrumb and the heading', () => {
    const listing = read('<head><title>工作动态_示例厅</title><meta name="ColumnName" content="工作动态"></head><div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/xwzx/">新闻中心</a> &gt; 工作动态</div><h2>动态</h2>');
    expect(listing.names).toEqual({ meta: '工作动态', crumb: '工作动态', heading: '动态', title: '工作动态' });
    expect(listing.crumbLinks).toEqual([{ url: 'http://site.test/xwzx/', text: '新闻中心' }]);
  });

  it('treats a column\'s first page and its later pages as one column', () => {
    expect(columnKey('http://s/xwzx/gzdt/index.html')).toBe('http://s/xwzx/gzdt/');
    expect(columnKey('http://s/xwzx/gzdt/index_2.html')).toBe('http://s/xwzx/gzdt/');
    expect(columnKey('http://s/list.jsp?cat=1')).not.toBe(columnKey('http://s/list.jsp?cat=2'));
  });
});
