import { graverFinding, isProblem } from '../store/history.ts';
import type { Finding } from '../types.ts';

export interface FindingsDiff {
  fixed: Finding[];
  /** Problems of the earlier scan now found under a graver indicator (warning → veto): 升级, not fixed. */
  escalated: Finding[];
  new: Finding[];
  persisting: Finding[];
}

/** Compares two scans' problems by fingerprint (人工核查 checklist items are not problems). */
export function diffFindings(before: readonly Finding[], after: readonly Finding[]): FindingsDiff {
  const earlier = before.filter(isProblem);
  const later = after.filter(isProblem);
  const beforeKeys = new Set(earlier.map((f) => f.fingerprint));
  const afterKeys = new Set(later.map((f) => f.fingerprint));
  const gone = earlier.filter((f) => !afterKeys.has(f.fingerprint));
  const escalated = gone.filter((f) => graverFinding(f, later, (g) => !beforeKeys.has(g.fingerprint)));
  return {
    fixed: gone.filter((f) => !escalated.includes(f)),
    escalated,
    new: later.filter((f) => !beforeKeys.has(f.fingerprint)),
    persisting: later.filter((f) => beforeKeys.has(f.fingerprint)),
  };
}
