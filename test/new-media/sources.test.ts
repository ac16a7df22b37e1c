import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/load.ts';
import { HttpFetcher } from '../../src/crawl/http-fetcher.ts';
import { demoConfig } from '../../src/demo/demo-config.ts';
import { FIXTURES_DIR } from '../../src/demo/fixture-server.ts';
import { credentialsFor, scrub } from '../../src/new-media/credentials.ts';
import { readExport } from '../../src/new-media/export-source.ts';
import { readFeed, type FeedRequest } from '../../src/new-media/feed-source.ts';
import { postsFromHtml, readPage } from '../../src/new-media/page-source.ts';
import type { SourceResult } from '../../src/new-media/types.ts';
import { startFixtureSites, type FixtureSites } from '../helpers/fixture-scan.ts';

const TODAY = '2026-11-28';
const EXPORTS = path.join(FIXTURES_DIR, 'new-media');

let sites: FixtureSites;
let fetcher: HttpFetcher;

beforeAll(async () => {
  sites = await startFixtureSites();
  const config = validateConfig(demoConfig(sites.site.origin, sites.external.origin));
  fetcher = new HttpFetcher({ crawl: { ...config.crawl, timeoutMs: 3000, retries: 0 }, userAgent: 'gov-inspector-test' });
});
afterAll(async () => {
  await fetcher?.close();
  await sites?.stop();
});

const feed = (p: string, extra: Partial<FeedRequest> = {}) => readFeed(fetcher, { url: `${sites.site.origin}${p}`, headers: {}, credentialNames: [], secrets: [], today: TODAY, ...extra });

function failed(result: SourceResult) {
  if (result.ok) throw new Error(`expected a failure, got ${result.posts.length} posts`);
  return result;
}

