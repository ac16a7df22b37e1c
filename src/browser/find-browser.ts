import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Where a browser was found, or why none was. */
export type BrowserLocation = { ok: true; executablePath: string; source: string } | { ok: false; reason: string };

const SYSTEM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/opt/google/chrome/chrome'];

/** Chromium builds Playwright downloaded into its cache, newest first. */
function playwrightCacheCandidates(): string[] {
  const cache = process.env.PLAYWRIGHT_BROWSERS_PATH || path.join(os.homedir(), '.cache', 'ms-playwright');
  if (!existsSync(cache)) return [];
  return readdirSync(cache)
    .filter((d) => /^chromium(_headless_shell)?-\d+$/.test(d))
    .sort()
    .reverse()
    .flatMap((d) => [
      path.join(cache, d, 'chrome-linux', 'chrome'),
      path.join(cache, d, 'chrome-linux64', 'chrome'),
      path.join(cache, d, 'chrome-headless-shell-linux64', 'chrome-headless-shell'),
    ]);
}

/**
 * Finds a Chromium: the configured path, then CHROME_PATH, Playwright's cache,
 * Debian's /usr/bin/chromium, Google Chrome.
 */
export function findBrowser(configured?: string): BrowserLocation {
  if (configured) {
    return existsSync(configured) ? { ok: true, executablePath: configured, source: 'config' } : { ok: false, reason: `配置的浏览器不存在：${configured}` };
  }
  const env = process.env.CHROME_PATH;
  if (env && existsSync(env)) return { ok: true, executablePath: env, source: 'CHROME_PATH' };
  for (const candidate of playwrightCacheCandidates()) if (existsSync(candidate)) return { ok: true, executablePath: candidate, source: 'playwright' };
  for (const candidate of SYSTEM_CANDIDATES) if (existsSync(candidate)) return { ok: true, executablePath: candidate, source: 'system' };
  return {
    ok: false,
    reason: '未找到 Chromium 浏览器（Debian/Ubuntu：apt-get install chromium fonts-noto-cjk；其他系统：npx playwright install chromium；或设置 CHROME_PATH）',
  };
}

/**
 * Flags for a headless Chromium on a closed network: no sandbox (root in CI), no
 * background traffic, and no DNS look-ups except loopback, so an audited page can never
 * reach beyond the machine it is tested on.
 */
export function chromiumArgs(options: { loopbackOnly: boolean }): string[] {
  const args = [
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
  ];
  if (options.loopbackOnly) args.push('--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost');
  return args;
}
