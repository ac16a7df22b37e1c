import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright';

/** Folder under the scan directory where screenshots go. */
export const SCREENSHOTS_DIR = 'screenshots';

export interface ScreenshotOptions {
  /** File name stem; a hash of the URL is used when absent. */
  name?: string;
  /** Capture the page down to this height (CSS px) instead of the viewport only. */
  fullPageMaxHeight?: number;
  /** Elements to outline in red and scroll to (CSS selectors, e.g. from axe). */
  highlight?: string[];
}

/** A short, stable file name for a URL. */
export function screenshotName(url: string, suffix = ''): string {
  return `page-${createHash('sha1').update(url).digest('hex').slice(0, 10)}${suffix}`;
}

/** In-page: outline the elements a finding is about, bring the first into view. */
const HIGHLIGHT = (selectors: string[]) => `(() => {
  let first = null;
  for (const sel of ${JSON.stringify(selectors)}) {
    let els = [];
    try { els = [...document.querySelectorAll(sel)]; } catch (e) { continue; }
    for (const el of els.slice(0, 10)) {
      el.style.setProperty('outline', '3px solid #d40000', 'important');
      el.style.setProperty('outline-offset', '2px', 'important');
      if (!first) first = el;
    }
  }
  if (first) first.scrollIntoView({ block: 'center' });
  return !!first;
})()`;

/**
 * Saves a PNG of the page under `<scanDir>/screenshots/` and returns its path relative to
 * the scan folder (what findings and the HTML report refer to).
 */
export async function saveScreenshot(page: Page, scanDir: string, url: string, options: ScreenshotOptions = {}): Promise<string> {
  const relative = path.posix.join(SCREENSHOTS_DIR, `${options.name ?? screenshotName(url)}.png`);
  const file = path.join(scanDir, relative);
  await mkdir(path.dirname(file), { recursive: true });
  let highlighted = false;
  if (options.highlight?.length) highlighted = (await page.evaluate(HIGHLIGHT(options.highlight))) as boolean;
  if (options.fullPageMaxHeight && !highlighted) {
    const viewport = page.viewportSize() ?? { width: 1280, height: 800 };
    const height = (await page.evaluate('Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0)')) as number;
    const clip = { x: 0, y: 0, width: viewport.width, height: Math.max(1, Math.min(height, options.fullPageMaxHeight)) };
    await page.screenshot({ path: file, fullPage: true, clip, animations: 'disabled', timeout: 15_000 });
  } else {
    await page.screenshot({ path: file, animations: 'disabled', timeout: 15_000 });
  }
  return relative;
}
