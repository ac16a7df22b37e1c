import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { UsageError } from '../../errors.ts';
import { CATEGORY_NAMES } from '../../columns/classify.ts';
import { reportsDir } from '../render.ts';

/** Rows of the 年度报表 a column can count towards; 不计入 columns are counted elsewhere (留言办理). */
export const FORM_CATEGORIES = ['概况类', '政务动态', '信息公开目录', '解读信息', '专栏专题', '征集调查', '在线访谈', '不计入'] as const;
export type FormCategory = (typeof FORM_CATEGORIES)[number];

const form = z.enum(FORM_CATEGORIES);
const tableSchema = z
  .object({
    rules: z.array(z.object({ form, keywords: z.array(z.string().min(1)).min(1) }).strict()),
    byColumnCategory: z.record(z.string(), form).default({}),
  })
  .strict();

export type CategoryTable = z.infer<typeof tableSchema>;

export const DEFAULT_CATEGORY_FILE = path.resolve(reportsDir, '../config/annual/column-categories.yaml');

/** Loads the column → form table (the documented default, or the config's copy). */
export function loadCategoryTable(file: string | null, baseDir: string): { table: CategoryTable; file: string } {
  const resolved = file ? path.resolve(baseDir, file) : DEFAULT_CATEGORY_FILE;
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(resolved, 'utf8'));
  } catch (err) {
    throw new UsageError(`配置项 report.annualCategories 的值 ${JSON.stringify(file ?? resolved)} 无效：无法读取（${(err as Error).message}）`);
  }
  const parsed = tableSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`栏目归类表 ${resolved}：字段 ${issue.path.join('.')} 无效：${issue.message}`);
  }
  return { table: parsed.data, file: resolved };
}

/** The form row of a column, and the rule that put it there; null = not classified (listed, not counted). */
export function formCategoryOf(column: { name: string; category: string; sources: string[] }, table: CategoryTable): { form: FormCategory; by: string } | null {
  for (const rule of table.rules) {
    const hit = rule.keywords.find((k) => column.name.includes(k));
    if (hit) return { form: rule.form, by: `名称含“${hit}”` };
  }
  const byCategory = table.byColumnCategory[column.category];
  if (byCategory) return { form: byCategory, by: `栏目分类为${CATEGORY_NAMES[column.category as keyof typeof CATEGORY_NAMES] ?? column.category}` };
  if (column.sources.includes('xxgk')) return { form: '信息公开目录', by: '位于政府信息公开目录' };
  return null;
}
