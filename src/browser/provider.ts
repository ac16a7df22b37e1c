import net from 'node:net';
import type { Browser } from 'playwright';
import type { BrowserProvider } from '../crawl/types.ts';
import { chromiumArgs, findBrowser } from './find-browser.ts';

export interface BrowserProviderOptions {
  enabled: boolean;
  executablePath?: string;
  /** Resolve no host names but loopback (tests, the demo, offline runs). */
  loopbackOnly?: boolean;
}

/** DevTools port of each launched browser, for Lighthouse (Playwright itself talks over a pipe). */
const debuggingPorts = new WeakMap<Browser, number>();

/** The remote debugging port Lighthouse can attach to, or null for a browser not launched here. */
export function debuggingPortOf(browser: Browser): number | null {
  return debuggingPorts.get(browser) ?? null;
}

/** A free loopback port; Chromium's `--remote-debugging-port=0` would hide the chosen port in its profile. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The scan's one shared browser, launched on first use. When browsers are off or none
 * is found, `get()` says why and every browser check is reported as skipped.
 *
 * Playwright launches it (and kills it when Node exits or is interrupted, unlike a
 * chrome-launcher child); a DevTools port on loopback lets Lighthouse reuse the same
 * browser instead of starting a second one.
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
          const port = await freePort();
          // Imported on first use: Playwright is large, and a scan that never needs a browser never loads it.
          const { chromium } = await import('playwright');
          const browser = await chromium.launch({
            executablePath: found.executablePath,
            args: [...chromiumArgs({ loopbackOnly: options.loopbackOnly ?? false }), `--remote-debugging-port=${port}`, '--remote-debugging-address=127.0.0.1'],
            timeout: 30_000,
          });
          debuggingPorts.set(browser, port);
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
