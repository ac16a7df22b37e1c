import * as cheerio from 'cheerio';
import type { Browser } from 'playwright';
import type { InteractionKind, NewMediaAccount } from '../config/sections/new-media.ts';
import type { BrowserProvider } from '../crawl/types.ts';
import type { IsoDate } from '../types.ts';
import { scrub } from './credentials.ts';
import { htmlToText } from './feed-posts.ts';
import { findDateInText, postDate } from './post-date.ts';
import type { Post, SourceResult } from './types.ts';

export interface PageRequest {
  url: string;
  headers: Record<string, string>;
  credentialNames: string[];
  secrets: string[];
  timeoutMs: number;
  selectors: NonNullable<NewMediaAccount['selectors']>;
  /** China-time date of the rendering, for "3天前" and "昨天". */
  today: IsoDate;
}

/** Words on an account page that show an interaction entry. */
const INTERACTION_WORDS: [InteractionKind, RegExp][] = [
  ['message', /私信|发消息|留言|写信|在线咨询/],
  ['comments', /\d+\s*条?评论|评论\s*\d+|写评论|发表评论/],
  ['menu', /自定义菜单|服务菜单|办事服务入口/],
];

/** Cookie header ("a=1; b=2") as Playwright cookies scoped to the page's host. */
function cookiesFor(header: string, url: string): { name: string; value: string; url: string }[] {
  return header
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.includes('='))
    .map((part) => ({ name: part.slice(0, part.indexOf('=')).trim(), value: part.slice(part.indexOf('=') + 1).trim(), url }));
}

/** Posts of one item selector: title/date/link from the selectors or heuristics. */
function postsOf($: cheerio.CheerioAPI, itemSelector: string, pageUrl: string, selectors: PageRequest['selectors'], today: IsoDate): Post[] {
  const posts: Post[] = [];
  $(itemSelector).each((_, el) => {
    const item = $(el);
    // Skip wrappers whose children are posts themselves (a <li> holding a list).
    if (item.find(itemSelector).length > 0) return;
    const linkEl = selectors.link ? item.find(selectors.link).first() : item.find('a[href]').first();
    const titleEl = selectors.title ? item.find(selectors.title).first() : item.find('[data-title], h1, h2, h3, h4, .title').first();
    const title = (titleEl.text() || linkEl.text()).replace(/\s+/g, ' ').trim();
    const dateEl = selectors.date ? item.find(selectors.date).first() : item.find('time, [data-date], .date, .time').first();
    const rawDate = dateEl.attr('datetime') ?? dateEl.attr('data-date') ?? dateEl.text();
    const text = item.text().replace(/\s+/g, ' ').trim();
    const date = postDate(rawDate, today) ?? findDateInText(text, today);
    if (!title && !date) return;
    const href = linkEl.attr('href');
    let url: string | null = null;
    try {
      url = href ? new URL(href, pageUrl).href : null;
    } catch {
      url = null;
    }
    // "评论 12" before "12条评论": a bare number ahead of 评论 may be the time ("19:30 评论 12").
    const commentsText = selectors.comments ? item.find(selectors.comments).first().text() : (text.match(/评论\s*(\d+)/)?.[1] ?? text.match(/(\d+)\s*条评论/)?.[1] ?? '');
    const comments = commentsText && /\d/.test(commentsText) ? Number(commentsText.replace(/\D/g, '')) : null;
    const body = htmlToText(item.html() ?? '', url ?? pageUrl);
    posts.push({ date, title, url: url && /^https?:/.test(url) ? url : null, text: body.text, comments, replies: null, links: body.links.filter((l) => l !== url) });
  });
  return posts;
}

/**
 * Posts from the rendered HTML. The item selector is a list tried in order ("[data-post],
 * article, ..., li"): the first that yields dated posts wins, so a navigation list does not
 * pass for posts when the page marks its posts more precisely.
 */
