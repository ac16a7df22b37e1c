import { z } from 'zod';

/** Names of environment variables only: the secret values themselves never enter the config. */
const envName = z.string().refine((v) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(v), { message: '应为环境变量名（字母、数字、下划线），不要直接填写 Cookie 或令牌的值' });

/** Interaction functions an account can offer: 自定义菜单, 评论, 私信/留言. */
export const interactionKinds = ['menu', 'comments', 'message'] as const;
export type InteractionKind = (typeof interactionKinds)[number];

/** Post elements tried in order on an account page; the first that yields dated posts wins. */
export const DEFAULT_POST_SELECTOR = '[data-post], article, .post, .feed-item, li';

/** Where a rendered account page keeps its posts. Defaults are heuristics that fit common list markup. */
const pageSelectors = z
  .object({
    /** One element per post. */
    item: z.string().min(1).default(DEFAULT_POST_SELECTOR),
    /** Element holding the title inside a post (else the first link or heading). */
    title: z.string().min(1).optional(),
    /** Element holding the date (its `datetime`/`data-date` attribute or text); else any date in the post's text. */
    date: z.string().min(1).optional(),
    /** Link to the post (else the first link). */
    link: z.string().min(1).optional(),
    /** Element holding the comment count. */
    comments: z.string().min(1).optional(),
  })
  .strict();

const SOURCES = ['feed', 'page', 'export'] as const;

/** One 政务新媒体 account. Exactly one source (feed, page or export) is expected. */
export const newMediaAccount = z
  .object({
    /** Account name as shown on the platform. */
    name: z.string().min(1),
    platform: z.enum(['wechat', 'weibo', 'douyin', 'toutiao', 'bilibili', 'other']),
    /** Office answering for the account. */
    office: z.string().default('宣教处'),
    /** The account's public address, linked from the report (optional). */
    url: z.url().optional(),
    /** RSS 2.0, Atom or JSON Feed URL (RSSHub, WeWe RSS ...). */
    feed: z.url().optional(),
    /** Account page opened in the browser (its post list is built by scripts). */
    page: z.url().optional(),
    /** CSV or JSON export from the platform's back office (date, title, url, comments, replies); relative to the config file. */
    export: z.string().min(1).optional(),
    /** Environment variable holding the Cookie header sent with the feed or page request. */
    cookieEnv: envName.optional(),
    /** Environment variable holding the Authorization header value (e.g. `Bearer ...`). */
    tokenEnv: envName.optional(),
    /**
     * Interaction functions the account offers, as declared by the office (an empty list
     * declares none: the no-interaction veto). Absent: detected from the source when possible.
     */
    interaction: z.array(z.enum(interactionKinds)).optional(),
    /** No post for more than this many days before the check: veto (国办秘函〔2019〕19号: 2 weeks). */
    staleDays: z.number().int().positive().default(14),
    /** Early warning after this many days without a post (local rules: 10 days). */
    warnDays: z.number().int().positive().default(10),
    /** Windows (days before the check) posts are counted in; the longest is the contract's postsInWindow. */
    windows: z.array(z.number().int().positive()).min(1).default([14, 30, 90]),
    /** Check the links of posts in the longest window (each link once per scan). */
    checkLinks: z.boolean().default(true),
    /** Most post links checked per account. */
    maxLinkChecks: z.number().int().nonnegative().default(100),
    /** Time limit (ms) for the feed or page; default the crawl's timeoutMs. */
    timeoutMs: z.number().int().positive().optional(),
    /** Where the rendered page keeps its posts (page source only). */
    selectors: pageSelectors.optional(),
  })
  .strict()
  .superRefine((account, ctx) => {
    const given = SOURCES.filter((key) => account[key] !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message:
          given.length === 0
            ? `账号「${account.name}」缺少内容来源：请填写 feed（订阅源网址）、page（账号页面网址）或 export（后台导出文件路径）中的一项`
            : `账号「${account.name}」只能有一个内容来源，现同时填写了 ${given.join('、')}：请只保留其中一项`,
      });
    }
    if (account.selectors && account.page === undefined) {
      ctx.addIssue({ code: 'custom', path: ['selectors'], message: 'selectors 只适用于 page（账号页面）来源' });
    }
    if (account.warnDays >= account.staleDays) {
      ctx.addIssue({ code: 'custom', path: ['warnDays'], message: `预警天数应小于否决天数 staleDays（${account.staleDays}）` });
    }
  });

export type NewMediaAccount = z.infer<typeof newMediaAccount>;

export const newMediaSection = z.array(newMediaAccount).default([]);
