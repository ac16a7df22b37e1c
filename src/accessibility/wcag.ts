/**
 * WCAG 2.1 level A and AA success criteria with their names in the W3C Chinese
 * translation, so that a report can say which criterion an axe rule tests.
 *
 * GB/T 37668-2019 is built on WCAG 2.0 (58 criteria in three levels) but numbers its
 * clauses its own way, which no public copy seen so far lets us map one by one. The report
 * therefore names the WCAG criterion, marks the ones WCAG 2.1 added (no GB/T counterpart),
 * and leaves the GB/T clause number to the reviewer [open].
 */
export interface SuccessCriterion {
  /** e.g. "1.4.3" */
  id: string;
  name: string;
  level: 'A' | 'AA';
  /** Added in WCAG 2.1, so absent from GB/T 37668-2019 (based on WCAG 2.0). */
  wcag21: boolean;
}

const CRITERIA: [string, string, 'A' | 'AA', boolean?][] = [
  ['1.1.1', '非文本内容', 'A'],
  ['1.2.1', '仅音频和仅视频（预录制）', 'A'],
  ['1.2.2', '字幕（预录制）', 'A'],
  ['1.2.3', '音频描述或媒体替代（预录制）', 'A'],
  ['1.2.4', '字幕（直播）', 'AA'],
  ['1.2.5', '音频描述（预录制）', 'AA'],
  ['1.3.1', '信息和关系', 'A'],
  ['1.3.2', '有意义的序列', 'A'],
  ['1.3.3', '感官特征', 'A'],
  ['1.3.4', '方向', 'AA', true],
  ['1.3.5', '识别输入目的', 'AA', true],
  ['1.4.1', '颜色的使用', 'A'],
  ['1.4.2', '音频控制', 'A'],
  ['1.4.3', '对比度（最低限度）', 'AA'],
  ['1.4.4', '调整文本大小', 'AA'],
  ['1.4.5', '文本图像', 'AA'],
  ['1.4.10', '重排', 'AA', true],
  ['1.4.11', '非文本对比度', 'AA', true],
  ['1.4.12', '文本间距', 'AA', true],
  ['1.4.13', '悬停或获得焦点时的内容', 'AA', true],
  ['2.1.1', '键盘', 'A'],
  ['2.1.2', '无键盘陷阱', 'A'],
  ['2.1.4', '字符快捷键', 'A', true],
  ['2.2.1', '计时可调', 'A'],
  ['2.2.2', '暂停、停止、隐藏', 'A'],
  ['2.3.1', '三次闪光或低于阈值', 'A'],
  ['2.4.1', '绕过块', 'A'],
  ['2.4.2', '页面标题', 'A'],
  ['2.4.3', '焦点顺序', 'A'],
  ['2.4.4', '链接目的（上下文中）', 'A'],
  ['2.4.5', '多种方式', 'AA'],
  ['2.4.6', '标题和标签', 'AA'],
  ['2.4.7', '焦点可见', 'AA'],
  ['2.5.1', '指针手势', 'A', true],
  ['2.5.2', '指针取消', 'A', true],
  ['2.5.3', '名称中包含标签', 'A', true],
  ['2.5.4', '动作激活', 'A', true],
  ['3.1.1', '页面的语言', 'A'],
  ['3.1.2', '部分的语言', 'AA'],
  ['3.2.1', '获得焦点', 'A'],
  ['3.2.2', '输入', 'A'],
  ['3.2.3', '一致的导航', 'AA'],
  ['3.2.4', '一致的识别', 'AA'],
  ['3.3.1', '错误识别', 'A'],
  ['3.3.2', '标签或说明', 'A'],
  ['3.3.3', '错误建议', 'AA'],
  ['3.3.4', '错误预防（法律、财务、数据）', 'AA'],
  ['4.1.1', '解析', 'A'],
  ['4.1.2', '名称、角色、值', 'A'],
  ['4.1.3', '状态消息', 'AA', true],
];

const BY_ID = new Map<string, SuccessCriterion>(CRITERIA.map(([id, name, level, wcag21]) => [id, { id, name, level, wcag21: wcag21 ?? false }]));

/** The WCAG criterion an axe tag like `wcag143` or `wcag1410` names, if it is A or AA. */
export function criterionOfTag(tag: string): SuccessCriterion | null {
  const m = /^wcag(\d)(\d)(\d{1,2})$/.exec(tag);
  return m ? (BY_ID.get(`${m[1]}.${m[2]}.${m[3]}`) ?? null) : null;
}

/** Criteria an axe rule tests, from its tags, in order, without repeats. */
export function criteriaOfTags(tags: readonly string[]): SuccessCriterion[] {
  const seen = new Map<string, SuccessCriterion>();
  for (const tag of tags) {
    const sc = criterionOfTag(tag);
    if (sc) seen.set(sc.id, sc);
  }
  return [...seen.values()];
}

/** One line for a report: "WCAG 1.1.1 非文本内容（A）" and the GB/T note. */
export function describeCriterion(sc: SuccessCriterion): string {
  return `WCAG ${sc.id} ${sc.name}（${sc.level}）${sc.wcag21 ? '，WCAG 2.1 新增，GB/T 37668 无对应条款' : ''}`;
}

/** Rules axe files under "best practice" only: no criterion, reported for information. */
export const BEST_PRACTICE = '最佳实践（不对应 WCAG 成功准则）';
