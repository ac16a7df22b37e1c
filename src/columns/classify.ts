import type { ColumnCategory, ColumnsConfig } from '../config/sections/columns.ts';

/**
 * A department's name inside a column name: 综合规划处, 计划财务处, 法规科, 办公室. The
 * suffix must end the word (处罚, 科技, 司法 are not departments).
 */
const DEPARTMENT = /[\u4e00-\u9fa5]{0,8}?(处(?![罚理置分境])|科(?![普技学研])|司(?![法机])|办公室)/g;

/** Where department pages live (机构设置, 内设机构, 领导信息). */
const DEPARTMENT_PLACE = /\/(jgsz|zzjg|nsjg|jgzn|jggk|ldxx|ldjs|nsjgs?)\//i;

/**
 * The class of a column by its role, the first keyword rule that matches, else `other`.
 * Role, not substring: the name's department part (综合规划处) says who, not what, so a
 * department's page is not a 规划计划 column; under 机构设置 only the rest of the name
 * (规划处动态 → 动态) can give a class.
 */
export function classifyColumn(name: string, rules: ColumnsConfig['classRules'], url?: string): ColumnCategory {
  const role = name.replace(DEPARTMENT, ' ').trim();
  if (!role) return 'other';
  // A page under 机构设置 describes a department: its 规划/计划 words name the department's field.
  const departmentPlace = url !== undefined && DEPARTMENT_PLACE.test(new URL(url).pathname);
  for (const rule of rules) if (rule.keywords.some((k) => role.includes(k))) return departmentPlace && rule.category === 'plan' ? 'other' : rule.category;
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
