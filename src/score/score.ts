import type { Finding } from '../types.ts';
import { indexTable, type IndicatorTable } from './indicator-table.ts';

export interface GroupScore {
  id: string;
  name: string;
  weight: number;
  /** Points deducted, after the indicator caps and the group weight. */
  deducted: number;
  findings: number;
  /** Not scored (e.g. 办事服务 for a department without public services). */
  skipped: boolean;
}

/** The contract's `score`, plus the detail the report shows. */
export interface ScoreCard {
  vetoes: string[];
  deducted: number;
  total: number;
  bonus: number;
  verdict: 'qualified' | 'unqualified';
  tableId: string;
  passLine: number;
  groups: GroupScore[];
  warnings: string[];
}

export interface ScoreOptions {
  /** false applies the table's no-service scaling (out of 75, times 4/3). */
  publicServices: boolean;
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * Pure scoring of findings against one indicator table: any veto makes the site
 * unqualified; deductions are capped per indicator and per group weight; findings whose
 * triage is `false-positive` do not count; bonus only above the bonus gate.
 */
export function score(findings: readonly Finding[], table: IndicatorTable, options: ScoreOptions = { publicServices: true }): ScoreCard {
  const places = indexTable(table);
  const counted = findings.filter((f) => f.triage?.decision !== 'false-positive');
  const vetoes = [...new Set(counted.filter((f) => places.get(f.indicator)?.kind === 'veto').map((f) => f.indicator))];
  const warnings = [...new Set(counted.filter((f) => places.get(f.indicator)?.kind === 'warn').map((f) => f.indicator))];

  const perIndicator = new Map<string, number>();
  for (const f of counted) {
    if (places.get(f.indicator)?.kind !== 'deduct') continue;
    perIndicator.set(f.indicator, (perIndicator.get(f.indicator) ?? 0) + f.points);
  }
  const groups: GroupScore[] = table.groups.map((g) => {
    const skipped = g.serviceGroup && !options.publicServices;
    let sum = 0;
    let n = 0;
    for (const i of g.indicators) {
      const raw = perIndicator.get(i.id) ?? 0;
      sum += i.cap === undefined ? raw : Math.min(raw, i.cap);
      n += counted.filter((f) => f.indicator === i.id).length;
    }
    return { id: g.id, name: g.name, weight: g.weight, deducted: skipped ? 0 : round(Math.min(sum, g.weight)), findings: n, skipped };
  });
  const scoredGroups = groups.filter((g) => !g.skipped);
  const deducted = round(scoredGroups.reduce((a, g) => a + g.deducted, 0));
  const fullMarks = scoredGroups.reduce((a, g) => a + g.weight, 0);
  const scale = options.publicServices ? 100 / (fullMarks || 100) : table.noServiceScaling.factor * (table.noServiceScaling.outOf / (fullMarks || table.noServiceScaling.outOf));
  const base = round((fullMarks - deducted) * scale);
  const bonusRaw = counted.filter((f) => places.get(f.indicator)?.kind === 'bonus').reduce((a, f) => a + f.points, 0);
  const bonus = base > table.bonusGate ? round(Math.min(bonusRaw, table.bonusMax)) : 0;
  const total = round(base + bonus);
  const verdict = vetoes.length === 0 && total >= table.passLine ? 'qualified' : 'unqualified';
  return { vetoes, deducted, total, bonus, verdict, tableId: table.id, passLine: table.passLine, groups, warnings };
}
