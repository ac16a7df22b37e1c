import { existsSync } from 'node:fs';
import path from 'node:path';
import { createBrowserProvider } from '../browser/provider.ts';
import { createRenderFallback } from '../browser/render-fallback.ts';
import type { Config } from '../config/schema.ts';
import { Crawler, LINKS_FILE, PAGES_FILE } from '../crawl/crawler.ts';
import { gatherers as allGatherers } from '../gather/gatherers.ts';
import { HttpFetcher } from '../crawl/http-fetcher.ts';
import { followMetaRefresh } from '../crawl/meta-refresh.ts';
import { parsePage } from '../crawl/parse-page.ts';
import { RobotsRules } from '../crawl/robots.ts';
import type { ArtifactError, GatherContext, Gatherer } from '../gather/types.ts';
import type { CrawledPage, PageOrError, PageRecord, ScanEvent } from '../crawl/types.ts';
import { chinaDate, quarterOf } from '../dates.ts';
import { loadArtifacts, saveArtifacts } from '../store/artifact-files.ts';
import { readJsonl } from '../store/jsonl.ts';
import { LowdbScanStore } from '../store/lowdb-store.ts';
import type { ScanRecord, ScanStore } from '../store/scan-store.ts';
import type { IsoDate } from '../types.ts';
import { TOOL_VERSION } from '../version.ts';
import type { RemoteAuditRunner } from '../accessibility/types.ts';
import { judgeScan, type JudgeOutcome } from './judge.ts';
import { writeStoreIndex } from '../report/store-index.ts';
import { newScanId, readScanMeta, writeScanMeta, type ScanMeta } from './scan-meta.ts';
import { claimScanFolder } from './scan-folder.ts';
import type { ScanLock } from '../store/scan-lock.ts';
import { PageBudget } from '../crawl/page-budget.ts';
import { UnreadPages } from '../crawl/unread-pages.ts';
import { SiteScope } from '../crawl/url.ts';
import { resolvesToNonPublic } from '../crawl/address-policy.ts';
import { findResumable, openHttpCaching } from './resume.ts';
import { exitCodeOf } from '../score/score.ts';
import { defaultSiteId, isSameSite, siteIdentityOf, type SiteIdentity } from '../store/site-identity.ts';

export interface ScanOptions {
  /** Folder the config's relative paths resolve against. */
  baseDir: string;
  /** Scan folder; default `<store.dir>/<scanId>`. */
  outDir?: string;
  asOf?: IsoDate;
  store?: ScanStore;
  /** Only the crawl and the link check (the bench). */
  linksOnly?: boolean;
  emit?: (event: ScanEvent) => void;
  signal?: AbortSignal;
  /**
   * Continue the site's last unfinished scan in its folder: fetches it already made are
   * replayed from its journal, the rest is fetched live (see fetch-journal.ts).
   */
  resume?: boolean;
  /** Reuse an output folder that holds a finished scan (`--force`). */
  force?: boolean;
  /** Distributed scans: browser audits run on the audit queue, not in this process. */
  remoteAudits?: RemoteAuditRunner;
  /** false: this process launches no browser (a worker started with --no-browser); audits may still run remotely. */
  localBrowser?: boolean;
  /**
   * The caller already holds the scan folder's lock and has decided what the folder may hold
   * (a distributed worker taking over a dead worker's site): the folder is not claimed again,
   * and the caller releases the lock.
   */
  heldLock?: ScanLock;
}

export interface ScanOutcome extends JudgeOutcome {
  scanId: string;
  scanDir: string;
  /** 0 qualified, 1 unqualified, 3 incomplete (no verdict; see contract.md). */
  exitCode: 0 | 1 | 3;
}

/** How often the scan's elapsed time is saved, so a resume after kill -9 still counts it. */
const HEARTBEAT_MS = 2000;

/**
 * A whole scan: crawl with gatherers, gatherers' follow-up work, artifacts stored, then
 * judged and reported. Whatever a gatherer fails at becomes an artifact error; an
 * interrupted crawl is judged on what it collected and marked partial.
 */
