import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { bundledTablesDir, indexTable, indicatorTableSchema } from '../score/indicator-table.ts';
import { indicatorLabel } from './labels.ts';

const cache = new Map<string, Map<string, string>>();

/**
 * Indicator names of the bundled tables, for places that only have ids (the CLI summary,
 * the multi-site overview). A custom table's ids fall back to a generic name by kind.
 */
export function bundledIndicatorTitles(tableIds: readonly string[] = ['gov-website-2019', 'gov-newmedia-2019']): Map<string, string> {
  const titles = new Map<string, string>();
  for (const id of tableIds) {
    if (!cache.has(id)) {
      const file = path.join(bundledTablesDir, `${id}.yaml`);
      const parsed = existsSync(file) ? indicatorTableSchema.safeParse(parseYaml(readFileSync(file, 'utf8'))) : null;
      cache.set(id, new Map(parsed?.success ? [...indexTable(parsed.data)].map(([key, place]) => [key, place.indicator.title]) : []));
    }
    for (const [key, title] of cache.get(id)!) titles.set(key, title);
  }
  return titles;
}

/** An indicator id's name from the bundled tables, never the id. */
export function bundledIndicatorName(id: string): string {
  return indicatorLabel(id, bundledIndicatorTitles());
}
