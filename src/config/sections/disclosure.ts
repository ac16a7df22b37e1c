import { z } from 'zod';

/** One row of a disclosure catalogue (主动公开目录); also the shape of `disclosure.extraItems`. */
export const catalogueItemSchema = z
  .object({
    id: z.string().min(1),
    /** Item name as the report shows it. */
    name: z.string().min(1),
    /** Column names and link texts that stand for the item (specific, not bare 名单). */
    keywords: z.array(z.string().min(1)).min(1),
    /** Office (处室) that answers for the item. */
    office: z.string().min(1),
    /** Expected update rhythm, in words (ongoing, monthly, yearly ...). */
    rhythm: z.string().default('ongoing'),
    /** Yearly edition to look for: last year's (`previous`) or this year's, due by MM-DD. */
    edition: z
      .object({ year: z.enum(['previous', 'current']), due: z.string().regex(/^\d{2}-\d{2}$/) })
      .strict()
      .optional(),
  })
  .strict();

export type CatalogueItem = z.infer<typeof catalogueItemSchema>;

const DEFAULT_ELEMENTS: Record<string, string[]> = {
  事项名称: ['事项名称', '项目名称', '服务事项'],
  设定依据: ['设定依据', '法律依据', '办理依据', '实施依据', '法定依据'],
  申请条件: ['申请条件', '受理条件', '办理条件', '申请人条件'],
  办理材料: ['办理材料', '申请材料', '申报材料', '提交材料', '材料目录'],
  办理地点: ['办理地点', '受理地点', '办公地点', '办理窗口'],
  办理机构: ['办理机构', '实施机关', '实施机构', '受理机构', '实施主体', '办理部门'],
  收费标准: ['收费标准', '收费依据', '是否收费', '收费情况'],
  办理时间: ['办理时间', '受理时间', '办公时间', '工作时间'],
  联系电话: ['联系电话', '咨询电话', '咨询方式', '监督电话'],
  办理流程: ['办理流程', '办事流程', '办理程序', '审批流程'],
};

const searchSection = z
  .object({
    enabled: z.boolean().default(true),
    /**
     * robots.txt is for crawlers; the search probe is one request a visitor makes, and the
     * indicators require the search to be tried, so by default it is sent even where
     * robots.txt disallows the search path (TRS sites list /was5/ there). Set true to obey.
     */
    respectRobots: z.boolean().default(false),
    /** Tried in order when the homepage has no search form; `{q}` is the query. */
    endpoints: z.array(z.string()).default(['/was5/web/search?searchword={q}', '/jrobotfront/search.action?q={q}', '/search?q={q}']),
    /** Text of a result page that says nothing was found. */
    noResultsPattern: z.string().default('没有找到|未找到|找到\\s*0\\s*条|共\\s*0\\s*条|无相关|暂无(相关)?(结果|信息|数据)|no results'),
  })
  .strict();

const interactionSection = z
  .object({
    /** Link texts of 咨询/留言 channels. */
    channelKeywords: z.array(z.string()).default(['咨询', '留言', '信箱', '建言', '问政', '在线访谈']),
    /** Texts that make a link not an interaction channel (信访 and 纪检举报 do not count). */
    excludeKeywords: z.array(z.string()).default(['信访', '纪检', '举报', '监察', '访谈实录']),
    /** A message older than this without a reply is a veto (indicators: 3 months). */
    unansweredDays: z.number().int().positive().default(90),
    /** Only messages asked within this many days before the scan count. */
    windowDays: z.number().int().positive().default(365),
    /** Reply column silent this long deducts (indicators: 2 months). */
    replyStaleDays: z.number().int().positive().default(60),
    /** Most message-list pages read per channel when following 下一页 links. */
    maxListPages: z.number().int().positive().default(20),
  })
  .strict();

const servicesSection = z
  .object({
    /** Title words of a service guide page. */
    guideKeywords: z.array(z.string()).default(['办事指南', '服务指南', '办理指南']),
    /** The ten key elements and the labels sites use for each. */
    elements: z.record(z.string(), z.array(z.string()).min(1)).default(DEFAULT_ELEMENTS),
    /** Elements only a 办事指南 has (not contact, time or place, which a 信息公开指南 shows too). */
    coreElements: z.array(z.string()).default(['设定依据', '申请条件', '办理材料', '办理流程', '收费标准']),
    /** Core elements shown as labels that make a page a guide without a guide title. */
    minCoreElements: z.number().int().positive().default(3),
    /** A guide missing at least this many key elements is a veto [open]; fewer deducts. */
    vetoMissingElements: z.number().int().positive().default(5),
  })
  .strict();

const interpretationSection = z
  .object({
    /** Column names of policy documents. */
    policyColumns: z.array(z.string()).default(['政策文件', '规范性文件', '厅发文件', '文件通知']),
    /** Column or title words of interpretations. */
    interpretationKeywords: z.array(z.string()).default(['政策解读', '解读', '图解']),
    /** Policy documents published within this many days need an interpretation. */
    windowDays: z.number().int().positive().default(365),
  })
  .strict();

/** Reconciling the department's document register (主动公开文件台账) with the site. */
const reconcileSection = z
  .object({
    /** Working days from 成文日期 to publication (政府信息公开条例第二十六条: 20). */
    limitWorkingDays: z.number().int().positive().default(20),
    /** A 规范性文件's 解读 is published within this many working days of it (三同步; 0 = the same day). */
    interpretationWorkingDays: z.number().int().nonnegative().default(3),
    /** Most site-search queries per scan (each opens up to 5 result pages). */
    maxSearches: z.number().int().nonnegative().default(40),
  })
  .strict();

/** Disclosure catalogue, identity, interaction, services and interpretation checks. */
export const disclosureSection = z
  .object({
    /** Catalogue: a bundled name (config/catalogues/<name>.yaml) or a path relative to the config file. */
    catalogue: z.string().min(1).default('ecology-environment'),
    /** Rows added to (or, by id, replacing) the catalogue's rows. */
    extraItems: z.array(catalogueItemSchema).default([]),
    /** Link text (regular expression) of the 政府信息公开 directory, searched first. */
    directoryPattern: z.string().default('^(政府)?信息公开(目录|专栏|平台|栏目)?$'),
    /**
     * Title words (regular expression) of a news report about an event (a training class, a
     * meeting): such a page mentions an item but is not where it is published, so it never
     * makes the item 已公开 — nor does an article of a news column (columns.classRules `news`).
     */
    reportTitlePattern: z.string().default('培训|会议|召开|举办|举行|开班|座谈|调研|部署|推进会|研讨|讲座|活动|督导|走访|宣讲|观摩'),
    /** Longest link text taken as a column name; longer texts are article titles. */
    maxLinkTextLength: z.number().int().positive().default(30),
    search: searchSection.default(searchSection.parse({})),
    interaction: interactionSection.default(interactionSection.parse({})),
    services: servicesSection.default(servicesSection.parse({})),
    interpretation: interpretationSection.default(interpretationSection.parse({})),
    /** The department's document register (.xlsx or .csv, path relative to the config file); none by default. */
    register: z.string().min(1).optional(),
    reconcile: reconcileSection.default(reconcileSection.parse({})),
  })
  .strict();

export type DisclosureConfig = z.infer<typeof disclosureSection>;
