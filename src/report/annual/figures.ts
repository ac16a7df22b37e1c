import type { ColumnRecord, ColumnsArtifact } from '../../columns/types.ts';
import type { InteractionArtifact, SiteIdentityArtifact } from '../../disclosure/types.ts';
import type { PublishedMessage } from '../../disclosure/messages.ts';
import type { AvailabilityArtifact } from '../../monitor/types.ts';
import type { NewMediaArtifact } from '../../new-media/types.ts';
import { daysBetween, quarterOf } from '../../dates.ts';
import type { IsoDate } from '../../types.ts';
import { quarterName } from '../labels.ts';
import { formCategoryOf, type CategoryTable, type FormCategory } from './categories.ts';
import type { YearScan } from './load.ts';
import { countOutcomes, isFoundProblem, type YearProblem } from './problems.ts';
import { siteUrlKey } from './site-key.ts';

/** One column over the year: how many items it published and how that number was obtained. */
export interface ColumnYear {
  key: string;
  name: string;
  url: string;
  form: FormCategory | null;
  formBy: string;
  count: number;
  /** Items in the whole list at the last scan that read it (for 专栏专题 维护数量). */
  listTotal: number | null;
  complete: boolean;
  method: string;
  /** Check day up to which the count runs (the last scan that read the column). */
  through: IsoDate;
  scans: string[];
}

/** One row of the 政府网站工作年度报表 as the tool can fill it. */
export interface FormRow {
  section: string;
  item: string;
  /** The figure; null when a person must fill it in (需填报) or the site does not list it. */
  value: string | number | null;
  /** counted: from the scans; fill: 需填报 (no crawl can know); absent: the site lists none. */
  kind: 'counted' | 'fill' | 'absent';
  /** How the figure was obtained, or the source to use when it must be filled in. */
  method: string;
  /** Scan ids the figure came from. */
  sources: string[];
}

function artifactOf<T>(scan: YearScan, name: keyof YearScan['artifacts']): T | null {
  return (scan.artifacts[name] as T | undefined) ?? null;
}

const inYear = (date: string | null | undefined, year: number): date is string => typeof date === 'string' && date.startsWith(`${year}-`);

/**
 * Joins each column's items of the year across the scans (an item counted by two scans is
 * one item), keeps the method and completeness of the last scan that read the column.
 */
export function columnYears(scans: YearScan[], aliases: Set<string>, table: CategoryTable, year: number): ColumnYear[] {
  const byKey = new Map<string, { record: ColumnRecord; scan: YearScan; items: Map<string, string>; scans: string[]; fallback: boolean }>();
  for (const scan of scans) {
    const columns = artifactOf<ColumnsArtifact>(scan, 'columns');
    for (const record of columns?.columns ?? []) {
      const key = siteUrlKey(record.url, aliases);
      const entry = byKey.get(key) ?? { record, scan, items: new Map<string, string>(), scans: [], fallback: false };
      entry.record = record;
      entry.scan = scan;
      entry.scans.push(scan.record.id);
      // Scans made before the year count existed only know the newest items read.
      const items = record.year ? record.year.items : record.items.filter((i) => inYear(i.date, year));
      if (!record.year) entry.fallback = true;
      for (const item of items) if (inYear(item.date, year)) entry.items.set(siteUrlKey(item.url, aliases), item.date!);
      byKey.set(key, entry);
    }
  }
  return [...byKey]
    .map(([key, { record, scan, items, scans: ids, fallback }]) => {
      const category = formCategoryOf(record, table);
      const last = record.year;
      const method = last
        ? `${last.method}（${scan.record.asOf}）${ids.length > 1 ? `；合并 ${ids.length} 次检查读到的条目，去重计数` : ''}`
        : fallback
          ? '该次检查未逐页计数，仅统计读到的最新条目，数量偏少'
          : '栏目无日期或未能读取，未计数';
      return {
        key,
        name: record.name,
        url: record.url,
        form: category?.form ?? null,
        formBy: category?.by ?? '未匹配归类表',
        count: items.size,
        listTotal: record.itemCount,
        complete: Boolean(last?.complete) && !fallback,
        method: record.unverified ? `未能计数：${record.unverified}` : method,
        through: scan.record.asOf,
        scans: ids,
      };
    })
    .sort((a, b) => a.url.localeCompare(b.url));
}

