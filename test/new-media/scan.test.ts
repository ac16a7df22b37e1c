import { readdir, readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../../src/browser/find-browser.ts';
import { demoNewMedia } from '../../src/demo/demo-config.ts';
import { DEMO_SITE_DIR, EXTERNAL_SITE_DIR, FIXTURES_DIR, FixtureServer } from '../../src/demo/fixture-server.ts';
import type { NewMediaSummary } from '../../src/new-media/summarize.ts';
import { scanFixture, type FixtureScan, type FixtureSites } from '../helpers/fixture-scan.ts';

const COOKIE = 'wewe_session=S3cr3tC00kieValue42; uid=9981';
const TOKEN = 'Bearer T0kenSecretValue77';
const browser = findBrowser();
const browserMissing = !browser.ok && !process.env.REQUIRE_BROWSER;

/** A feed behind a login, as WeWe RSS / RSSHub with cookies: the right cookie gets the feed, else the login page. */
function authRoutes(external: () => string) {
  const rss = () => `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>需登录的订阅</title>
    <item><title>登录后可见的文章</title><link>${external()}/newmedia/post.html?biz=auth&amp;id=1</link><pubDate>Thu, 26 Nov 2026 02:00:00 GMT</pubDate></item></channel></rss>`;
  return {
    '/auth/feed.xml': (req: IncomingMessage, res: ServerResponse) => {
      if (req.headers.cookie === COOKIE) {
        res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
        return void res.end(rss());
      }
      res.writeHead(302, { location: '/feeds/expired-login.html' });
      res.end();
    },
    '/auth/feed.json': (req: IncomingMessage, res: ServerResponse) => {
      if (req.headers.authorization === TOKEN) {
        res.writeHead(200, { 'content-type': 'application/feed+json' });
        return void res.end(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 't', items: [{ id: '1', title: '令牌订阅', date_published: '2026-11-27T08:00:00+08:00' }] }));
      }
      res.writeHead(401, { 'content-type': 'text/plain' });
      res.end('unauthorized');
    },
  };
}

async function startSites(): Promise<FixtureSites> {
  const external = new FixtureServer({ root: EXTERNAL_SITE_DIR, host: '127.0.0.2' });
  await external.start();
  const site = new FixtureServer({ root: DEMO_SITE_DIR, externalOrigin: external.origin, routes: authRoutes(() => external.origin) });
  await site.start();
  return { site, external, stop: async () => void (await Promise.all([site.stop(), external.stop()])) };
}

