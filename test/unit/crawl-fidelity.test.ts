import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { extractLinks, srcsetUrls } from '../../src/crawl/extract-links.ts';
import { pagesToCrawl, readPagination } from '../../src/crawl/pagination.ts';
import { expandGkmlptAnswer } from '../../src/crawl/gkmlpt.ts';
import { MAX_REPARSE_DEPTH, expandRecordSets, hasContentAfterEnd, metaRefresh, parseHtml, parsePage } from '../../src/crawl/parse-page.ts';
import type { FetchResult } from '../../src/crawl/types.ts';

const PAGE = 'http://site.test/xwzx/gzdt/index.html';
const paging = (html: string, url = PAGE) => readPagination(load(html), url);
const local = (urls: string[]) => urls.map((u) => u.replace('http://site.test', ''));

describe('pagination mapped to page URLs', () => {
  it('TRS createPageHTML: literal, variable and 6-argument forms', () => {
    expect(local(paging('<script>createPageHTML(3, 0, "index", "html");</script>').pages)).toEqual(['/xwzx/gzdt/index.html', '/xwzx/gzdt/index_1.html', '/xwzx/gzdt/index_2.html']);
    const vars = paging('<script>var currentPage = 1;var countPage = 4\ncreatePageHTML(countPage, currentPage, "index", "shtml");</script>', 'http://site.test/xwzx/gzdt/index_1.shtml');
    expect({ count: vars.pageCount, current: vars.current, last: vars.pages.at(-1) }).toEqual({ count: 4, current: 1, last: 'http://site.test/xwzx/gzdt/index_3.shtml' });
    const six = paging("<script>createPageHTML('page_div', 2, 0, 'list', 'html', 35);</script>");
    expect({ pages: local(six.pages), items: six.itemCount }).toEqual({ pages: ['/xwzx/gzdt/list.html', '/xwzx/gzdt/list_1.html'], items: 35 });
  });

  it('帝国CMS: the range up to 尾页, and the item count from Total record', () => {
    const p = paging('<div class="epages"><a title="Total record">&nbsp;<b>333</b> </a>&nbsp;<b>1</b>&nbsp;<a href="/xwzx/gzdt/index_2.html">2</a>&nbsp;<a href="/xwzx/gzdt/index_2.html">下一页</a>&nbsp;<a href="/xwzx/gzdt/index_23.html">尾页</a></div>');
    expect({ count: p.pageCount, items: p.itemCount, first: p.pages[0], third: p.pages[2], last: p.last }).toEqual({
      count: 23,
      items: 333,
      first: PAGE,
      third: 'http://site.test/xwzx/gzdt/index_3.html',
      last: 'http://site.test/xwzx/gzdt/index_23.html',
    });
  });

  it('Hanweb jpage: later record groups as read-only POSTs to dataproxy.jsp', () => {
    const p = paging(`<div id="4183"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=1&path=/&columnid=12&unitid=4183&permissiontype=0"></a>]]></nextgroup>
      <recordset><record><![CDATA[<li><a href="/art/2026/11/1/art_12_1.html">x</a></li>]]></record></recordset></datastore></script></div>
      <script>$('#4183').jpage({ perPage: 15, totalRecord: 100, groupSize: 3, proxyUrl: '/module/web/jpage/dataproxy.jsp' });</script>`, 'http://site.test/col/col12/index.html');
    expect(p.pageCount).toBe(3);
    expect(p.requests.slice(1).map((r) => [r.url.replace('http://site.test', ''), r.post])).toEqual([
      ['/module/web/jpage/dataproxy.jsp?endrecord=90&perpage=15&startrecord=46', 'webid=1&path=%2F&columnid=12&unitid=4183&permissiontype=0'],
      ['/module/web/jpage/dataproxy.jsp?endrecord=100&perpage=15&startrecord=91', 'webid=1&path=%2F&columnid=12&unitid=4183&permissiontype=0'],
    ]);
    // The records are where the browser puts them: in the page, links and all.
    const html = expandRecordSets('<html><body><script type="text/xml"><datastore><recordset><record><![CDATA[<li><a href="/a.html">A</a></li>]]></record></recordset></datastore></script></body></html>');
    expect(load(html)('.record-list a').attr('href')).toBe('/a.html');
  });

  it('an unknown endpoint is never POSTed to: reported as unmapped', () => {
    const p = paging('<script type="text/xml"><datastore><recordset><record><![CDATA[<li>x</li>]]></record></recordset></datastore></script><script>x.jpage({ totalRecord: 50, proxyUrl: "/member/save.do" })</script>');
    expect({ requests: p.requests, unmapped: p.unmapped }).toEqual({ requests: [], unmapped: '列表数据接口 /member/save.do 不是已知的只读列表接口' });
  });

  it('goPage(n) when the page\'s own function builds the URL; otherwise 需人工核查', () => {
    const mapped = paging('<script>function goPage(n){ location.href = "list_" + n + ".html"; }</script><div class="page"><a href="javascript:goPage(1)">1</a><a href="javascript:goPage(2)">2</a><a href="javascript:goPage(4)">尾页</a></div>');
    expect(local(mapped.pages)).toEqual(['/xwzx/gzdt/list_1.html', '/xwzx/gzdt/list_2.html', '/xwzx/gzdt/list_3.html', '/xwzx/gzdt/list_4.html']);
    expect(paging('<a href="javascript:turnPage(2)">2</a>').unmapped).toBe('列表翻页由脚本 turnPage() 完成，页面地址无法从页面中确定');
    expect(paging('<a href="javascript:__doPostBack(\'pager\',\'2\')">下一页</a>').unmapped).toBe('列表翻页通过表单回发（postback）完成，页面地址无法确定');
    expect(paging('<div id="app"></div><script>window._CONFIG = { SID: "755", LANG: "zh" };</script>').unmapped).toBe('政府信息公开目录（gkmlpt）列表由接口脚本加载，翻页地址无法从页面确定');
  });

  it('gkmlpt: the list page\'s API (script or data attribute, with the site id) is its source; each answer gives every API page', () => {
    const viaAttribute = paging('<ul id="list" data-api="/gkmlpt/api/all/2681"></ul><script>window._CONFIG = { SID: \'757\' };</script>');
    expect({ scheme: viaAttribute.scheme, source: viaAttribute.source, unmapped: viaAttribute.unmapped }).toEqual({ scheme: 'gkmlpt', source: 'http://site.test/gkmlpt/api/all/2681?page=1&sid=757', unmapped: null });
    expect(pagesToCrawl(viaAttribute, PAGE, 5)).toEqual([{ url: 'http://site.test/gkmlpt/api/all/2681?page=1&sid=757', page: 1 }]);
    expect(paging('<script>$.getJSON("/gkmlpt/api/all/88?sid=2&page=" + p)</script>').source).toBe('http://site.test/gkmlpt/api/all/88?page=1&sid=2');
    const api = 'http://site.test/gkmlpt/api/all/2681?page=1&sid=757';
    const answer = load(expandGkmlptAnswer(JSON.stringify({ total: 12, articles: [1, 2, 3, 4, 5].map((n) => ({ title: `通知${n}`, url: `/gkmlpt/content/2/2681/post_${n}.html#2681`, display_publish_time: 1795908600 })) }), api));
    // 07:30 in China is the evening before in UTC: the China date counts.
    expect(answer('li span').first().text()).toBe('2026-11-29');
    const pages = readPagination(answer, api);
    expect({ count: pages.pageCount, items: pages.itemCount, pages: local(pages.pages) }).toEqual({ count: 3, items: 12, pages: ['/gkmlpt/api/all/2681?page=1&sid=757', '/gkmlpt/api/all/2681?page=2&sid=757', '/gkmlpt/api/all/2681?page=3&sid=757'] });
    // A hostile or broken answer is an empty list, never a crash.
    expect(load(expandGkmlptAnswer('not json', api))('li').length).toBe(0);
  });

  it('crawls the first pages up to the cap and the last one', () => {
    const p = paging('<script>createPageHTML(40, 0, "index", "html");</script>');
    expect(pagesToCrawl(p, PAGE, 5).map((r) => r.page)).toEqual([2, 3, 4, 5, 40]);
  });
});

