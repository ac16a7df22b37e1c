import * as cheerio from 'cheerio';
import type { InteractionKind } from '../config/sections/new-media.ts';
import type { IsoDate } from '../types.ts';
import { postDate } from './post-date.ts';
import type { Post } from './types.ts';

/** Most characters of a post's text kept for the content checks. */
export const MAX_TEXT = 2000;
const MAX_BODY_LINKS = 20;

// feedsmith keeps each format's own shape; these posts only need a few fields of each.
type Loose = Record<string, unknown>;

export interface ParsedFeed {
  format: string;
  title: string | null;
  posts: Post[];
  interaction: { kind: InteractionKind; evidence: string }[];
}

/** A text construct as feedsmith gives it: a string, or `{ value }` (Atom text, RSS guid). */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as Loose).value === 'string') return (value as Loose).value as string;
  return '';
}

function numberOf(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : null;
}

/** Plain text and absolute links of an HTML (or plain) body. */
export function htmlToText(html: string, base: string | null): { text: string; links: string[] } {
  if (!/[<&]/.test(html)) return { text: html.replace(/\s+/g, ' ').trim().slice(0, MAX_TEXT), links: [] };
  const $ = cheerio.load(html);
  const links: string[] = [];
  $('a[href]').each((_, el) => {
    const href = $(el).attr('href')?.trim();
    if (!href || /^(javascript|mailto|tel|#)/i.test(href)) return;
    try {
      const abs = new URL(href, base ?? undefined).href;
      if (/^https?:/.test(abs) && !links.includes(abs)) links.push(abs);
    } catch {
      /* a relative link without a base cannot be checked */
    }
  });
  return { text: $.root().text().replace(/\s+/g, ' ').trim().slice(0, MAX_TEXT), links: links.slice(0, MAX_BODY_LINKS) };
}

function absolute(url: string, base: string): string | null {
  try {
    return new URL(url.trim(), base).href;
  } catch {
    return null;
  }
}

/**
 * Parses an RSS 2.0, Atom, RDF or JSON Feed document into posts. Throws (feedsmith's
 * error) when the text is no feed or is malformed.
 */
export async function parseFeedPosts(text: string, feedUrl: string, today: IsoDate): Promise<ParsedFeed> {
  // Loaded on first use: the parser is large and most scans of a links-only run never need it.
  const { parseFeed } = await import('feedsmith');
  const { format, feed } = parseFeed(text) as { format: string; feed: Loose };
  const items = ((format === 'atom' ? feed.entries : feed.items) ?? []) as Loose[];
  const interaction = new Map<InteractionKind, string>();
  const posts = items.map((item): Post => {
    let title: string;
    let link: string | null;
    let body: string;
    let rawDate: string | null;
    let comments: number | null = null;
    if (format === 'atom') {
      title = textOf(item.title);
      const links = (item.links ?? []) as Loose[];
      const alternate = links.find((l) => !l.rel || l.rel === 'alternate') ?? links[0];
      link = typeof alternate?.href === 'string' ? alternate.href : null;
      body = textOf(item.content) || textOf(item.summary);
      rawDate = textOf(item.published) || textOf(item.updated) || null;
      comments = numberOf((item.thr as Loose | undefined)?.total) ?? numberOf((item.slash as Loose | undefined)?.comments);
      if (links.some((l) => l.rel === 'replies')) interaction.set('comments', '订阅源中的内容带有评论（replies）链接');
    } else if (format === 'json') {
      title = textOf(item.title);
      link = textOf(item.url) || textOf(item.external_url) || null;
      body = textOf(item.content_html) || textOf(item.content_text) || textOf(item.summary);
      rawDate = textOf(item.date_published) || textOf(item.date_modified) || null;
    } else {
      title = textOf(item.title);
      link = textOf(item.link) || (((item.guid as Loose | undefined)?.isPermaLink !== false && textOf(item.guid)) || null);
      body = textOf((item.content as Loose | undefined)?.encoded) || textOf(item.description);
      rawDate = textOf(item.pubDate) || textOf((item.dc as Loose | undefined)?.date) || textOf((item.dcterms as Loose | undefined)?.created) || null;
      comments = numberOf((item.slash as Loose | undefined)?.comments) ?? numberOf((item.thr as Loose | undefined)?.total);
      if (textOf(item.comments)) interaction.set('comments', `订阅源中的内容带有评论地址（${textOf(item.comments)}）`);
    }
    if (comments !== null) interaction.set('comments', '订阅源中的内容带有评论数');
    const url = link ? absolute(link, feedUrl) : null;
    const { text, links } = htmlToText(body, url ?? feedUrl);
    return { date: postDate(rawDate, today), title: title.replace(/\s+/g, ' ').trim(), url, text, comments, replies: null, links };
  });
  return {
    format,
    title: textOf(feed.title).trim() || null,
    posts,
    interaction: [...interaction].map(([kind, evidence]) => ({ kind, evidence })),
  };
}
