import path from 'node:path';
import { judgeLinksInBrowser } from './browser-hidden.ts';
import { homepageFingerprint, type HomepageFingerprint } from './fingerprint.ts';
import { matchLexicon, type LexiconHit, type LexiconKind, type LexiconLevel } from './lexicon.ts';
import { domainWordsIn, loadLexicon, type LoadedLexicon } from './load-lexicon.ts';
import type { LinkEdge } from '../crawl/inbound-links.ts';
import { groupExternalLinks, pickTargetsToFetch, type ExternalDomain, type ExternalTarget } from './outbound.ts';
import { readableText } from './page-text.ts';
import { findPrivacyLeaks, type PrivacyHit } from './privacy.ts';
import { findHiddenLinks } from './static-hidden.ts';
import { readJsonl } from '../store/jsonl.ts';
import { LINKS_FILE } from '../crawl/crawler.ts';
import type { CrawledPage } from '../crawl/types.ts';
import type { GatherContext, Gatherer } from '../gather/types.ts';
import { SiteScope, isAttachment, normalizeUrl } from '../crawl/url.ts';
import type { LexiconHitRecord, HiddenLinkRecord, PrivacyRecord, SpamTarget, ContentSafetyArtifact } from './types.ts';

interface BrowserPage {
  finalUrl: string;
  staticLinks: Set<string>;
}

interface ScanState {
  loaded: Promise<LoadedLexicon>;
  scope: SiteScope;
  /** The host is on contentSafety.allowedHosts (itself or a subdomain). */
  allowedHost: (url: string) => string | null;
  allowUrls: RegExp[];
  pagesScanned: number;
  hits: number;
  truncated: boolean;
  lexiconHits: LexiconHitRecord[];
  privacy: PrivacyRecord[];
  hidden: HiddenLinkRecord[];
  fingerprint: HomepageFingerprint | null;
  /**
   * Pages to open in the browser, with the outside links their HTML carries: the homepage
   * and pages with hidden-link candidates first, then pages near the homepage (a hijacked
   * template or an injected script shows there too), up to the configured number.
   */
  browserPages: Map<string, BrowserPage>;
  shallowPages: Map<string, BrowserPage>;
}

/** One state per scan: the gatherer object is shared by every scan of the process. */
const states = new WeakMap<GatherContext, ScanState>();

function stateOf(ctx: GatherContext): ScanState {
  let state = states.get(ctx);
  if (!state) {
    const cs = ctx.config.contentSafety;
    const loaded = loadLexicon(cs.lexicons, ctx.baseDir, cs.allow);
    loaded.catch(() => {}); // reported by finish()
    state = {
      loaded,
      scope: new SiteScope(ctx.homepageUrl, ctx.config.site.extraHosts),
      allowedHost: allowedHostMatcher(cs.allowedHosts),
      allowUrls: cs.allowUrls.map((p) => new RegExp(p)),
      pagesScanned: 0,
      hits: 0,
      truncated: false,
      lexiconHits: [],
      privacy: [],
      hidden: [],
      fingerprint: null,
      browserPages: new Map(),
      shallowPages: new Map(),
    };
    states.set(ctx, state);
  }
  return state;
}

const WHERE_ORDER = { title: 0, attachment: 1, body: 2 } as const;

/** One record per term on a page, the most telling place first (title, attachment name, text). */
function collectLexiconHits(page: CrawledPage, text: string, loaded: LoadedLexicon, perPage: number, hiddenTexts: readonly string[]): LexiconHitRecord[] {
  const found = new Map<string, LexiconHitRecord>();
  const add = (hits: LexiconHit[], where: LexiconHitRecord['where'], attachmentUrl: string | null) => {
    for (const hit of hits) {
      const existing = found.get(hit.term);
      if (existing) {
        // Title and attachment names appear in the text too: count only repeats in one place.
        if (where === existing.where) existing.count++;
        if (WHERE_ORDER[where] >= WHERE_ORDER[existing.where]) continue;
      }
      found.set(hit.term, {
        url: page.url,
        where,
        attachmentUrl,
        term: hit.term,
        kind: hit.entry.kind,
        level: hit.entry.level,
        category: hit.entry.category ?? null,
        correct: hit.entry.correct ?? null,
        note: hit.entry.note ?? null,
        context: hit.context,
        count: existing?.count ?? 1,
      });
    }
  };
  if (page.title) add(matchLexicon(page.title, loaded.lexicon, { maxHits: perPage }), 'title', null);
  for (const link of page.links) {
    if (link.kind === 'a' && link.text && isAttachment(link.url)) add(matchLexicon(link.text, loaded.lexicon, { maxHits: perPage }), 'attachment', link.url);
  }
  add(matchLexicon(text, loaded.lexicon, { maxHits: perPage * 5 }), 'body', null);
  // A word that is only the text of a hidden link is reported with that link, not twice.
  const onlyInHidden = (h: LexiconHitRecord) => h.where === 'body' && h.kind === 'sensitive-word' && h.count <= hiddenTexts.filter((t) => t.toLowerCase().includes(h.term.toLowerCase())).length;
  return [...found.values()].filter((h) => !onlyInHidden(h)).slice(0, perPage);
}

