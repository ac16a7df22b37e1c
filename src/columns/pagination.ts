import type { CheerioAPI } from 'cheerio';
import { baseUrlOf } from '../crawl/extract-links.ts';
import { normalizeUrl } from '../crawl/url.ts';

/** How a list is paged. TRS writes pages with script, so the links are not in the HTML. */
export interface Pagination {
  /** Pages in all, when the page says (createPageHTML / countPage). */
  pageCount: number | null;
  /** 0-based index of this page, when known. */
  current: number | null;
  /** URL of every page by index, when the scheme is known (TRS: index.html, index_1.html ...). */
  pages: string[];
  /** The 下一页 link. */
  next: string | null;
  /** The 尾页 link. */
  last: string | null;
}

const CREATE_PAGE = /createPageHTML\(\s*['"]?(\d+)['"]?\s*,\s*['"]?(\d+)['"]?\s*(?:,\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"])?/;
const COUNT_PAGE = /countPage\s*=\s*['"]?(\d+)/;
const CURRENT_PAGE = /currentPage\s*=\s*['"]?(\d+)/;
/** Real sites cap this; a forged count must not make us enumerate millions of URLs. */
const MAX_PAGES_LISTED = 2000;

/** TRS page i: index.html for the first, index_<i>.html after it (index_1.html is page 2). */
function trsPages(pageUrl: string, count: number, prefix: string, ext: string): string[] {
  const pages: string[] = [];
  for (let i = 0; i < Math.min(count, MAX_PAGES_LISTED); i++) pages.push(new URL(i === 0 ? `${prefix}.${ext}` : `${prefix}_${i}.${ext}`, pageUrl).href);
  return pages;
}

export function readPagination($: CheerioAPI, pageUrl: string, inlineScripts: string): Pagination {
  const base = baseUrlOf($, pageUrl);
  let pageCount: number | null = null;
  let current: number | null = null;
  let pages: string[] = [];
  const call = inlineScripts.match(CREATE_PAGE);
  if (call) {
    pageCount = Number(call[1]);
    current = Number(call[2]);
    pages = trsPages(base, pageCount, call[3] ?? 'index', call[4] ?? 'html');
  } else {
    const count = inlineScripts.match(COUNT_PAGE);
    if (count) {
      pageCount = Number(count[1]);
      current = Number(inlineScripts.match(CURRENT_PAGE)?.[1] ?? 0);
      pages = trsPages(base, pageCount, 'index', 'html');
    }
  }
  const linkByText = (re: RegExp) => {
    const a = $('a[href]')
      .filter((_, el) => re.test($(el).text().trim()))
      .first();
    return a.length ? normalizeUrl(a.attr('href')!, base) : null;
  };
  return { pageCount, current, pages, next: linkByText(/^(下一页|下页|后一页)/), last: linkByText(/^(尾页|末页|最后一页)/) };
}
