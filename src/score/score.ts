import type { Finding } from '../types.ts';
import { indexTable, type IndicatorTable } from './indicator-table.ts';

/** One indicator's deduction, before and after its cap. */
export interface IndicatorScore {
  id: string;
  title: string;
  /** Sum of the findings' points (after dropping those already counted under a veto). */
  raw: number;
  /** Points deducted after the indicator's cap. */
  deducted: number;
  cap: number | null;
  findings: number;
}

export interface GroupScore {
  id: string;
  name: string;
  weight: number;
  /** Points deducted, after the indicator caps and the group weight. */
  deducted: number;
  findings: number;
  /** Not scored (e.g. 办事服务 for a department without public services). */
  skipped: boolean;
  /** Indicators of the group that deducted anything. */
  indicators: IndicatorScore[];
}

/** The contract's `score`, plus the detail the report shows. */
export interface ScoreCard {
  vetoes: string[];
  deducted: number;
  total: number;
  bonus: number;
  /** null: no verdict, the scan is incomplete (findings.json `partial`; exit 3). */
  verdict: 'qualified' | 'unqualified' | null;
  tableId: string;
  passLine: number;
  /** Full marks the deductions were taken from (100, or 75 scaled by 4/3). */
  fullMarks: number;
  /** The deduction score before bonus (what the bonus gate looks at). */
  base: number;
  bonusGate: number;
  /** Why the bonus was not counted, when there were bonus findings. */
  bonusNote: string | null;
  /** Set when the site could not be inspected (e.g. homepage unreachable): verdict is unqualified. */
  notJudgeable: string | null;
  /** Veto items of the new-media table hit by any account (each account is judged on its own). */
  newMediaVetoes: string[];
  groups: GroupScore[];
  warnings: string[];
  /** Fingerprints of deduction findings not deducted because a veto item already counts the problem. */
  coveredByVeto: string[];
  /**
   * Veto items left undecided: what would decide them could not be read, and the 需人工核查
   * items standing for them (`standsFor`) were raised instead. A qualified verdict holds only
   * if a person finds each is not missing. Absent in findings.json written before it existed.
   */
  unverifiedVetoes?: string[];
}

