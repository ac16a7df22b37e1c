import type { CrawledPage } from '../crawl/types.ts';
import type { GatherContext, Gatherer } from '../gather/types.ts';
import { nextPageLinks, readMessageTables, type PublishedMessage } from './messages.ts';
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
}

const states = new WeakMap<GatherContext, State>();
const stateOf = (ctx: GatherContext) =>
  scanState(states, ctx, (): State => ({ candidates: new Map(), rejected: new Map(), forms: new Set(), messages: new Map(), listPages: new Set(), nextLinks: new Set() }));

function readMessages(page: CrawledPage, state: State): void {
  const found = readMessageTables(page.$, page.finalUrl);
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
    const host = new URL(page.finalUrl).host;
    for (const link of page.links) {
      if (link.kind !== 'a') continue;
      const text = clean(link.text);
      if (!text || text.length > 20 || !containsAny(text, cfg.channelKeywords)) continue;
      const excluded = containsAny(text, cfg.excludeKeywords);
      if (excluded) {
        state.rejected.set(link.url, { url: link.url, text, reason: `「${excluded}」类渠道不属于政务咨询渠道`, kind: 'excluded' });
        continue;
      }
      if (new URL(link.url).host !== host) continue;
      if (!state.candidates.has(link.url)) state.candidates.set(link.url, { text, source: page.finalUrl });
    }
    if (page.$('form textarea').length) state.forms.add(page.finalUrl);
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
      const identity = `${page.title} ${page.column}`;
      const excluded = containsAny(identity, cfg.excludeKeywords);
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
    };
  },
};
