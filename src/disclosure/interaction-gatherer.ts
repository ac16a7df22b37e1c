import { elementsNamed } from '../crawl/page-memo.ts';
import type { CrawledPage } from '../crawl/types.ts';
import type { GatherContext, Gatherer } from '../gather/types.ts';
import { SiteScope } from '../crawl/url.ts';
import { nextPageLinks, readMessageBoards, type PublishedMessage } from './messages.ts';
import { clean, containsAny } from './page-facts.ts';
import { pageIndexOf, scanState } from './page-index.ts';
import type { InteractionChannel, InteractionArtifact } from './types.ts';

interface State {
  candidates: Map<string, { text: string; source: string }>;
  rejected: Map<string, InteractionArtifact['rejected'][number]>;
  forms: Set<string>;
  messages: Map<string, PublishedMessage>;
  listPages: Set<string>;
  nextLinks: Set<string>;
  /** Pages showing a board header whose rows could not be read (drawn by script). */
  unreadBoards: Set<string>;
  /** Channels on another government host not configured in site.extraHosts. */
  external: Map<string, { url: string; text: string; source: string }>;
  scope: SiteScope | null;
}

const states = new WeakMap<GatherContext, State>();
const stateOf = (ctx: GatherContext) =>
  scanState(states, ctx, (): State => ({ candidates: new Map(), rejected: new Map(), forms: new Set(), messages: new Map(), listPages: new Set(), nextLinks: new Set(), unreadBoards: new Set(), external: new Map(), scope: null }));

/** Words that end a channel's name: a 举报信箱 is a 举报 channel, a 举报奖励办法 is a document. */
const CHANNEL_SUFFIX = /^(信箱|邮箱|平台|中心|电话|热线|专栏|专区|入口|受理|渠道|窗口|投诉|信访|监察|箱|网站|系统|举报|在线|网上|留言|咨询|来信|来访|信件|建言|问政|大厅|服务|系统)*$/;

/**
 * The exclusion word that names the role of a link or page (信访信箱, 纪检监察举报, 12369
 * 环保举报), or null. A word inside a quoted title (《…举报奖励办法》) or followed by more than
 * a channel suffix (咨询…举报奖励办法) names a subject, not the channel's role.
 */
export function excludedRole(text: string, words: readonly string[]): string | null {
  const plain = text.replace(/《[^》]*》|「[^」]*」|“[^”]*”|"[^"]*"/g, ' ').replace(/[\s　]+$/, '');
  for (const w of words) {
    if (!w) continue;
    let at = plain.indexOf(w);
    while (at >= 0) {
      if (CHANNEL_SUFFIX.test(plain.slice(at + w.length).trim())) return w;
      at = plain.indexOf(w, at + 1);
    }
  }
  return null;
}

function readMessages(page: CrawledPage, state: State): void {
  const { messages: found, headers } = readMessageBoards(page.$, page.finalUrl);
  if (headers && !found.length) state.unreadBoards.add(page.finalUrl);
  if (!found.length) return;
  state.listPages.add(page.finalUrl);
  for (const m of found) state.messages.set(`${m.url} ${m.askedDate} ${m.title}`, m);
  for (const next of nextPageLinks(page.$, page.finalUrl)) state.nextLinks.add(next);
}

/**
 * Finds the 咨询/留言/信箱 channels (信访 and 纪检举报 do not count) and reads the messages
 * they publish, following 下一页 links the crawl did not reach.
 */
