import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createBrowserProvider } from '../browser/provider.ts';
import { createRenderFallback } from '../browser/render-fallback.ts';
import type { Config } from '../config/schema.ts';
import { Crawler, PAGES_FILE } from '../crawl/crawler.ts';
import { gatherers as allGatherers } from '../gather/gatherers.ts';
import { HttpFetcher } from '../crawl/http-fetcher.ts';
import { followMetaRefresh } from '../crawl/meta-refresh.ts';
import { parsePage } from '../crawl/parse-page.ts';
import { RobotsRules } from '../crawl/robots.ts';
import { SiteScope } from '../crawl/url.ts';
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
import { newScanId, writeScanMeta, type ScanMeta } from './scan-meta.ts';
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
  /** Distributed scans: browser audits run on the audit queue, not in this process. */
  remoteAudits?: RemoteAuditRunner;
  /** false: this process launches no browser (a worker started with --no-browser); audits may still run remotely. */
  localBrowser?: boolean;
}

export interface ScanOutcome extends JudgeOutcome {
  scanId: string;
  scanDir: string;
  exitCode: 0 | 1;
}

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
  const scanId = resumed?.id ?? (await uniqueScanId(store, newScanId(config.site.url)));
  const scanDir = resumed?.dir ?? path.resolve(options.outDir ?? path.join(store.rootDir, scanId));
  await mkdir(scanDir, { recursive: true });
  const startedAt = resumed?.startedAt ?? new Date().toISOString();
  const meta: ScanMeta = { id: scanId, asOf, startedAt, finishedAt: null, status: 'running', config, baseDir: options.baseDir };
  await writeScanMeta(scanDir, meta);
  const previous = await previousScan(store, siteIdentityOf(config.site), scanId);
  if (resumed) await store.update((data) => void Object.assign(data.scans.find((s) => s.id === scanId)!, { status: 'running' }));
  else await store.update((data) => void data.scans.push(scanRecord(meta, scanDir)));

  const userAgent = config.crawl.userAgent.replace('{version}', TOOL_VERSION);
  const caching = await openHttpCaching(config, options.baseDir, scanDir, resumed !== null);
  const fetcher = new HttpFetcher({ crawl: config.crawl, userAgent, cache: caching.cache, journal: caching.journal });
  const robots = new RobotsRules(fetcher, userAgent, config.crawl.robots);
  const browser = createBrowserProvider({ ...config.browser, enabled: config.browser.enabled && options.localBrowser !== false });
  const homepageUrl = config.site.url;
  const scope = new SiteScope(homepageUrl, config.site.extraHosts, config.site.include, config.site.exclude);
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
    fetchPage: (url, depth = 0) => fetchPage(fetcher, robots, url, depth, { scope, maxRedirects: config.crawl.maxRedirects }),
    pages: () => readJsonl<PageRecord>(path.join(scanDir, PAGES_FILE)),
    remoteAudits: options.remoteAudits,
  };
  try {
    const crawler = new Crawler({
      config,
      homepageUrl,
      fetcher,
      robots,
      scanDir,
      emit,
      signal: options.signal,
      externalLinks: caching.linkCache,
      onPage: (page: CrawledPage) => forEachGatherer(gatherers, page, ctx),
      renderFallback: createRenderFallback({ browser, config, emit }),
    });
    const { crawl, links } = await crawler.run();
    const artifacts: Record<string, unknown> = { crawl, links };
    emit({ type: 'phase', phase: 'gather' });
    const settled = await Promise.all(gatherers.map((g) => finishGatherer(g, ctx)));
    gatherers.forEach((g, i) => (artifacts[g.name] = settled[i]));
    // stats.requests counts what the gatherers sent after the crawl too (probes, site-search queries).
    crawl.requests = Math.max(crawl.requests, fetcher.requestCount);
    await saveArtifacts(scanDir, artifacts);

    emit({ type: 'phase', phase: 'judge' });
    meta.status = crawl.partial ? 'partial' : 'done';
    meta.finishedAt = new Date().toISOString();
    await writeScanMeta(scanDir, meta);
    const outcome = await judgeScan(scanDir, meta, await loadArtifacts(scanDir), { onlyChecks: options.linksOnly ? ['links-broken'] : undefined, store });
    await store.update((data) => {
      const record = data.scans.find((s) => s.id === scanId);
      if (record) Object.assign(record, scanRecord(meta, scanDir), scoreFields(outcome, scanDir));
    });
    // The shared-folder index over all scans is rebuilt after every scan.
    outcome.files.push(await writeStoreIndex(store));
    return { ...outcome, scanId, scanDir, exitCode: exitCodeOf(outcome.findings.score) };
  } catch (err) {
    meta.status = 'failed';
    await writeScanMeta(scanDir, meta);
    await store.update((data) => {
      const record = data.scans.find((s) => s.id === scanId);
      if (record) record.status = 'failed';
    });
    throw err;
  } finally {
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
 * A page fetched after the crawl (by a gatherer), as a visitor ends on it: with `refresh`,
 * a meta refresh of at most 5 s within the site's scope is followed as the crawler does.
 */
export async function fetchPage(fetcher: HttpFetcher, robots: RobotsRules, url: string, depth: number, refresh?: { scope: SiteScope; maxRedirects: number }): Promise<PageOrError> {
  if (!(await robots.isAllowed(url))) {
    const result = { url, finalUrl: url, status: null, error: 'robots' as const, errorDetail: 'robots.txt 禁止抓取', headers: {}, redirects: [], body: null, truncated: false, attempts: 0, durationMs: 0 };
    return { ok: false, result, reason: 'robots.txt 禁止抓取' };
  }
  const first = await fetcher.fetch(url);
  const { result, page } = await followMetaRefresh(first, parsePage(first, depth), {
    admits: async (target) => refresh !== undefined && refresh.scope.isCrawlable(target) && (await robots.isAllowed(target)),
    fetch: (target) => fetcher.fetch(target),
    parse: (r) => parsePage(r, depth),
    maxHops: refresh?.maxRedirects ?? 0,
  });
  if (page) return { ok: true, page };
  const reason = result.status === null ? `${result.error}：${result.errorDetail ?? ''}` : result.status >= 400 ? `HTTP ${result.status}` : '不是 HTML 页面';
  return { ok: false, result, reason };
}

async function previousScan(store: ScanStore, site: SiteIdentity, currentId?: string): Promise<GatherContext['previous']> {
  const data = await store.read();
  const last = data.scans.filter((s) => isSameSite(site, s.site) && s.id !== currentId && (s.status === 'done' || s.status === 'partial')).at(-1);
  if (!last) return null;
  return { scanId: last.id, asOf: last.asOf, artifacts: await loadArtifacts(last.dir).catch(() => ({})) };
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
    total: score.total,
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
  for (let n = 2; taken.has(candidate); n++) candidate = `${id}-${n}`;
  return candidate;
}
