import type { CheerioAPI } from 'cheerio';
import { chinaDate } from '../dates.ts';
import type { FetchResult } from './types.ts';
import { normalizeUrl } from './url.ts';

/**
 * The gkmlpt 政府信息公开目录 app (Guangdong-style sites): a list page whose items a script
 * loads from a JSON API, `/gkmlpt/api/all/<id>?page=N&sid=<sid>`, answering
 * `{ "articles": [{ "title", "url", "display_publish_time" | "first_publish_time" }], "total": N }`
 * with times in Unix seconds. The list page is mapped to its API's first page when the page
 * names the endpoint (inline script or a data attribute); each API answer is read as the list
 * it fills in, with a pager marker that gives the other API pages (plain GETs).
 */

/** The app's marks in a page: its API path, its index route, or its `_CONFIG` with the site id. */
export const GKMLPT_APP = /gkmlpt\/(?:api|index)|window\._CONFIG\s*=\s*\{[^}]*\bSID\b/;
/** An API list path as a script or attribute writes it (absolute or site-relative). */
const API_PATH = /((?:https?:\/\/[\w.:-]+)?\/gkmlpt\/api\/[\w/-]*?\d+)(?:\?([^\s'"<>\\]*))?/;
const SID = /\bSID\s*[:=]\s*['"]?(\w+)/;
/** Attributes list widgets carry their data URL in. */
const DATA_ATTRIBUTES = ['data-api', 'data-url', 'data-src', 'data-source'];
/** The pager marker an expanded API answer carries (read by pagination). */
export const ANSWER_MARKER = 'div.gkmlpt-answer';

/** Real answers hold 10–100 articles a page; a forged count must not make us page forever. */
const MAX_PAGE_SIZE = 1000;

/** Is the response an answer of a gkmlpt list API (JSON from an `/gkmlpt/api/` path)? */
export function isGkmlptAnswer(result: Pick<FetchResult, 'headers' | 'body' | 'finalUrl'>): boolean {
  if (!result.body || !/\/gkmlpt\/api\//i.test(new URL(result.finalUrl).pathname)) return false;
  const type = result.headers['content-type'] ?? '';
  return (/json|javascript|text\/plain|text\/html/i.test(type) || !type) && /^\s*\{/.test(result.body.subarray(0, 64).toString('latin1'));
}

/**
 * The API page that fills this list page's list, when the page names the endpoint; null
 * when it does not (the caller reports the paging unmapped).
 */
export function gkmlptSource($: CheerioAPI, base: string, scripts: string): string | null {
  const attributes = $(DATA_ATTRIBUTES.map((a) => `[${a}*="gkmlpt/api"]`).join(','))
    .toArray()
    .flatMap((el) => DATA_ATTRIBUTES.map((a) => $(el).attr(a) ?? ''));
  const found = [...attributes, scripts].map((text) => text.match(API_PATH)).find((m) => m !== null);
  if (!found) return null;
  const url = normalizeUrl(found[1], base);
  if (!url) return null;
  const api = new URL(url);
  const query = new URLSearchParams(found[2]?.replace(/&amp;/g, '&') ?? '');
  const sid = query.get('sid') || $('[data-sid]').first().attr('data-sid') || scripts.match(SID)?.[1];
  for (const [key, value] of query) if (key !== 'page' && key !== 'sid' && /^[\w-]+$/.test(value)) api.searchParams.set(key, value);
  api.searchParams.set('page', '1');
  if (sid) api.searchParams.set('sid', sid);
  return normalizeUrl(api.href);
}

/** The same API with another page number. */
export function gkmlptPage(api: string, page: number): string {
  const url = new URL(api);
  url.searchParams.set('page', String(page));
  return normalizeUrl(url.href) ?? url.href;
}

interface Article {
  title?: unknown;
  url?: unknown;
  display_publish_time?: unknown;
  first_publish_time?: unknown;
  publish_time?: unknown;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A publish time (Unix seconds or milliseconds, or a date string) as a China date. */
function publishDate(article: Article): string | null {
  for (const value of [article.display_publish_time, article.first_publish_time, article.publish_time]) {
    if (typeof value === 'number' && value > 0) return chinaDate(new Date(value > 1e11 ? value : value * 1000));
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) return value.slice(0, 10);
  }
  return null;
}

/**
 * Writes an API answer as the list a visitor sees (one row per article, its date beside it)
 * and a pager marker with the page count, so the crawler checks the article links, columns
 * date the items, and pagination finds the other pages. An unreadable answer is an empty list.
 */
export function expandGkmlptAnswer(text: string, apiUrl: string): string {
  let answer: { articles?: unknown; total?: unknown; page_size?: unknown; pageSize?: unknown; per_page?: unknown };
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch {
    answer = {};
  }
  const articles = (Array.isArray(answer.articles) ? answer.articles : []).filter((a): a is Article => typeof a === 'object' && a !== null);
  const rows = articles
    .filter((a) => typeof a.url === 'string' && typeof a.title === 'string')
    .map((a) => `<li><a href="${escapeHtml(a.url as string)}">${escapeHtml(a.title as string)}</a><span class="date">${publishDate(a) ?? ''}</span></li>`);
  const page = Number(new URL(apiUrl).searchParams.get('page') ?? 1) || 1;
  const total = typeof answer.total === 'number' && answer.total >= 0 ? Math.floor(answer.total) : null;
  const declared = [answer.page_size, answer.pageSize, answer.per_page].find((v): v is number => typeof v === 'number' && v > 0);
  // Page 1 is full unless it is the only page: its length is the page size when none is declared.
  const size = Math.min(declared ?? (page === 1 ? articles.length : 0), MAX_PAGE_SIZE);
  const pages = total !== null && size > 0 ? Math.max(1, Math.ceil(total / size)) : null;
  const marker = `<div class="gkmlpt-answer" data-api="${escapeHtml(gkmlptPage(apiUrl, 1))}" data-page="${page}"${pages !== null ? ` data-pages="${pages}"` : ''}${total !== null ? ` data-total="${total}"` : ''}></div>`;
  return `<html><head><title>政府信息公开目录</title></head><body><ul class="gkmlpt-articles">${rows.join('')}</ul>${marker}</body></html>`;
}
