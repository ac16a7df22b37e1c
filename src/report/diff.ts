import type { Finding } from '../types.ts';

export interface FindingsDiff {
  fixed: Finding[];
  new: Finding[];
  persisting: Finding[];
}

/** Compares two scans' findings by fingerprint. */
export function diffFindings(before: readonly Finding[], after: readonly Finding[]): FindingsDiff {
  const beforeKeys = new Set(before.map((f) => f.fingerprint));
  const afterKeys = new Set(after.map((f) => f.fingerprint));
  return {
    fixed: before.filter((f) => !afterKeys.has(f.fingerprint)),
    new: after.filter((f) => !beforeKeys.has(f.fingerprint)),
    persisting: after.filter((f) => beforeKeys.has(f.fingerprint)),
  };
}
