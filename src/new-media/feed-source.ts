import { decodeHtml } from '../crawl/encoding.ts';
import type { FetchResult, Fetcher } from '../crawl/types.ts';
import type { IsoDate } from '../types.ts';
import { label, LABELS } from '../report/labels.ts';
import { scrub } from './credentials.ts';
import { parseFeedPosts } from './feed-posts.ts';
import type { SourceFailure, SourceResult } from './types.ts';

/** How to fix an unreachable source: the feed service is the operator's (RSSHub, WeWe RSS). */
const FIX_SERVICE = '请确认订阅服务（RSSHub / WeWe RSS 等）正在运行且网址正确';
const FIX_LOGIN = '登录凭证可能已过期，请重新登录平台或订阅服务，更新 Cookie / 令牌对应的环境变量后重新检查';

/** Which variables to renew, or how to configure some when the account has none. */
function credentialHint(names: string[]): string {
  return names.length ? `（环境变量 ${names.join('、')}）` : '（该账号未配置凭证：如订阅需要登录，请用 cookieEnv / tokenEnv 指定存放 Cookie / 令牌的环境变量）';
}

/** A failed HTTP exchange as the operator should read it, or null when the response is usable. */
export function httpFailure(result: FetchResult, what: string, credentialNames: string[]): SourceFailure | null {
  if (result.status === null) {
    const why = result.error && result.error in LABELS.fetchError ? label('fetchError', result.error) : `网络错误（${result.error ?? '未知'}）`;
    return { ok: false, kind: result.error === 'timeout' ? 'timeout' : 'network', reason: `${what}无法访问：${why}。${FIX_SERVICE}` };
  }
  if (result.status === 401 || result.status === 403) {
    return { ok: false, kind: 'auth', reason: `${what}拒绝访问（HTTP ${result.status}）：${FIX_LOGIN}${credentialHint(credentialNames)}` };
  }
  if (result.status === 404 || result.status === 410) {
    return { ok: false, kind: 'http', reason: `${what}不存在（HTTP ${result.status}）：请核对地址，或确认订阅服务中该账号的路由仍然有效` };
  }
  if (result.status >= 400) return { ok: false, kind: 'http', reason: `${what}返回错误（HTTP ${result.status}）：${FIX_SERVICE}，稍后重试` };
  return null;
}

/** An HTML document where a feed was expected: typically a login page after a cookie expired. */
function looksLikeHtml(text: string, contentType: string): boolean {
  const head = text.replace(/^\uFEFF/, '').trimStart().slice(0, 512).toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) return true;
  return /text\/html/i.test(contentType) && !/^(<\?xml|<rss|<feed|<rdf|\{)/.test(head);
}

/** Decodes a feed body: JSON is UTF-8; XML names its encoding in the declaration, else UTF-8/GB18030 sniffing. */
function decodeFeed(body: Buffer, contentType: string): string {
  const declared = body.subarray(0, 200).toString('latin1').match(/<\?xml[^>]*encoding=["']([\w-]+)["']/i)?.[1];
  const type = declared && !/charset=/i.test(contentType) ? `${contentType}; charset=${declared}` : contentType;
  return decodeHtml(body, type).text;
}

export interface FeedRequest {
  url: string;
  headers: Record<string, string>;
  /** Environment variable names behind the headers (for messages). */
  credentialNames: string[];
  secrets: string[];
  timeoutMs?: number;
  /** China-time date relative post dates resolve against. */
  today: IsoDate;
}

/** Fetches and parses one feed; every failure becomes a reason, never an exception. */
export async function readFeed(fetcher: Fetcher, request: FeedRequest): Promise<SourceResult> {
  const result = await fetcher.fetch(request.url, { headers: { accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/json, application/xml, text/xml;q=0.9, */*;q=0.5', ...request.headers }, timeoutMs: request.timeoutMs });
  const failed = httpFailure(result, '订阅源', request.credentialNames);
  if (failed) return { ...failed, reason: scrub(failed.reason, request.secrets) };
  if (!result.body || result.body.length === 0) return { ok: false, kind: 'empty', reason: `订阅源返回了空内容（HTTP ${result.status}）：${FIX_SERVICE}` };
  if (result.truncated) return { ok: false, kind: 'truncated', reason: '订阅源超过读取大小上限被截断，无法完整解析：请在订阅服务中减少每次输出的条数' };
  const contentType = result.headers['content-type'] ?? '';
  const text = decodeFeed(result.body, contentType);
  if (looksLikeHtml(text, contentType)) {
    const redirected = result.redirects.length ? `（已被跳转到 ${result.finalUrl}）` : '';
    const title = text.match(/<title[^>]*>([^<]{1,60})/i)?.[1]?.trim();
    const page = title ? `网页「${title}」` : '网页';
    return { ok: false, kind: 'not-feed', reason: `订阅源返回的是${page}而不是 RSS/Atom/JSON Feed${redirected}，通常是登录页：${FIX_LOGIN}${credentialHint(request.credentialNames)}` };
  }
  try {
    const parsed = await parseFeedPosts(text, result.finalUrl, request.today);
    if (parsed.posts.length === 0) return { ok: false, kind: 'empty', reason: '订阅源中没有任何内容，无法判断账号是否更新：请确认订阅服务仍能抓取该账号（路由失效或账号被限制时常见）' };
    if (parsed.posts.every((p) => p.date === null)) return { ok: false, kind: 'undated', reason: '订阅源中的内容都没有可识别的发布日期（pubDate / published / date_published）：请更换能输出发布时间的订阅路由' };
    return { ok: true, ...parsed };
  } catch (err) {
    const detail = scrub((err as Error).message, request.secrets);
    return { ok: false, kind: 'malformed', reason: `订阅源格式错误，无法解析（${detail}，Content-Type：${contentType || '无'}）：请在浏览器中打开订阅地址检查输出，或重新生成订阅` };
  }
}
