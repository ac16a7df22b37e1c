import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { indicatorTableSchema, loadIndicatorTable, type IndicatorTable } from '../../src/score/indicator-table.ts';
import { applyOverrides } from '../../src/score/overrides.ts';
import { score } from '../../src/score/score.ts';
import { indicatorOverridesSection } from '../../src/config/sections/indicators.ts';
import { UsageError } from '../../src/errors.ts';
import type { Finding } from '../../src/types.ts';

/** A small table with round numbers, so every expected total can be worked out by hand. */
const TABLE: IndicatorTable = indicatorTableSchema.parse({
  id: 'test-table',
  name: '测试指标表',
  vetoes: [
    { id: 'veto.columns-stale', title: '栏目不更新' },
    { id: 'veto.serious-error', title: '严重错误' },
  ],
  groups: [
    {
      id: 'publish',
      name: '发布解读',
      weight: 40,
      indicators: [
        { id: 'deduct.column-stale', title: '栏目更新不及时', points: 2, cap: 10, coveredBy: ['veto.columns-stale'] },
        { id: 'deduct.policy-no-interpretation', title: '政策文件无解读', points: 3 },
      ],
    },
    { id: 'service', name: '办事服务', weight: 25, serviceGroup: true, indicators: [{ id: 'deduct.guide-incomplete', title: '办事指南要素不全', points: 5 }] },
    { id: 'interaction', name: '互动交流', weight: 15, indicators: [{ id: 'deduct.reply-stale', title: '回复栏目不更新', points: 3 }] },
    {
      id: 'function',
      name: '功能设计',
      weight: 20,
      indicators: [
        { id: 'deduct.links-broken-homepage', title: '首页链接不可用', points: 1, cap: 5 },
        { id: 'deduct.content-error', title: '内容错误', points: 4 },
        { id: 'deduct.search', title: '搜索不可用', points: 8 },
      ],
    },
  ],
  warnings: [{ id: 'warn.columns', title: '栏目预警' }],
  bonus: [{ id: 'bonus.innovation', title: '创新做法', points: 10 }],
});

let seq = 0;
/** A finding as resolveFindings would make it: points = table points × count. */
function finding(indicator: string, over: Partial<Finding> = {}): Finding {
  const all = [...TABLE.vetoes.map((i) => ({ i, kind: 'veto' as const })), ...TABLE.groups.flatMap((g) => g.indicators.map((i) => ({ i, kind: 'deduct' as const }))), ...TABLE.warnings.map((i) => ({ i, kind: 'warn' as const })), ...TABLE.bonus.map((i) => ({ i, kind: 'bonus' as const }))];
  const place = all.find((p) => p.i.id === indicator);
  const count = over.count ?? 1;
  seq++;
  return {
    indicator,
    severity: place?.kind ?? 'warn',
    points: place && (place.kind === 'deduct' || place.kind === 'bonus') ? place.i.points * count : 0,
    title: `问题 ${seq}`,
    url: `http://127.0.0.1/p${seq}.html`,
    office: '办公室',
    evidence: '证据',
    screenshot: null,
    check: 'test',
    fingerprint: `fp${seq}`,
    status: null,
    firstSeen: null,
    triage: null,
    count,
    ...over,
  };
}
const many = (indicator: string, n: number, over: Partial<Finding> = {}) => Array.from({ length: n }, () => finding(indicator, over));

