import type { CrawledPage } from '../crawl/types.ts';
import type { GatherContext } from '../gather/types.ts';
import { firstText } from '../crawl/page-memo.ts';
import { clean, columnNameOf } from './page-facts.ts';

/** Compact facts about one crawled page, enough to tell what a link leads to. */
export interface IndexedPage {
  url: string;
  title: string;
  /** The page's main heading (first h1), which names what an article is about. */
  heading: string;
  column: string;
  depth: number;
}

/**
 * Per-scan index of crawled pages shared by the disclosure gatherers (one entry per URL and
 * final URL; a few hundred bytes a page). Keyed by the scan's GatherContext, so parallel
 * scans in one process never mix.
 */
export class PageIndex {
  private readonly pages = new Map<string, IndexedPage>();

  add(page: CrawledPage): IndexedPage {
    const known = this.pages.get(page.finalUrl);
    if (known) return known;
    const entry: IndexedPage = { url: page.finalUrl, title: clean(page.title).slice(0, 120), heading: clean(firstText(page.$, 'h1')).slice(0, 120), column: columnNameOf(page.$), depth: page.depth };
    this.pages.set(page.finalUrl, entry);
    this.pages.set(page.url, entry);
    return entry;
  }

  get(url: string): IndexedPage | undefined {
    return this.pages.get(url);
  }

  get size(): number {
    return new Set(this.pages.values()).size;
  }
}

const indexes = new WeakMap<GatherContext, PageIndex>();

export function pageIndexOf(ctx: GatherContext): PageIndex {
  let index = indexes.get(ctx);
  if (!index) {
    index = new PageIndex();
    indexes.set(ctx, index);
  }
  return index;
}

/** Per-scan state of one gatherer, created on first use. */
export function scanState<T>(store: WeakMap<GatherContext, T>, ctx: GatherContext, create: () => T): T {
  let state = store.get(ctx);
  if (!state) {
    state = create();
    store.set(ctx, state);
  }
  return state;
}