/** Messages of the year from every board read, each once (the latest scan's reading of it wins). */
export function yearMessages(scans: YearScan[], aliases: Set<string>, year: number): { messages: PublishedMessage[]; sources: string[] } {
  const byKey = new Map<string, PublishedMessage>();
  const sources: string[] = [];
  for (const scan of scans) {
    const interaction = artifactOf<InteractionArtifact>(scan, 'interaction');
    if (!interaction) continue;
    sources.push(scan.record.id);
    for (const m of interaction.messages) {
      if (!inYear(m.askedDate, year)) continue;
      const key = `${siteUrlKey(m.url, aliases)}|${m.askedDate}|${m.url === m.listUrl ? m.title : ''}`;
      byKey.set(key, m);
    }
  }
  return { messages: [...byKey.values()], sources };
}

/** Posts per new-media account over the year, each post once. */
export function yearPosts(scans: YearScan[], year: number): { name: string; platform: string; office: string; posts: number; postsByQuarter: Record<string, number>; quarters: string[]; sources: string[] }[] {
  const accounts = new Map<string, { name: string; platform: string; office: string; posts: Set<string>; quarters: Set<string>; sources: string[] }>();
  for (const scan of scans) {
    for (const a of artifactOf<NewMediaArtifact>(scan, 'newMedia')?.accounts ?? []) {
      const key = `${a.name}|${a.platform}`;
      const entry = accounts.get(key) ?? { name: a.name, platform: a.platform, office: a.office, posts: new Set<string>(), quarters: new Set<string>(), sources: [] };
      entry.quarters.add(scan.record.quarter);
      entry.sources.push(scan.record.id);
      if (a.result.ok) for (const p of a.result.posts) if (inYear(p.date, year)) entry.posts.add(`${p.url ?? ''}|${p.title}|${p.date}`);
      accounts.set(key, entry);
    }
  }
  return [...accounts.values()].map((a) => {
    const postsByQuarter: Record<string, number> = {};
    for (const key of a.posts) {
      const quarter = quarterOf(key.slice(key.lastIndexOf('|') + 1));
      postsByQuarter[quarter] = (postsByQuarter[quarter] ?? 0) + 1;
    }
    return { name: a.name, platform: a.platform, office: a.office, posts: a.posts.size, postsByQuarter, quarters: [...a.quarters].sort(), sources: a.sources };
  });
}

const PLATFORM_NAMES: Record<string, string> = { wechat: '微信公众号', weibo: '微博', douyin: '抖音', toutiao: '今日头条', bilibili: '哔哩哔哩', kuaishou: '快手', other: '其他平台' };
export const platformName = (p: string) => PLATFORM_NAMES[p] ?? p;

export interface FiguresInput {
  year: number;
  scans: YearScan[];
  aliases: Set<string>;
  columns: ColumnYear[];
  problems: YearProblem[];
  categoryFile: string;
}

function sumForm(columns: ColumnYear[], form: FormCategory) {
  const list = columns.filter((c) => c.form === form);
  return {
    list,
    count: list.reduce((a, c) => a + c.count, 0),
    complete: list.every((c) => c.complete),
    sources: [...new Set(list.flatMap((c) => c.scans))],
  };
}

function columnsMethod(list: ColumnYear[], what: string): string {
  if (!list.length) return `网站未发现${what}栏目`;
  const incomplete = list.filter((c) => !c.complete).map((c) => c.name);
  return `${list.map((c) => `${c.name} ${c.count}`).join('、')}（按栏目列表逐页计数，各栏目方法见“栏目计数”表）${incomplete.length ? `；${incomplete.join('、')} 列表未读完，数量偏少` : ''}`;
}

