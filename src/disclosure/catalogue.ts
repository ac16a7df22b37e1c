import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { catalogueItemSchema, type CatalogueItem, type DisclosureConfig } from '../config/sections/disclosure.ts';
import { UsageError } from '../errors.ts';

/** A disclosure catalogue file (config/catalogues/*.yaml). */
export const catalogueSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    items: z.array(catalogueItemSchema).min(1),
  })
  .strict();

export type Catalogue = z.infer<typeof catalogueSchema>;

/** Bundled catalogues live in config/catalogues/<name>.yaml. */
export const bundledCataloguesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../config/catalogues');

/**
 * Loads the catalogue the config names (bundled name or a path relative to `baseDir`) and
 * applies `extraItems`: a row with a known id replaces that row, a new id is added.
 */
export async function loadCatalogue(config: DisclosureConfig, baseDir: string): Promise<Catalogue> {
  const bundled = path.join(bundledCataloguesDir, `${config.catalogue}.yaml`);
  const file = existsSync(bundled) ? bundled : path.resolve(baseDir, config.catalogue);
  if (!existsSync(file)) throw new UsageError(`配置：字段 disclosure.catalogue 的值 ${JSON.stringify(config.catalogue)} 无效：找不到该公开目录文件`);
  const parsed = catalogueSchema.safeParse(parseYaml(await readFile(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`公开目录 ${file}：字段 ${issue.path.join('.')} 无效：${issue.message}`);
  }
  const items = new Map<string, CatalogueItem>(parsed.data.items.map((i) => [i.id, i]));
  for (const extra of config.extraItems) items.set(extra.id, extra);
  return { ...parsed.data, items: [...items.values()] };
}
