import type { CheerioAPI } from 'cheerio';
import { baseUrlOf } from './extract-links.ts';
import { ANSWER_MARKER, GKMLPT_APP, gkmlptPage, gkmlptSource } from './gkmlpt.ts';
import { normalizeUrl } from './url.ts';
import { elementsNamed, inlineScriptElements, memoOfPage, sourceMayContain } from './page-memo.ts';

/**
 * List pagination as a visitor pages through it, mapped to real page URLs so the crawler
 * can fetch every page like any other (links checked, items dated, messages read).
 * Government CMSs page with script more often than with links:
 *
 * - TRS WCM: `createPageHTML(3, 0, "index", "html")` (or `countPage`/`currentPage`
 *   variables, or the 6-argument `createPageHTML('div', 3, 0, 'index', 'html', 45)`):
 *   index.html, index_1.html, index_2.html.
 * - 帝国CMS and other numbered pagers: `index_2.html` … `index_23.html` (尾页), with the item
 *   count in `<a title="Total record"><b>333</b></a>`.
 * - Hanweb 大汉 jpage: the first group of records sits in `<script type="text/xml"><datastore>`;
 *   later groups come from a read-only POST to `dataproxy.jsp?startrecord=&endrecord=&perpage=`
 *   with the parameters of the `<nextgroup>` link as the form body.
 * - `javascript:goPage(n)` / `turnPage(n)` whose function in the page builds the URL from a
 *   string and the page number.
 * - gkmlpt (政府信息公开目录) lists load from a JSON API (`/gkmlpt/api/all/<id>?page=N&sid=`):
 *   when the page names the endpoint, its first API page is the list's `source`; each API
 *   answer (read as a list, see gkmlpt.ts) gives the other API pages. Otherwise unmapped.
 *
 * Paging the page shows but that cannot be mapped (a postback, a function without an
 * evident URL) is reported in `unmapped`, so the reader knows the list was not read in full.
 */

/** One page of a list as a request: a GET, or the read-only POST a list script sends. */
export interface PageRequest {
  url: string;
  /** application/x-www-form-urlencoded body; only for known list endpoints (dataproxy.jsp). */
  post?: string;
}

export type PagingScheme = 'trs' | 'numbered' | 'hanweb' | 'gkmlpt' | 'script' | 'links';

export interface Pagination {
  /** Pages in all, when the page says (createPageHTML / countPage / 尾页 / totalRecord). */
  pageCount: number | null;
  /** 0-based index of this page, when known. */
  current: number | null;
  /** URL of every page by index (first page included), when the scheme is known. */
  pages: string[];
  /** The same pages as requests (POST bodies for Hanweb record groups). */
  requests: PageRequest[];
  /** Items in the whole list, when the pager says (帝国CMS Total record, Hanweb totalRecord). */
  itemCount: number | null;
  /** The 下一页 link. */
  next: string | null;
  /** The 尾页 link. */
  last: string | null;
  scheme: PagingScheme | null;
  /** Why the page's paging could not be mapped to URLs (需人工核查), else null. */
  unmapped: string | null;
  /** Numbered pager links of a plain link pager (no scheme): the pages it shows, unordered. */
  linked: string[];
  /** The data request that fills this page's (empty) list: a gkmlpt API's first page, else null. */
  source: string | null;
}

/** Real sites cap this; a forged count must not make us enumerate millions of URLs. */
export const MAX_PAGES_LISTED = 2000;

