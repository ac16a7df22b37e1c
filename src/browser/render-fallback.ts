import { load } from 'cheerio';
import type { AnyNode } from 'domhandler';
import PQueue from 'p-queue';
import type { Config } from '../config/schema.ts';
import { extractLinks } from '../crawl/extract-links.ts';
import type { BrowserProvider, CrawledPage, ScanEvent } from '../crawl/types.ts';
import { PagePool } from './page-pool.ts';
import { errorLine } from './time-limit.ts';

/** Fewer visible characters than this, with scripts on the page, means the page is built by script. */
const EMPTY_TEXT_CHARS = 40;
/** Inline script code that fetches or writes content. */
const LOADER = /\b(ajax|getJSON|\$\.(get|post)|fetch\s*\(|XMLHttpRequest|axios|innerHTML|insertAdjacentHTML|appendChild|\.append\s*\(|\.html\s*\(|document\.write|template|render)\b/i;
/** Hanweb JCMS lists come from dataproxy.jsp and are written by script. */
const HANWEB_PROXY = /jpage\/dataproxy\.jsp|\/module\/web\/jpage\//i;
const SKIPPED_TAGS = new Set(['script', 'style', 'noscript', 'template']);

/** Visible text length of the body, counting only up to `limit` (normal pages stop early). */
function visibleChars(nodes: AnyNode[], limit: number): number {
  let count = 0;
  const stack = [...nodes].reverse();
  while (stack.length && count < limit) {
    const node = stack.pop()!;
    if (node.type === 'text') count += (node as unknown as { data: string }).data.replace(/\s+/g, '').length;
    else if ((node.type === 'tag' || node.type === 'root') && !SKIPPED_TAGS.has((node as unknown as { name: string }).name)) {
      const children = (node as unknown as { children: AnyNode[] }).children;
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    }
  }
  return count;
}

/**
 * Why a statically fetched page seems to be built by script, or null when it looks
 * complete. Cheap on normal pages: no scripts, or enough visible text and no empty list
 * container that a script fills, ends the test early.
 */
export function scriptBuiltReason(page: Pick<CrawledPage, '$' | 'html'>): string | null {
  const { $, html } = page;
  if (!/<script/i.test(html)) return null;
  if (HANWEB_PROXY.test(html)) return '列表由 dataproxy.jsp 脚本生成';
  const body = $('body').get(0);
  if (visibleChars(body ? [body] : $.root().toArray(), EMPTY_TEXT_CHARS) < EMPTY_TEXT_CHARS) return '页面正文为空，内容由脚本生成';
  const inline = $('script:not([src])')
    .map((_, s) => $(s).text())
    .get()
    .join('\n');
  if (!LOADER.test(inline)) return null;
  // An empty list container that an inline script names: the list is filled in later.
  const empty = $('ul, ol, tbody, dl, div, section').filter((_, el) => {
    const node = $(el);
    return node.children().length === 0 && node.text().trim() === '';
  });
  for (const el of empty.toArray()) {
    const id = $(el).attr('id');
    if (id && inline.includes(id)) return `空的列表容器 #${id} 由脚本填充`;
    const classes = ($(el).attr('class') ?? '').split(/\s+/).filter((c) => c.length > 2);
    const named = classes.find((c) => inline.includes(`.${c}`) || inline.includes(`'${c}'`) || inline.includes(`"${c}"`));
    if (named) return `空的列表容器 .${named} 由脚本填充`;
  }
  return null;
}

export interface RenderFallbackOptions {
  browser: BrowserProvider;
  config: Config;
  emit: (event: ScanEvent) => void;
}

/**
 * The crawler's JS-render fallback: a page whose static HTML looks empty or script-built
 * is loaded in the shared browser and its rendered DOM replaces the static one (fetcher
 * 'browser'), so columns and links built by script are seen. Nothing is launched until a
 * page needs it; without a browser the static page is kept.
 */
export function createRenderFallback(options: RenderFallbackOptions): (page: CrawledPage) => Promise<CrawledPage | null> {
  const settings = options.config.browser;
  const queue = new PQueue({ concurrency: Math.max(1, Math.min(2, settings.concurrency)) });
  let pool: Promise<PagePool | null> | null = null;
  let rendered = 0;
  let warnedUnavailable = false;

  const poolOf = () =>
    (pool ??= options.browser.get().then((launched) => {
      if (!launched.ok) return null;
      return new PagePool(launched.browser, { recycleAfter: settings.recycleAfter, navigationTimeoutMs: settings.navigationTimeoutMs, contextOptions: { viewport: { width: 1280, height: 800 } } });
    }));

  return async (page) => {
    if (!settings.enabled || !settings.renderFallback || rendered >= settings.renderFallbackMaxPages) return null;
    const reason = scriptBuiltReason(page);
    if (!reason) return null;
    rendered++;
    const pages = await poolOf();
    if (!pages) {
      if (!warnedUnavailable) options.emit({ type: 'warning', message: `页面 ${page.url} 由脚本生成（${reason}），但没有可用的浏览器，只能按静态内容检查` });
      warnedUnavailable = true;
      return null;
    }
    try {
      return await queue.add(() =>
        pages.withPage(
          async (tab) => {
            await tab.goto(page.finalUrl, { waitUntil: 'load' });
            // Script-built lists usually arrive by XHR just after load; wait a bounded moment.
            await tab.waitForLoadState('networkidle', { timeout: settings.renderSettleMs }).catch(() => {});
            const html = await tab.content();
            const $ = load(html, { xml: { xmlMode: false, decodeEntities: true } });
            // Links resolve against where the script took the tab (e.g. a location.href hop);
            // the page stays recorded under its own URL.
            const links = extractLinks($, tab.url());
            if (links.length <= page.links.length && $('body').text().length <= page.$('body').text().length) return null;
            return {
              ...page,
              html,
              $,
              title: $('title').first().text().replace(/\s+/g, ' ').trim() || page.title,
              fetcher: 'browser' as const,
              links,
            };
          },
          settings.pageTimeoutMs,
          '脚本页面渲染',
        ),
      );
    } catch (err) {
      options.emit({ type: 'warning', message: `页面 ${page.url} 在浏览器中渲染失败：${errorLine(err)}` });
      return null;
    }
  };
}
