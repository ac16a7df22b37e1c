import type { CheerioAPI } from 'cheerio';
import { normalizeUrl } from './url.ts';

/** Longest refresh delay (s) treated as a redirect; a slower refresh is a page reloading itself. */
const REDIRECT_DELAY_SECONDS = 10;

/**
 * Where `<meta http-equiv="refresh" content="0; url=...">` sends the visitor, or null.
 * Browsers follow it at once, so for scope it is a redirect like a 302.
 */
export function metaRefreshTarget($: CheerioAPI, pageUrl: string): string | null {
  const content = $('meta[http-equiv]')
    .filter((_, el) => ($(el).attr('http-equiv') ?? '').toLowerCase() === 'refresh')
    .first()
    .attr('content');
  if (!content) return null;
  const match = /^\s*(\d+(?:\.\d+)?)?\s*[;,]?\s*(?:url\s*=\s*)?(.*)$/i.exec(content);
  if (!match || !match[2]) return null;
  if (Number(match[1] ?? 0) > REDIRECT_DELAY_SECONDS) return null;
  const target = normalizeUrl(match[2].trim().replace(/^['"]|['"]$/g, ''), pageUrl);
  return target && target !== pageUrl ? target : null;
}