export async function runScan(config: Config, options: ScanOptions): Promise<ScanOutcome> {
  const emit = options.emit ?? (() => {});
  const store = options.store ?? new LowdbScanStore(path.resolve(options.baseDir, config.store.dir));
  const resumed = options.resume ? await findResumable(store, config.site.url) : null;
  // A resumed scan keeps its id, folder and monitoring date, so it ends as the uninterrupted one would.
  const asOf = resumed?.asOf ?? options.asOf ?? chinaDate();
  const scanId = resumed?.id ?? (await uniqueScanId(store, newScanId(config.site.url, new Date(), config.site.id)));
  const scanDir = resumed?.dir ?? path.resolve(options.outDir ?? path.join(store.rootDir, scanId));
  // The folder is this scan's alone until it ends (a second scan into it exits 2).
  const lock = options.heldLock ? null : await claimScanFolder(scanDir, { scanId, resume: resumed !== null, force: options.force ?? false });
  const runStarted = Date.now();
  const priorElapsed = resumed ? ((await readScanMeta(scanDir).catch(() => null))?.elapsedMs ?? 0) : 0;
  const startedAt = resumed?.startedAt ?? new Date().toISOString();
  const meta: ScanMeta = { id: scanId, asOf, startedAt, finishedAt: null, status: 'running', config, baseDir: options.baseDir, elapsedMs: priorElapsed };
  const elapsed = () => priorElapsed + (Date.now() - runStarted);
  let heartbeat: NodeJS.Timeout | undefined;
  try {
    await writeScanMeta(scanDir, meta);
    heartbeat = setInterval(() => void writeScanMeta(scanDir, { ...meta, elapsedMs: elapsed() }).catch(() => undefined), HEARTBEAT_MS);
    heartbeat.unref();
    // A reused (--force) folder's earlier scan no longer has a folder: its index entry goes.
    await store.update((data) => {
      data.scans = data.scans.filter((s) => s.id === scanId || path.resolve(s.dir) !== scanDir);
      if (resumed) Object.assign(data.scans.find((s) => s.id === scanId)!, { status: 'running' });
      else data.scans.push(scanRecord(meta, scanDir));
    });
  } catch (err) {
    clearInterval(heartbeat);
    await lock?.release();
    throw err;
  }
  const previous = await previousScan(store, siteIdentityOf(config.site), scanId);

  const userAgent = config.crawl.userAgent.replace('{version}', TOOL_VERSION);
  const caching = await openHttpCaching(config, options.baseDir, scanDir, resumed !== null);
  // A public site's scan never reaches internal addresses; a site that lives on one (a test
  // server, an intranet portal) may reach its neighbours.
  const publicOnly = !(await siteIsNonPublic(config));
  const fetcher = new HttpFetcher({
    crawl: config.crawl,
    userAgent,
    cache: caching.cache,
    journal: caching.journal,
    signal: options.signal,
    publicOnly,
    priorRequests: caching.journal?.priorRequests ?? 0,
  });
  const budget = new PageBudget(config.crawl.maxPages);
  const unread = new UnreadPages();
  const scope = new SiteScope(config.site.url, config.site.extraHosts);
  const robots = new RobotsRules(fetcher, userAgent, config.crawl.robots);
  const browser = createBrowserProvider({ ...config.browser, enabled: config.browser.enabled && options.localBrowser !== false });
  const homepageUrl = config.site.url;
  const gatherers: Gatherer[] = options.linksOnly ? [] : allGatherers;

  const ctx: GatherContext = {
    config,
    baseDir: options.baseDir,
    asOf,
    homepageUrl,
    scanDir,
    fetcher,
    browser,
    previous,
    emit,
    fetchPage: (url, depth = 0) => fetchPage(fetcher, robots, url, depth, { budget, scope, maxRedirects: config.crawl.maxRedirects, unread }),
    pages: () => readJsonl<PageRecord>(path.join(scanDir, PAGES_FILE)),
    signal: options.signal,
    remoteAudits: options.remoteAudits,
  };
  // A stop request closes the browser at once: audits in flight end as page errors, not minutes later.
  const closeBrowser = () => void browser.close().catch(() => undefined);
  options.signal?.addEventListener('abort', closeBrowser, { once: true });
  try {
    const crawler = new Crawler({
      config,
      homepageUrl,
      fetcher,
      robots,
      scanDir,
      emit,
      signal: options.signal,
      budget,
      unread,
      externalLinks: caching.linkCache,
      onPage: (page: CrawledPage) => forEachGatherer(gatherers, page, ctx),
      renderFallback: createRenderFallback({ browser, config, emit }),
    });
    const { crawl, links } = await crawler.run();
    const artifacts: Record<string, unknown> = { crawl, links };
    // The register gatherer judges whether a row missing from the crawl could have been seen.
    crawl.unread = await unread.summaryWithLinks(path.join(scanDir, LINKS_FILE));
    ctx.crawl = crawl;
    emit({ type: 'phase', phase: 'gather' });
    const settled = await Promise.all(gatherers.map((g) => finishGatherer(g, ctx)));
    gatherers.forEach((g, i) => (artifacts[g.name] = settled[i]));
    // One count for the whole scan: every stage's requests, every run of a resumed scan.
    crawl.requests = fetcher.requestCount;
    crawl.durationMs = elapsed();
    crawl.cut = { ...crawl.cut!, pagesOverBudget: budget.refused, unchecked: crawl.cut!.unchecked + fetcher.budgetRefusedCount };
    crawl.rateLimitedHosts = fetcher.rateLimited;
    // Each unread page with the links that reached it: it counts only against absences it could hold.
    crawl.unread = await unread.summaryWithLinks(path.join(scanDir, LINKS_FILE));
    // A stop request during the gather stage leaves the scan as incomplete as one in the crawl.
    if (options.signal?.aborted) crawl.partial = true;
    await saveArtifacts(scanDir, artifacts);

    emit({ type: 'phase', phase: 'judge' });
    clearInterval(heartbeat);
    meta.finishedAt = new Date().toISOString();
    meta.elapsedMs = elapsed();
    const stats = { requests: fetcher.requestCount, durationMs: meta.elapsedMs };
    const outcome = await judgeScan(scanDir, meta, await loadArtifacts(scanDir), { onlyChecks: options.linksOnly ? ['links-broken'] : undefined, store, stats });
    meta.status = outcome.findings.partial ? 'partial' : 'done';
    await writeScanMeta(scanDir, meta);
    await store.update((data) => {
      const record = data.scans.find((s) => s.id === scanId);
      if (record) Object.assign(record, scanRecord(meta, scanDir), scoreFields(outcome, scanDir));
    });
    // The shared-folder index over all scans is rebuilt after every scan.
    outcome.files.push(await writeStoreIndex(store));
    return { ...outcome, scanId, scanDir, exitCode: exitCodeOf(outcome.findings.score) };
  } catch (err) {
    meta.status = 'failed';
    await writeScanMeta(scanDir, { ...meta, elapsedMs: elapsed() }).catch(() => undefined);
    await store
      .update((data) => {
        const record = data.scans.find((s) => s.id === scanId);
        if (record) record.status = 'failed';
      })
      .catch(() => undefined);
    throw err;
  } finally {
    clearInterval(heartbeat);
    options.signal?.removeEventListener('abort', closeBrowser);
    await lock?.release().catch(() => undefined);
    await browser.close();
    await fetcher.close();
    await caching.journal?.close();
    await caching.cache?.close();
  }
}

