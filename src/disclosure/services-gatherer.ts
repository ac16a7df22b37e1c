import type { CheerioAPI } from 'cheerio';
import type { DisclosureConfig } from '../config/sections/disclosure.ts';
import type { GatherContext, Gatherer } from '../gather/types.ts';
import { isAttachment } from '../crawl/url.ts';
import { articleTitleOf, clean, columnNameOf, containsAny } from './page-facts.ts';
import { scanState } from './page-index.ts';
import type { ServiceGuide, ServicesArtifact } from './types.ts';
import { bodyText, elementsNamed } from '../crawl/page-memo.ts';

const ENTRY = /办事服务|政务服务|网上办事|在线办事|办事大厅/;
const FORM_TEXT = /表|下载|附件|模板|范本|样本|申请书/;

interface State {
  entries: Set<string>;
  guides: Map<string, ServiceGuide>;
}
const states = new WeakMap<GatherContext, State>();
const stateOf = (ctx: GatherContext) => scanState(states, ctx, (): State => ({ entries: new Set(), guides: new Map() }));

/** Texts of elements short enough to be a label (th, dt, strong ...): "申请材料", "三、办理流程：". */
function labelTexts($: CheerioAPI): string[] {
  const out: string[] = [];
  $('body').find('th, td, dt, strong, b, h2, h3, h4, h5, h6, label, span, em, li, p, div').each((_, el) => {
    const t = clean($(el).text());
    if (t && t.length <= 16) out.push(t);
  });
  return out;
}

/** Strips numbering and a trailing colon: "（三）办理流程：" → "办理流程". */
const LABEL_DECORATION = /^[\s（(【\[]*[一二三四五六七八九十\d]*[）)】\]、.．]?\s*|[\s:：】\]]*$/g;

/**
 * Key elements a page shows as labels: a short cell or heading that is the label (after
 * numbering), or a label followed by a colon in the text. A label named in a sentence
 * (「申请材料应当真实」) is prose, not structure.
 */
export function elementsShownAsLabels($: CheerioAPI, elements: Record<string, string[]>): string[] {
  const labels = new Set(labelTexts($).map((t) => t.replace(LABEL_DECORATION, '')));
  const body = clean($('body').clone().find('script, style, .nav, .footer, .top').remove().end().text());
  return Object.entries(elements)
    .filter(([, names]) => names.some((n) => labels.has(n) || new RegExp(`${n}\\s*[:：]`).test(body)))
    .map(([name]) => name);
}

/**
 * A 办事指南 by structure: several of the elements only a guide has (依据, 条件, 材料, 流程,
 * 收费) as labels; or a page titled as a guide that shows a few. A 信息公开指南 (受理机构,
 * 办公时间, 联系电话) or an 意见征集 notice is not one.
 */
function isGuide(title: string, hasHeading: boolean, present: string[], cfg: DisclosureConfig['services']): boolean {
  const core = present.filter((e) => cfg.coreElements.includes(e)).length;
  const titled = hasHeading && containsAny(title, cfg.guideKeywords) !== null;
  return (core >= cfg.minCoreElements && present.length >= cfg.minCoreElements + 1) || (titled && core >= 1 && present.length >= 2);
}

/**
 * Finds 办事指南 pages (by structure: key-element labels, see isGuide) and records
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
    // Cheap pre-test on the text: most pages name no element at all.
    const body = bodyText(page.$);
    if (Object.values(cfg.elements).filter((names) => containsAny(body, names)).length < 2) return;
    const present = elementsShownAsLabels(page.$, cfg.elements);
    if (!isGuide(title, elementsNamed(page.$, 'h1').length > 0, present, cfg)) return;
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
