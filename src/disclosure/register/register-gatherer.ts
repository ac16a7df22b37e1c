import path from 'node:path';
import { loadCalendar } from '../../calendar/working-days.ts';
import { RobotsRules } from '../../crawl/robots.ts';
import type { CrawlArtifact } from '../../artifacts.ts';
import { sectionOf, siteLook } from '../../checks/site-look.ts';
import type { Config } from '../../config/schema.ts';
import type { GatherContext, Gatherer } from '../../gather/types.ts';
import { TOOL_VERSION } from '../../version.ts';
import { documentsOf } from './documents-gatherer.ts';
import { readRegister } from './read-register.ts';
import { reconcile } from './reconcile.ts';
import { siteSearcher } from './site-search.ts';
import type { DocumentsArtifact, RegisterArtifact, RegisterRow } from './types.ts';

/** The artifact when no register is configured: the checks report 不适用. */
export function noRegister(limitWorkingDays: number): RegisterArtifact {
  return { file: null, entries: [], unreadable: [], limitWorkingDays, search: { queries: 0, requests: 0, unusable: null, capped: false }, calendarNote: null };
}

export interface ReconcileInput {
  ctx: Pick<GatherContext, 'config' | 'baseDir' | 'homepageUrl' | 'fetcher' | 'fetchPage'>;
  documents: DocumentsArtifact;
  /** Register file (relative to baseDir); default the config's disclosure.register. */
  file?: string;
  /** Query the site search for rows not in the crawl. */
  live: boolean;
  /** The scan's crawl record: a row neither crawled nor found by search is 未上网 only when the look could have shown it. */
  crawl: CrawlArtifact | null;
}

/**
 * Why the crawl could not show that a row's document is missing (the shared absence rule,
 * src/checks/site-look.ts), or null when it could: an unread page counts when a link to it
 * names the row's 文号 or title, or when it lies in a column where the site's documents are.
 */
function incompleteLookFor(crawl: CrawlArtifact | null, limits: Config['crawl'], documents: DocumentsArtifact): (row: RegisterRow) => string | null {
  const folders = [...new Set(documents.pages.map((p) => sectionOf(p.url)))];
  return (row) => siteLook(crawl, limits, { terms: [row.docNo, row.title].filter(Boolean), section: { folders } }).reason;
}

/** Reads the register and reconciles it with the documents; counts the search requests it sends. */
export async function reconcileRegister(input: ReconcileInput): Promise<RegisterArtifact> {
  const { config, baseDir } = input.ctx;
  const cfg = config.disclosure;
  const file = input.file ?? cfg.register;
  if (!file) return noRegister(cfg.reconcile.limitWorkingDays);
  const register = await readRegister(file, baseDir);
  const robots = new RobotsRules(input.ctx.fetcher, config.crawl.userAgent.replace('{version}', TOOL_VERSION), cfg.search.respectRobots && config.crawl.robots);
  const searchable = input.live && cfg.search.enabled;
  const before = input.ctx.fetcher.requestCount;
  const artifact = await reconcile(register.rows, input.documents.pages, register.unreadable, path.resolve(baseDir, file), {
    calendar: loadCalendar(config.calendar),
    limitWorkingDays: cfg.reconcile.limitWorkingDays,
    interpretationWorkingDays: cfg.reconcile.interpretationWorkingDays,
    maxSearches: cfg.reconcile.maxSearches,
    incompleteLook: incompleteLookFor(input.crawl, config.crawl, input.documents),
    searcher: searchable
      ? siteSearcher({
          fetcher: input.ctx.fetcher,
          fetchPage: (url) => input.ctx.fetchPage(url, 1),
          form: input.documents.search.form,
          endpoints: input.documents.search.endpoints,
          origin: new URL(input.ctx.homepageUrl).origin,
          allowed: (url) => robots.isAllowed(url),
          interpretationKeywords: cfg.interpretation.interpretationKeywords,
        })
      : null,
    noSearchReason: !input.live ? '未联网查询（reconcile 未加 --live）' : '配置关闭了站内搜索（disclosure.search.enabled）',
  });
  artifact.search.requests = input.ctx.fetcher.requestCount - before;
  return artifact;
}

/**
 * Reconciles the configured register with this scan's document pages, querying the site
 * search for rows the crawl did not see (capped by disclosure.reconcile.maxSearches).
 */
export const registerGatherer: Gatherer<RegisterArtifact> = {
  name: 'register',
  async finish(ctx) {
    if (!ctx.config.disclosure.register) return noRegister(ctx.config.disclosure.reconcile.limitWorkingDays);
    return reconcileRegister({ ctx, documents: documentsOf(ctx), live: true, crawl: ctx.crawl ?? null });
  },
};