/** The 年度报表 rows: counted ones with method and source scans, the others 需填报 with the source to use. */
export function formRows(input: FiguresInput): FormRow[] {
  const { year, scans, columns, problems } = input;
  const last = scans.at(-1)!;
  const through = `统计截至 ${last.record.asOf}（最后一次检查）`;
  const identity = artifactOf<SiteIdentityArtifact>(last, 'siteIdentity');
  const facts = identity?.facts ?? null;
  const rows: FormRow[] = [];
  const counted = (section: string, item: string, value: string | number | null, method: string, sources: string[]) =>
    rows.push({ section, item, value, kind: value === null ? 'absent' : 'counted', method, sources });
  const fill = (section: string, item: string, source: string) => rows.push({ section, item, value: null, kind: 'fill', method: `需填报：${source}`, sources: [] });
  const lastId = [last.record.id];

  counted('基本信息', '网站名称', input.scans.at(-1)!.config.site.name, '配置中的网站名称', lastId);
  counted('基本信息', '首页网址', last.config.site.url, '配置中的首页地址', lastId);
  counted('基本信息', '主办单位', facts?.sponsor ?? null, facts?.sponsor ? '首页页脚“主办单位”' : '首页页脚未写明主办单位，需填报', lastId);
  counted('基本信息', '网站标识码', facts?.siteCode ?? null, facts?.siteCode ? `首页${facts.siteCodeSource === 'meta' ? ' SiteIDCode 元数据' : '页脚'}` : '首页未找到网站标识码', lastId);
  counted('基本信息', 'ICP备案编号', facts?.icp ?? null, facts?.icp ? '首页页脚' : '首页页脚未找到 ICP 备案编号', lastId);
  counted('基本信息', '公安机关备案号', facts?.psb ?? null, facts?.psb ? '首页页脚' : '首页页脚未找到公安机关备案号', lastId);
  const latestColumns = artifactOf<ColumnsArtifact>(last, 'columns')?.columns ?? [];
  counted('基本信息', '栏目数量', latestColumns.length, `最后一次检查识别出的栏目数（${last.record.asOf}）`, lastId);
  fill('访问情况', '总访问量（万次）', '网站访问统计系统（如网站流量统计后台）的年度数据');
  fill('访问情况', '独立用户访问总量（万个）', '网站访问统计系统的年度数据');
  fill('访问情况', '日均访问量', '网站访问统计系统的年度数据');

  const gk = sumForm(columns, '概况类');
  const dt = sumForm(columns, '政务动态');
  const ml = sumForm(columns, '信息公开目录');
  const total = gk.count + dt.count + ml.count;
  const allThree = [...gk.list, ...dt.list, ...ml.list];
  counted('信息发布', '总数（条）', total, `概况类、政务动态、信息公开目录三项之和；栏目按 ${input.categoryFile.split('/').slice(-3).join('/')} 归类；${through}${allThree.every((c) => c.complete) ? '' : '；部分栏目列表未读完，数量偏少'}`, [...new Set([...gk.sources, ...dt.sources, ...ml.sources])]);
  counted('信息发布', '概况类信息（条）', gk.count, columnsMethod(gk.list, '概况类'), gk.sources);
  counted('信息发布', '政务动态信息（条）', dt.count, columnsMethod(dt.list, '政务动态'), dt.sources);
  counted('信息发布', '信息公开目录信息（条）', ml.count, columnsMethod(ml.list, '信息公开目录'), ml.sources);

  const zt = sumForm(columns, '专栏专题');
  const maintained = zt.list.reduce((a, c) => a + (c.listTotal ?? 0), 0);
  counted('专栏专题', '维护数量（个）', zt.list.length ? maintained : null, zt.list.length ? `专题栏目列表中的专题数：${zt.list.map((c) => `${c.name} ${c.listTotal ?? '未知'}`).join('、')}` : '网站未发现专题专栏', zt.sources);
  counted('专栏专题', '新开设数量（个）', zt.list.length ? zt.count : null, zt.list.length ? `专题列表中发布日期在 ${year} 年的专题；${through}` : '网站未发现专题专栏', zt.sources);

  const jd = sumForm(columns, '解读信息');
  counted('解读回应', '解读信息发布 总数（条）', jd.list.length ? jd.count : null, columnsMethod(jd.list, '解读'), jd.sources);
  fill('解读回应', '回应公众关注热点或重大舆情数量（次）', '宣传、舆情部门的年度工作记录');

  const { messages, sources: msgSources } = yearMessages(scans, input.aliases, year);
  const answered = messages.filter((m) => m.answered === true);
  const timed = answered.filter((m) => m.askedDate && m.repliedDate).map((m) => daysBetween(m.askedDate!, m.repliedDate!));
  const boardMethod = `合并各次检查读到的留言列表（同一留言以最近一次检查为准），留言时间在 ${year} 年的；${through}`;
  counted('互动交流', '留言办理 收到留言数量（条）', msgSources.length ? messages.length : null, msgSources.length ? boardMethod : '未找到公开的留言列表', msgSources);
  counted('互动交流', '留言办理 办结留言数量（条）', msgSources.length ? answered.length : null, msgSources.length ? `其中显示已回复或有回复时间的；${through}` : '未找到公开的留言列表', msgSources);
  counted(
    '互动交流',
    '留言办理 平均办理时间（天）',
    timed.length ? Math.round((timed.reduce((a, b) => a + b, 0) / timed.length) * 10) / 10 : null,
    timed.length ? `有留言时间和回复时间的 ${timed.length} 条，回复时间减留言时间（自然日）的平均值` : '留言列表未显示回复时间',
    msgSources,
  );
  counted('互动交流', '留言办理 公开答复数量（条）', msgSources.length ? answered.filter((m) => m.repliedDate !== null || m.answered).length : null, msgSources.length ? '网站公开的留言中已刊登答复的' : '未找到公开的留言列表', msgSources);
  const zj = sumForm(columns, '征集调查');
  counted('互动交流', '征集调查 期数（期）', zj.list.length ? zj.count : null, zj.list.length ? columnsMethod(zj.list, '征集调查') : '网站未列出征集调查栏目，如有请填报', zj.sources);
  fill('互动交流', '征集调查 收到意见数量（条）', '征集调查承办处室的意见汇总');
  const ft = sumForm(columns, '在线访谈');
  counted('互动交流', '在线访谈 期数（期）', ft.list.length ? ft.count : null, ft.list.length ? columnsMethod(ft.list, '在线访谈') : '网站未列出在线访谈栏目，如有请填报', ft.sources);
  fill('互动交流', '在线访谈 网民留言数量（条）', '在线访谈系统后台');
  fill('互动交流', '在线访谈 答复网民提问数量（条）', '在线访谈系统后台');

  fill('办事服务', '是否发布服务事项目录', '政务服务平台的事项目录');
  fill('办事服务', '注册用户数（万）', '政务服务平台用户管理后台');
  fill('办事服务', '政务服务事项数量（项）', '政务服务平台事项管理系统');
  fill('办事服务', '可全程在线办理政务服务事项数量（项）', '政务服务平台事项管理系统');
  fill('办事服务', '办件量 总数（万件）', '政务服务平台办件统计');
  fill('办事服务', '办件量 自然人办件量（万件）', '政务服务平台办件统计');
  fill('办事服务', '办件量 法人办件量（万件）', '政务服务平台办件统计');

  const monitorDays = new Set<string>();
  const monitorSources: string[] = [];
  for (const scan of scans) {
    const availability = artifactOf<AvailabilityArtifact>(scan, 'availability');
    const days = (availability?.days ?? []).filter((d) => d.probes > 0 && inYear(d.date, year));
    if (days.length) monitorSources.push(scan.record.id);
    for (const d of days) monitorDays.add(d.date);
  }
  counted('安全防护', '安全检测评估次数（次）', scans.length + monitorDays.size, `本工具检查 ${scans.length} 次（${scans.map((s) => s.record.asOf).join('、')}）+ 可用性监测 ${monitorDays.size} 天（监测记录覆盖的日期）`, [...scans.map((s) => s.record.id)]);
  const counts = countOutcomes(problems);
  const found = problems.filter(isFoundProblem).length;
  counted('安全防护', '发现问题数量（个）', found, `各次检查发现的问题（单项否决、扣分、预警项；不含人工核查清单和误报），同一问题只计一次，加重的问题按加重后的指标计`, scans.map((s) => s.record.id));
  counted('安全防护', '问题整改数量（个）', counts.onTime + counts.late + counts.fixedNoDate, '此后的检查已不再发现的问题（按期、逾期和未填完成日期的合计）', scans.map((s) => s.record.id));
  fill('安全防护', '是否建立安全监测预警机制', '网站安全管理制度文件');
  fill('安全防护', '是否开展应急演练', '网站安全应急演练记录');

  const posts = yearPosts(scans, year);
  for (const a of posts) {
    counted('政务新媒体', `${a.name}（${platformName(a.platform)}） 信息发布量（条）`, a.posts, `合并各次检查读到的发文（${a.quarters.map(quarterName).join('、')}），${year} 年发布的去重计数；订阅源只提供最近若干条时可能偏少`, a.sources);
  }
  if (!posts.length) counted('政务新媒体', '名称', null, '配置中未列出政务新媒体账号', []);
  fill('政务新媒体', '关注量', '各平台账号后台');

  const entries = identity?.entries;
  const search = identity?.search;
  counted('创新发展', '搜索即服务（站内搜索）', search ? (search.form ? (search.works ? '有，检索可用' : '有，检索测试未通过') : '未发现') : null, search ? (search.reason ?? '首页搜索框及检索测试') : '该次检查未读取站内搜索', lastId);
  counted('创新发展', '多语言版本', entries ? (entries.languages.length ? entries.languages.map((l) => l.text).join('、') : '未发现') : null, entries ? '首页上指向外文版的链接' : '该次检查未记录首页入口，需填报', lastId);
  counted('创新发展', '无障碍浏览', entries ? (entries.accessibility ? `有（${entries.accessibility.text}）` : '未发现') : null, entries ? '首页上的无障碍入口' : '该次检查未记录首页入口，需填报', lastId);
  return rows;
}
