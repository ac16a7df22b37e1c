import type { GatherContext } from '../gather/types.ts';

/**
 * Renders a list page in the shared browser and returns the HTML after its scripts ran
 * (lists built by JavaScript are empty in the static HTML). Bounded by `timeoutMs`; the
 * page is always closed.
 */
export async function renderPage(ctx: GatherContext, url: string, timeoutMs: number): Promise<{ ok: true; html: string } | { ok: false; reason: string }> {
  const launched = await ctx.browser.get();
  if (!launched.ok) return { ok: false, reason: launched.reason };
  const page = await launched.browser.newPage();
  try {
    await page.goto(url, { waitUntil: 'load', timeout: timeoutMs });
    // Lists fetched after load (XHR) settle shortly after; do not wait for long polling.
    await page.waitForLoadState('networkidle', { timeout: Math.min(3000, timeoutMs) }).catch(() => {});
    return { ok: true, html: await page.content() };
  } catch (err) {
    return { ok: false, reason: `浏览器打开失败：${(err as Error).message.split('\n')[0]}` };
  } finally {
    await page.close().catch(() => {});
  }
}
