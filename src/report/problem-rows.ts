import type { FindingView } from './view.ts';

/**
 * A list of problems that a person reads row by row: a notice, where each row has boxes for
 * the office's answer, and the CI job's summary. Past COLLAPSE_OVER problems under one
 * indicator (a site with 1,737 broken links made a 454-page notices.pdf) it lists the first
 * LISTED and one row for the rest, which the ledger lists and the office answers there.
 */
export const COLLAPSE_OVER = 20;
export const LISTED = 10;

/** A listed problem, or the row standing for the rest of its indicator's problems. */
export type ProblemRow = (FindingView & { seq: number; rest?: undefined }) | { from: number; to: number; rest: number; severity: string; indicatorTitle: string; severityLabel: string; requirement: string; deadline: string };

/**
 * The rows, in the findings' order, numbered so that the last number is the count of
 * problems. Without a ledger (`ledger` null: the report formats write none) every problem
 * keeps its row: nothing else would list it for the office.
 */
export function problemRows(findings: readonly FindingView[], ledger: string | null): ProblemRow[] {
  const perIndicator = new Map<string, number>();
  for (const f of findings) perIndicator.set(f.indicator, (perIndicator.get(f.indicator) ?? 0) + 1);
  const seen = new Map<string, number>();
  const rows: ProblemRow[] = [];
  let seq = 0;
  for (const f of findings) {
    const total = perIndicator.get(f.indicator)!;
    const n = (seen.get(f.indicator) ?? 0) + 1;
    seen.set(f.indicator, n);
    const collapsed = ledger !== null && total > COLLAPSE_OVER;
    if (collapsed && n > LISTED) continue;
    rows.push({ ...f, seq: ++seq });
    if (collapsed && n === LISTED) {
      const rest = findings.filter((x) => x.indicator === f.indicator).slice(LISTED);
      const deadline = rest.map((x) => x.deadline).filter(Boolean).sort().at(-1) ?? '';
      rows.push({ from: seq + 1, to: seq + rest.length, rest: rest.length, severity: f.severity, indicatorTitle: f.indicatorTitle, severityLabel: f.severityLabel, requirement: f.requirement, deadline });
      seq += rest.length;
    }
  }
  return rows;
}
