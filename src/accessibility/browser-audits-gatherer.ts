import type { Browser } from 'playwright';
import { runAxe, axeInitScript, type AxeSummary } from './axe.ts';
import { LighthouseLane, type LighthouseResult } from './lighthouse.ts';
import { elderEntries, mobileMetrics, textMetrics, type ElderEntry, type MobileMetrics, type TextMetrics } from './page-metrics.ts';
import { AuditTargetCollector, type AuditTarget } from './select-pages.ts';
import { hasCjkFont } from '../browser/cjk-font.ts';
import { PagePool } from '../browser/page-pool.ts';
import { debuggingPortOf } from '../browser/provider.ts';
import { saveElementShots, saveScreenshot, screenshotName, type ElementShot } from '../browser/screenshot.ts';
import { errorLine } from '../browser/time-limit.ts';
import type { Config } from '../config/schema.ts';
import type { GatherContext, Gatherer } from '../gather/types.ts';
import type { AuditBatch, AuditBatchResult, AuditedPage, BrowserAuditsArtifact } from './types.ts';

/** What auditing needs of a scan: its settings, its folder (screenshots) and its progress. */
export type AuditContext = Pick<GatherContext, 'config' | 'scanDir' | 'emit' | 'signal'>;

const collectors = new WeakMap<GatherContext, AuditTargetCollector>();

function collectorOf(ctx: GatherContext): AuditTargetCollector {
  let collector = collectors.get(ctx);
  if (!collector) {
    collector = new AuditTargetCollector(ctx.homepageUrl, ctx.config.browser.articlesPerColumn);
    collectors.set(ctx, collector);
  }
  return collector;
}

function skippedArtifact(reason: string, config: Config): BrowserAuditsArtifact {
  return {
    skipped: reason,
    browser: null,
    lighthouse: { enabled: config.browser.lighthouse, skipped: reason, runs: 0 },
    elderEntries: null,
    pages: [],
    screenshots: {},
    elementShots: {},
    selection: { columns: 0, articles: 0, dropped: 0, articlesPerColumn: config.browser.articlesPerColumn },
    stats: { durationMs: 0, contextsCreated: 0, pagesOpened: 0 },
  };
}

const SEVERE = new Set(['critical', 'serious']);

/** What to outline in a page's screenshot: serious axe findings, else low-contrast text. */
function highlightsOf(axe: AxeSummary | null, text: TextMetrics | null): string[] {
  const severe = (axe?.violations ?? []).filter((v) => SEVERE.has(v.impact ?? '')).flatMap((v) => v.selectors.slice(0, 3));
  if (severe.length) return severe.slice(0, 12);
  return (text?.lowContrastExamples ?? []).map((e) => e.selector);
}

interface DesktopResult {
  error: string | null;
  axe: AxeSummary | null;
  text: TextMetrics | null;
  screenshot: string | null;
  elementShots: ElementShot[];
  entries: ElderEntry[] | null;
  cjkFont: boolean | null;
}

/** The desktop pass over one page: load, axe, text metrics, elder entries, screenshot. */
async function auditDesktop(pool: PagePool, target: AuditTarget, ctx: AuditContext, checkFont: boolean): Promise<DesktopResult> {
  const { browser: settings } = ctx.config;
  return pool.withPage(
    async (page) => {
      const response = await page.goto(target.url, { waitUntil: 'load' });
      const status = response?.status() ?? null;
      if (status !== null && status >= 400) return { error: `HTTP ${status}`, axe: null, text: null, screenshot: null, elementShots: [], entries: null, cjkFont: null };
      const axe = await runAxe(page);
      const text = await textMetrics(page, settings.elder);
      const entries = target.kind === 'homepage' ? await elderEntries(page, settings.elder.entryWords) : null;
      const cjkFont = checkFont ? await hasCjkFont(page) : null;
      let screenshot: string | null = null;
      let elementShots: ElementShot[] = [];
      if (settings.screenshots) {
        // Homepage and column pages are the place other checks searched (stale columns,
        // a missing entry): a plain shot, no marks. The elements a finding is about get
        // cropped, outlined shots of their own.
        if (target.kind === 'homepage') screenshot = await saveScreenshot(page, ctx.scanDir, target.url, { name: 'homepage', fullPageMaxHeight: 4000 });
        else if (target.kind === 'column') screenshot = await saveScreenshot(page, ctx.scanDir, target.url);
        elementShots = await saveElementShots(page, ctx.scanDir, target.url, highlightsOf(axe, text));
      }
      return { error: null, axe, text, screenshot, elementShots, entries, cjkFont };
    },
    settings.pageTimeoutMs,
    '页面检测',
  );
}

