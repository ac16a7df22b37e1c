import type { CheerioAPI } from 'cheerio';
import type { IsoDate } from '../types.ts';
import { bodyText, metaContent } from '../crawl/page-memo.ts';
import { findDates, fullDate, labelledDate, urlDate, type DateSource } from './date-parse.ts';

/** Meta names (or properties) of a publish date, case-insensitive, most specific first. */
const DATE_METAS = ['PubDate', 'publishdate', 'firstpublishedtime', 'article:published_time', 'og:release_date'];

/** Is this page an article (one item), not a list? TRS and Hanweb say so in meta tags. */
export function isArticlePage($: CheerioAPI, url: string): boolean {
  if (metaContent($, 'ArticleTitle', 'PubDate') !== undefined) return true;
  return isArticleUrl(url);
}

/** An article's address by the CMS patterns: a date in the path, art_…, content_…, t20261118_…. */
export function isArticleUrl(url: string): boolean {
  return urlDate(url) !== null || /\/(art_|content_|t\d{8}_)[^/]*$/i.test(url);
}

/**
 * An article page's publish date: `<meta name="PubDate">`, then a 发布时间：/发布日期：
 * label, then the URL. Null when the page shows none. Only dates with a year count.
 * (`_asOf` is kept for callers; a date's year never comes from it.)
 */
export function articleDate($: CheerioAPI, url: string, _asOf?: IsoDate): { date: IsoDate; source: DateSource } | null {
  for (const name of DATE_METAS) {
    const content = metaContent($, name);
    const found = content ? findDates(content).map(fullDate).find((d) => d !== null) : undefined;
    if (found) return { date: found, source: 'meta' };
  }
  const label = labelledDate(bodyText($));
  if (label) return { date: label, source: 'label' };
  const fromUrl = urlDate(url);
  return fromUrl ? { date: fromUrl, source: 'url' } : null;
}
