import { errorLine, withTimeLimit } from '../browser/time-limit.ts';

/** Lighthouse accessibility category of one page. */
export interface LighthouseResult {
  /** 0..100, null when the run failed. */
  score: number | null;
  /** Audits that failed (binary audits scored 0), with Lighthouse's Chinese titles. */
  failed: { id: string; title: string }[];
  /** Audits Lighthouse itself lists for manual review. */
  manual: { id: string; title: string }[];
  error: string | null;
  durationMs: number;
}

export interface LighthouseLaneOptions {
  /** DevTools port of the shared browser. */
  port: number;
  timeoutMs: number;
  /** Longest wait for a page's load event inside Lighthouse. */
  maxWaitForLoadMs: number;
}

/**
 * Settings that keep an accessibility-only run at ~3 s a page without changing its score:
 * no quiet-window waits, no about:blank hop, no full-page screenshot. Never
 * `throttlingMethod: 'provided'` (13 s a page).
 */
export function lighthouseSettings(maxWaitForLoad: number) {
  return {
    onlyCategories: ['accessibility'],
    pauseAfterFcpMs: 0,
    pauseAfterLoadMs: 0,
    networkQuietThresholdMs: 0,
    cpuQuietThresholdMs: 0,
    skipAboutBlank: true,
    disableFullPageScreenshot: true,
    // Storage reset would clear the site's cookies under the Playwright pages audited at the same time.
    disableStorageReset: true,
    maxWaitForLoad,
    locale: 'zh' as const,
  };
}

/** How long a timed-out run may keep the lane before the next starts anyway. */
const GRACE_MS = 10_000;

/**
 * Runs Lighthouse one page at a time against the shared browser's DevTools port: runs in
 * parallel in one browser disturb each other's emulation and timing.
 */
export class LighthouseLane {
  private tail: Promise<unknown> = Promise.resolve();
  runs = 0;

  constructor(private readonly options: LighthouseLaneOptions) {}

  run(url: string): Promise<LighthouseResult> {
    const next = this.tail.then(() => this.runOne(url));
    this.tail = next.catch(() => {});
    return next;
  }

  private async runOne(url: string): Promise<LighthouseResult> {
    const started = Date.now();
    const { default: lighthouse } = await import('lighthouse');
    const run = lighthouse(
      url,
      { port: this.options.port, hostname: '127.0.0.1', logLevel: 'silent', output: 'json' },
      { extends: 'lighthouse:default', settings: lighthouseSettings(this.options.maxWaitForLoadMs) },
    );
    this.runs++;
    try {
      const result = await withTimeLimit(run, this.options.timeoutMs, 'Lighthouse 检测');
      const lhr = result?.lhr;
      if (!lhr) return { score: null, failed: [], manual: [], error: 'Lighthouse 未返回结果', durationMs: Date.now() - started };
      const category = lhr.categories.accessibility;
      const failed: LighthouseResult['failed'] = [];
      const manual: LighthouseResult['manual'] = [];
      for (const ref of category?.auditRefs ?? []) {
        const audit = lhr.audits[ref.id];
        if (!audit) continue;
        if (audit.scoreDisplayMode === 'manual') manual.push({ id: audit.id, title: audit.title });
        else if (audit.scoreDisplayMode === 'binary' && audit.score === 0) failed.push({ id: audit.id, title: audit.title });
      }
      const runtimeError = lhr.runtimeError ? `${lhr.runtimeError.code}：${lhr.runtimeError.message}` : null;
      const score = category && typeof category.score === 'number' && !runtimeError ? Math.round(category.score * 100) : null;
      return { score, failed, manual, error: runtimeError, durationMs: Date.now() - started };
    } catch (err) {
      // A timed-out run still holds a tab; give it a moment to end before the next starts.
      await Promise.race([run.catch(() => {}), new Promise((r) => setTimeout(r, GRACE_MS).unref())]);
      return { score: null, failed: [], manual: [], error: errorLine(err), durationMs: Date.now() - started };
    }
  }
}