export function postsFromHtml(html: string, pageUrl: string, selectors: PageRequest['selectors'], today: IsoDate): Post[] {
  const $ = cheerio.load(html);
  let fallback: Post[] = [];
  for (const part of selectors.item.split(',').map((s) => s.trim()).filter(Boolean)) {
    const posts = postsOf($, part, pageUrl, selectors, today);
    if (posts.some((p) => p.date !== null)) return posts;
    if (!fallback.length) fallback = posts;
  }
  return fallback;
}

/**
 * Opens an account page in the shared browser (its post list is built by scripts), waits for
 * the posts and reads them. A missing browser, an error status or a page without posts is a
 * reason, never an exception.
 */
export async function readPage(provider: BrowserProvider, request: PageRequest): Promise<SourceResult> {
  const got = await provider.get();
  if (!got.ok) return { ok: false, kind: 'browser', reason: `账号页面需要浏览器渲染，但浏览器不可用（${got.reason}）：请安装 Chromium 或改用订阅源 / 后台导出` };
  try {
    return await render(got.browser, request);
  } catch (err) {
    const message = scrub((err as Error).message.split('\n')[0], request.secrets);
    const timeout = /timeout/i.test(message);
    return {
      ok: false,
      kind: timeout ? 'timeout' : 'browser',
      reason: timeout ? `账号页面在 ${request.timeoutMs / 1000} 秒内未能打开：请确认地址可访问，稍后重试` : `账号页面打开失败（${message}）：请确认地址可访问`,
    };
  }
}

async function render(browser: Browser, request: PageRequest): Promise<SourceResult> {
  const origin = new URL(request.url).origin;
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  try {
    if (request.headers.cookie) await context.addCookies(cookiesFor(request.headers.cookie, request.url));
    const authorization = request.headers.authorization;
    // The token goes to the account's own origin only, never to third-party resources on the page.
    if (authorization) await context.route('**/*', (route) => (new URL(route.request().url()).origin === origin ? route.continue({ headers: { ...route.request().headers(), authorization } }) : route.continue()));
    const page = await context.newPage();
    page.setDefaultTimeout(request.timeoutMs);
    const response = await page.goto(request.url, { waitUntil: 'load', timeout: request.timeoutMs });
    const status = response?.status() ?? null;
    if (status === 401 || status === 403) {
      const names = request.credentialNames.length ? `（环境变量 ${request.credentialNames.join('、')}）` : '';
      return { ok: false, kind: 'auth', reason: `账号页面拒绝访问（HTTP ${status}）：登录凭证可能已过期，请更新 Cookie / 令牌对应的环境变量后重新检查${names}` };
    }
    if (status !== null && status >= 400) return { ok: false, kind: 'http', reason: `账号页面返回错误（HTTP ${status}）：请核对账号页面地址` };
    // Posts are built by scripts: wait for the first one, then for the network to settle.
    const appeared = await page.waitForSelector(request.selectors.item, { timeout: request.timeoutMs, state: 'attached' }).then(() => true, () => false);
    if (appeared) await page.waitForLoadState('networkidle', { timeout: request.timeoutMs }).catch(() => {});
    const html = await page.content();
    const title = (await page.title()) || null;
    const posts = appeared ? postsFromHtml(html, page.url(), request.selectors, request.today) : [];
    if (posts.length === 0) {
      const login = /登录|扫码|验证码|login/i.test(title ?? '') ? '页面像是登录页，登录凭证可能已过期；' : '';
      return { ok: false, kind: 'no-posts-found', reason: `账号页面渲染后没有找到内容列表（选择器 ${request.selectors.item}）：${login}请核对页面地址，或在配置 selectors 中指明内容所在元素` };
    }
    if (posts.every((p) => p.date === null)) return { ok: false, kind: 'undated', reason: '账号页面中的内容都没有可识别的发布日期：请在配置 selectors.date 中指明日期所在元素' };
    const pageText = cheerio.load(html).root().text();
    const interaction = INTERACTION_WORDS.filter(([, re]) => re.test(pageText)).map(([kind, re]) => ({ kind, evidence: `账号页面上有「${pageText.match(re)?.[0]}」` }));
    return { ok: true, format: 'page', title, posts, interaction };
  } finally {
    await context.close().catch(() => {});
  }
}
