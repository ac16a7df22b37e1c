import { classifyFetch } from './classify.ts';
import type { UnreadPagesSummary, UnreadReason } from './crawl-artifact.ts';
import { inboundLinks, type InboundLinks } from './inbound-links.ts';
import type { FetchResult } from './types.ts';

/**
 * Pages described in the artifact (how each was reached decides which absence verdicts it
 * can hold up); the counts cover all. A site with more unread pages than this was barely read.
 */
const MAX_SAMPLES = 500;

/** Link texts and linking pages kept per unread page: enough to tell what it is. */
const MAX_INBOUND = 3;

/** Errors of a fetch the server never answered in time or at all: the page is there, unread. */
const NETWORK_ERRORS = new Set(['dns', 'refused', 'reset', 'tls', 'network']);

/**
 * Why one of the site's own pages could not be read, or null when it was read. A 404 (any
 * 4xx but a refusal to robots) was read: the page is gone, a broken link. robots.txt
 * refusals are the site's own instruction and are counted apart (crawl.robotsDisallowed);
 * pages never asked for because a cap or a stop cut the crawl are counted apart too.
 */
export function unreadReason(result: Pick<FetchResult, 'status' | 'error' | 'headers' | 'body'>): UnreadReason | null {
  const { status, error } = result;
  if (error === 'robots' || error === 'budget' || error === 'aborted' || error === 'offsite-redirect') return null;
  if (status === null) {
    if (error === 'timeout') return 'timeout';
    if (error === 'rate-limited') return 'rate-limited';
    if (error === 'private-address') return 'blocked';
    return error && NETWORK_ERRORS.has(error) ? 'network' : null;
  }
  if (status >= 500) return 'server-error';
  if (status === 429) return 'rate-limited';
  return classifyFetch(result) === 'blocked' ? 'blocked' : null;
}

/**
 * Tally of the site's own pages the scan asked for and could not read (crawl and gather
 * stages share one), for `crawl.unread`: a verdict that something is absent from the site
 * stands only when this is empty.
 */
export class UnreadPages {
  private readonly urls = new Set<string>();
  private readonly byReason: Partial<Record<UnreadReason, number>> = {};
  private readonly samples: UnreadPagesSummary['samples'] = [];
  /** How each described page was reached, once read from links.jsonl (the crawl's links do not change after it). */
  private readonly reached = new Map<string, InboundLinks>();

  /** Records `url` when its fetch left it unread; true when it did. */
  record(url: string, result: Pick<FetchResult, 'status' | 'error' | 'headers' | 'body'>): boolean {
    const reason = unreadReason(result);
    if (!reason) return false;
    if (this.urls.has(url)) return true;
    this.urls.add(url);
    this.byReason[reason] = (this.byReason[reason] ?? 0) + 1;
    if (this.samples.length < MAX_SAMPLES) this.samples.push({ url, reason, status: result.status });
    return true;
  }

  /** The tally; with `inbound` (see inboundLinks), each page with the links that point to it. */
  summary(inbound?: ReadonlyMap<string, InboundLinks>): UnreadPagesSummary {
    const samples = this.samples.map((s) => {
      if (!inbound) return { ...s };
      const links = inbound.get(s.url);
      return { ...s, texts: links?.texts ?? [], sources: links?.sources ?? [] };
    });
    return { pages: this.urls.size, byReason: { ...this.byReason }, samples };
  }

  /**
   * The tally with how each page was reached, read from the scan's links.jsonl: asked after
   * the crawl and again after the gather stage, the file is read only for pages new since.
   */
  async summaryWithLinks(linksFile: string): Promise<UnreadPagesSummary> {
    const unknown = new Set(this.samples.map((s) => s.url).filter((url) => !this.reached.has(url)));
    if (unknown.size) {
      const found = await inboundLinks(linksFile, unknown, { maxTexts: MAX_INBOUND, maxSources: MAX_INBOUND });
      for (const url of unknown) this.reached.set(url, found.get(url) ?? { sources: [], texts: [] });
    }
    return this.summary(this.reached);
  }
}
