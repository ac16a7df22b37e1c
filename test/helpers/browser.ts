import { readFile } from 'node:fs/promises';
import { chromium, type Browser } from 'playwright';
import { chromiumArgs, findBrowser } from '../../src/browser/find-browser.ts';

/**
 * The browser for browser tests, or why there is none. Without one the tests are skipped
 * with the reason, unless REQUIRE_BROWSER is set (CI), where they must run.
 */
export function browserForTests(): { executablePath: string | null; skipReason: string | null } {
  const found = findBrowser();
  if (found.ok) return { executablePath: found.executablePath, skipReason: null };
  if (process.env.REQUIRE_BROWSER) throw new Error(`REQUIRE_BROWSER 已设置，但${found.reason}`);
  return { executablePath: null, skipReason: found.reason };
}

export async function launchTestBrowser(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: chromiumArgs({ loopbackOnly: true }) });
}

/** Width, height and distinct colours (sampled) of a PNG, decoded by the browser itself. */
export async function pngStats(browser: Browser, file: string): Promise<{ width: number; height: number; colours: number }> {
  const data = await readFile(file);
  const page = await browser.newPage();
  try {
    return (await page.evaluate(async (src: string) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const g = canvas.getContext('2d')!;
      g.drawImage(img, 0, 0);
      const pixels = g.getImageData(0, 0, canvas.width, canvas.height).data;
      const colours = new Set<number>();
      for (let i = 0; i < pixels.length; i += 4 * 7) colours.add((pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2]);
      return { width: img.naturalWidth, height: img.naturalHeight, colours: colours.size };
    }, `data:image/png;base64,${data.toString('base64')}`)) as { width: number; height: number; colours: number };
  } finally {
    await page.close();
  }
}
