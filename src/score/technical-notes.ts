import type { CheckResult, TechnicalNote } from '../types.ts';

/**
 * Takes the tool's own problems out of the check results: findings marked
 * `audience: 'operator'` (a feed subscription failing, a config hint) and checks that could
 * not judge because of the setup (no monitor data). They become technical notes for the
 * information center, never findings: no notice, no ledger row, no points.
 */
export function splitOperatorProblems(results: readonly CheckResult[], office: string): { results: CheckResult[]; technicalNotes: TechnicalNote[] } {
  const technicalNotes: TechnicalNote[] = [];
  const kept = results.map((result) => {
    for (const draft of result.findings.filter((d) => d.audience === 'operator')) {
      technicalNotes.push({ check: result.id, indicator: draft.indicator, title: draft.title, detail: draft.evidence, url: draft.url, office });
    }
    if (result.audience === 'operator') technicalNotes.push({ check: result.id, indicator: null, title: `「${result.title}」未能检测`, detail: result.reason ?? '', url: null, office });
    return { ...result, findings: result.findings.filter((d) => d.audience !== 'operator') };
  });
  return { results: kept, technicalNotes };
}
