import type { ReportContext } from './context.ts';

const SEVERITY_ORDER = ['veto', 'deduct', 'warn', 'manual', 'bonus'];

/**
 * The data the templates see: findings.json plus groupings a reader needs. Templates do
 * no computing; whatever they show is prepared here.
 */
export function reportView(ctx: ReportContext) {
  const f = ctx.findings;
  const findings = [...f.findings].sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || b.points - a.points);
  const offices = new Map<string, typeof findings>();
  for (const finding of findings) {
    const list = offices.get(finding.office) ?? [];
    list.push(finding);
    offices.set(finding.office, list);
  }
  return {
    ...f,
    qualified: f.score.verdict === 'qualified',
    verdictName: f.score.verdict === 'qualified' ? '合格' : '不合格',
    sortedFindings: findings,
    byOffice: [...offices].map(([office, list]) => ({ office, findings: list, count: list.length })),
    counts: {
      findings: f.findings.length,
      vetoes: f.score.vetoes.length,
      broken: new Set(f.brokenLinks.map((b) => b.target)).size,
      unverifiable: new Set(f.unverifiableLinks.map((b) => b.target)).size,
    },
    checks: ctx.results.map((r) => ({ id: r.id, title: r.title, status: r.status, reason: r.reason ?? null, findings: r.findings.length })),
    generatedAt: new Date().toISOString(),
  };
}
