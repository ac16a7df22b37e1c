import type { ColumnsConfig } from '../config/sections/columns.ts';
import type { CrawledPage } from '../crawl/types.ts';
import { SiteScope, isAttachment, mayBeHtml } from '../crawl/url.ts';
import type { IsoDate } from '../types.ts';
import { articleDate } from './article-date.ts';
import { columnKey, isLaterPage } from './column-url.ts';
import { PageDates } from './page-dates.ts';
import { NOISE, extractListing, looksLikeItemUrl, readCrumbLinks, type PageListing } from './list-extract.ts';
import { isArticlePage } from './article-date.ts';
import { baseUrlOf } from '../crawl/extract-links.ts';
import { normalizeUrl } from '../crawl/url.ts';
import type { ColumnSource } from './types.ts';

export interface Candidate {
  url: string;
  sources: Set<ColumnSource>;
  /** Link texts pointing at it, with counts (its name as visitors see it). */
  texts: Map<string, number>;
}

/** A site-search result page (/search?q=, /was5/web/search, jrobot …): never a column. */
const SEARCH_PAGE = /(^|\/)(search|was5|jrobot|jsearch|fulltext|s)(\/|\.\w+$|$)|[?&](q|searchword|keyword|keywords|wd|query)=/i;

/**
 * A link that is not a column: a homepage tab (index.html?link=ywdt switches the tab the
 * homepage shows) or a site-search result page.
 */
export function isNotColumnUrl(url: string, homepageUrl: string): boolean {
  const u = new URL(url);
  if (u.search && columnKey(`${u.origin}${u.pathname}`) === columnKey(homepageUrl)) return true;
  return SEARCH_PAGE.test(`${u.pathname}${u.search}`);
}

const GENERIC_TEXTS = /^(更多|more|>>|»|查看更多|详细|进入|首页|返回)/i;

/**
 * Collects, during the crawl, what column discovery needs: each list page's compact
 * listing, each page's publish date, and candidate columns from the homepage, the
 * 网站地图 page, the 政府信息公开 directory, breadcrumbs, ColumnName meta and dated lists.
 * No HTML is kept.
 */
export class ColumnCollector {
  readonly listings = new Map<string, PageListing>();
  readonly pageDates = new PageDates();
  readonly candidates = new Map<string, Candidate>();
  homepage: PageListing | null = null;
  private readonly scope: SiteScope;

  constructor(
    private readonly homepageUrl: string,
    private readonly siteName: string,
    private readonly config: ColumnsConfig,
    private readonly asOf: IsoDate,
    extraHosts: readonly string[] = [],
  ) {
    this.scope = new SiteScope(homepageUrl, extraHosts);
  }

  /** Reads one page as the crawl passes it. */
  onPage(page: CrawledPage): void {
    this.pageDates.set(page.url, articleDate(page.$, page.finalUrl, this.asOf));
    const isHome = page.depth === 0 || page.url === this.homepageUrl;
    // Most pages are articles: their date and breadcrumb are all discovery needs (and cheap).
    if (!isHome && isArticlePage(page.$, page.finalUrl)) {
      for (const link of readCrumbLinks(page.$, page.finalUrl)) this.add(link.url, 'crumb', link.text);
      return;
    }
    const listing = extractListing(page.$, page.finalUrl, page.charset, this.asOf, this.config.blankMarkers);
    if (isHome) {
      this.homepage = listing;
      this.addLinks(page, 'nav');
      return;
    }
    for (const link of listing.crumbLinks) this.add(link.url, 'crumb', link.text);
    if (listing.isArticle) return;
    this.remember(page.url, listing);
    if (page.finalUrl !== page.url) this.remember(page.finalUrl, listing);
    const names = [listing.names.meta, listing.names.heading, listing.names.title, listing.names.crumb].filter(Boolean).join(' ');
    if (/网站地图|站点地图/.test(names) || /\/(wzdt|sitemap|webmap|wzdh)\//i.test(page.finalUrl)) this.addLinks(page, 'sitemap');
    else if (/信息公开/.test(names)) this.addLinks(page, 'xxgk');
    if (listing.names.meta && listing.names.meta !== this.siteName) this.add(page.finalUrl, 'meta', listing.names.meta);
    if (listing.items.filter((i) => i.date && i.dateSource !== 'url').length >= 2) this.add(page.finalUrl, 'list', null);
  }

  /** Adds a candidate (merging /x/, /x/index.html and later pages into one). */
  add(url: string, source: ColumnSource, text: string | null): void {
    if (!this.scope.isInternal(url) || isAttachment(url) || !mayBeHtml(url) || isNotColumnUrl(url, this.homepageUrl)) return;
    const key = columnKey(url);
    if (key === columnKey(this.homepageUrl)) return;
    let candidate = this.candidates.get(key);
    if (!candidate) {
      candidate = { url: isLaterPage(url) ? key : url, sources: new Set(), texts: new Map() };
      this.candidates.set(key, candidate);
    }
    candidate.sources.add(source);
    const clean = text?.replace(/\s+/g, ' ').trim();
    if (clean && clean.length <= 30 && !GENERIC_TEXTS.test(clean)) candidate.texts.set(clean, (candidate.texts.get(clean) ?? 0) + 1);
  }

  /** The stored listing of a URL (any spelling of the column's first page). */
  listingOf(url: string): PageListing | undefined {
    return this.listings.get(url) ?? (isLaterPage(url) ? undefined : this.listings.get(columnKey(url)));
  }

  private remember(url: string, listing: PageListing): void {
    this.listings.set(url, listing);
    if (!isLaterPage(url)) this.listings.set(columnKey(url), listing);
  }

  /**
   * Links of a directory page that may lead to columns (not articles, not files). On the
   * 网站地图 and 信息公开 pages the site-wide navigation is skipped: it says nothing new.
   */
  private addLinks(page: CrawledPage, source: ColumnSource): void {
    const { $ } = page;
    const base = baseUrlOf($, page.finalUrl);
    for (const a of $('a[href]').toArray()) {
      if (source !== 'nav' && $(a).closest(NOISE).length) continue;
      const url = normalizeUrl($(a).attr('href') ?? '', base);
      if (!url) continue;
      if (looksLikeItemUrl(url) && /\d{5,}|art_|content_|t\d{8}/.test(new URL(url).pathname)) continue;
      this.add(url, source, $(a).text());
    }
  }
}
