import { load, type CheerioAPI } from 'cheerio';
import { decodeHtml } from '../crawl/encoding.ts';
import type { FetchResult, Fetcher } from '../crawl/types.ts';
import { clean } from './page-facts.ts';

/** The homepage's search form, as a visitor would submit it. */
export interface SearchForm {
  action: string;
  method: 'get' | 'post';
  field: string;
  /** Hidden inputs sent along (TRS forms carry channelid, presearchword ...). */
  hidden: Record<string, string>;
}

/** One try of the site search with the title of a recent article. */
export interface SearchProbe {
  /** Whether a request was sent. */
  tried: boolean;
  /** Why it was not tried, or why the answer does not count as results (Chinese). */
  reason: string | null;
  form: SearchForm | null;
  /** Known endpoint used when the homepage has no form. */
  endpoint: string | null;
  url: string | null;
  query: string | null;
  /** The article whose title was searched for. */
  expectedUrl: string | null;
  status: number | null;
  error: string | null;
  /** Results came back that name the article (by link or title); null when not tried. */
  works: boolean | null;
  /** The result page names the article by `url` or `title`, or says nothing was found. */
  matched: 'url' | 'title' | null;
}

const FIELD_NAMES = /^(searchword|searchWord|q|query|keyword|keywords|kw|wd|word|key|text|qt|sw)$/i;

/** Finds a search form: a form with a text input named like a query, or any form in a `.search` box. */
export function findSearchForm($: CheerioAPI, pageUrl: string): SearchForm | null {
  const forms = $('form').toArray();
  for (const el of forms) {
    const form = $(el);
    const inputs = form.find('input').toArray().map((i) => $(i));
    const text = inputs.find((i) => /^(text|search|)$/i.test(i.attr('type') ?? '') && FIELD_NAMES.test(i.attr('name') ?? '')) ??
      (/search|sousuo|ss/i.test(`${form.attr('class') ?? ''} ${form.attr('id') ?? ''} ${form.attr('action') ?? ''}`)
        ? inputs.find((i) => /^(text|search|)$/i.test(i.attr('type') ?? '') && i.attr('name'))
        : undefined);
    if (!text) continue;
    let action: string;
    try {
      action = new URL(form.attr('action') || pageUrl, pageUrl).href;
    } catch {
      continue;
    }
    const hidden: Record<string, string> = {};
    for (const i of inputs) if ((i.attr('type') ?? '').toLowerCase() === 'hidden' && i.attr('name')) hidden[i.attr('name')!] = i.attr('value') ?? '';
    return { action, method: (form.attr('method') ?? 'get').toLowerCase() === 'post' ? 'post' : 'get', field: text.attr('name')!, hidden };
  }
  return null;
}

/** The URL a visitor's browser would open for a GET submission of `form` with `query`. */
export function searchUrl(form: SearchForm, query: string): string {
  const url = new URL(form.action);
  for (const [k, v] of Object.entries(form.hidden)) url.searchParams.set(k, v);
  url.searchParams.set(form.field, query);
  return url.href;
}

/**
 * Judges a search result page: it works when it names the article searched for (its
 * address or its title) and does not say that nothing was found.
 */
export function judgeResults(result: FetchResult, expectedUrl: string, title: string, noResults: RegExp): Pick<SearchProbe, 'works' | 'matched' | 'reason'> {
  if (result.status === null) return { works: false, matched: null, reason: `搜索请求失败：${result.error ?? '网络错误'}` };
  if (result.status >= 400) return { works: false, matched: null, reason: `搜索页返回 HTTP ${result.status}` };
  if (!result.body) return { works: false, matched: null, reason: '搜索页没有内容' };
  const { text } = decodeHtml(result.body, result.headers['content-type'] ?? 'text/html');
  const path = new URL(expectedUrl).pathname;
  // Only a result link counts: every search page echoes the query, which proves nothing.
  const $ = load(text);
  const hrefs = $('a[href]').toArray().map((a) => $(a).attr('href') ?? '');
  if (hrefs.some((h) => h === expectedUrl || (path.length > 1 && h.split(/[?#]/)[0].endsWith(path)))) return { works: true, matched: 'url', reason: null };
  if ($('a').toArray().some((a) => clean($(a).text()).includes(title) || ($(a).attr('title') ?? '').includes(title))) return { works: true, matched: 'title', reason: null };
  const plain = clean($('body').text());
  if (noResults.test(plain)) return { works: false, matched: null, reason: `以近期文章标题搜索，搜索页称无结果：「${noResults.exec(plain)![0]}」` };
  return { works: false, matched: null, reason: '以近期文章标题搜索，结果中没有该文章' };
}

export async function runSearchProbe(options: {
  fetcher: Fetcher;
  form: SearchForm | null;
  endpoints: string[];
  origin: string;
  article: { title: string; url: string } | null;
  noResults: RegExp;
  allowed: (url: string) => Promise<boolean>;
}): Promise<SearchProbe> {
  const base: SearchProbe = { tried: false, reason: null, form: options.form, endpoint: null, url: null, query: null, expectedUrl: null, status: null, error: null, works: null, matched: null };
  // Only GET forms are submitted: a POST may change something on the server, and a robot never sends one.
  if (options.form?.method === 'post') return { ...base, reason: `搜索表单以 POST 方式提交（${options.form.action}），未自动检测，需人工实测搜索` };
  if (!options.article) return { ...base, reason: '未找到带标题和日期的近期文章，无法构造搜索词' };
  const query = options.article.title.slice(0, 38);
  const candidates = options.form
    ? [{ url: searchUrl(options.form, query), endpoint: null }]
    : options.endpoints.map((e) => ({ url: new URL(e.replace('{q}', encodeURIComponent(query)), options.origin).href, endpoint: e }));
  if (!candidates.length) return { ...base, reason: '首页未发现搜索框，也未配置搜索地址' };
  let last: SearchProbe = base;
  for (const c of candidates) {
    if (!(await options.allowed(c.url))) {
      last = { ...base, url: c.url, query, endpoint: c.endpoint, reason: 'robots.txt 禁止访问搜索地址（disclosure.search.respectRobots 为 true）' };
      continue;
    }
    const result = await options.fetcher.fetch(c.url);
    const verdict = judgeResults(result, options.article.url, query, options.noResults);
    last = { ...base, tried: true, url: c.url, endpoint: c.endpoint, query, expectedUrl: options.article.url, status: result.status, error: result.error, ...verdict };
    // Without a form, a 404 just means this product's endpoint is not the site's: try the next one.
    if (verdict.works || options.form || (result.status !== 404 && result.status !== null)) break;
  }
  if (!options.form && !last.works && last.reason) last.reason = `首页未发现搜索框；尝试常见搜索地址：${last.reason}`;
  return last;
}
