import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { UsageError } from '../errors.ts';

const indicator = z
  .object({
    id: z.string().min(1),
    /** Name of the indicator as the 2019 table words it (Chinese). */
    title: z.string().min(1),
    /** Points deducted per finding (times its count). */
    points: z.number().nonnegative().default(0),
    /** Most points this indicator may deduct in all. */
    cap: z.number().nonnegative().optional(),
    /** The rule in words, with its thresholds, for the report. */
    rule: z.string().optional(),
    /** 整改要求: what the responsible office must do, printed with each problem. */
    requirement: z.string().optional(),
    /** Values marked [open] in indicators.md: a default, not a confirmed national number. */
    open: z.boolean().default(false),
    /**
     * Veto items that already count this problem: when one of them is hit, this deduction
     * is not taken again. (A finding sharing its `key` with a veto finding is dropped too.)
     */
    coveredBy: z.array(z.string().min(1)).optional(),
    /**
     * Manual items raised instead of a verdict the scan could not reach (what would decide it
     * could not be read): the verdict it stands for, which a person confirming the absence makes.
     */
    standsFor: z.string().min(1).optional(),
  })
  .strict();

const group = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    /** Most points the group's deductions may take. */
    weight: z.number().positive(),
    /** Skipped for departments without public-service duties (办事服务). */
    serviceGroup: z.boolean().default(false),
    indicators: z.array(indicator),
  })
  .strict();

/** An indicator table (veto, deduction groups, warnings, manual items, bonus) as data. */
export const indicatorTableSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    /** Documents the table follows. */
    basis: z.string().optional(),
    /** Below this the site is unqualified. */
    passLine: z.number().default(60),
    /** Bonus counts only when the deduction score is above this. */
    bonusGate: z.number().default(80),
    bonusMax: z.number().nonnegative().default(30),
    /** Departments without public services: score out of `outOf`, times `factor` [open]. */
    noServiceScaling: z.object({ outOf: z.number().positive(), factor: z.number().positive() }).strict().default({ outOf: 75, factor: 4 / 3 }),
    vetoes: z.array(indicator).default([]),
    groups: z.array(group).default([]),
    /** Early warnings: below a veto line, reported, never scored. */
    warnings: z.array(indicator).default([]),
    /** Items a person must judge; listed as a checklist. */
    manual: z.array(indicator).default([]),
    bonus: z.array(indicator).default([]),
  })
  .strict();

export type IndicatorTable = z.infer<typeof indicatorTableSchema>;
export type Indicator = z.infer<typeof indicator>;

/** Bundled tables live in config/indicators/<name>.yaml. */
export const bundledTablesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../config/indicators');

/** Loads a table by bundled name or by path (relative to `baseDir`). */
export async function loadIndicatorTable(nameOrPath: string, baseDir: string): Promise<IndicatorTable> {
  const bundled = path.join(bundledTablesDir, `${nameOrPath}.yaml`);
  const file = existsSync(bundled) ? bundled : path.resolve(baseDir, nameOrPath);
  if (!existsSync(file)) throw new UsageError(`配置：字段 indicators 的值 ${JSON.stringify(nameOrPath)} 无效：找不到该指标表`);
  const parsed = indicatorTableSchema.safeParse(parseYaml(await readFile(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`指标表 ${file}：字段 ${issue.path.join('.')} 无效：${issue.message}`);
  }
  return parsed.data;
}

/** Where an indicator id stands in the table. */
export interface IndicatorPlace {
  indicator: Indicator;
  kind: 'veto' | 'deduct' | 'warn' | 'manual' | 'bonus';
  group: IndicatorTable['groups'][number] | null;
}

export function indexTable(table: IndicatorTable): Map<string, IndicatorPlace> {
  const map = new Map<string, IndicatorPlace>();
  for (const i of table.vetoes) map.set(i.id, { indicator: i, kind: 'veto', group: null });
  for (const g of table.groups) for (const i of g.indicators) map.set(i.id, { indicator: i, kind: 'deduct', group: g });
  for (const i of table.warnings) map.set(i.id, { indicator: i, kind: 'warn', group: null });
  for (const i of table.manual) map.set(i.id, { indicator: i, kind: 'manual', group: null });
  for (const i of table.bonus) map.set(i.id, { indicator: i, kind: 'bonus', group: null });
  return map;
}