function spamWordsOf(text: string, loaded: LoadedLexicon): string[] {
  return [...new Set(matchLexicon(text, loaded.lexicon, { kind: 'sensitive-word', maxHits: 10 }).map((h) => h.term))];
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

/** Matches a URL's host against allowed hosts (a host matches itself and its subdomains). */
export function allowedHostMatcher(hosts: readonly string[]): (url: string) => string | null {
  const list = hosts.map((h) => h.toLowerCase().replace(/^\*?\./, ''));
  return (url) => {
    const host = hostOf(url).replace(/:\d+$/, '').toLowerCase();
    return list.find((h) => host === h || host.endsWith(`.${h}`)) ?? null;
  };
}

/** Why a hidden link is by design and not 暗链, or null (spam never is). */
function dismissal(state: ScanState, href: string, toggled: string | null, spam: boolean): string | null {
  if (spam) return null;
  const allowed = state.allowedHost(href);
  if (allowed) return `目标网站在允许名单中（${allowed}，contentSafety.allowedHosts）`;
  return toggled;
}

export const contentSafetyGatherer: Gatherer<ContentSafetyArtifact> = {
  name: 'contentSafety',

  async onPage(page, ctx) {
    const state = stateOf(ctx);
    const loaded = await state.loaded;
    const cs = ctx.config.contentSafety;
    state.pagesScanned++;
    const text = readableText(page.$);
    const isInternal = (url: string) => state.scope.isInternal(url);
    const room = () => {
      if (state.hits < cs.maxHits) return true;
      state.truncated = true;
      return false;
    };

    if (page.depth === 0 && !state.fingerprint) {
      state.fingerprint = homepageFingerprint(page.$, page.finalUrl, text, isInternal);
    }

    const hidden = findHiddenLinks(page.$, page.finalUrl, isInternal);
    const records = hidden.map((h): HiddenLinkRecord => {
      const spamWords = spamWordsOf(h.text, loaded);
      const domainWords = domainWordsIn(hostOf(h.href), loaded.domainWords);
      return {
        page: page.url,
        href: h.href,
        text: h.text,
        reasons: h.reasons,
        scripted: h.scripted,
        detectedBy: 'static',
        browser: 'not-checked',
        spamWords,
        domainWords,
        dismissed: dismissal(state, h.href, h.toggled, spamWords.length + domainWords.length > 0),
      };
    });
    // Real candidates first, so menus and credit links never crowd them out of the cap.
    records.sort((a, b) => Number(Boolean(a.dismissed)) - Number(Boolean(b.dismissed)));
    for (const record of records.slice(0, cs.maxHitsPerPage)) {
      if (!record.dismissed) {
        if (!room()) break;
        state.hits++;
      }
      state.hidden.push(record);
    }
    const max = cs.hiddenLinks.browserConfirm ? cs.hiddenLinks.browserMaxPages : 0;
    const list = page.depth === 0 || records.some((r) => !r.dismissed) ? state.browserPages : page.depth === 1 ? state.shallowPages : null;
    if (list && list.size < max && !list.has(page.url)) {
      list.set(page.url, { finalUrl: page.finalUrl, staticLinks: new Set(page.links.filter((l) => l.kind === 'a' && !isInternal(l.url)).map((l) => l.url)) });
    }

    if (!state.allowUrls.some((re) => re.test(page.url))) {
      for (const hit of collectLexiconHits(page, text, loaded, cs.maxHitsPerPage, hidden.map((h) => h.text))) {
        if (!room()) break;
        state.hits++;
        state.lexiconHits.push(hit);
      }
    }

    if (cs.privacy.idNumbers || cs.privacy.mobiles) {
      const byNumber = new Map<string, PrivacyRecord>();
      for (const hit of findPrivacyLeaks(text, { asOf: ctx.asOf, idNumbers: cs.privacy.idNumbers, mobiles: cs.privacy.mobiles, maxHits: cs.maxHitsPerPage * 5 })) {
        const existing = byNumber.get(hit.masked + hit.type);
        if (existing) existing.count++;
        else byNumber.set(hit.masked + hit.type, { ...hit, url: page.url, count: 1 });
      }
      for (const record of [...byNumber.values()].slice(0, cs.maxHitsPerPage)) {
        if (!room()) break;
        state.hits++;
        state.privacy.push(record);
      }
    }
  },

  async finish(ctx) {
    const state = stateOf(ctx);
    const loaded = await state.loaded;
    const cs = ctx.config.contentSafety;

    const browser = await confirmInBrowser(state, ctx, loaded);
    const outbound = await checkOutbound(state, ctx, loaded);

    const previousArtifact = ctx.previous?.artifacts.contentSafety as Partial<ContentSafetyArtifact> | undefined;
    const previous = previousArtifact?.tamper?.current ?? null;
    return {
      pagesScanned: state.pagesScanned,
      lexicon: { sources: loaded.sources, entries: loaded.lexicon.entries.length, allowPhrases: loaded.lexicon.allow.length },
      hiddenLinks: state.hidden,
      browser,
      lexiconHits: state.lexiconHits,
      privacy: state.privacy,
      outbound,
      tamper: {
        current: state.fingerprint,
        previous,
        previousScanId: previous ? (ctx.previous?.scanId ?? null) : null,
        previousAsOf: previous ? (ctx.previous?.asOf ?? null) : null,
      },
      truncated: state.truncated || cs.maxHits <= state.hits,
    };
  },
};

/**
 * Opens the pages with hidden-link candidates (and the homepage) in the browser: a
 * candidate shown on screen is marked visible; an outside link hidden only by linked CSS
 * or an outside script is added.
 */
async function confirmInBrowser(state: ScanState, ctx: GatherContext, loaded: LoadedLexicon): Promise<ContentSafetyArtifact['browser']> {
  const cs = ctx.config.contentSafety;
  if (!cs.hiddenLinks.browserConfirm) return { used: false, reason: '配置已关闭浏览器复核（contentSafety.hiddenLinks.browserConfirm）', pagesChecked: 0, errors: [] };
  for (const [url, p] of state.shallowPages) {
    if (state.browserPages.size >= cs.hiddenLinks.browserMaxPages) break;
    if (!state.browserPages.has(url)) state.browserPages.set(url, p);
  }
  if (!state.browserPages.size) return { used: false, reason: '没有需要复核的页面', pagesChecked: 0, errors: [] };
  const got = await ctx.browser.get();
  if (!got.ok) return { used: false, reason: `${got.reason}；暗链仅依据静态 HTML 和 CSS 判断`, pagesChecked: 0, errors: [] };
  const internalHosts = [new URL(ctx.homepageUrl).host, new URL(ctx.homepageUrl).hostname, ...ctx.config.site.extraHosts];
  const pages = [...state.browserPages];
  // Scripts and stylesheets must have loaded for a fair verdict: allow the indicators' 15 s
  // even when the crawl's own timeout is shorter.
  const rendered = await judgeLinksInBrowser(got.browser, pages.map(([, p]) => p.finalUrl), internalHosts, Math.max(ctx.config.crawl.timeoutMs, 15_000));
  const errors: { url: string; error: string }[] = [];
  rendered.forEach((result, i) => {
    const [pageUrl, { staticLinks }] = pages[i];
    if (result.error) {
      errors.push({ url: pageUrl, error: result.error });
      return;
    }
    const verdicts = new Map<string, { hidden: boolean; reasons: string[]; text: string; toggled: string | null }>();
    for (const link of result.links) {
      const href = normalizeUrl(link.href);
      if (!href) continue;
      const prev = verdicts.get(href);
      // The same target linked twice: hidden only if every copy is hidden.
      if (prev && !prev.hidden) continue;
      verdicts.set(href, { hidden: link.hidden && (prev?.hidden ?? true), reasons: link.reasons, text: link.text, toggled: link.toggled ?? null });
    }
    for (const record of state.hidden.filter((h) => h.page === pageUrl)) {
      const v = verdicts.get(record.href);
      if (!v) continue;
      record.browser = v.hidden ? 'hidden' : 'visible';
      if (v.hidden) record.reasons = [...new Set([...record.reasons, ...v.reasons.map((r) => `浏览器复核：${r}`)])];
    }
    for (const [href, v] of verdicts) {
      if (!v.hidden || state.hidden.some((h) => h.page === pageUrl && h.href === href)) continue;
      const scripted = !staticLinks.has(href);
      const spamWords = spamWordsOf(v.text, loaded);
      const domainWords = domainWordsIn(hostOf(href), loaded.domainWords);
      state.hidden.push({
        dismissed: dismissal(state, href, scripted ? null : v.toggled, spamWords.length + domainWords.length > 0),
        page: pageUrl,
        href,
        text: v.text,
        reasons: [...(scripted ? ['页面 HTML 中没有此链接，由脚本动态写入'] : []), ...v.reasons.map((r) => `浏览器复核：${r}`)],
        scripted,
        detectedBy: 'browser',
        browser: 'hidden',
        spamWords: spamWordsOf(v.text, loaded),
        domainWords: domainWordsIn(hostOf(href), loaded.domainWords),
      });
    }
  });
  return { used: true, reason: null, pagesChecked: rendered.length - errors.length, errors };
}

/** Groups outside links by host and opens a capped number of targets to see what they now carry. */
async function checkOutbound(state: ScanState, ctx: GatherContext, loaded: LoadedLexicon): Promise<ContentSafetyArtifact['outbound']> {
  const cs = ctx.config.contentSafety;
  const isInternal = (url: string) => state.scope.isInternal(url);
  const homepages = new Set([ctx.homepageUrl, state.fingerprint?.url ?? ctx.homepageUrl]);
  const { domains, targets } = await groupExternalLinks(readJsonl<LinkEdge>(path.join(ctx.scanDir, LINKS_FILE)), isInternal, homepages);
  const hiddenTargets = new Set<string>();
  for (const h of state.hidden) {
    hiddenTargets.add(h.href);
    if (!targets.has(h.href)) targets.set(h.href, { url: h.href, host: hostOf(h.href), occurrences: 1, texts: h.text ? [h.text] : [], sources: [h.page], fromHomepage: homepages.has(h.page) });
  }
  const suspicious = new Set<string>(hiddenTargets);
  for (const t of targets.values()) {
    if (domainWordsIn(t.host, loaded.domainWords).length || t.texts.some((x) => spamWordsOf(x, loaded).length)) suspicious.add(t.url);
  }
  const toFetch = pickTargetsToFetch(targets.values(), suspicious, cs.outbound.maxFetches);
  const visibleSources = await visibleLinkSources(ctx, hiddenTargets, isInternal);
  const spamTargets: SpamTarget[] = [];
  let fetchFailed = 0;
  const judge = async (url: string) => {
    const target = targets.get(url) as ExternalTarget;
    const result = await ctx.fetchPage(url, 1);
    const words = new Set(domainWordsIn(target.host, loaded.domainWords));
    let title: string | null = null;
    if (result.ok) {
      title = result.page.title || null;
      const titleWords = spamWordsOf(result.page.title, loaded);
      const textWords = spamWordsOf(readableText(result.page.$), loaded);
      if (titleWords.length || textWords.length >= cs.outbound.minTextHits) for (const w of [...titleWords, ...textWords]) words.add(w);
    } else fetchFailed++;
    if (words.size) spamTargets.push({ url, host: target.host, title, words: [...words], sources: target.sources, hiddenOnly: hiddenTargets.has(url) && !visibleSources.has(url) });
  };
  // The fetcher keeps each host polite; a few at a time keeps slow hosts from serialising the rest.
  for (let i = 0; i < toFetch.length; i += 6) await Promise.all(toFetch.slice(i, i + 6).map(judge));
  spamTargets.sort((a, b) => a.url.localeCompare(b.url));
  return { domains, fetched: toFetch.length, fetchFailed, targets: targets.size, spamTargets };
}

/** Hidden-link targets that some page also links visibly (so the site links them openly). */
async function visibleLinkSources(ctx: GatherContext, hiddenTargets: Set<string>, isInternal: (url: string) => boolean): Promise<Set<string>> {
  const visible = new Set<string>();
  if (!hiddenTargets.size) return visible;
  const hiddenEdges = new Set(stateOf(ctx).hidden.map((h) => `${h.page}\n${h.href}`));
  for await (const edge of readJsonl<LinkEdge>(path.join(ctx.scanDir, LINKS_FILE))) {
    if (!hiddenTargets.has(edge.t) || isInternal(edge.t)) continue;
    if (!hiddenEdges.has(`${edge.s}\n${edge.t}`)) visible.add(edge.t);
  }
  return visible;
}
