import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright';

/** WCAG 2.0 and 2.1, levels A and AA: what GB/T 37668 levels 1–2 and the 适老化 rules build on. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] as const;

/** One rule's result on one page. */
export interface AxeRuleResult {
  rule: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  /** Elements affected. */
  count: number;
  /** Short description (Chinese, from axe's zh_CN locale). */
  help: string;
  helpUrl: string;
  tags: string[];
  /** CSS selectors of the first few elements. */
  selectors: string[];
  /** Their HTML, cut short. */
  html: string[];
}

export interface AxeSummary {
  violations: AxeRuleResult[];
  /** Items axe could not decide: listed for a person to review, never as passes. */
  incomplete: AxeRuleResult[];
  durationMs: number;
}

const require = createRequire(import.meta.url);
let initScript: string | null = null;

/**
 * axe-core with Chinese messages, for `context.addInitScript`: injected once per context
 * it is ready in every page (~70 ms a run) where `AxeBuilder.analyze()` re-injects it
 * into every frame (~1 s a page).
 */
export function axeInitScript(): string {
  if (initScript) return initScript;
  const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const locale = readFileSync(require.resolve('axe-core/locales/zh_CN.json'), 'utf8');
  // Guarded: an init script that throws would break the audited page itself.
  initScript = `${source}\n;try { window.axe && window.axe.configure({ locale: ${locale} }); } catch (e) {}`;
  return initScript;
}

const EXAMPLES = 5;

/** In-page: run axe and keep only what the artifact needs (the raw result is large). */
const RUN_AXE = (tags: string[], examples: number) => `(async () => {
  const result = await window.axe.run(document, {
    runOnly: { type: 'tag', values: ${JSON.stringify(tags)} },
    resultTypes: ['violations', 'incomplete'],
  });
  const shrink = (r) => ({
    rule: r.id,
    impact: r.impact || null,
    count: r.nodes.length,
    help: r.help,
    helpUrl: r.helpUrl,
    tags: r.tags,
    selectors: r.nodes.slice(0, ${examples}).map((n) => n.target.map((t) => Array.isArray(t) ? t.join(' >>> ') : t).join(' >>> ')),
    html: r.nodes.slice(0, ${Math.min(examples, 3)}).map((n) => String(n.html).slice(0, 240)),
  });
  return { violations: result.violations.map(shrink), incomplete: result.incomplete.map(shrink) };
})()`;

/** Runs axe in a loaded page; injects it first when the context's init script did not run (e.g. about:blank). */
export async function runAxe(page: Page): Promise<AxeSummary> {
  const started = Date.now();
  const present = await page.evaluate('typeof window.axe === "object" && typeof window.axe.run === "function"');
  if (!present) await page.addScriptTag({ content: axeInitScript() });
  const result = (await page.evaluate(RUN_AXE([...AXE_TAGS], EXAMPLES))) as Omit<AxeSummary, 'durationMs'>;
  return { ...result, durationMs: Date.now() - started };
}
