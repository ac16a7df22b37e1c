import type { IndicatorOverrides } from '../config/sections/indicators.ts';
import { UsageError } from '../errors.ts';
import { indexTable, type IndicatorTable } from './indicator-table.ts';

/**
 * Applies a site's overrides to a table, returning a new table. An id the table does not
 * know is a configuration error: a misspelt id must not silently change nothing.
 */
export function applyOverrides(table: IndicatorTable, overrides: IndicatorOverrides | undefined): IndicatorTable {
  if (!overrides) return table;
  const out: IndicatorTable = structuredClone(table);
  if (overrides.passLine !== undefined) out.passLine = overrides.passLine;
  if (overrides.bonusGate !== undefined) out.bonusGate = overrides.bonusGate;
  if (overrides.bonusMax !== undefined) out.bonusMax = overrides.bonusMax;
  if (overrides.noServiceScaling) out.noServiceScaling = { ...overrides.noServiceScaling };
  for (const [id, change] of Object.entries(overrides.groups ?? {})) {
    const group = out.groups.find((g) => g.id === id);
    if (!group) throw new UsageError(`配置：字段 indicators.overrides.groups 的值 ${JSON.stringify(id)} 无效：指标表 ${table.id} 中没有该分组`);
    group.weight = change.weight;
  }
  const places = indexTable(out);
  for (const [id, change] of Object.entries(overrides.indicators ?? {})) {
    const place = places.get(id);
    if (!place) throw new UsageError(`配置：字段 indicators.overrides.indicators 的值 ${JSON.stringify(id)} 无效：指标表 ${table.id} 中没有该指标`);
    if (change.points !== undefined) place.indicator.points = change.points;
    if (change.cap !== undefined) place.indicator.cap = change.cap;
  }
  return out;
}
