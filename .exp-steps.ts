import { chromium } from 'playwright';
import { FixtureServer } from './src/demo/fixture-server.ts';
import { chromiumArgs } from './src/browser/find-browser.ts';
import { PagePool } from './src/browser/page-pool.ts';
import { axeInitScript, runAxe } from './src/accessibility/axe.ts';
import { textMetrics, elderEntries, mobileMetrics } from './src/accessibility/page-metrics.ts';
import { hasCjkFont } from './src/browser/cjk-font.ts';
import { saveScreenshot } from './src/browser/screenshot.ts';
const srv = new FixtureServer({ root: process.cwd() + '/test/fixtures/a11y-site' });
await srv.start();
let t = Date.now();
const lap = (s: string) => { const n = Date.now(); console.log(s, n - t); t = n; };
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs({ loopbackOnly: true }) });
lap('launch');
const pool = new PagePool(browser, { recycleAfter: 20, navigationTimeoutMs: 15000, contextOptions: { viewport: { width: 1280, height: 800 } } });
for (let i = 0; i < 2; i++) {
  await pool.withPage(async (page) => {
    lap('newPage');
    await page.goto(srv.origin + '/', { waitUntil: 'load' }); lap('goto');
    await runAxe(page); lap('axe');
    await textMetrics(page, { minFontPx: 14, minLineHeight: 1.3, minContrast: 4.5 }); lap('text');
    await elderEntries(page, ['无障碍']); lap('elder');
    await hasCjkFont(page); lap('cjk');
    await saveScreenshot(page, '/tmp/exp', srv.origin + '/', { name: 'h', fullPageMaxHeight: 4000 }); lap('shot-full');
    await saveScreenshot(page, '/tmp/exp', srv.origin + '/', { name: 'h2' }); lap('shot-vp');
    await mobileMetrics(page); lap('mobile');
  }, 60000);
}
await browser.close();
await srv.stop();