describe('score(): deductions, caps, weights', () => {
  it('gives 100 and qualified with no findings', () => {
    const card = score([], TABLE);
    expect(card).toMatchObject({ total: 100, deducted: 0, verdict: 'qualified', vetoes: [], fullMarks: 100, bonus: 0 });
  });

  it('caps an indicator at its cap: 8 broken homepage links × 1 point, cap 5 → −5', () => {
    const card = score(many('deduct.links-broken-homepage', 8), TABLE);
    expect(card.total).toBe(95);
    const fn = card.groups.find((g) => g.id === 'function')!;
    expect(fn.indicators[0]).toMatchObject({ raw: 8, deducted: 5, cap: 5, findings: 8 });
  });

  it('caps a group at its weight: function group (20) with 5 + 4×2 + 8×2 = 29 → −20', () => {
    const findings = [...many('deduct.links-broken-homepage', 6), ...many('deduct.content-error', 2), ...many('deduct.search', 2)];
    const card = score(findings, TABLE);
    expect(card.groups.find((g) => g.id === 'function')!.deducted).toBe(20);
    expect(card.total).toBe(80);
  });

  it('sums groups: publish 2×3 + 3 = 9, interaction 3, function 4 → 84', () => {
    const findings = [...many('deduct.column-stale', 3), finding('deduct.policy-no-interpretation'), finding('deduct.reply-stale'), finding('deduct.content-error')];
    const card = score(findings, TABLE);
    expect(card.deducted).toBe(16);
    expect(card.total).toBe(84);
    expect(card.groups.map((g) => g.deducted)).toEqual([9, 0, 3, 4]);
  });

  it('counts a per-unit finding by its count (points already multiplied)', () => {
    expect(score([finding('deduct.column-stale', { count: 4 })], TABLE).total).toBe(92);
  });

  it('ignores false positives but still counts accepted problems', () => {
    const fp = finding('deduct.search', { triage: { decision: 'false-positive', reason: '搜索可用', by: '张三', expires: null } });
    const accepted = finding('deduct.content-error', { triage: { decision: 'accepted', reason: '历史稿件', by: '李四', expires: null } });
    const card = score([fp, accepted], TABLE);
    expect(card.total).toBe(96);
  });

  it('gives warnings and unknown indicators no points', () => {
    const card = score([finding('warn.columns'), finding('deduct.not-in-table', { points: 0 })], TABLE);
    expect(card.total).toBe(100);
    expect(card.warnings).toEqual(['warn.columns']);
  });
});

describe('score(): vetoes and no double counting', () => {
  it('any veto makes the site unqualified, whatever the deduction score', () => {
    const card = score([finding('veto.serious-error')], TABLE);
    expect(card).toMatchObject({ verdict: 'unqualified', total: 100, vetoes: ['veto.serious-error'] });
  });

  it('does not deduct a problem already counted under a veto: same key', () => {
    const veto = finding('veto.serious-error', { key: 'http://127.0.0.1/leader.html' });
    const same = finding('deduct.content-error', { key: 'http://127.0.0.1/leader.html' });
    const other = finding('deduct.content-error', { key: 'http://127.0.0.1/other.html' });
    const card = score([veto, same, other], TABLE);
    expect(card.total).toBe(96); // only `other` deducts 4
    expect(card.coveredByVeto).toEqual([same.fingerprint]);
  });

  it('does not deduct an indicator covered by a veto that was hit (coveredBy)', () => {
    const stale = many('deduct.column-stale', 5);
    expect(score(stale, TABLE).total).toBe(90);
    const card = score([finding('veto.columns-stale'), ...stale], TABLE);
    expect(card.total).toBe(100);
    expect(card.coveredByVeto).toHaveLength(5);
    expect(card.verdict).toBe('unqualified');
  });

  it('a false-positive veto does not veto', () => {
    const card = score([finding('veto.serious-error', { triage: { decision: 'false-positive', reason: '引用原文', by: '王五', expires: null } })], TABLE);
    expect(card.verdict).toBe('qualified');
  });
});

describe('score(): pass line 60 and bonus gate 80', () => {
  // publish 40 capped: 14 × 3 = 42 → 40; then function points to land exactly where wanted.
  const publishFull = many('deduct.policy-no-interpretation', 14);

  it('exactly 60 is qualified', () => {
    const card = score(publishFull, TABLE);
    expect(card.total).toBe(60);
    expect(card.verdict).toBe('qualified');
  });

  it('59 is unqualified', () => {
    const card = score([...publishFull, finding('deduct.links-broken-homepage')], TABLE);
    expect(card.total).toBe(59);
    expect(card.verdict).toBe('unqualified');
  });

  it('bonus counts only above 80: exactly 80 gets none, 81 gets it', () => {
    const at80 = [...many('deduct.search', 2), ...many('deduct.content-error', 1)]; // 16 + 4 = 20
    const card80 = score([...at80, finding('bonus.innovation')], TABLE, { publicServices: true, bonusEligible: true });
    expect(card80).toMatchObject({ base: 80, bonus: 0, total: 80 });
    expect(card80.bonusNote).toContain('未高于 80');
    const at81 = [...many('deduct.search', 2), ...many('deduct.links-broken-homepage', 3)]; // 16 + 3 = 19
    const card81 = score([...at81, finding('bonus.innovation')], TABLE, { publicServices: true, bonusEligible: true });
    expect(card81).toMatchObject({ base: 81, bonus: 10, total: 91 });
  });

  it('bonus is capped at bonusMax (30) and only for portal sites', () => {
    const bonus = many('bonus.innovation', 5);
    expect(score(bonus, TABLE, { publicServices: true, bonusEligible: true }).total).toBe(130);
    const notPortal = score(bonus, TABLE, { publicServices: true, bonusEligible: false });
    expect(notPortal).toMatchObject({ total: 100, bonus: 0, bonusNote: '加分指标仅适用于门户网站' });
  });
});

