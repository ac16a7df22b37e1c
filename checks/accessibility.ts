import { criteriaOfTags, describeCriterion, BEST_PRACTICE } from '../src/accessibility/wcag.ts';
import type { AxeRuleResult } from '../src/accessibility/axe.ts';
import { defineCheck } from '../src/checks/define-check.ts';
import type { AuditedPage } from '../src/accessibility/types.ts';
import type { AccessibilityEntry, FindingDraft } from '../src/types.ts';

const IMPACT_NAMES: Record<string, string> = { critical: '严重', serious: '较重', moderate: '中等', minor: '轻微' };
const SEVERE = new Set(['critical', 'serious']);
const KIND_NAMES: Record<AuditedPage['kind'], string> = { homepage: '首页', column: '栏目页', article: '文章页' };

/** A rule's hits over all audited pages. */
interface RuleSpread {
  rule: AxeRuleResult;
  pages: AuditedPage[];
  total: number;
}

function spreadOf(pages: AuditedPage[], pick: (p: AuditedPage) => AxeRuleResult[]): RuleSpread[] {
  const byRule = new Map<string, RuleSpread>();
  for (const page of pages) {
    for (const rule of pick(page)) {
      const spread = byRule.get(rule.rule) ?? { rule, pages: [], total: 0 };
      spread.pages.push(page);
      spread.total += rule.count;
      byRule.set(rule.rule, spread);
    }
  }
  return [...byRule.values()].sort((a, b) => b.pages.length - a.pages.length || a.rule.rule.localeCompare(b.rule.rule));
}

/** "WCAG 1.1.1 非文本内容（A）" lines for a rule, or the best-practice note. */
export function criteriaText(tags: string[]): string[] {
  const criteria = criteriaOfTags(tags).map(describeCriterion);
  return criteria.length ? criteria : [BEST_PRACTICE];
}

function pageList(pages: AuditedPage[]): string {
  return pages.slice(0, 5).map((p) => p.url).join('、') + (pages.length > 5 ? ` 等 ${pages.length} 个页面` : '');
}

function entryOf(page: AuditedPage): AccessibilityEntry {
  const shape = (v: AxeRuleResult) => ({
    rule: v.rule,
    impact: v.impact,
    impactName: IMPACT_NAMES[v.impact ?? ''] ?? '未知',
    count: v.count,
    help: v.help,
    helpUrl: v.helpUrl,
    selectors: v.selectors,
    criteria: criteriaText(v.tags),
  });
  return {
    url: page.url,
    score: page.lighthouse?.score ?? null,
    violations: (page.axe?.violations ?? []).map(shape),
    needsReview: (page.axe?.incomplete ?? []).map(shape),
    lighthouseFailed: page.lighthouse?.failed ?? [],
    lighthouseError: page.lighthouse?.error ?? null,
    kind: page.kind,
    kindName: KIND_NAMES[page.kind],
    title: page.title,
    screenshot: page.screenshot,
    error: page.error,
  };
}

/**
 * 无障碍 (GB/T 37668, WCAG 2.0/2.1 A–AA): axe-core rules on the homepage, each column's
 * first page and sampled articles, with Lighthouse's accessibility score. A rule is one
 * finding however many pages share it (one template fix mends them all). Items axe could
 * not decide are listed for manual review, never counted as passes.
 */
export default defineCheck({
  meta: {
    id: 'accessibility',
    title: '无障碍自动检测未发现问题',
    failureTitle: '存在无障碍问题',
    requires: ['browserAudits'],
    indicators: ['deduct.accessibility-severe', 'warn.accessibility-minor', 'manual.accessibility-review', 'warn.browser-audit-failed'],
  },
  run({ browserAudits: audits }) {
    if (audits.skipped) return { status: 'skipped', reason: `浏览器检查已跳过：${audits.skipped}`, sections: { accessibility: [] } };
    const audited = audits.pages.filter((p) => !p.error && p.axe);
    const failed = audits.pages.filter((p) => p.error);
    const findings: FindingDraft[] = [];
    for (const { rule, pages, total } of spreadOf(audited, (p) => p.axe!.violations)) {
      const severe = SEVERE.has(rule.impact ?? '');
      const shown = pages.find((p) => p.screenshot) ?? pages[0];
      findings.push({
        indicator: severe ? 'deduct.accessibility-severe' : 'warn.accessibility-minor',
        title: `无障碍问题：${rule.help}（${rule.rule}）`,
        url: pages[0].url,
        evidence:
          `影响程度：${IMPACT_NAMES[rule.impact ?? ''] ?? '未知'}；${pages.length} 个页面共 ${total} 处；` +
          `对应：${criteriaText(rule.tags).join('；')}；示例元素：${rule.selectors.slice(0, 3).join('，')}；页面：${pageList(pages)}`,
        key: rule.rule,
        screenshot: severe ? (shown.screenshot ?? null) : null,
      });
    }
    const review = spreadOf(audited, (p) => p.axe!.incomplete);
    if (review.length) {
      findings.push({
        indicator: 'manual.accessibility-review',
        title: `需人工复核的无障碍项目 ${review.length} 项`,
        url: review[0].pages[0].url,
        evidence: `自动检测无法判定，须人工确认（不视为通过）：${review.map((r) => `${r.rule.help}（${r.rule.rule}，${r.pages.length} 个页面）`).join('；')}`,
        key: 'accessibility-review',
      });
    }
    if (failed.length) {
      findings.push({
        indicator: 'warn.browser-audit-failed',
        title: `${failed.length} 个页面未能在浏览器中检测`,
        url: failed[0].url,
        evidence: failed.slice(0, 5).map((p) => `${p.url}：${p.error}`).join('；'),
        key: 'browser-audit-failed',
      });
    }
    const scores = audited.map((p) => p.lighthouse?.score).filter((s): s is number => typeof s === 'number');
    const severeCount = findings.filter((f) => f.indicator === 'deduct.accessibility-severe').length;
    return {
      findings,
      status: severeCount ? 'fail' : findings.some((f) => f.indicator !== 'manual.accessibility-review') ? 'warn' : review.length ? 'manual' : 'pass',
      reason: `检测 ${audited.length} 个页面${scores.length ? `，Lighthouse 无障碍平均分 ${Math.round(scores.reduce((a, b) => a + b, 0) / scores.length)}` : ''}${audits.lighthouse.skipped ? `（Lighthouse 未运行：${audits.lighthouse.skipped}）` : ''}`,
      sections: { accessibility: audits.pages.map(entryOf) },
      details: { pages: audited.length, failed: failed.length, lighthouseRuns: audits.lighthouse.runs, selection: audits.selection, cjkFont: audits.browser?.cjkFont ?? null },
    };
  },
});