describe('links as a browser sees them', () => {
  it('srcset by the spec: data: skipped, commas inside URLs kept', () => {
    expect(srcsetUrls('data:image/png;base64,iVBORw0KGgo= 1x, /img/a.jpg 2x')).toEqual(['/img/a.jpg']);
    expect(srcsetUrls('/cdn-cgi/image/format=webp,width=640/x.jpg 640w, /cdn-cgi/image/format=webp,width=1280/x.jpg 1280w')).toEqual([
      '/cdn-cgi/image/format=webp,width=640/x.jpg',
      '/cdn-cgi/image/format=webp,width=1280/x.jpg',
    ]);
  });

  it('canonical, alternate, Open Graph and JSON-LD targets under their own kinds', () => {
    const $ = load(`<head><link rel="canonical" href="/a.html"><link rel="alternate" hreflang="en" href="/en/a.html"><link rel="preconnect" href="//cdn.test">
      <meta property="og:image" content="/share.png"><meta property="og:title" content="标题">
      <script type="application/ld+json">{"@type":"NewsArticle","url":"/a.html","image":{"@type":"ImageObject","url":"/img.png"},"publisher":{"logo":"/logo.png"}}</script></head>`);
    const links = extractLinks($, 'http://site.test/x.html').map((l) => `${l.kind} ${l.url.replace('http://site.test', '')}`);
    expect(links.sort()).toEqual(['alternate /en/a.html', 'canonical /a.html', 'json-ld /a.html', 'json-ld /img.png', 'json-ld /logo.png', 'open-graph /share.png']);
  });

  it('meta refresh: the target and delay; a plain reload is none', () => {
    expect(metaRefresh(load('<meta http-equiv="Refresh" content="0; URL=\'/col/col1/index.html\'">'), 'http://site.test/')).toEqual({ url: 'http://site.test/col/col1/index.html', delaySeconds: 0 });
    expect(metaRefresh(load('<meta http-equiv="refresh" content="300">'), 'http://site.test/')).toBeNull();
  });
});