export interface ScoreOptions {
  /** false applies the table's no-service scaling (out of 75, times 4/3). */
  publicServices: boolean;
  /** Bonus items count for portal sites only. */
  bonusEligible?: boolean;
  /**
   * Why the site could not be judged at all (its homepage never opened), if so. A site
   * that could not be inspected is never rated qualified, whatever its findings.
   */
  notJudgeable?: string | null;
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * Pure scoring of findings against one indicator table:
 * - any veto makes the site unqualified (the deduction score is still shown);
 * - a deduction finding is dropped when a veto finding carries the same problem key, or
 *   when its indicator is `coveredBy` a veto that was hit (no double counting);
 * - deductions are capped per indicator, then per group weight;
 * - findings triaged `false-positive` do not count (`accepted` ones still do: the problem is real);
 * - a department without public services is scored out of 75, times 4/3;
 * - the total is qualified at or above the pass line; bonus (portal sites) counts only when
 *   the deduction score is strictly above the bonus gate, up to bonusMax.
 */
export function score(findings: readonly Finding[], table: IndicatorTable, options: ScoreOptions = { publicServices: true }): ScoreCard {
  const places = indexTable(table);
  const counted = findings.filter((f) => f.triage?.decision !== 'false-positive');
  const kindOf = (f: Finding) => places.get(f.indicator)?.kind;
  const vetoFindings = counted.filter((f) => kindOf(f) === 'veto');
  const vetoes = [...new Set(vetoFindings.map((f) => f.indicator))];
  const warnings = [...new Set(counted.filter((f) => kindOf(f) === 'warn').map((f) => f.indicator))];
  const unverifiedVetoes = [
    ...new Set(
      counted
        .filter((f) => kindOf(f) === 'manual')
        .map((f) => places.get(f.indicator)?.indicator.standsFor)
        .filter((id): id is string => !!id && places.get(id)?.kind === 'veto' && !vetoes.includes(id)),
    ),
  ];
  const vetoKeys = new Set(vetoFindings.map((f) => f.key).filter((k): k is string => typeof k === 'string' && k !== ''));

  const coveredByVeto: string[] = [];
  const deductions = counted.filter((f) => {
    const place = places.get(f.indicator);
    if (place?.kind !== 'deduct') return false;
    const covered = (f.key !== undefined && vetoKeys.has(f.key)) || (place.indicator.coveredBy ?? []).some((v) => vetoes.includes(v));
    if (covered) coveredByVeto.push(f.fingerprint);
    return !covered;
  });

  const groups: GroupScore[] = table.groups.map((g) => {
    const skipped = g.serviceGroup && !options.publicServices;
    const indicators: IndicatorScore[] = [];
    for (const i of g.indicators) {
      const mine = deductions.filter((f) => f.indicator === i.id);
      if (!mine.length) continue;
      const raw = round(mine.reduce((a, f) => a + f.points, 0));
      indicators.push({ id: i.id, title: i.title, raw, deducted: round(i.cap === undefined ? raw : Math.min(raw, i.cap)), cap: i.cap ?? null, findings: mine.length });
    }
    const sum = indicators.reduce((a, i) => a + i.deducted, 0);
    const n = indicators.reduce((a, i) => a + i.findings, 0);
    return { id: g.id, name: g.name, weight: g.weight, deducted: skipped ? 0 : round(Math.min(sum, g.weight)), findings: n, skipped, indicators };
  });
  const scoredGroups = groups.filter((g) => !g.skipped);
  const deducted = round(scoredGroups.reduce((a, g) => a + g.deducted, 0));
  const groupMarks = scoredGroups.reduce((a, g) => a + g.weight, 0);
  // The table's weights add up to 100; without public services they add up to `outOf`
  // (75) and the result is stretched by `factor` (4/3) back to a 100-point scale.
  const scale = options.publicServices ? 100 / (groupMarks || 100) : (table.noServiceScaling.factor * table.noServiceScaling.outOf) / (groupMarks || table.noServiceScaling.outOf);
  const fullMarks = round(groupMarks * scale);
  const base = round((groupMarks - deducted) * scale);
  const bonusFindings = counted.filter((f) => kindOf(f) === 'bonus');
  const bonusRaw = bonusFindings.reduce((a, f) => a + f.points, 0);
  let bonus = 0;
  let bonusNote: string | null = null;
  if (bonusFindings.length) {
    if (options.bonusEligible === false) bonusNote = '加分指标仅适用于门户网站';
    else if (!(base > table.bonusGate)) bonusNote = `扣分后得分 ${base} 未高于 ${table.bonusGate} 分，加分不计`;
    else bonus = round(Math.min(bonusRaw, table.bonusMax));
  }
  const total = round(base + bonus);
  const notJudgeable = options.notJudgeable ?? null;
  const verdict = vetoes.length === 0 && total >= table.passLine && !notJudgeable ? 'qualified' : 'unqualified';
  return { vetoes, deducted, total, bonus, verdict, tableId: table.id, passLine: table.passLine, fullMarks, base, bonusGate: table.bonusGate, bonusNote, groups, warnings, coveredByVeto, notJudgeable, newMediaVetoes: [], unverifiedVetoes };
}

/** Veto indicators of `table` that the (not false-positive) findings hit. */
export function vetoesHit(findings: readonly Finding[], table: IndicatorTable): string[] {
  const places = indexTable(table);
  return [...new Set(findings.filter((f) => f.triage?.decision !== 'false-positive' && places.get(f.indicator)?.kind === 'veto').map((f) => f.indicator))];
}

/**
 * The CLI's exit code for a judged scan: 0 when the site is qualified and no new-media
 * account hit a veto item, 1 otherwise (CI gates on it).
 */
export function exitCodeOf(card: Pick<ScoreCard, 'verdict' | 'newMediaVetoes'>): 0 | 1 | 3 {
  if (card.verdict === null) return 3;
  return card.verdict === 'qualified' && (card.newMediaVetoes ?? []).length === 0 ? 0 : 1;
}
