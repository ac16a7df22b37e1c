import { load } from 'cheerio';
import type { Fetcher } from './types.ts';

/** Most sitemap files read (a sitemap index can name many). */
const MAX_SITEMAP_FILES = 20;

/**
 * Page URLs listed in the sitemaps (sitemap index files are followed). Failing or
 * malformed sitemaps give nothing: the homepage crawl still runs.
 */
export async function readSitemaps(fetcher: Fetcher, roots: string[]): Promise<string[]> {
  const queue = [...new Set(roots)];
  const seen = new Set<string>();
  const pages: string[] = [];
  while (queue.length && seen.size < MAX_SITEMAP_FILES) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const res = await fetcher.fetch(url);
    if (res.status !== 200 || !res.body) continue;
    const $ = load(res.body.toString('utf8'), { xml: true });
    $('sitemap > loc').each((_, el) => {
      queue.push($(el).text().trim());
    });
    $('url > loc').each((_, el) => {
      pages.push($(el).text().trim());
    });
  }
  return pages;
}