describe('parsing like a browser', () => {
  const STRAY = '<html><head><title>t</title></head><body><div class="header">头部</div></body></html>\n<div class="main">正文</div><div class="footer">网站标识码：6200000099</div></body></html>';

  it('keeps the footer after a stray </html> in the body (re-parsed with parse5)', () => {
    expect(hasContentAfterEnd(STRAY)).toBe(true);
    expect(load(STRAY, { xml: { xmlMode: false, decodeEntities: true } })('body').text()).not.toContain('网站标识码');
    const parsed = parseHtml(STRAY);
    expect(parsed.parser).toBe('parse5');
    expect(parsed.$('body').text()).toContain('网站标识码：6200000099');
    const result: FetchResult = { url: 'http://s/', finalUrl: 'http://s/', status: 200, error: null, errorDetail: null, headers: { 'content-type': 'text/html; charset=utf-8' }, redirects: [], body: Buffer.from(STRAY), truncated: false, attempts: 1, durationMs: 1 };
    expect(parsePage(result, 0)?.parser).toBe('parse5');
  });

  it('stays on the fast parser for ordinary pages, trailing scripts and pathological nesting', () => {
    expect(parseHtml('<html><body><p>x</p></body></html>\n<script>stat()</script>\n').parser).toBe('htmlparser2');
    const deep = `<html><body>${'<div>'.repeat(MAX_REPARSE_DEPTH + 10)}x${'</div>'.repeat(MAX_REPARSE_DEPTH + 10)}</body></html><p>after</p>`;
    expect(parseHtml(deep).parser).toBe('htmlparser2');
  });
});
