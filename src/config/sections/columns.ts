import { z } from 'zod';

export const COLUMN_CATEGORIES = ['news', 'notice', 'policy', 'personnel', 'plan', 'other'] as const;
export type ColumnCategory = (typeof COLUMN_CATEGORIES)[number];

const category = z.enum(COLUMN_CATEGORIES);

/**
 * Keyword rules, tried in order; the first rule with a keyword contained in the column
 * name wins. Order matters: 解读 before 政策文件, 招录 before 公告. Replace the whole list
 * in config to change it.
 */
export const DEFAULT_CLASS_RULES: { category: ColumnCategory; keywords: string[] }[] = [
  { category: 'other', keywords: ['解读', '图解', '指南', '年报', '年度报告', '信箱', '留言', '咨询', '办事'] },
  { category: 'personnel', keywords: ['人事', '任免', '任职', '招录', '招考', '招聘', '录用'] },
  { category: 'policy', keywords: ['政策文件', '规范性文件', '法规', '规章', '厅发文件', '文件'] },
  { category: 'notice', keywords: ['通知', '公告', '公示', '通告'] },
  { category: 'plan', keywords: ['规划', '计划', '总结'] },
  { category: 'news', keywords: ['动态', '要闻', '新闻', '资讯', '快讯', '热点', '工作信息', '图片', '聚焦'] },
];

/** Texts CMS templates show in an empty list (TRS: 此栏目暂无任何新增信息). Matched as contained text. */
export const DEFAULT_BLANK_MARKERS = [
  '暂无信息',
  '暂无数据',
  '暂无内容',
  '没有记录',
  '正在建设中',
  '栏目建设中',
  '暂无相关信息',
  '无相关信息',
  '暂无任何新增信息',
  '暂无任何信息',
  '暂无新增信息',
  '暂无更新',
  '暂无记录',
  '暂无文章',
  '此栏目暂无',
  '本栏目暂无',
  '该栏目暂无',
];

const classRule = z.object({ category, keywords: z.array(z.string().min(1)).min(1) }).strict();

/** Selects a column by its URL (exact, after normalisation) or its name (exact). */
const columnMatch = z
  .object({ url: z.string().min(1).optional(), name: z.string().min(1).optional() })
  .strict()
  .refine((m) => m.url !== undefined || m.name !== undefined, { message: '需要 url 或 name' });

const override = z
  .object({
    match: columnMatch,
    /** Show the column under this name. */
    rename: z.string().min(1).optional(),
    /** Force the class (e.g. a 动态 column the rules miss). */
    category: category.optional(),
    /** Do not judge this column at all (e.g. an archive). */
    exclude: z.boolean().default(false),
    /** Responsible office (处室) for this column. */
    office: z.string().min(1).optional(),
  })
  .strict();

const addition = z
  .object({
    url: z.url({ protocol: /^https?$/ }),
    name: z.string().min(1).optional(),
    category: category.optional(),
    office: z.string().min(1).optional(),
  })
  .strict();

/** Column (栏目) discovery, classification and freshness rules. Numbers come from indicators.md. */
export const columnsSection = z
  .object({
    /** Freshness window in days per class; a class without a window is never stale (only blank is judged). */
    windows: z
      .object({
        news: z.number().int().positive().nullable().default(14),
        notice: z.number().int().positive().nullable().default(183),
        policy: z.number().int().positive().nullable().default(183),
        personnel: z.number().int().positive().nullable().default(365),
        plan: z.number().int().positive().nullable().default(365),
        other: z.number().int().positive().nullable().default(null),
      })
      .strict()
      .default({ news: 14, notice: 183, policy: 183, personnel: 365, plan: 365, other: null }),
    /** The homepage must show an item newer than this many days. */
    homepageWindowDays: z.number().int().positive().default(14),
    /** veto.columns-stale: any one line reached vetoes the site. */
    veto: z
      .object({
        /** (a) stale news + notice + policy columns counted together. */
        newsNoticePolicyStale: z.number().int().positive().default(5),
        /** (b) stale columns of any class with a window. */
        staleTotal: z.number().int().positive().default(10),
        /** (c) blank columns. */
        blank: z.number().int().positive().default(5),
      })
      .strict()
      .default({ newsNoticePolicyStale: 5, staleTotal: 10, blank: 5 }),
    /** Early warnings below the veto lines (a vendor practice; indicators.md). */
    warn: z
      .object({
        /** Homepage without a new item for this many days. */
        homepageDays: z.number().int().positive().default(10),
        /** Warn when blank columns are more than this. */
        blankMoreThan: z.number().int().nonnegative().default(2),
        /** Warn when stale columns (any class with a window) are more than this. */
        staleMoreThan: z.number().int().nonnegative().default(6),
      })
      .strict()
      .default({ homepageDays: 10, blankMoreThan: 2, staleMoreThan: 6 }),
    /** Keyword classification rules, tried in order; the first match wins; no match is `other`. */
    classRules: z.array(classRule).default(DEFAULT_CLASS_RULES),
    /** Texts that mark a column as blank when its list has no items. */
    blankMarkers: z.array(z.string().min(1)).default(DEFAULT_BLANK_MARKERS),
    /** Rename, reclassify, exclude or assign an office, by URL or name. */
    overrides: z.array(override).default([]),
    /** Columns to judge that discovery cannot reach (URL of the list page). */
    add: z.array(addition).default([]),
    /** Most list pages read per column when the first page is not enough. */
    maxListPages: z.number().int().positive().default(5),
    /**
     * List pages read per column to count the year's items for the annual report (paging until
     * items are older than 1 January); 0 turns the count off.
     */
    yearCountMaxPages: z.number().int().nonnegative().default(30),
    /** Newest items opened when a list shows no dates. */
    articleProbes: z.number().int().positive().default(3),
    /** Render in the browser a list page whose static list is empty but built by script. */
    renderScriptLists: z.boolean().default(true),
    /** Time limit (ms) for one browser render of a list page. */
    renderTimeoutMs: z.number().int().positive().default(15000),
  })
  .strict();

export type ColumnsConfig = z.infer<typeof columnsSection>;
