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

/** A cropped screenshot of one element a finding is about, outlined. */
export interface ElementShot {
  /** The CSS selector (as axe or the text metrics gave it). */
  selector: string;
  /** Path relative to the scan folder. */
  file: string;
}

/** Space kept around a cropped element, and the smallest and largest crop (CSS px). */
const CROP = { pad: 24, minWidth: 320, minHeight: 120, maxHeight: 640 };

/** In-page: outline the first visible element matching `selector`, scroll to it, return its box on the page. */
const OUTLINE_ONE = (selector: string) => `(() => {
  let els = [];
  try { els = [...document.querySelectorAll(${JSON.stringify(selector)})]; } catch (e) { return null; }
  const el = els.find((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; });
  if (!el) return null;
  el.setAttribute('data-gi-outlined', '');
  el.style.setProperty('outline', '3px solid #d40000', 'important');
  el.style.setProperty('outline-offset', '2px', 'important');
  el.scrollIntoView({ block: 'center' });
  const r = el.getBoundingClientRect();
  return { x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: r.height,
    pageWidth: document.documentElement.scrollWidth, pageHeight: document.documentElement.scrollHeight };
})()`;

const CLEAR_OUTLINES = `(() => { for (const el of document.querySelectorAll('[data-gi-outlined]')) { el.style.removeProperty('outline'); el.style.removeProperty('outline-offset'); el.removeAttribute('data-gi-outlined'); } })()`;

/**
 * Saves a cropped, outlined screenshot of each selector's first visible element (up to
 * `max`), so that a finding's evidence shows the element itself, not a whole page with
 * unrelated marks. Elements that are hidden or have no size get no crop.
 */
export async function saveElementShots(page: Page, scanDir: string, url: string, selectors: readonly string[], max = 3): Promise<ElementShot[]> {
  const shots: ElementShot[] = [];
  for (const selector of [...new Set(selectors)]) {
    if (shots.length >= max) break;
    const box = (await page.evaluate(OUTLINE_ONE(selector))) as { x: number; y: number; width: number; height: number; pageWidth: number; pageHeight: number } | null;
    if (!box) continue;
    try {
      const width = Math.min(box.pageWidth, Math.max(CROP.minWidth, box.width + 2 * CROP.pad));
      const height = Math.min(box.pageHeight, CROP.maxHeight, Math.max(CROP.minHeight, box.height + 2 * CROP.pad));
      const x = Math.max(0, Math.min(box.x - (width - box.width) / 2, box.pageWidth - width));
      const y = Math.max(0, Math.min(box.y - CROP.pad, box.pageHeight - height));
      const relative = path.posix.join(SCREENSHOTS_DIR, `${screenshotName(url, `-el${shots.length + 1}`)}.png`);
      const file = path.join(scanDir, relative);
      await mkdir(path.dirname(file), { recursive: true });
      await page.screenshot({ path: file, fullPage: true, clip: { x, y, width, height }, animations: 'disabled', timeout: 15_000 });
      shots.push({ selector, file: relative });
    } finally {
      await page.evaluate(CLEAR_OUTLINES);
    }
  }
  return shots;
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
