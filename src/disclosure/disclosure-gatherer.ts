import type { CatalogueItem } from '../config/sections/disclosure.ts';
import { loadCatalogue, type Catalogue } from './catalogue.ts';
import { articleDateOf, articleTitleOf, clean, containsAny, documentFactsOf, yearsIn } from './page-facts.ts';
import { pageIndexOf, scanState, type IndexedPage } from './page-index.ts';
import { classifyColumn } from '../columns/classify.ts';
import type { IsoDate } from '../types.ts';
import type { CrawledPage } from '../crawl/types.ts';
import type { GatherContext, Gatherer } from '../gather/types.ts';
import { isAttachment } from '../crawl/url.ts';
import type { EvidenceVia, ItemEvidence, RejectedLink, PolicyPage, DisclosureArtifact } from './types.ts';

interface LinkCandidate {
  item: string;
  source: string;
  target: string;
  text: string;
}

interface State {
  candidates: LinkCandidate[];
  directoryLinks: { source: string; target: string }[];
  pageMatches: Map<string, ItemEvidence[]>;
  editions: Map<string, Map<string, { year: number; url: string; text: string }>>;
  policies: PolicyPage[];
  interpretations: PolicyPage[];
  loading: Promise<Catalogue> | null;
  /** Catalogue items a link text names: navigation repeats the same texts on every page. */
  itemsByText: Map<string, CatalogueItem[]>;
}

/** Link texts whose matching items are remembered (navigation and footers; memory stays small). */
const MAX_REMEMBERED_TEXTS = 5000;

const states = new WeakMap<GatherContext, State>();

function stateOf(ctx: GatherContext): State {
  return scanState(states, ctx, () => ({ candidates: [], directoryLinks: [], pageMatches: new Map(), editions: new Map(), policies: [], interpretations: [], loading: null, itemsByText: new Map() }));
}

/** The catalogue, loaded once per scan; a bad catalogue file fails `finish` (an artifact error), not every page. */
function catalogueOf(ctx: GatherContext): Promise<Catalogue> {
  const state = stateOf(ctx);
  state.loading ??= loadCatalogue(ctx.config.disclosure, ctx.baseDir);
  return state.loading;
}

function addEdition(state: State, item: string, year: number, url: string, text: string): void {
  const map = state.editions.get(item) ?? new Map();
  const key = `${year} ${url}`;
  const shown = text.slice(0, 80);
  // Pages arrive in any order: of the texts linking one edition, the same one is kept every scan.
  const known = map.get(key);
  if (!known || shown < known.text) map.set(key, { year, url, text: shown });
  state.editions.set(item, map);
}

function itemsNamedBy(state: State, text: string, items: CatalogueItem[]): CatalogueItem[] {
  const known = state.itemsByText.get(text);
  if (known) return known;
  const named = items.filter((item) => containsAny(text, item.keywords));
  if (state.itemsByText.size < MAX_REMEMBERED_TEXTS) state.itemsByText.set(text, named);
  return named;
}

function onPage(page: CrawledPage, ctx: GatherContext, items: CatalogueItem[]): void {
  const state = stateOf(ctx);
  const cfg = ctx.config.disclosure;
  const indexed = pageIndexOf(ctx).add(page);
  const directory = new RegExp(cfg.directoryPattern);
  const anchors = page.links.filter((l) => l.kind === 'a');
  for (const link of anchors) {
    const text = clean(link.text);
    if (!text) continue;
    if (directory.test(text)) state.directoryLinks.push({ source: page.finalUrl, target: link.url });
    const short = text.length <= cfg.maxLinkTextLength;
    for (const item of itemsNamedBy(state, text, items)) {
      if (short) state.candidates.push({ item: item.id, source: page.finalUrl, target: link.url, text });
      if (item.edition) for (const year of yearsIn(text)) addEdition(state, item.id, year, link.url, text);
    }
  }
  // The page itself is a column (or article) for an item.
  for (const item of items) {
    const via = pageNamesItem(indexed, item, ctx);
    if (!via) continue;
    const inColumn = via === 'column';
    const list = state.pageMatches.get(item.id) ?? [];
    list.push({ url: page.finalUrl, via, source: null, text: inColumn ? indexed.column : indexed.title, title: shownTitle(indexed), attachment: false, external: false });
    state.pageMatches.set(item.id, list);
    if (item.edition) {
      for (const year of yearsIn(indexed.title)) addEdition(state, item.id, year, page.finalUrl, indexed.title);
      // On the item's own column page, every dated entry is an edition (e.g. 「2025年度」).
      if (inColumn) for (const link of anchors) for (const year of yearsIn(link.text)) addEdition(state, item.id, year, link.url, clean(link.text));
    }
  }
  collectPolicyPage(page, ctx, indexed.column);
}

