import type { CrawledPage } from '../../crawl/types.ts';
import type { GatherContext, Gatherer } from '../../gather/types.ts';
import { articleDateOf, articleTitleOf, clean, containsAny } from '../page-facts.ts';
import { scanState } from '../page-index.ts';
import { findSearchForm, type SearchForm } from '../search-probe.ts';
import { docNoOnPage } from './doc-number.ts';
import type { DocumentPage, DocumentsArtifact } from './types.ts';

/** Link texts worth keeping: they may lead to a document or its interpretation. */
const DOCUMENT_LINK = /解读|图解|原文|相关文件|政策文件|《|通知|办法|规定|意见|方案|决定|细则|公告|通告/;
const MAX_LINKS = 30;

interface State {
  pages: Map<string, DocumentPage>;
  form: SearchForm | null;
}

const states = new WeakMap<GatherContext, State>();
const stateOf = (ctx: GatherContext) => scanState(states, ctx, () => ({ pages: new Map(), form: null }));

/** A document page's facts, or null for a page that is neither dated nor numbered (a list, a directory). */
export function documentPageOf(page: Pick<CrawledPage, '$' | 'finalUrl' | 'title' | 'links'>, interpretationKeywords: readonly string[]): DocumentPage | null {
  const date = articleDateOf(page.$);
  const docNo = docNoOnPage(page.$);
  if (!date && !docNo) return null;
  const title = articleTitleOf(page.$, page.title);
  const host = new URL(page.finalUrl).host;
  const links = [
    ...new Set(
      page.links
        .filter((l) => l.kind === 'a' && l.url !== page.finalUrl && DOCUMENT_LINK.test(l.text) && new URL(l.url).host === host)
        .map((l) => l.url),
    ),
  ].slice(0, MAX_LINKS);
  return { url: page.finalUrl, title: title.slice(0, 200), date, docNo, interpretation: !!containsAny(title, interpretationKeywords), links };
}

/**
 * Indexes every dated or numbered article of the crawl (title, 发布日期, 文号, links) and
 * the homepage's search form: the register reconciliation reads it during the scan and
 * `reconcile` reads the stored artifact later.
 */
export const documentsGatherer: Gatherer<DocumentsArtifact> = {
  name: 'documents',
  onPage(page, ctx) {
    const state = stateOf(ctx);
    if (page.depth === 0 && !state.form) state.form = findSearchForm(page.$, page.finalUrl);
    const doc = documentPageOf(page, ctx.config.disclosure.interpretation.interpretationKeywords);
    if (doc && !state.pages.has(doc.url)) state.pages.set(doc.url, { ...doc, title: clean(doc.title) });
  },
  async finish(ctx) {
    return documentsOf(ctx);
  },
};

/** The documents indexed so far in this scan (the register gatherer runs after the crawl). */
export function documentsOf(ctx: GatherContext): DocumentsArtifact {
  const state = stateOf(ctx);
  return { pages: [...state.pages.values()], search: { form: state.form, endpoints: ctx.config.disclosure.search.endpoints } };
}
