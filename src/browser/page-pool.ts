import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright';
import { withTimeLimit } from './time-limit.ts';

export interface PagePoolOptions {
  /** Viewport, user agent, ... of every context. */
  contextOptions?: BrowserContextOptions;
  /** Pages opened in one context before it is replaced. */
  recycleAfter: number;
  /** Navigation time limit (ms) set on every page. */
  navigationTimeoutMs: number;
  /** Scripts every page of a context runs before its own (e.g. axe-core, injected once per context). */
  initScripts?: string[];
}

interface Slot {
  context: BrowserContext;
  uses: number;
  active: number;
  retired: boolean;
  /** Tabs that finished their work cleanly, ready for the next page. */
  idle: Page[];
}

/**
 * Hands out tabs from a browser context that is replaced after `recycleAfter` pages: a
 * long audit otherwise grows the renderer's memory with every page it keeps caches,
 * service workers and detached DOM for. Tabs are reused within a context (opening one
 * costs more than navigating one); a tab whose work failed or timed out is closed, never
 * reused. A retired context closes once its last page is done.
 */
export class PagePool {
  private slot: Slot | null = null;
  private creating: Promise<Slot> | null = null;
  contextsCreated = 0;
  pagesOpened = 0;
  uses = 0;

  constructor(
    private readonly browser: Browser,
    private readonly options: PagePoolOptions,
  ) {}

  /**
   * Runs `work` on a tab. When `timeoutMs` passes, the tab is closed (its pending calls
   * reject) and a StepTimeoutError is thrown.
   */
  async withPage<T>(work: (page: Page) => Promise<T>, timeoutMs: number, what = '页面处理'): Promise<T> {
    const slot = await this.acquire();
    let page: Page | null = null;
    let clean = false;
    try {
      page = slot.idle.pop() ?? (await this.openTab(slot));
      page.setDefaultTimeout(Math.min(timeoutMs, this.options.navigationTimeoutMs));
      const opened = page;
      const result = await withTimeLimit(work(opened), timeoutMs, what, () => opened.close());
      clean = true;
      return result;
    } finally {
      slot.active--;
      if (page && clean && !slot.retired && !page.isClosed()) slot.idle.push(page);
      else if (page) await page.close().catch(() => {});
      if (slot.retired && slot.active === 0) await slot.context.close().catch(() => {});
    }
  }

  async close(): Promise<void> {
    const slot = this.slot ?? (this.creating ? await this.creating.catch(() => null) : null);
    this.slot = null;
    if (slot) await slot.context.close().catch(() => {});
  }

  private async openTab(slot: Slot): Promise<Page> {
    const page = await slot.context.newPage();
    this.pagesOpened++;
    page.setDefaultNavigationTimeout(this.options.navigationTimeoutMs);
    // A page's alert() or confirm() would otherwise block it until the time limit.
    page.on('dialog', (dialog) => void dialog.dismiss().catch(() => {}));
    return page;
  }

  private async acquire(): Promise<Slot> {
    if (this.slot && this.slot.uses >= this.options.recycleAfter) {
      const old = this.slot;
      old.retired = true;
      this.slot = null;
      if (old.active === 0) await old.context.close().catch(() => {});
    }
    if (!this.slot) {
      this.creating ??= this.newSlot().finally(() => (this.creating = null));
      this.slot = await this.creating;
    }
    const slot = this.slot;
    slot.uses++;
    slot.active++;
    this.uses++;
    return slot;
  }

  private async newSlot(): Promise<Slot> {
    const context = await this.browser.newContext({
      acceptDownloads: false,
      serviceWorkers: 'block',
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      ...this.options.contextOptions,
    });
    for (const script of this.options.initScripts ?? []) await context.addInitScript({ content: script });
    this.contextsCreated++;
    return { context, uses: 0, active: 0, retired: false, idle: [] };
  }
}