async function forEachGatherer(gatherers: Gatherer[], page: CrawledPage, ctx: GatherContext): Promise<void> {
  for (const gatherer of gatherers) {
    if (!gatherer.onPage) continue;
    try {
      await gatherer.onPage(page, ctx);
    } catch (err) {
      ctx.emit({ type: 'warning', message: `${gatherer.name} 处理页面 ${page.url} 出错：${(err as Error).message}` });
    }
  }
}

async function finishGatherer(gatherer: Gatherer, ctx: GatherContext): Promise<unknown> {
  try {
    return await gatherer.finish(ctx);
  } catch (err) {
    ctx.emit({ type: 'warning', message: `${gatherer.name} 采集失败：${(err as Error).message}` });
    return { artifactError: (err as Error).message } satisfies ArtifactError;
  }
}

/**
 * A page fetched by the gather stage (or `reconcile`): robots.txt honoured; with a guard, the
 * site's own pages are charged to the scan's page budget (crawl.maxPages) and kept from
 * redirecting off the site, and a meta refresh of at most 5 s within the site is followed
 * (up to `maxRedirects` hops) as the crawler follows it.
 */
export async function fetchPage(
  fetcher: HttpFetcher,
  robots: RobotsRules,
  url: string,
  depth: number,
  guard?: { budget: PageBudget; scope: SiteScope; maxRedirects?: number; unread?: UnreadPages },
): Promise<PageOrError> {
  const refuse = (error: 'robots' | 'budget', reason: string): PageOrError => ({
    ok: false,
    result: { url, finalUrl: url, status: null, error, errorDetail: reason, headers: {}, redirects: [], body: null, truncated: false, attempts: 0, durationMs: 0 },
    reason,
  });
  if (!(await robots.isAllowed(url))) return refuse('robots', 'robots.txt 禁止抓取');
  const internal = guard ? isInternal(guard.scope, url) : false;
  if (guard && internal && !guard.budget.take(url, 'gather')) return refuse('budget', `已达到最多抓取页面数（crawl.maxPages = ${guard.budget.max}），未抓取`);
  const fetchOptions = guard && internal ? { redirectScope: (u: string) => isInternal(guard.scope, u) } : {};
  const first = await fetcher.fetch(url, fetchOptions);
  // The page a visitor ends on: a quick meta refresh within the site is followed as the crawler does.
  const { result, page } = await followMetaRefresh(first, parsePage(first, depth), {
    inScope: (target) => !guard || !internal || isInternal(guard.scope, target),
    admits: async (target) => guard !== undefined && internal && (await robots.isAllowed(target)) && guard.budget.take(target, 'gather'),
    fetch: (target) => fetcher.fetch(target, fetchOptions),
    parse: (r) => parsePage(r, depth),
    maxHops: guard?.maxRedirects ?? 0,
  });
  if (page) return { ok: true, page };
  // The site's own page the gather stage could not read leaves the look at the site incomplete.
  if (guard && internal) guard.unread?.record(url, result);
  const reason = result.status === null ? `${result.error}：${result.errorDetail ?? ''}` : result.status >= 400 ? `HTTP ${result.status}` : '不是 HTML 页面';
  return { ok: false, result, reason };
}

