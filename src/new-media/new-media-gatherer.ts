import { DEFAULT_POST_SELECTOR, type NewMediaAccount } from '../config/sections/new-media.ts';
import { addDays, chinaDate } from '../dates.ts';
import type { Lexicon } from '../content-safety/lexicon.ts';
import { loadPostLexicon, matchPosts } from './content-check.ts';
import { credentialsFor, scrub } from './credentials.ts';
import { readExport } from './export-source.ts';
import { readFeed } from './feed-source.ts';
import { PostLinkChecker } from './link-check.ts';
import { readPage } from './page-source.ts';
import type { AccountCapture, PostLinkFailure, SourceResult } from './types.ts';
import type { GatherContext, Gatherer } from '../gather/types.ts';
import type { NewMediaArtifact } from './types.ts';

function sourceOf(account: NewMediaAccount): AccountCapture['source'] {
  if (account.feed) return { kind: 'feed', location: account.feed };
  if (account.page) return { kind: 'page', location: account.page };
  return { kind: 'export', location: account.export ?? '' };
}

async function readSource(account: NewMediaAccount, ctx: GatherContext, today: string): Promise<SourceResult> {
  if (account.export !== undefined) return readExport(account.export, ctx.baseDir, today);
  const credentials = credentialsFor(account);
  if (!credentials.ok) return { ok: false, kind: 'missing-env', reason: credentials.reason };
  const credentialNames = [account.cookieEnv, account.tokenEnv].filter((n): n is string => !!n);
  const common = { headers: credentials.headers, credentialNames, secrets: credentials.secrets, today };
  if (account.feed) return readFeed(ctx.fetcher, { ...common, url: account.feed, timeoutMs: account.timeoutMs });
  const selectors = account.selectors ?? { item: DEFAULT_POST_SELECTOR };
  // Rendering takes longer than one request: allow at least 10 s unless the account says otherwise.
  const timeoutMs = account.timeoutMs ?? Math.max(ctx.config.crawl.timeoutMs, 10_000);
  return readPage(ctx.browser, { ...common, url: account.page!, timeoutMs, selectors });
}

/** Posts the account is judged on: dated within the longest window before the check date. */
function postsInScope(account: NewMediaAccount, result: SourceResult, asOf: string) {
  if (!result.ok) return [];
  const since = addDays(asOf, -Math.max(...account.windows));
  return result.posts.filter((p) => p.date !== null && p.date >= since && p.date <= asOf);
}

/** Checks the links of posts in the longest window, each once per scan, up to the account's limit. */
async function checkLinks(account: NewMediaAccount, result: SourceResult, checker: PostLinkChecker, asOf: string): Promise<{ checked: number; failures: PostLinkFailure[] }> {
  if (!account.checkLinks) return { checked: 0, failures: [] };
  const targets = new Map<string, string>();
  for (const post of postsInScope(account, result, asOf)) {
    for (const url of [post.url, ...post.links]) if (url && !targets.has(url)) targets.set(url, post.url ?? post.title);
  }
  const chosen = [...targets].slice(0, account.maxLinkChecks);
  const outcomes = await Promise.all(chosen.map(([url]) => checker.check(url)));
  const failures = chosen.flatMap(([url, post], i) => {
    const o = outcomes[i];
    return o.verdict === 'ok' ? [] : [{ url, post, status: o.status, error: o.error, verdict: o.verdict }];
  });
  return { checked: chosen.length, failures };
}

export const newMediaGatherer: Gatherer<NewMediaArtifact> = {
  name: 'newMedia',
  async finish(ctx) {
    const accounts = ctx.config.newMedia;
    if (accounts.length === 0) return { accounts: [] };
    ctx.emit({ type: 'phase', phase: 'new-media', detail: `${accounts.length} 个政务新媒体账号` });
    const checker = new PostLinkChecker(ctx.fetcher);
    // The date relative dates on account pages ("3天前") count from: today, in China time.
    const today = chinaDate();
    let lexicon: Lexicon | null = null;
    let contentSkipped: string | null = null;
    try {
      lexicon = await loadPostLexicon(ctx.config, ctx.baseDir);
    } catch (err) {
      contentSkipped = `错敏词库无法加载：${(err as Error).message}`;
    }
    const captures = await Promise.all(
      accounts.map(async (account): Promise<AccountCapture> => {
        const readAt = new Date().toISOString();
        let result: SourceResult;
        try {
          result = await readSource(account, ctx, today);
        } catch (err) {
          // A source must fail as "cannot verify", never sink the other accounts.
          const secrets = credentialsFor(account);
          result = { ok: false, kind: 'network', reason: `读取来源时出错：${scrub((err as Error).message, secrets.ok ? secrets.secrets : [])}` };
        }
        const links = await checkLinks(account, result, checker, ctx.asOf);
        const contentHits = lexicon ? matchPosts(postsInScope(account, result, ctx.asOf), lexicon) : [];
        return {
          name: account.name,
          platform: account.platform,
          office: account.office,
          url: account.url ?? null,
          source: sourceOf(account),
          declaredInteraction: account.interaction ?? null,
          settings: { staleDays: account.staleDays, warnDays: account.warnDays, windows: account.windows },
          readAt,
          result,
          linksChecked: links.checked,
          linkFailures: links.failures,
          contentHits,
          contentSkipped: result.ok ? contentSkipped : null,
        };
      }),
    );
    return { accounts: captures };
  },
};
