import type { ColumnCategory, ColumnsConfig } from '../config/sections/columns.ts';

/** The class of a column by its name: the first keyword rule that matches, else `other`. */
export function classifyColumn(name: string, rules: ColumnsConfig['classRules']): ColumnCategory {
  for (const rule of rules) if (rule.keywords.some((k) => name.includes(k))) return rule.category;
  return 'other';
}

export const CATEGORY_NAMES: Record<ColumnCategory, string> = {
  news: '动态要闻类',
  notice: '通知公告类',
  policy: '政策文件类',
  personnel: '人事信息类',
  plan: '规划计划类',
  other: '其他',
};
