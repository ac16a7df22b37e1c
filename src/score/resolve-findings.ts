import { createHash } from 'node:crypto';
import type { CheckResult, Finding } from '../types.ts';
import { indexTable, type IndicatorTable } from './indicator-table.ts';
import type { OfficeRouter } from './route-office.ts';

/** Stable identity of a problem across scans. */
export function fingerprintOf(indicator: string, key: string): string {
  return createHash('sha1').update(`${indicator}\n${key}`).digest('hex').slice(0, 16);
}

/**
 * Turns check results into findings: severity and per-finding points come from the
 * indicator table (an indicator the table does not know is a warning worth 0 points); the
 * office and how it was chosen from the router (route-office.ts).
 */
export function resolveFindings(results: readonly CheckResult[], tables: readonly IndicatorTable[], routeOf: OfficeRouter): Finding[] {
  const places = new Map(tables.flatMap((t) => [...indexTable(t)]));
  const findings: Finding[] = [];
  const fromRegister = new Set<Finding>();
  for (const result of results) {
    for (const draft of result.findings) {
      const place = places.get(draft.indicator);
      const count = draft.count ?? 1;
      const severity = place ? place.kind : 'warn';
      const finding: Finding = {
        indicator: draft.indicator,
        severity,
        points: severity === 'deduct' || severity === 'bonus' ? (place?.indicator.points ?? 0) * count : 0,
        title: draft.title,
        url: draft.url,
        ...routeOf(draft),
        evidence: draft.evidence,
        screenshot: draft.screenshot ?? null,
        check: result.id,
        fingerprint: fingerprintOf(draft.indicator, draft.key ?? `${draft.url ?? ''}\n${draft.title}`),
        ...(draft.key !== undefined && { key: draft.key }),
        status: null,
        firstSeen: null,
        triage: null,
        count,
      };
      findings.push(finding);
      if (draft.officeFromRegister) fromRegister.add(finding);
    }
  }
  return mergeRegisterFindings(findings, fromRegister);
}

/**
 * A register finding sharing its key with another check's finding (a 规范性文件 without
 * 解读, seen by both the register and the interpretation check) is one problem: one finding
 * is kept (the one deducting more; the other check's on a tie) and it goes to the register's
 * office, the document's drafter.
 */
function mergeRegisterFindings(findings: Finding[], fromRegister: ReadonlySet<Finding>): Finding[] {
  if (fromRegister.size === 0) return findings;
  const dropped = new Set<Finding>();
  for (const reg of fromRegister) {
    if (reg.key === undefined) continue;
    const other = findings.find((f) => f !== reg && f.key === reg.key && f.check !== reg.check && !dropped.has(f));
    if (!other) continue;
    if (reg.points > other.points) dropped.add(other);
    else {
      other.office = reg.office;
      other.routedBy = reg.routedBy;
      dropped.add(reg);
    }
  }
  return findings.filter((f) => !dropped.has(f));
}
