import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PagePool } from '../../src/browser/page-pool.ts';
import { StepTimeoutError } from '../../src/browser/time-limit.ts';
import { FixtureServer } from '../../src/demo/fixture-server.ts';
import { FIXTURES_DIR } from '../../src/demo/fixture-server.ts';
import { browserForTests, launchTestBrowser } from '../helpers/browser.ts';

const { executablePath, skipReason } = browserForTests();

describe.skipIf(skipReason !== null)(`page pool: recycling and time limits${skipReason ? `（跳过：${skipReason}）` : ''}`, () => {
  let browser: Browser;
  let server: FixtureServer;
  beforeAll(async () => {
    server = new FixtureServer({ root: `${FIXTURES_DIR}/a11y-site` });
    await server.start();
    browser = await launchTestBrowser(executablePath!);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('replaces the context after N pages and closes the retired one, so contexts do not pile up', async () => {
    const pool = new PagePool(browser, { recycleAfter: 2, navigationTimeoutMs: 15_000 });
    const contextsSeen = new Set<unknown>();
    for (let i = 0; i < 5; i++) {
      await pool.withPage(async (page) => {
        contextsSeen.add(page.context());
        await page.goto(`${server.origin}/clean/`, { waitUntil: 'load' });
        expect(browser.contexts().length).toBe(1); // the retired context is gone before the next opens
      }, 30_000);
    }
    expect(pool.contextsCreated).toBe(3);
    expect(contextsSeen.size).toBe(3);
    expect(pool.pagesOpened).toBe(3); // one tab per context, reused
    await pool.close();
    expect(browser.contexts()).toHaveLength(0);
  }, 120_000);

  it('stops a page that never finishes loading at the page time limit and closes its tab', async () => {
    const pool = new PagePool(browser, { recycleAfter: 20, navigationTimeoutMs: 60_000 });
    let tab: import('playwright').Page | null = null;
    const started = Date.now();
    const run = pool.withPage(async (page) => {
      tab = page;
      await page.goto(`${server.origin}/clean/?hang=1`, { waitUntil: 'load' });
    }, 1_500, '页面检测');
    await expect(run).rejects.toBeInstanceOf(StepTimeoutError);
    await expect(run).rejects.toThrow('页面检测超过 2 秒未完成');
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(tab!.isClosed()).toBe(true);
    // The pool still works afterwards, with a fresh tab.
    const title = await pool.withPage(async (page) => {
      await page.goto(`${server.origin}/clean/`, { waitUntil: 'load' });
      return page.title();
    }, 30_000);
    expect(title).toBe('工作动态_示例省无障碍测试厅');
    await pool.close();
  }, 120_000);
});