export const interactionGatherer: Gatherer<InteractionArtifact> = {
  name: 'interaction',
  onPage(page, ctx) {
    const state = stateOf(ctx);
    const cfg = ctx.config.disclosure.interaction;
    pageIndexOf(ctx).add(page);
    state.scope ??= new SiteScope(ctx.homepageUrl, ctx.config.site.extraHosts);
    for (const link of page.links) {
      if (link.kind !== 'a' || !/^https?:/.test(link.url)) continue;
      const text = clean(link.text);
      if (!text || text.length > 20 || !containsAny(text, cfg.channelKeywords)) continue;
      const excluded = excludedRole(text, cfg.excludeKeywords);
      if (excluded) {
        state.rejected.set(link.url, { url: link.url, text, reason: `「${excluded}」类渠道不属于政务咨询渠道`, kind: 'excluded' });
        continue;
      }
      // A channel on another host (a 县长信箱 on the county portal) is read when that host is
      // configured as part of the site, and otherwise listed for a person to open: never skipped.
      if (!state.scope.isInternal(link.url)) {
        if (!state.external.has(link.url)) state.external.set(link.url, { url: link.url, text, source: page.finalUrl });
        continue;
      }
      if (!state.candidates.has(link.url)) state.candidates.set(link.url, { text, source: page.finalUrl });
    }
    if (elementsNamed(page.$, 'textarea').some((t) => page.$(t).closest('form').length > 0)) state.forms.add(page.finalUrl);
    readMessages(page, state);
  },
  async finish(ctx) {
    const state = stateOf(ctx);
    const cfg = ctx.config.disclosure.interaction;
    const index = pageIndexOf(ctx);
    const listErrors: { url: string; reason: string }[] = [];
    // Follow pagination the crawl did not reach (capped), so late messages on page 5 are read too.
    let budget = cfg.maxListPages * Math.max(1, state.candidates.size);
    const queue = [...state.nextLinks].filter((u) => !state.listPages.has(u) && !index.get(u));
    const done = new Set<string>();
    while (queue.length && budget-- > 0) {
      const url = queue.shift()!;
      if (done.has(url)) continue;
      done.add(url);
      const got = await ctx.fetchPage(url);
      if (!got.ok) {
        listErrors.push({ url, reason: got.reason });
        continue;
      }
      index.add(got.page);
      const before = state.nextLinks.size;
      readMessages(got.page, state);
      if (state.nextLinks.size > before) for (const n of state.nextLinks) if (!done.has(n) && !state.listPages.has(n)) queue.push(n);
    }
    const messages = [...state.messages.values()];
    const folderOf = (u: string) => u.replace(/[?#].*$/, '').replace(/[^/]*$/, '');
    const channels: InteractionChannel[] = [];
    for (const [url, c] of state.candidates) {
      const page = index.get(url);
      if (!page) {
        state.rejected.set(url, { url, text: c.text, reason: '链接页面未能打开或未被抓取', kind: 'unreachable' });
        continue;
      }
      const excluded = excludedRole(page.title.split(/[_|]/)[0] ?? '', cfg.excludeKeywords) ?? excludedRole(page.column, cfg.excludeKeywords);
      const folder = folderOf(page.url);
      const ownMessages = messages.filter((m) => folderOf(m.listUrl).startsWith(folder) && folder !== `${new URL(folder).origin}/`);
      const hasForm = state.forms.has(page.url);
      if (excluded) {
        state.rejected.set(url, { url, text: c.text, reason: `页面属于「${excluded}」，不属于政务咨询渠道`, kind: 'excluded' });
        continue;
      }
      // A working channel takes messages (a form) or publishes them; a page that merely
      // mentions 咨询 (a message's own page, a news item) is not one.
      if (!hasForm && !ownMessages.length) {
        const unread = [...state.unreadBoards].some((u) => u === page.url || folderOf(u).startsWith(folder));
        if (unread) {
          state.rejected.set(url, { url, text: c.text, reason: '页面有留言列表表头，但留言条目未能从 HTML 读取（可能由脚本加载）', kind: 'unreadable' });
          continue;
        }
        state.rejected.set(url, { url, text: c.text, reason: '页面既无留言表单也无公开的留言列表', kind: 'no-channel' });
        continue;
      }
      if (channels.some((ch) => ch.url === page.url)) continue;
      channels.push({ url: page.url, text: c.text, source: c.source, hasForm, messageCount: ownMessages.length });
    }
    return {
      channels,
      rejected: [...state.rejected.values()].filter((r) => !channels.some((c) => c.url === r.url)),
      messages: messages.sort((a, b) => (b.askedDate ?? '').localeCompare(a.askedDate ?? '')),
      listPages: [...state.listPages],
      listErrors,
      external: [...state.external.values()].filter((e) => !state.rejected.has(e.url)),
    };
  },
};