/** The mobile pass: layout at the phone width; a screenshot of the homepage and of pages that scroll sideways. */
async function auditMobile(pool: PagePool, target: AuditTarget, ctx: AuditContext): Promise<{ mobile: MobileMetrics; screenshot: string | null }> {
  const { browser: settings } = ctx.config;
  return pool.withPage(
    async (page) => {
      await page.goto(target.url, { waitUntil: 'load' });
      const mobile = await mobileMetrics(page);
      let screenshot: string | null = null;
      if (settings.screenshots && (target.kind === 'homepage' || mobile.horizontalScroll)) {
        const name = target.kind === 'homepage' ? 'homepage-mobile' : screenshotName(target.url, '-mobile');
        screenshot = await saveScreenshot(page, ctx.scanDir, target.url, { name, fullPageMaxHeight: 2400 });
      }
      return { mobile, screenshot };
    },
    settings.pageTimeoutMs,
    '移动端检测',
  );
}

/** Runs `work` over `items` with at most `limit` at once, keeping the order of results. */
async function mapLimit<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  });
  await Promise.all(workers);
  return results;
}

/** Audits a batch of the sample in `browser` (the whole sample on one machine: one batch from 0). */
export async function auditBatch(browser: Browser, executablePath: string, { targets, first }: AuditBatch, ctx: AuditContext): Promise<AuditBatchResult> {
  const started = Date.now();
  const { browser: settings } = ctx.config;
  const common = { recycleAfter: settings.recycleAfter, navigationTimeoutMs: settings.navigationTimeoutMs };
  const desktop = new PagePool(browser, { ...common, contextOptions: { viewport: { width: 1280, height: 800 } }, initScripts: [axeInitScript()] });
  const phone = new PagePool(browser, { ...common, contextOptions: { viewport: { width: settings.mobileWidth, height: 667 }, hasTouch: true } });
  const port = debuggingPortOf(browser);
  const lighthouseSkipped = !settings.lighthouse ? '配置中关闭了 Lighthouse' : port === null ? '浏览器没有开放调试端口，无法运行 Lighthouse' : null;
  const lane = lighthouseSkipped ? null : new LighthouseLane({ port: port!, timeoutMs: settings.lighthouseTimeoutMs, maxWaitForLoadMs: settings.navigationTimeoutMs });
  // Lighthouse runs one page at a time beside the Playwright passes, which dominate less.
  const lighthouseRuns = targets.map((t, i) => (lane && first + i < settings.lighthouseMaxPages ? lane.run(t.url) : Promise.resolve(null)));
  let cjkFont: boolean | null = null;
  let entries: ElderEntry[] | null = null;
  let done = 0;
  ctx.emit({ type: 'phase', phase: 'browser', detail: `${targets.length} 个页面` });
  const pages = await mapLimit(targets, settings.concurrency, async (target, index): Promise<AuditedPage> => {
    const pageStarted = Date.now();
    const page: AuditedPage = { ...target, error: null, axe: null, lighthouse: null, text: null, mobile: null, mobileError: null, screenshot: null, elementShots: [], mobileScreenshot: null, durationMs: 0 };
    // A stop request: the pages not yet audited are reported as not audited, within seconds.
    if (ctx.signal?.aborted) return { ...page, error: '检查已中断，未检测' };
    if (!browser.isConnected()) {
      page.error = '浏览器已关闭（扫描被中断）';
      return page;
    }
    try {
      const result = await auditDesktop(desktop, target, ctx, first + index === 0);
      Object.assign(page, { error: result.error, axe: result.axe, text: result.text, screenshot: result.screenshot, elementShots: result.elementShots });
      if (result.entries) entries = result.entries;
      if (result.cjkFont !== null) cjkFont = result.cjkFont;
    } catch (err) {
      page.error = errorLine(err);
    }
    if (!page.error) {
      try {
        const result = await auditMobile(phone, target, ctx);
        page.mobile = result.mobile;
        page.mobileScreenshot = result.screenshot;
      } catch (err) {
        page.mobileError = errorLine(err);
      }
    }
    page.durationMs = Date.now() - pageStarted;
    done++;
    ctx.emit({ type: 'phase', phase: 'browser', detail: `${done}/${targets.length} ${target.url}` });
    return page;
  });
  const lighthouseResults = await Promise.all(lighthouseRuns);
  lighthouseResults.forEach((result, i) => (pages[i].lighthouse = result));
  await Promise.all([desktop.close(), phone.close()]);
  const homepage = pages.find((p) => p.kind === 'homepage');
  return {
    browser: { executablePath, version: browser.version(), cjkFont },
    lighthouse: { enabled: settings.lighthouse, skipped: lighthouseSkipped, runs: lane?.runs ?? 0 },
    elderEntries: homepage && !homepage.error ? (entries ?? []) : null,
    pages,
    screenshots: Object.fromEntries(pages.filter((p) => p.screenshot).map((p) => [p.url, p.screenshot!])),
    elementShots: Object.fromEntries(pages.filter((p) => p.elementShots?.length).map((p) => [p.url, p.elementShots ?? []])),
    stats: { durationMs: Date.now() - started, contextsCreated: desktop.contextsCreated + phone.contextsCreated, pagesOpened: desktop.pagesOpened + phone.pagesOpened },
  };
}

