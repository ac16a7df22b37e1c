import { load } from 'cheerio';
import { decodeHtml } from '../../crawl/encoding.ts';
import type { Fetcher, PageOrError } from '../../crawl/types.ts';
import { clean } from '../page-facts.ts';
import { searchUrl, type SearchForm } from '../search-probe.ts';
import { documentPageOf } from './documents-gatherer.ts';
import { normaliseDocNo, normaliseTitle } from './doc-number.ts';
import type { SearchAnswer, Searcher } from './reconcile.ts';

/** Result pages opened per query: enough for the first screen of a search. */
const RESULTS_OPENED = 5;

export interface SiteSearchOptions {
  fetcher: Fetcher;
  fetchPage(url: string): Promise<PageOrError>;
  form: SearchForm | null;
  endpoints: string[];
  origin: string;
  allowed(url: string): Promise<boolean>;
  interpretationKeywords: readonly string[];
}

/**
 * A Searcher over the site's own search: the homepage form, else the first configured
 * endpoint that answers. Result links whose text (or the result block around them) names
 * the query are opened and read like crawled pages.
 */
export function siteSearcher(options: SiteSearchOptions): Searcher {
  let endpoint: string | null | undefined = options.form ? null : undefined;
  const urlFor = (query: string, e: string | null) => (options.form ? searchUrl(options.form, query) : new URL(e!.replace('{q}', encodeURIComponent(query)), options.origin).href);

  return async (query: string): Promise<SearchAnswer> => {
    const tries = endpoint !== undefined ? [endpoint] : options.endpoints;
    if (!tries.length) return { ok: false, reason: '首页未发现搜索框，也未配置搜索地址' };
    for (const e of tries) {
      const url = urlFor(query, e);
      if (!(await options.allowed(url))) return { ok: false, reason: 'robots.txt 禁止访问搜索地址' };
      const result = await options.fetcher.fetch(url);
      // Without a form, a 404 only means this product's endpoint is not the site's.
      if (endpoint === undefined && (result.status === 404 || result.status === null) && e !== tries.at(-1)) continue;
      if (result.status === null) return { ok: false, reason: `搜索请求失败：${result.error ?? '网络错误'}` };
      if (result.status >= 400) return { ok: false, reason: `搜索页返回 HTTP ${result.status}` };
      endpoint = e;
      const { text } = decodeHtml(result.body ?? Buffer.alloc(0), result.headers['content-type'] ?? 'text/html');
      const $ = load(text);
      const wanted = normaliseTitle(query);
      const wantedNo = normaliseDocNo(query);
      const host = new URL(result.finalUrl).host;
      const links: string[] = [];
      for (const a of $('a[href]').toArray()) {
        let href: URL;
        try {
          href = new URL($(a).attr('href')!, result.finalUrl);
        } catch {
          continue;
        }
        if (href.host !== host || href.pathname === new URL(url).pathname) continue;
        const around = clean(`${$(a).text()} ${$(a).attr('title') ?? ''} ${$(a).parent().text().slice(0, 300)}`);
        if (normaliseTitle(around).includes(wanted) || normaliseDocNo(around).includes(wantedNo)) links.push(href.href);
      }
      const pages = [];
      for (const link of [...new Set(links)].slice(0, RESULTS_OPENED)) {
        const opened = await options.fetchPage(link);
        if (!opened.ok) continue;
        const doc = documentPageOf(opened.page, options.interpretationKeywords);
        if (doc) pages.push(doc);
      }
      return { ok: true, pages };
    }
    return { ok: false, reason: '常见搜索地址均不可用（HTTP 404）' };
  };
}