describe('score(): departments without public services (75 × 4/3)', () => {
  it('skips 办事服务 and scales the remaining 75 points by 4/3', () => {
    const findings = [finding('deduct.guide-incomplete'), ...many('deduct.reply-stale', 5)]; // service ignored; interaction 15 → 0
    const card = score(findings, TABLE, { publicServices: false });
    expect(card.groups.find((g) => g.id === 'service')).toMatchObject({ skipped: true, deducted: 0 });
    expect(card.fullMarks).toBe(100);
    expect(card.total).toBe(80); // (75 − 15) × 4/3
  });

  it('with no deductions the no-service score is 100, and 30 deducted gives exactly 60', () => {
    expect(score([], TABLE, { publicServices: false }).total).toBe(100);
    const thirty = [...many('deduct.policy-no-interpretation', 5), ...many('deduct.reply-stale', 5)]; // 15 + 15
    const card = score(thirty, TABLE, { publicServices: false });
    expect(card.deducted).toBe(30);
    expect(card.total).toBe(60);
    expect(card.verdict).toBe('qualified');
  });
});

describe('applyOverrides(): a site changes the table’s values', () => {
  it('changes pass line, points, caps and weights without touching the original', () => {
    const overrides = indicatorOverridesSection.parse({ passLine: 70, indicators: { 'deduct.links-broken-homepage': { points: 2, cap: 6 } }, groups: { function: { weight: 25 } } });
    const local = applyOverrides(TABLE, overrides);
    expect(TABLE.passLine).toBe(60);
    const links = local.groups.find((g) => g.id === 'function')!.indicators.find((i) => i.id === 'deduct.links-broken-homepage')!;
    expect(links).toMatchObject({ points: 2, cap: 6 });
    expect(local.groups.find((g) => g.id === 'function')!.weight).toBe(25);
    // 14 × 3 = 42 → publish capped at 40; 65 of 105 points left, scaled to 100 → 61.9, below the new pass line 70
    const card = score(many('deduct.policy-no-interpretation', 14), local);
    expect(card.passLine).toBe(70);
    expect(card.total).toBe(61.9);
    expect(card.verdict).toBe('unqualified');
  });

  it('rejects an id the table does not have, naming it', () => {
    const overrides = indicatorOverridesSection.parse({ indicators: { 'deduct.typo': { points: 1 } } });
    expect(() => applyOverrides(TABLE, overrides)).toThrow(UsageError);
    expect(() => applyOverrides(TABLE, overrides)).toThrow(/deduct\.typo/);
  });
});

describe('indicator tables as data', () => {
  it('loads the bundled website table with the national numbers', async () => {
    const table = await loadIndicatorTable('gov-website-2019', process.cwd());
    expect(table).toMatchObject({ passLine: 60, bonusGate: 80, bonusMax: 30 });
    expect(table.noServiceScaling.outOf).toBe(75);
    expect(table.noServiceScaling.factor).toBeCloseTo(4 / 3, 6);
    expect(table.groups.reduce((a, g) => a + g.weight, 0)).toBe(100);
    expect(table.vetoes.map((v) => v.id)).toEqual(expect.arrayContaining(['veto.site-unreachable', 'veto.homepage-stale', 'veto.columns-stale', 'veto.interaction-poor', 'veto.service-unusable', 'veto.serious-error']));
  });

  it('a site can select another table by path', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gi-table-'));
    await writeFile(path.join(dir, 'local.yaml'), 'id: local\nname: 本地指标表\npassLine: 70\ngroups:\n  - id: all\n    name: 全部\n    weight: 100\n    indicators:\n      - { id: deduct.x, title: 某项, points: 50 }\n');
    const table = await loadIndicatorTable('local.yaml', dir);
    expect(table.id).toBe('local');
    const card = score([finding('deduct.x', { points: 50, severity: 'deduct' })], table);
    expect(card).toMatchObject({ total: 50, verdict: 'unqualified', passLine: 70 });
  });
});