export const browserAuditsGatherer: Gatherer<BrowserAuditsArtifact> = {
  name: 'browserAudits',
  onPage(page, ctx) {
    if (ctx.config.browser.enabled) collectorOf(ctx).add(page);
  },
  async finish(ctx) {
    if (ctx.remoteAudits && ctx.config.browser.enabled) return remoteAudit(ctx, ctx.remoteAudits);
    const launched = await ctx.browser.get();
    if (!launched.ok) return skippedArtifact(launched.reason, ctx.config);
    const { targets, columns, articles, dropped } = collectorOf(ctx).select(ctx.config.browser.maxPages);
    if (targets.length === 0) return { ...skippedArtifact('没有可检测的页面（首页未能抓取）', ctx.config), skipped: '没有可检测的页面（首页未能抓取）' };
    const audited = await auditBatch(launched.browser, launched.executablePath, { targets, first: 0 }, ctx);
    return { skipped: null, ...audited, selection: { columns, articles, dropped, articlesPerColumn: ctx.config.browser.articlesPerColumn } };
  },
};

/** Pages per audit job of a distributed scan: small enough to spread one site over machines. */
export const AUDIT_BATCH_PAGES = 4;

/** The sample audited in batches by other machines' browsers, merged as one browser would have. */
async function remoteAudit(ctx: GatherContext, run: NonNullable<GatherContext['remoteAudits']>): Promise<BrowserAuditsArtifact> {
  const { targets, columns, articles, dropped } = collectorOf(ctx).select(ctx.config.browser.maxPages);
  if (targets.length === 0) return skippedArtifact('没有可检测的页面（首页未能抓取）', ctx.config);
  const started = Date.now();
  const batches: AuditBatch[] = [];
  for (let first = 0; first < targets.length; first += AUDIT_BATCH_PAGES) batches.push({ targets: targets.slice(first, first + AUDIT_BATCH_PAGES), first });
  ctx.emit({ type: 'phase', phase: 'browser', detail: `${targets.length} 个页面，分 ${batches.length} 个任务` });
  let results: AuditBatchResult[];
  try {
    results = await run(batches);
  } catch (err) {
    return skippedArtifact((err as Error).message, ctx.config);
  }
  const pages = results.flatMap((r) => r.pages);
  const homepage = pages.find((p) => p.kind === 'homepage');
  return {
    skipped: null,
    browser: results[0].browser,
    lighthouse: { ...results[0].lighthouse, runs: results.reduce((n, r) => n + r.lighthouse.runs, 0) },
    elderEntries: homepage && !homepage.error ? (results.find((r) => r.elderEntries)?.elderEntries ?? []) : null,
    pages,
    screenshots: Object.fromEntries(pages.filter((p) => p.screenshot).map((p) => [p.url, p.screenshot!])),
    elementShots: Object.assign({}, ...results.map((r) => r.elementShots ?? {})),
    selection: { columns, articles, dropped, articlesPerColumn: ctx.config.browser.articlesPerColumn },
    stats: {
      durationMs: Date.now() - started,
      contextsCreated: results.reduce((n, r) => n + r.stats.contextsCreated, 0),
      pagesOpened: results.reduce((n, r) => n + r.stats.pagesOpened, 0),
    },
  };
}
