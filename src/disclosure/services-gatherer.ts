import type { GatherContext, Gatherer } from '../gather/types.ts';
import { isAttachment } from '../crawl/url.ts';
import { articleTitleOf, clean, columnNameOf, containsAny } from './page-facts.ts';
import { scanState } from './page-index.ts';
import type { ServiceGuide, ServicesArtifact } from './types.ts';

const ENTRY = /办事服务|政务服务|网上办事|在线办事|办事大厅/;
const FORM_TEXT = /表|下载|附件|模板|范本|样本|申请书/;

interface State {
  entries: Set<string>;
  guides: Map<string, ServiceGuide>;
}
const states = new WeakMap<GatherContext, State>();
const stateOf = (ctx: GatherContext) => scanState(states, ctx, (): State => ({ entries: new Set(), guides: new Map() }));

/**
 * Finds 办事指南 pages (by title, or by carrying several key-element labels) and records
 * which of the ten key elements each shows and which forms it offers.
 */
export const servicesGatherer: Gatherer<ServicesArtifact> = {
  name: 'services',
  onPage(page, ctx) {
    const state = stateOf(ctx);
    const cfg = ctx.config.disclosure.services;
    const column = columnNameOf(page.$);
    if (ENTRY.test(column) || ENTRY.test(page.title.split(/[_|]/)[0] ?? '')) state.entries.add(page.finalUrl);
    const title = articleTitleOf(page.$, page.title);
    // Labels are read from the main content; the element names may sit in th/td/dt/strong.
    const body = clean(page.$('body').clone().find('script, style, .nav, .footer, .top').remove().end().text());
    const present = Object.entries(cfg.elements)
      .filter(([, labels]) => containsAny(body, labels))
      .map(([name]) => name);
    const titled = containsAny(title, cfg.guideKeywords) !== null && page.$('h1').length > 0;
    if (!(titled && present.length >= 1) && present.length < 4) return;
    const forms = page.links
      .filter((l) => l.kind === 'a' && (isAttachment(l.url) || (FORM_TEXT.test(l.text) && /download|upload|file|fj/i.test(l.url))))
      .map((l) => ({ url: l.url, text: clean(l.text).slice(0, 60) }));
    const elements = Object.keys(cfg.elements);
    state.guides.set(page.finalUrl, { url: page.finalUrl, title, present, missing: elements.filter((e) => !present.includes(e)), forms });
  },
  async finish(ctx) {
    const state = stateOf(ctx);
    return { entries: [...state.entries], guides: [...state.guides.values()], elements: Object.keys(ctx.config.disclosure.services.elements) };
  },
};
