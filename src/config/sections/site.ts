import { z } from 'zod';

/** A regular expression written as a string; checked here so a typo fails as config, not mid-scan. */
export const pattern = z.string().refine(
  (source) => {
    try {
      new RegExp(source);
      return true;
    } catch {
      return false;
    }
  },
  { message: '不是有效的正则表达式' },
);

/** The site under inspection. Only `name` and `url` are required. */
export const siteSection = z
  .object({
    /** Site name as it appears in reports, e.g. 示例省生态环境厅. */
    name: z.string().min(1),
    /** Homepage URL; the crawl starts here. */
    url: z.url({ protocol: /^https?$/ }),
    /** Other hosts that count as the same site (e.g. a separate 信息公开 host). */
    extraHosts: z.array(z.string().min(1)).default([]),
    /** Regular expressions (as strings) a URL must match to be crawled; empty means all in scope. */
    include: z.array(pattern).default([]),
    /** Regular expressions (as strings) of URLs never to crawl. */
    exclude: z.array(pattern).default([]),
    /** Office answering for site-wide problems (links, identity, search) and for anything no route names. */
    office: z.string().default('信息中心'),
    /**
     * Identity of the site in the store (history, trend, triage). Default: the homepage host
     * with the scheme and a leading `www.` folded and a non-default port kept
     * (`https://www.example.gov.cn/` → `example.gov.cn`). Set it to keep one history across
     * a change of host or port.
     */
    id: z.string().min(1).optional(),
    /** Homepage URLs the site had before it moved: their scans count as this site's history. */
    previousUrls: z.array(z.url({ protocol: /^https?$/ })).default([]),
    /** Whether the department offers public services (办事服务); false applies the 75 × 4/3 rule. */
    publicServices: z.boolean().default(true),
  })
  .strict();