describe('new-media accounts in a full scan of the demo site', () => {
  let scan: FixtureScan;
  let byName: Map<string, NewMediaSummary>;
  const account = (name: string) => {
    const a = byName.get(name);
    if (!a) throw new Error(`no account ${name}: ${[...byName.keys()].join(', ')}`);
    return a;
  };

  beforeAll(async () => {
    process.env.NM_TEST_COOKIE = COOKIE;
    process.env.NM_TEST_COOKIE_OLD = 'wewe_session=ExpiredValue0001';
    process.env.NM_TEST_TOKEN = TOKEN;
    delete process.env.NM_TEST_UNSET;
    const sites = await startSites();
    scan = await scanFixture({
      sites,
      config: ({ site }) => ({
        // A few pages of the site are enough: this file is about the accounts, read after the crawl.
        // A generous time limit keeps a loaded CI machine from turning a slow 404 into a timeout.
        crawl: { timeoutMs: 8000, maxPages: 5 },
        // Keep the other browser work small: this file is about new-media accounts.
        browser: { loopbackOnly: true, maxPages: 1, lighthouse: false, screenshots: false },
        report: { formats: ['html'] },
        newMedia: [
          ...demoNewMedia(site.origin),
          { name: '超线一天', platform: 'weibo', feed: `${site.origin}/feeds/over-the-line.xml` },
          { name: '订阅404', platform: 'weibo', feed: `${site.origin}/feeds/missing.xml` },
          { name: '订阅无响应', platform: 'weibo', feed: `${site.origin}/feeds/wechat.xml?hang=1`, timeoutMs: 800 },
          { name: '订阅格式错误', platform: 'wechat', feed: `${site.origin}/feeds/malformed.xml` },
          { name: '订阅403', platform: 'weibo', feed: `${site.origin}/feeds/wechat.xml?status=403`, cookieEnv: 'NM_TEST_COOKIE_OLD' },
          { name: '订阅为空', platform: 'other', feed: `${site.origin}/feeds/empty.xml` },
          { name: 'Cookie有效', platform: 'wechat', feed: `${site.origin}/auth/feed.xml`, cookieEnv: 'NM_TEST_COOKIE', interaction: ['menu'] },
          { name: 'Cookie过期', platform: 'wechat', feed: `${site.origin}/auth/feed.xml`, cookieEnv: 'NM_TEST_COOKIE_OLD' },
          { name: '令牌有效', platform: 'douyin', feed: `${site.origin}/auth/feed.json`, tokenEnv: 'NM_TEST_TOKEN', interaction: ['comments'] },
          { name: '缺少环境变量', platform: 'weibo', feed: `${site.origin}/feeds/weibo.atom`, cookieEnv: 'NM_TEST_UNSET' },
          { name: '导出为空', platform: 'other', export: path.join(FIXTURES_DIR, 'new-media', 'empty-export.csv') },
          { name: 'JSON导出无互动', platform: 'other', export: path.join(FIXTURES_DIR, 'new-media', 'posts-export.json'), interaction: [], checkLinks: false },
        ],
      }),
    });
    byName = new Map(scan.findings.newMedia.map((a) => [a.platform === 'wechat' || a.platform === 'weibo' || a.platform === 'douyin' || a.platform === 'toutiao' || a.platform === 'bilibili' ? `${a.name}/${a.platform}` : a.name, a as NewMediaSummary]));
    for (const a of scan.findings.newMedia) byName.set(a.name, a as NewMediaSummary);
  }, 540_000);
  afterAll(() => scan?.cleanup());

  it('judges the three feed formats: fresh RSS, stale Atom, JSON Feed exactly on the line', () => {
    expect(account('示例生态环境/wechat')).toMatchObject({ status: 'ok', stale: false, latestPostDate: '2026-11-27', daysSinceLatest: 1, postsByWindow: { '14': 4, '30': 7, '90': 13 }, postsInWindow: 13, error: null, format: 'rss' });
    expect(account('示例生态环境/weibo')).toMatchObject({ status: 'stale', stale: true, latestPostDate: '2026-11-02', daysSinceLatest: 26, postsByWindow: { '14': 0, '30': 1, '90': 4 }, format: 'atom' });
    // 2026-11-13T16:30Z is 2026-11-14 00:30 in China: 14 days before the check, not over the line.
    expect(account('示例生态环境/douyin')).toMatchObject({ status: 'warning', stale: false, latestPostDate: '2026-11-14', daysSinceLatest: 14, postsByWindow: { '14': 1, '30': 2, '90': 5 }, format: 'json' });
    expect(account('超线一天')).toMatchObject({ status: 'stale', stale: true, latestPostDate: '2026-11-13', daysSinceLatest: 15 });
  });

  it('reads the back-office CSV export', () => {
    expect(account('示例生态环境/bilibili')).toMatchObject({ status: 'ok', latestPostDate: '2026-11-25', postsByWindow: { '14': 2, '30': 3, '90': 5 }, format: 'csv' });
    expect(account('示例生态环境/bilibili').interaction).toMatchObject({ declared: null, ok: true });
  });

  it.skipIf(browserMissing)(`reads the script-built account page in the browser${browserMissing ? ' (skipped: no browser found)' : ''}`, () => {
    const page = account('示例生态环境/toutiao');
    expect(page).toMatchObject({ status: 'ok', format: 'page', latestPostDate: '2026-11-26', daysSinceLatest: 2, postsByWindow: { '14': 2, '30': 3, '90': 5 } });
    expect(page.interaction.detected.map((d) => d.kind).sort()).toEqual(['comments', 'message']);
  });

  it('every broken source is cannot verify with a reason, never stale', () => {
    const expected: Record<string, RegExp> = {
      示例环境监测: /订阅源返回的是网页「登录 - 订阅服务」/,
      订阅404: /订阅源不存在（HTTP 404）/,
      订阅无响应: /请求超时未响应/,
      订阅格式错误: /订阅源格式错误，无法解析/,
      订阅403: /拒绝访问（HTTP 403）：登录凭证可能已过期.*NM_TEST_COOKIE_OLD/,
      订阅为空: /订阅源中没有任何内容/,
      Cookie过期: /已被跳转到 .*\/feeds\/expired-login\.html.*登录凭证可能已过期/,
      缺少环境变量: /环境变量 NM_TEST_UNSET 未设置或为空/,
      导出为空: /没有任何记录/,
    };
    for (const [name, reason] of Object.entries(expected)) {
      const a = account(name);
      expect({ name, status: a.status, stale: a.stale, latest: a.latestPostDate, posts: a.postsInWindow }).toEqual({ name, status: 'cannot-verify', stale: null, latest: null, posts: null });
      expect(a.error).toMatch(reason);
    }
  });

  it('sends the configured cookie and token, and a valid one reads the feed', () => {
    expect(account('Cookie有效')).toMatchObject({ status: 'ok', latestPostDate: '2026-11-26' });
    expect(account('令牌有效')).toMatchObject({ status: 'ok', latestPostDate: '2026-11-27' });
  });

  it('never writes a cookie or token value into findings, artifacts or reports', async () => {
    const files: string[] = [];
    const walk = async (dir: string) => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else files.push(full);
      }
    };
    await walk(scan.scanDir);
    expect(files.some((f) => f.endsWith('findings.json'))).toBe(true);
    for (const file of files) {
      if (/\.(png|jpe?g|webp)$/.test(file)) continue;
      const text = await readFile(file, 'utf8');
      for (const secret of ['S3cr3tC00kieValue42', 'T0kenSecretValue77', 'ExpiredValue0001']) expect(text.includes(secret), `${secret} in ${file}`).toBe(false);
    }
  });

  it('maps problems to the new-media indicators', () => {
    const nm = scan.findings.findings.filter((f) => f.check === 'new-media');
    const of = (indicator: string) => nm.filter((f) => f.indicator === indicator).map((f) => f.title);
    expect(of('veto.newmedia-stale').sort()).toEqual(['「示例生态环境」（微博）超过 14 天未更新', '「超线一天」（微博）超过 14 天未更新']);
    expect(nm.find((f) => f.indicator === 'veto.newmedia-stale')?.severity).toBe('veto');
    expect(of('warn.newmedia-stale-soon')).toEqual(['「示例生态环境」（抖音）已 14 天未更新，临近 14 天否决线']);
    expect(of('veto.newmedia-no-interaction')).toEqual(['「JSON导出无互动」（新媒体）未提供互动功能']);
    // Sources that could not be read and undeclared interaction are the tool's setup:
    // technical notes for the information center, not problems of an office.
    const notes = (indicator: string) => (scan.findings.technicalNotes ?? []).filter((n) => n.indicator === indicator).map((n) => n.title);
    expect(of('warn.newmedia-unverifiable')).toEqual([]);
    expect(notes('warn.newmedia-unverifiable')).toHaveLength(9);
    // The douyin feed shows no comments and nothing is declared: a person must confirm.
    expect(notes('warn.newmedia-interaction-unverified')).toContain('「示例生态环境」（抖音）的互动功能无法自动确认');
  });

  it('checks post links once each and reports the broken one', () => {
    const wechat = account('示例生态环境/wechat');
    expect(wechat.linksChecked).toBe(14);
    expect(wechat.brokenLinks.map((l) => [l.url.replace(scan.sites.external.origin, 'EXT'), l.status])).toEqual([['EXT/newmedia/deleted-post.html', 404]]);
    const broken = scan.findings.findings.filter((f) => f.indicator === 'deduct.newmedia-links-broken');
    expect(broken).toHaveLength(1);
    expect(broken[0]).toMatchObject({ severity: 'deduct', points: 0.5, office: '宣教处' });
    expect(scan.sites.external.requests(/^\/newmedia\/deleted-post\.html/).length).toBeLessThanOrEqual(2); // HEAD, then GET
  });

  it('applies the 错敏词 lexicon to post titles', () => {
    const hits = account('示例生态环境/wechat').contentIssues;
    expect(hits.map((h) => [h.term, h.correct, h.postDate, h.field])).toEqual([['国务院办工厅', '国务院办公厅', '2026-11-20', 'title']]);
    const finding = scan.findings.findings.find((f) => f.indicator === 'deduct.newmedia-content-error');
    expect(finding).toMatchObject({ severity: 'deduct', points: 1 });
  });

  it('renders a section per account with a weekly SVG chart in the HTML report', async () => {
    const file = scan.outcome.files.find((f) => f.endsWith('.html') && !/notice|ledger/.test(path.basename(f)));
    expect(file).toBeDefined();
    const html = await readFile(file!, 'utf8');
    expect(html).toMatch(/<h2 id="new-media-title">[^<]*政务新媒体<\/h2>/);
    expect(html.match(/class="new-media-account"/g)).toHaveLength(scan.findings.newMedia.length);
    expect(html).toContain('「示例生态环境」（微信公众号）近 13 周每周发布数（共 13 条）：1、0、1、0、1、1、1、1、1、1、1、2、2');
    expect(html).toContain('订阅源不存在（HTTP 404）');
    expect(html).not.toMatch(/<script/i);
  });
});