/**
 * Is this page where the item is published? Its column names the item, or its title or
 * heading does and it is not a news report: an article of a news column, or a report of an
 * event (「全省饮用水水源地水质监测培训班开班」), mentions the item without publishing it.
 */
function pageNamesItem(page: IndexedPage, item: CatalogueItem, ctx: GatherContext): 'column' | 'title' | null {
  if (containsAny(page.column, item.keywords)) return 'column';
  if (!containsAny(`${page.title} ${page.heading}`, item.keywords)) return null;
  return isNewsReport(page, ctx) ? null : 'title';
}

/** The page's own title for a reader: the <title> without the 「_网站名」 suffix, else its heading. */
function shownTitle(page: IndexedPage): string {
  return page.title.split(/[_｜|]/)[0].trim() || page.heading;
}

function isNewsReport(page: IndexedPage, ctx: GatherContext): boolean {
  if (page.column && classifyColumn(page.column, ctx.config.columns.classRules) === 'news') return true;
  return new RegExp(ctx.config.disclosure.reportTitlePattern).test(page.heading || page.title);
}

function collectPolicyPage(page: CrawledPage, ctx: GatherContext, column: string): void {
  const { interpretation } = ctx.config.disclosure;
  const date = articleDateOf(page.$);
  if (!date) return;
  const title = articleTitleOf(page.$, page.title);
  const host = new URL(page.finalUrl).host;
  const links = [...new Set(page.links.filter((l) => l.kind === 'a' && new URL(l.url).host === host).map((l) => l.url))].slice(0, 300);
  const entry: PolicyPage = { url: page.finalUrl, title, date, links };
  const state = stateOf(ctx);
  if (containsAny(column, interpretation.interpretationKeywords) || containsAny(title, interpretation.interpretationKeywords)) state.interpretations.push(entry);
  else if (containsAny(column, interpretation.policyColumns)) state.policies.push({ ...entry, ...documentFactsOf(page.$) });
}

/**
 * Matches the disclosure catalogue against what the crawl saw: link texts (the 政府信息公开
 * directory first), column names and page titles. A link counts only when the page it
 * leads to is about the item too, so a misleading link text never makes an item "found".
 */