async function previousScan(store: ScanStore, site: SiteIdentity, currentId?: string): Promise<GatherContext['previous']> {
  const data = await store.read();
  // Only complete scans: what an incomplete one did not see is not "fixed" (contract: exit 3).
  const last = data.scans.filter((s) => isSameSite(site, s.site) && s.id !== currentId && s.status === 'done').at(-1);
  if (!last) return null;
  return { scanId: last.id, asOf: last.asOf, artifacts: await loadArtifacts(last.dir).catch(() => ({})) };
}

function isInternal(scope: SiteScope, url: string): boolean {
  try {
    return scope.isInternal(url);
  } catch {
    return false;
  }
}

/**
 * Does the site itself live on a loopback or private address? Judged by its own address:
 * a hostOverrides mapping is the operator's explicit choice and exempt from the policy anyway.
 */
async function siteIsNonPublic(config: Config): Promise<boolean> {
  return resolvesToNonPublic(new URL(config.site.url).hostname);
}

function scanRecord(meta: ScanMeta, dir: string): ScanRecord {
  return {
    id: meta.id,
    site: siteRecordOf(meta.config),
    asOf: meta.asOf,
    quarter: quarterOf(meta.asOf),
    startedAt: meta.startedAt,
    finishedAt: meta.finishedAt,
    dir,
    status: meta.status,
    verdict: null,
    total: null,
    vetoes: [],
  };
}

/** The site as the store records it: its identity, and the ids of its old homepages so the index joins them. */
function siteRecordOf(config: Config): ScanRecord['site'] {
  const site = siteIdentityOf(config.site);
  const previousIds = config.site.previousUrls.map(defaultSiteId).filter((id) => id !== site.id);
  return { name: config.site.name, url: config.site.url, id: site.id, ...(previousIds.length && { previousIds }) };
}

/** Score, counts and report files of a judged scan, for the store's index. */
export function scoreFields(outcome: JudgeOutcome, scanDir: string): Pick<ScanRecord, 'verdict' | 'total' | 'vetoes' | 'counts' | 'reports' | 'passLine'> {
  const { score, findings } = outcome.findings;
  const h = outcome.history?.counts;
  return {
    verdict: score.verdict,
    // No score in the history for an incomplete scan.
    total: outcome.findings.partial ? null : score.total,
    vetoes: score.vetoes,
    passLine: score.passLine,
    counts: { findings: findings.length, new: h && outcome.history?.previous ? h.new + h.regressed : findings.length, fixed: h?.fixed ?? 0, persisting: h?.persisting ?? 0 },
    reports: outcome.files.filter((f) => path.dirname(f) === scanDir).map((f) => path.basename(f)),
  };
}

/** Two scans of one site started within the same second get a suffix, so ids stay unique. */
async function uniqueScanId(store: ScanStore, id: string): Promise<string> {
  const taken = new Set((await store.read()).scans.map((s) => s.id));
  let candidate = id;
  // A folder of that name (another process's scan, not yet indexed) counts as taken too.
  for (let n = 2; taken.has(candidate) || existsSync(path.join(store.rootDir, candidate)); n++) candidate = `${id}-${n}`;
  return candidate;
}