const CREATE_PAGE_CALL = /createPageHTML\s*\(([^)]*)\)/;
const COUNT_PAGE = /countPage\s*=\s*['"]?(\d+)/;
const CURRENT_PAGE = /currentPage\s*=\s*['"]?(\d+)/;
const PAGE_EXT = /^s?html?$/i;
const NEXT_TEXT = /^(下一页|下页|后一页|后页|>)$/;
const LAST_TEXT = /^(尾页|末页|最后一页|>>)$/;
const PAGER_TEXT = /^(\d+|下一页|下页|后一页|后页|上一页|上页|前页|首页|尾页|末页|最后一页|第一页|>|<|>>|<<|\[\d+\])$/;
const SCRIPT_PAGER = /^javascript:\s*(\w+)\s*\(\s*['"]?(\d+)['"]?\s*\)/i;
const POSTBACK = /__doPostBack|javascript:\s*(?:void|submit|document\.forms)/i;
/** Hanweb's list endpoint: answers a read-only POST with a record set. Never a form. */
const HANWEB_PROXY = /\/module\/web\/jpage\/dataproxy\.jsp$/i;

function empty(): Pagination {
  return { pageCount: null, current: null, pages: [], requests: [], itemCount: null, next: null, last: null, scheme: null, unmapped: null, linked: [], source: null };
}

/** Page URLs `prefix.ext`, `prefix_<first>.ext` … for `count` pages in the folder of `base`. */
function numberedPages(base: string, count: number, prefix: string, ext: string, firstSuffix: number): string[] {
  const pages: string[] = [];
  for (let i = 0; i < Math.min(count, MAX_PAGES_LISTED); i++) pages.push(new URL(i === 0 ? `${prefix}.${ext}` : `${prefix}_${i - 1 + firstSuffix}.${ext}`, base).href);
  return pages;
}

/** Inline script text of the page (where pagers are written). */
export function inlineScripts($: CheerioAPI): string {
  return memoOfPage($, 'inlineScripts', () =>
    inlineScriptElements($)
      .map((s) => $(s).text())
      .join('\n'),
  );
}

/** The value of a `var name = N` (or name: N) in the scripts, for calls that pass variables. */
function scriptNumber(scripts: string, name: string): number | null {
  const m = scripts.match(new RegExp(`\\b${name}\\s*[:=]\\s*['"]?(\\d+)`));
  return m ? Number(m[1]) : null;
}

/** TRS createPageHTML, in its 4- and 6-argument forms, with literal or variable arguments. */
function trsPaging(base: string, scripts: string): Pagination | null {
  const call = scripts.match(CREATE_PAGE_CALL);
  const args = call ? call[1].split(',').map((a) => a.trim().replace(/^['"]|['"]$/g, '')) : [];
  let count: number | null = null;
  let current: number | null = null;
  let rows: number | null = null;
  let prefix = 'index';
  let ext = 'html';
  if (call) {
    const numbers: number[] = [];
    const words: string[] = [];
    for (const arg of args) {
      if (/^\d+$/.test(arg)) numbers.push(Number(arg));
      else if (/^[A-Za-z_$][\w$]*$/.test(arg) && scriptNumber(scripts, arg) !== null && numbers.length < 2 && !PAGE_EXT.test(arg)) numbers.push(scriptNumber(scripts, arg)!);
      else words.push(arg);
    }
    const extAt = words.findIndex((w) => PAGE_EXT.test(w));
    if (extAt > 0) {
      ext = words[extAt];
      prefix = words[extAt - 1];
    }
    [count = null, current = null, rows = null] = numbers;
  }
  if (count === null) {
    const m = scripts.match(COUNT_PAGE);
    if (!m) return null;
    count = Number(m[1]);
    current = Number(scripts.match(CURRENT_PAGE)?.[1] ?? 0);
  }
  if (!/^[\w.-]+$/.test(prefix)) return null;
  const pages = numberedPages(base, count, prefix, ext, 1);
  return { ...empty(), scheme: 'trs', pageCount: count, current, pages, requests: pages.map((url) => ({ url })), itemCount: rows !== null && rows > count ? rows : null };
}

interface PagerLink {
  url: string;
  text: string;
  href: string;
}

function pagerLinks($: CheerioAPI, base: string): PagerLink[] {
  const links: PagerLink[] = [];
  for (const el of elementsNamed($, 'a')) {
    const href = el.attribs.href;
    if (href === undefined) continue;
    const text = $(el).text().replace(/\s+/g, '').trim();
    if (!PAGER_TEXT.test(text) && !/^(下一页|尾页|末页)/.test(text)) continue;
    const url = normalizeUrl(href, base);
    links.push({ url: url ?? '', text, href });
  }
  return links;
}

/** Numbered pages in the folder (帝国CMS index_2.html … 尾页 index_23.html; list_3.html). */
function numberedPaging(base: string, links: PagerLink[]): Pagination | null {
  const folder = (u: string) => u.replace(/[?#].*$/, '').replace(/[^/]*$/, '');
  let prefix: string | null = null;
  let ext = 'html';
  let min = Infinity;
  let max = 0;
  for (const link of links) {
    if (!link.url || folder(link.url) !== folder(base)) continue;
    const m = new URL(link.url).pathname.match(/\/([\w-]+?)_(\d+)\.(s?html?)$/i);
    if (!m || (prefix !== null && m[1] !== prefix)) continue;
    prefix = m[1];
    ext = m[3];
    min = Math.min(min, Number(m[2]));
    max = Math.max(max, Number(m[2]));
  }
  if (prefix === null || max > MAX_PAGES_LISTED * 2) return null;
  // TRS counts from index_1 (page 2), 帝国CMS from index_2 (page 2): start where the pager does.
  const first = Math.min(min, 2);
  const count = max - first + 2;
  const pages = numberedPages(base, count, prefix, ext, first);
  const own = new URL(base).pathname.match(/_(\d+)\.s?html?$/i);
  // On page 1 the page itself is page 1 (a folder URL, or index.html beside list_2.html).
  if (!own) pages[0] = normalizeUrl(base) ?? pages[0];
  return { ...empty(), scheme: 'numbered', pageCount: count, current: own ? Number(own[1]) - first + 1 : 0, pages, requests: pages.map((url) => ({ url })) };
}

/**
 * `javascript:goPage(3)`: the page's own function must build the URL from a string and
 * its argument (`location.href = "list_" + n + ".html"`); otherwise the paging is unmapped.
 */
function scriptPaging(base: string, links: PagerLink[], scripts: string): Pagination | null {
  const calls = links.map((l) => l.href.match(SCRIPT_PAGER)).filter((m): m is RegExpMatchArray => m !== null);
  if (!calls.length) return null;
  const fn = calls[0][1];
  const body = scripts.match(new RegExp(`function\\s+${fn}\\s*\\(\\s*(\\w+)[^)]*\\)\\s*\\{([\\s\\S]*?)\\}`));
  const unmapped = { ...empty(), scheme: 'script' as const, unmapped: `列表翻页由脚本 ${fn}() 完成，页面地址无法从页面中确定` };
  if (!body) return unmapped;
  const param = body[1];
  const built = body[2].match(new RegExp(`(?:location(?:\\.href)?|window\\.open\\s*\\()\\s*=?\\s*['"]([^'"]*)['"]\\s*\\+\\s*\\(?\\s*${param}\\s*(?:([+-])\\s*(\\d+))?\\s*\\)?\\s*(?:\\+\\s*['"]([^'"]*)['"])?`));
  if (!built) return unmapped;
  const shift = built[3] ? Number(built[3]) * (built[2] === '-' ? -1 : 1) : 0;
  const numbers = calls.map((m) => Number(m[2]));
  const count = Math.min(Math.max(...numbers), MAX_PAGES_LISTED);
  const low = Math.min(...numbers, 1);
  const pages: string[] = [];
  for (let n = low; n < low + count; n++) {
    const url = normalizeUrl(`${built[1]}${n + shift}${built[4] ?? ''}`, base);
    if (!url) return unmapped;
    pages.push(url);
  }
  return { ...empty(), scheme: 'script', pageCount: count, pages, requests: pages.map((url) => ({ url })) };
}

/**
 * Hanweb jpage: totalRecord, perPage and groupSize from the jpage call, the endpoint from
 * proxyUrl (default dataproxy.jsp) and the form body from the `<nextgroup>` link.
 */
function hanwebPaging(base: string, scripts: string): Pagination | null {
  if (!scripts.includes('<datastore>') && !scripts.includes('<recordset>')) return null;
  const total = scriptNumber(scripts, 'totalRecord');
  const perPage = scriptNumber(scripts, 'perPage') ?? 15;
  const groupSize = scriptNumber(scripts, 'groupSize') ?? 3;
  const proxy = scripts.match(/proxyUrl\s*:\s*['"]([^'"]+)['"]/)?.[1] ?? '/module/web/jpage/dataproxy.jsp';
  const nextHref = scripts.match(/<nextgroup>\s*<!\[CDATA\[\s*<a\s+href=['"]([^'"]+)['"]/i)?.[1];
  const inline = (scripts.match(/<record>/g) ?? []).length;
  // Without a total the inline group may be all there is; with a next group it is not.
  if (total === null) return inline && nextHref ? { ...empty(), scheme: 'hanweb', unmapped: '大汉 jpage 列表未给出记录总数，无法确定分页' } : null;
  const endpoint = normalizeUrl(proxy, base);
  if (!endpoint || !HANWEB_PROXY.test(new URL(endpoint).pathname)) return { ...empty(), scheme: 'hanweb', unmapped: `列表数据接口 ${proxy} 不是已知的只读列表接口` };
  const form = nextHref ? new URL(nextHref.replace(/&amp;/g, '&'), base).searchParams : new URLSearchParams();
  form.delete('page');
  form.delete('startrecord');
  form.delete('endrecord');
  form.delete('perpage');
  const groupRecords = perPage * groupSize;
  const groups = Math.min(Math.ceil(total / groupRecords), MAX_PAGES_LISTED);
  const first = normalizeUrl(base)!;
  const requests: PageRequest[] = [{ url: first }];
  for (let g = 1; g < groups; g++) {
    const url = new URL(endpoint);
    url.search = new URLSearchParams({ startrecord: String(g * groupRecords + 1), endrecord: String(Math.min(total, (g + 1) * groupRecords)), perpage: String(perPage) }).toString();
    requests.push({ url: normalizeUrl(url.href)!, post: form.toString() });
  }
  return { ...empty(), scheme: 'hanweb', pageCount: groups, current: 0, itemCount: total, pages: requests.map((r) => r.url), requests };
}

/**
 * gkmlpt: an API answer's pager marker gives every API page; a list page of the app gives
 * its API's first page as the list's source.
 */
function gkmlptPaging($: CheerioAPI, base: string, scripts: string): Pagination | null {
  const mentioned = sourceMayContain($, /gkmlpt/i);
  const answer = mentioned ? $(ANSWER_MARKER).first() : $([]);
  if (answer.length) {
    const api = normalizeUrl(answer.attr('data-api') ?? '', base);
    const count = Number(answer.attr('data-pages') ?? 0);
    const total = answer.attr('data-total');
    if (!api) return null;
    const pages = count > 0 ? Array.from({ length: Math.min(count, MAX_PAGES_LISTED) }, (_, i) => gkmlptPage(api, i + 1)) : [];
    return { ...empty(), scheme: 'gkmlpt', pageCount: count || null, current: Number(answer.attr('data-page') ?? 1) - 1, pages, requests: pages.map((url) => ({ url })), itemCount: total ? Number(total) : null };
  }
  if (!GKMLPT_APP.test(scripts) && !(mentioned && $('[data-api*="gkmlpt/api"],[data-url*="gkmlpt/api"]').length)) return null;
  const source = gkmlptSource($, base, scripts);
  // Without a named endpoint the app builds its API URLs in a bundled script.
  if (!source) return { ...empty(), scheme: 'script', unmapped: '政府信息公开目录（gkmlpt）列表由接口脚本加载，翻页地址无法从页面确定' };
  return { ...empty(), scheme: 'gkmlpt', source };
}

/** Same folder, or the same script with another query (list.jsp?page=2). */
function samePath(url: string, base: string): boolean {
  const a = new URL(url);
  const b = new URL(base);
  return a.origin === b.origin && (a.pathname === b.pathname || a.pathname.replace(/[^/]*$/, '') === b.pathname.replace(/[^/]*$/, ''));
}

/** How the list on this page is paged, and the URL (or request) of every page. */
export function readPagination($: CheerioAPI, pageUrl: string): Pagination {
  // The crawler (to enqueue the list's pages), the column reader and the message board each
  // ask: read once per page, and shared (no caller changes it).
  return memoOfPage($, `pagination ${pageUrl}`, () => paginationOf($, pageUrl, inlineScripts($)));
}

function paginationOf($: CheerioAPI, pageUrl: string, scripts: string): Pagination {
  const base = baseUrlOf($, pageUrl);
  const links = pagerLinks($, base);
  const byText = (re: RegExp) => links.find((l) => l.url && re.test(l.text))?.url ?? null;
  const next = byText(NEXT_TEXT) ?? byText(/^下一页/);
  const last = byText(LAST_TEXT) ?? byText(/^(尾页|末页)/);
  const gkmlpt = gkmlptPaging($, base, scripts);
  const found = (gkmlpt?.unmapped ? null : gkmlpt) ?? trsPaging(base, scripts) ?? hanwebPaging(base, scripts) ?? numberedPaging(base, links) ?? scriptPaging(base, links, scripts);
  const result = found ?? empty();
  result.next = next;
  result.last = last ?? (result.pages.length > 1 ? result.pages.at(-1)! : null);
  // 帝国CMS writes the item count beside the pager: <a title="Total record"><b>333</b></a>.
  const totalAnchor = elementsNamed($, 'a').find((a) => a.attribs.title === 'Total record' || a.attribs.title === 'total record');
  const totalRecord = totalAnchor ? $(totalAnchor).text().replace(/\D/g, '') : '';
  if (totalRecord) result.itemCount = Number(totalRecord);
  if (!found && !next && links.some((l) => POSTBACK.test(l.href))) {
    result.scheme = 'script';
    result.unmapped = '列表翻页通过表单回发（postback）完成，页面地址无法确定';
  } else if (!found && gkmlpt?.unmapped) {
    result.scheme = 'script';
    result.unmapped = gkmlpt.unmapped;
  } else if (!found) {
    // Plain pager links (list.jsp?page=3): the pages they show, in the order shown.
    const shown = [...new Set(links.filter((l) => l.url && /^\d+$/.test(l.text) && samePath(l.url, base)).map((l) => l.url))];
    if (next || shown.length) {
      result.scheme = 'links';
      result.linked = shown;
    }
  }
  return result;
}

/**
 * The requests the crawler should make for a list's other pages: the first `cap` pages and
 * the last one (lists sorted oldest first keep the newest item there), this page excluded.
 */
export function pagesToCrawl(pagination: Pagination, pageUrl: string, cap: number): (PageRequest & { page: number })[] {
  // A list filled from an API: its first API page (whose answer gives the others).
  if (pagination.source) return pagination.source === pageUrl ? [] : [{ url: pagination.source, page: 1 }];
  const numbered = pagination.requests.map((r, i) => ({ ...r, page: i + 1 }));
  // Plain 下一页 links are crawled as links already.
  if (numbered.length <= 1) return [];
  const chosen = numbered.slice(0, cap);
  if (numbered.length > cap) chosen.push(numbered.at(-1)!);
  return chosen.filter((r) => r.url !== pageUrl);
}
