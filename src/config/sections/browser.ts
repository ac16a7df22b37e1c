import { z } from 'zod';

/**
 * 适老化 thresholds. 1.3 and 4.5:1 come from the 2021 适老化 rules and WCAG 1.4.3; the
 * smallest body font size is not fixed nationally [open].
 */
const elderSection = z
  .object({
    /** Smallest acceptable size (CSS px) of the page's dominant body text [open]. */
    minFontPx: z.number().positive().default(14),
    /** Least line height of running text, as a multiple of the font size. */
    minLineHeight: z.number().positive().default(1.3),
    /** Least contrast of normal text (large text: 3:1, per WCAG 1.4.3). */
    minContrast: z.number().positive().default(4.5),
    /** Share of a page's text (by characters) allowed below the contrast line before it is a finding [open]. */
    maxLowContrastShare: z.number().min(0).max(1).default(0.05),
    /** Words that mark an elder / accessibility mode entry on the homepage. */
    entryWords: z.array(z.string().min(1)).default(['无障碍', '长者模式', '长者版', '关怀版', '关怀模式', '适老化', '老年模式', '大字版', '读屏', '助老']),
  })
  .strict();

/** Browser checks (accessibility, 适老化, mobile, screenshots, JS rendering). */
export const browserSection = z
  .object({
    /** Use a browser at all; `--no-browser` turns this off. */
    enabled: z.boolean().default(true),
    /** Browser executable; found automatically when absent (CHROME_PATH, Playwright's cache, /usr/bin/chromium, google-chrome). */
    executablePath: z.string().optional(),
    /** Let the browser resolve no host names but loopback (offline runs, tests, the demo). */
    loopbackOnly: z.boolean().default(false),
    /** Articles audited per column, besides the homepage and each column's first page. */
    articlesPerColumn: z.number().int().nonnegative().default(3),
    /** Most pages audited in one scan (homepage first, then column pages, then articles). */
    maxPages: z.number().int().positive().default(60),
    /** Pages audited at once in the browser (Lighthouse always runs one at a time). */
    concurrency: z.number().int().positive().max(8).default(2),
    /** Time limit (ms) for a page's navigation; the browser waits for `load`, never for network idle. */
    navigationTimeoutMs: z.number().int().positive().default(15000),
    /** Time limit (ms) for all the work on one page (navigation, axe, metrics, screenshot). */
    pageTimeoutMs: z.number().int().positive().default(30000),
    /** Pages opened in one browser context before it is closed and replaced, so memory stays flat. */
    recycleAfter: z.number().int().positive().default(20),
    /** Run the Lighthouse accessibility category on each audited page (≈3–5 s a page). */
    lighthouse: z.boolean().default(true),
    /**
     * Pages Lighthouse scores (homepage first, then column pages): a run costs 3–5 s and
     * repeats axe, which already audits every page; the rest get a null score.
     */
    lighthouseMaxPages: z.number().int().nonnegative().default(10),
    /** Time limit (ms) for one Lighthouse run. */
    lighthouseTimeoutMs: z.number().int().positive().default(60000),
    /** Width (CSS px) of the mobile viewport. */
    mobileWidth: z.number().int().positive().default(375),
    /** Save screenshots as evidence (homepage, column pages, pages with problems). */
    screenshots: z.boolean().default(true),
    /** Re-render in the browser the pages whose static HTML is empty or built by scripts. */
    renderFallback: z.boolean().default(true),
    /** Most pages re-rendered by the fallback in one scan. */
    renderFallbackMaxPages: z.number().int().nonnegative().default(200),
    /** How long (ms) a re-rendered page may keep loading data after `load`. */
    renderSettleMs: z.number().int().nonnegative().default(2000),
    elder: elderSection.default(elderSection.parse({})),
  })
  .strict();
