import type { CrawledPage } from '../crawl/types.ts';
import { metaContent } from '../crawl/page-memo.ts';

/** A page chosen for the browser audits. */
export interface AuditTarget {
  url: string;
  kind: 'homepage' | 'column' | 'article';
  /** Column name (from `<meta name="ColumnName">` or the page title), when known. */
  column: string | null;
  title: string | null;
}

/** Article URLs of the usual CMSs (TRS t20200904_123.html, Hanweb art_12_345.html, content_123.html). */
const ARTICLE_PATH = /(\/t\d{8}_\d+\.s?html?$)|(\/art_\d+_\d+\.s?html?$)|(\/content_\d+\.s?html?$)|(\/\d{6,8}\/[^/]+\.s?html?$)/i;
/** A column's first page: a folder, its index page, or Hanweb's /col/col123/index.html (not index_1.html, page 2). */
const LIST_PATH = /(\/|\/index\.(s?html?|jsp|php|aspx?))$/i;
/** Date segments that sit between a column folder and its articles. */
const DATE_SEGMENT = /^(\d{6}|\d{8}|\d{4}-\d{2}(-\d{2})?|\d{4}|\d{1,2})$/;
const LIST_DATE = /\d{4}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}|\[\d{2}-\d{2}\]/;
/** Columns and per-column article lists kept while crawling (memory stays small). */
const MAX_KEYS = 2000;

function meta($: CrawledPage['$'], name: string): string | null {
  const value = metaContent($, name)?.trim();
  return value ? value : null;
}

/** The folder of a URL with date folders removed: an article's column, and a list page's own. */
function folderKey(url: string): string {
  const u = new URL(url);
  const segments = u.pathname.split('/').slice(0, -1).filter(Boolean);
  while (segments.length && DATE_SEGMENT.test(segments.at(-1)!)) segments.pop();
  if (segments.at(-2) === 'art') segments.splice(-2); // Hanweb /art/2026/9/4/
  return `${u.origin}/${segments.join('/')}`;
}

function titleName(title: string): string | null {
  const first = title.split(/[_\-|—–]/)[0]?.trim();
  return first ? first : null;
}

/**
 * Picks the pages worth auditing in the browser from the crawl as it happens: the
 * homepage, each column's first page and the first few articles of each column (the
 * crawl is breadth-first, so those are the ones its list page links to first, the newest).
 */
export class AuditTargetCollector {
  private homepage: AuditTarget | null = null;
  private readonly columns = new Map<string, AuditTarget>();
  private readonly articles = new Map<string, AuditTarget[]>();
  private articleCount = 0;

  constructor(
    private readonly homepageUrl: string,
    private readonly articlesPerColumn: number,
  ) {}

  add(page: CrawledPage): void {
    const { $ } = page;
    const url = page.finalUrl;
    if (page.depth === 0 || url === this.homepageUrl || page.url === this.homepageUrl) {
      this.homepage ??= { url, kind: 'homepage', column: null, title: page.title || null };
      return;
    }
    const columnMeta = meta($, 'ColumnName');
    const isArticle = meta($, 'ArticleTitle') !== null || meta($, 'PubDate') !== null || ARTICLE_PATH.test(new URL(url).pathname);
    if (isArticle) {
      if (this.articlesPerColumn === 0) return;
      const key = columnMeta ? `name:${columnMeta}` : folderKey(url);
      const list = this.articles.get(key) ?? [];
      if (list.length >= this.articlesPerColumn || (!this.articles.has(key) && this.articles.size >= MAX_KEYS)) return;
      list.push({ url, kind: 'article', column: columnMeta, title: page.title || null });
      this.articles.set(key, list);
      this.articleCount++;
      return;
    }
    if (!LIST_PATH.test(new URL(url).pathname) || this.columns.size >= MAX_KEYS) return;
    const isList = columnMeta !== null || $('li').filter((_, li) => LIST_DATE.test($(li).text())).length >= 3;
    if (!isList) return;
    const key = columnMeta ? `name:${columnMeta}` : folderKey(url);
    if (!this.columns.has(key)) this.columns.set(key, { url, kind: 'column', column: columnMeta ?? titleName(page.title), title: page.title || null });
  }

  /**
   * Homepage, then column pages, then articles taken round-robin over the columns, up to
   * `maxPages`; `dropped` counts what the cap left out.
   */
  select(maxPages: number): { targets: AuditTarget[]; columns: number; articles: number; dropped: number } {
    const targets: AuditTarget[] = [];
    const seen = new Set<string>();
    const push = (t: AuditTarget) => {
      if (targets.length < maxPages && !seen.has(t.url)) {
        seen.add(t.url);
        targets.push(t);
      }
    };
    if (this.homepage) push(this.homepage);
    for (const column of this.columns.values()) push(column);
    const lists = [...this.articles.values()];
    for (let i = 0; i < this.articlesPerColumn; i++) for (const list of lists) if (list[i]) push(list[i]);
    const columns = targets.filter((t) => t.kind === 'column').length;
    const articles = targets.filter((t) => t.kind === 'article').length;
    return { targets, columns, articles, dropped: 1 + this.columns.size + this.articleCount - (this.homepage ? 0 : 1) - targets.length };
  }
}