export const disclosureGatherer: Gatherer<DisclosureArtifact> = {
  name: 'disclosure',
  async onPage(page, ctx) {
    const catalogue = await catalogueOf(ctx).catch(() => null);
    if (catalogue) onPage(page, ctx, catalogue.items);
  },
  async finish(ctx) {
    const catalogue = await catalogueOf(ctx);
    const items = catalogue.items;
    const state = stateOf(ctx);
    inPageOrder(state);
    const index = pageIndexOf(ctx);
    const home = new URL(ctx.homepageUrl);
    const homeUrls = new Set([ctx.homepageUrl, index.get(ctx.homepageUrl)?.url].filter(Boolean));
    const directoryUrl = state.directoryLinks.find((d) => homeUrls.has(d.source))?.target ?? state.directoryLinks[0]?.target ?? null;
    const directoryPage = directoryUrl ? index.get(directoryUrl)?.url ?? directoryUrl : null;
    const evidence: Record<string, ItemEvidence[]> = {};
    const rejected: RejectedLink[] = [];
    const rank: Record<EvidenceVia, number> = { directory: 0, link: 1, column: 2, title: 3 };
    for (const item of items) {
      const found = new Map<string, ItemEvidence>();
      const put = (e: ItemEvidence) => {
        const known = found.get(e.url);
        if (!known || rank[e.via] < rank[known.via]) found.set(e.url, e);
      };
      for (const c of state.candidates.filter((c) => c.item === item.id)) {
        const via: EvidenceVia = c.source === directoryPage ? 'directory' : 'link';
        const external = new URL(c.target).host !== home.host;
        if (isAttachment(c.target) || external) {
          put({ url: c.target, via, source: c.source, text: c.text, attachment: isAttachment(c.target), external });
          continue;
        }
        const target = index.get(c.target);
        if (!target) {
          rejected.push({ item: item.id, source: c.source, target: c.target, text: c.text, targetTitle: null, reason: '链接页面未能打开或未被抓取' });
          continue;
        }
        if (!containsAny(`${target.title} ${target.heading} ${target.column}`, item.keywords)) {
          rejected.push({ item: item.id, source: c.source, target: c.target, text: c.text, targetTitle: target.title, reason: '链接文字含关键词，但所指页面与该事项无关' });
          continue;
        }
        if (!pageNamesItem(target, item, ctx)) {
          rejected.push({ item: item.id, source: c.source, target: c.target, text: c.text, targetTitle: target.title, reason: '所指页面是新闻报道，只是提到该事项，不是该事项的公开页面' });
          continue;
        }
        put({ url: target.url, via, source: c.source, text: c.text, title: shownTitle(target), attachment: false, external: false });
      }
      for (const e of state.pageMatches.get(item.id) ?? []) put(e);
      evidence[item.id] = [...found.values()].sort((a, b) => rank[a.via] - rank[b.via]).slice(0, 10);
    }
    // One rejected entry per (item, target): the same misleading link sits on many pages.
    const seen = new Set<string>();
    const rejectedOnce = rejected.filter((r) => {
      const key = `${r.item} ${r.target}`;
      if (seen.has(key) || (evidence[r.item] ?? []).some((e) => e.url === r.target)) return false;
      seen.add(key);
      return true;
    });
    return {
      catalogue: { id: catalogue.id, name: catalogue.name, items },
      directoryUrl: directoryPage,
      pagesIndexed: index.size,
      evidence,
      rejected: rejectedOnce,
      editions: Object.fromEntries([...state.editions].map(([id, m]) => [id, [...m.values()].sort((a, b) => b.year - a.year || compare(a.url, b.url)).slice(0, 20)])),
      policies: dedupe(state.policies),
      interpretations: dedupe(state.interpretations),
    };
  },
};

function dedupe(pages: PolicyPage[]): PolicyPage[] {
  const byUrl = new Map(pages.map((p) => [p.url, p]));
  return [...byUrl.values()].sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || compare(a.url, b.url));
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Puts what the pages gave in an order that does not depend on which page answered first
 * (pages are read concurrently): the evidence shown for an item, the directory found and
 * the rejected links must be the same on a rescan or a --resume of the same site.
 */
function inPageOrder(state: State): void {
  // Shorter addresses first: the homepage and column pages before the articles under them.
  const byUrl = (a: string, b: string) => a.length - b.length || compare(a, b);
  const byLink = (a: { source: string; target: string; text?: string }, b: typeof a) => byUrl(a.source, b.source) || byUrl(a.target, b.target) || compare(a.text ?? '', b.text ?? '');
  state.candidates.sort(byLink);
  state.directoryLinks.sort(byLink);
  for (const list of state.pageMatches.values()) list.sort((a, b) => byUrl(a.url, b.url));
}
