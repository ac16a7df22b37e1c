import { chromium, type Browser } from 'playwright';
import type { BrowserProvider } from '../crawl/types.ts';
import { chromiumArgs, findBrowser } from './find-browser.ts';

export interface BrowserProviderOptions {
  enabled: boolean;
  executablePath?: string;
  /** Resolve no host names but loopback (tests, the demo, offline runs). */
  loopbackOnly?: boolean;
}

/**
 * The scan's one shared browser, launched on first use. When browsers are off or none
 * is found, `get()` says why and every browser check is reported as skipped.
 */
export function createBrowserProvider(options: BrowserProviderOptions): BrowserProvider {
  let launching: Promise<{ ok: true; browser: Browser; executablePath: string } | { ok: false; reason: string }> | null = null;
  return {
    get() {
      if (!options.enabled) return Promise.resolve({ ok: false, reason: '已通过 --no-browser 关闭浏览器检查' });
      launching ??= (async () => {
        const found = findBrowser(options.executablePath);
        if (!found.ok) return found;
        try {
          const browser = await chromium.launch({
            executablePath: found.executablePath,
            args: chromiumArgs({ loopbackOnly: options.loopbackOnly ?? false }),
            timeout: 30_000,
          });
          return { ok: true as const, browser, executablePath: found.executablePath };
        } catch (err) {
          return { ok: false as const, reason: `浏览器启动失败（${found.executablePath}）：${(err as Error).message.split('\n')[0]}` };
        }
      })();
      return launching;
    },
    async close() {
      if (!launching) return;
      const launched = await launching;
      launching = null;
      if (launched.ok) await launched.browser.close().catch(() => {});
    },
  };
}