describe('feeds over real HTTP', () => {
  it('reads WeWe RSS (RSS 2.0) with China dates, links and body links', async () => {
    const r = await feed('/feeds/wechat.xml');
    if (!r.ok) throw new Error(r.reason);
    expect(r.format).toBe('rss');
    expect(r.title).toBe('示例生态环境');
    expect(r.posts).toHaveLength(14);
    expect(r.posts[0]).toMatchObject({ date: '2026-11-27', title: '【生态环境】全省11月空气质量持续向好', url: `${sites.external.origin}/newmedia/post.html?biz=wechat&id=Wx001` });
    expect(r.posts[1].links).toEqual([`${sites.external.origin}/newmedia/deleted-post.html`]);
  });

  it('reads Atom and JSON Feed', async () => {
    const atom = await feed('/feeds/weibo.atom');
    const json = await feed('/feeds/douyin.json');
    if (!atom.ok || !json.ok) throw new Error('feed failed');
    expect([atom.format, atom.posts.length, atom.posts[0].date]).toEqual(['atom', 4, '2026-11-02']);
    expect([json.format, json.posts.length, json.posts[0].date]).toEqual(['json', 5, '2026-11-14']);
  });

  it('detects a comments link in RSS as an interaction function', async () => {
    const r = await feed('/feeds/over-the-line.xml');
    if (!r.ok) throw new Error(r.reason);
    expect(r.interaction.map((i) => i.kind)).toEqual(['comments']);
    expect(r.posts[0].date).toBe('2026-11-13');
  });

  it('404 is cannot verify with what to fix', async () => {
    const r = failed(await feed('/feeds/missing.xml'));
    expect(r.kind).toBe('http');
    expect(r.reason).toMatch(/^订阅源不存在（HTTP 404）：请核对地址/);
  });

  it('a hanging feed times out instead of hanging the scan', async () => {
    const started = Date.now();
    const r = failed(await feed('/feeds/wechat.xml?hang=1', { timeoutMs: 500 }));
    expect(r.kind).toBe('timeout');
    expect(r.reason).toMatch(/请求超时未响应/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('malformed XML is cannot verify, not stale', async () => {
    const r = failed(await feed('/feeds/malformed.xml'));
    expect(r.kind).toBe('malformed');
    expect(r.reason).toMatch(/^订阅源格式错误，无法解析/);
  });

  it('an HTML login page instead of a feed means the login expired', async () => {
    const r = failed(await feed('/feeds/expired-login.html', { credentialNames: ['WEIBO_COOKIE'] }));
    expect(r.kind).toBe('not-feed');
    expect(r.reason).toContain('订阅源返回的是网页「登录 - 订阅服务」而不是 RSS/Atom/JSON Feed');
    expect(r.reason).toContain('环境变量 WEIBO_COOKIE');
  });

  it('a feed URL answering HTML with a feed content type is still caught', async () => {
    const r = failed(await feed('/feeds/expired-login.html?type=application/rss%2Bxml'));
    expect(r.kind).toBe('not-feed');
  });

  it('401 / 403 ask for fresh credentials', async () => {
    const r401 = failed(await feed('/feeds/wechat.xml?status=401', { credentialNames: ['WEWE_TOKEN'] }));
    const r403 = failed(await feed('/feeds/wechat.xml?status=403'));
    expect([r401.kind, r403.kind]).toEqual(['auth', 'auth']);
    expect(r401.reason).toMatch(/拒绝访问（HTTP 401）：登录凭证可能已过期.*环境变量 WEWE_TOKEN/);
    expect(r403.reason).toContain('该账号未配置凭证');
  });

  it('a feed without items is cannot verify', async () => {
    const r = failed(await feed('/feeds/empty.xml'));
    expect(r.kind).toBe('empty');
    expect(r.reason).toMatch(/^订阅源中没有任何内容/);
  });

  it('a refused connection is cannot verify', async () => {
    const r = failed(await readFeed(fetcher, { url: 'http://127.0.0.1:1/feed.xml', headers: {}, credentialNames: [], secrets: [], today: TODAY }));
    expect(r.kind).toBe('network');
    expect(r.reason).toMatch(/连接被拒绝/);
  });
});

describe('back-office exports', () => {
  it('reads a CSV export with Chinese headers, quotes and counts', async () => {
    const r = await readExport('video-export.csv', EXPORTS, TODAY);
    if (!r.ok) throw new Error(r.reason);
    expect(r.format).toBe('csv');
    expect(r.posts.map((p) => p.date)).toEqual(['2026-11-25', '2026-11-18', '2026-11-02', '2026-10-15', '2026-09-10']);
    expect(r.posts[1]).toMatchObject({ title: '走进污水处理厂，看"一滴水"的旅程', comments: 14, replies: 3, url: 'https://www.bilibili.example/video/BV2' });
    expect(r.interaction[0].evidence).toBe('导出记录中 5 条内容有评论/留言，4 条有回复');
  });

  it('reads a JSON export with mixed date styles', async () => {
    const r = await readExport(path.join(EXPORTS, 'posts-export.json'), '/', TODAY);
    if (!r.ok) throw new Error(r.reason);
    expect(r.posts.map((p) => p.date)).toEqual(['2026-11-27', '2026-11-13', '2026-10-30']);
  });

  it('reads a GBK-encoded CSV as Chinese back offices save it', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const os = await import('node:os');
    const iconv = (await import('iconv-lite')).default;
    const dir = await mkdtemp(path.join(os.tmpdir(), 'nm-export-'));
    await writeFile(path.join(dir, 'gbk.csv'), iconv.encode('发布时间,标题,评论数\r\n2026/11/21 08:00,环保设施向公众开放,6\r\n', 'gbk'));
    const r = await readExport('gbk.csv', dir, TODAY);
    if (!r.ok) throw new Error(r.reason);
    expect(r.posts).toEqual([{ date: '2026-11-21', title: '环保设施向公众开放', url: null, text: '', comments: 6, replies: null, links: [] }]);
  });

  it('an empty export or a missing file is cannot verify', async () => {
    const empty = failed(await readExport('empty-export.csv', EXPORTS, TODAY));
    const missing = failed(await readExport('no-such-export.csv', EXPORTS, TODAY));
    expect(empty.kind).toBe('empty');
    expect(empty.reason).toMatch(/没有任何记录/);
    expect(missing.kind).toBe('missing-file');
    expect(missing.reason).toContain(path.join(EXPORTS, 'no-such-export.csv'));
  });
});

describe('credentials', () => {
  it('reads named variables and reports a missing one by name only', () => {
    const ok = credentialsFor({ cookieEnv: 'C', tokenEnv: 'T' }, { C: 'sid=abcdef', T: 'Bearer xyz123' });
    expect(ok).toEqual({ ok: true, headers: { cookie: 'sid=abcdef', authorization: 'Bearer xyz123' }, secrets: ['sid=abcdef', 'Bearer xyz123'] });
    const missing = credentialsFor({ cookieEnv: 'NM_NOT_SET_ANYWHERE' }, {});
    expect(missing).toEqual({ ok: false, reason: expect.stringContaining('环境变量 NM_NOT_SET_ANYWHERE 未设置或为空') });
  });

  it('scrubs secret values and cookie parts from messages', () => {
    expect(scrub('server said sid=abcdef and abcdef', ['sid=abcdef'])).toBe('server said *** and ***');
  });
});

describe('account pages', () => {
  it('without a browser the account is cannot verify with the reason', async () => {
    const r = failed(
      await readPage({ get: async () => ({ ok: false, reason: '已通过 --no-browser 关闭浏览器检查' }), close: async () => {} }, {
        url: `${sites.site.origin}/feeds/toutiao.html`,
        headers: {},
        credentialNames: [],
        secrets: [],
        timeoutMs: 5000,
        selectors: { item: '[data-post], li' },
        today: TODAY,
      }),
    );
    expect(r.kind).toBe('browser');
    expect(r.reason).toContain('已通过 --no-browser 关闭浏览器检查');
  });

  it('reads posts from rendered markup, preferring precise item selectors over navigation lists', () => {
    const html = `<ul><li><a href="/a">首页</a></li><li><a href="/b">关于</a></li></ul>
      <div data-post="1"><a href="/p/1">第一篇</a><span class="time">2026-11-26 19:30</span> 评论 12</div>
      <div data-post="2"><h3>第二篇</h3><span>3天前</span></div>`;
    const posts = postsFromHtml(html, 'http://127.0.0.1/acct', { item: '[data-post], article, li' }, TODAY);
    expect(posts.map((p) => [p.title, p.date, p.comments, p.url])).toEqual([
      ['第一篇', '2026-11-26', 12, 'http://127.0.0.1/p/1'],
      ['第二篇', '2026-11-25', null, null],
    ]);
  });
});
