import { z } from 'zod';

/** One 政务新媒体 account. Exactly one source (feed, page or export) is expected. */
export const newMediaAccount = z
  .object({
    /** Account name as shown on the platform. */
    name: z.string().min(1),
    platform: z.enum(['wechat', 'weibo', 'douyin', 'toutiao', 'bilibili', 'other']),
    /** RSS 2.0, Atom or JSON Feed URL (RSSHub, WeWe RSS ...). */
    feed: z.url().optional(),
    /** Office answering for the account. */
    office: z.string().default('宣教处'),
  })
  .strict();

export const newMediaSection = z.array(newMediaAccount).default([]);
