import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrawlArtifact } from '../../src/crawl/crawl-artifact.ts';
import type { FixtureServer } from '../../src/demo/fixture-server.ts';
import type { Finding } from '../../src/types.ts';
import { articlePage, govPage, hardeningConfig, listPage, scanSite, sendHtml, startExternal, startSite, type Route } from '../helpers/hardening-site.ts';

/**
 * "Not found" is a verdict only on a complete look. A small department site without 办事
 * and, in most variants, without any 留言 channel: read in full (or with a 404 page, which
 * was read), the absence vetoes fire; when the page that would hold the channel answers
 * 503 or never answers, or the page budget stops the crawl before it, they are 需人工核查
 * items that name what was searched for and why the look was incomplete.
 */
type Variant = 'none' | 'gone' | 'server-error' | 'timeout' | 'channel' | 'channel-capped';

const HOMEPAGE = govPage(
  '测试省生态环境厅',
  `<ul class="nav"><li><a href="/xwdt/">工作动态</a></li><li><a href="/tzgg/">通知公告</a></li><li><a href="/gzcy/">公众参与</a></li></ul>` +
    `<div class="news"><ul><li><a href="/xwdt/art_0.html">生态环境保护工作会议召开</a><span>2026-11-20</span></li></ul></div>`,
);
/** 公众参与 without a channel: a plain page about participation. */
const PARTICIPATION = govPage('公众参与_测试省生态环境厅', `<div class="crumb">首页 &gt; 公众参与</div><h2>公众参与</h2><p>欢迎社会各界关注生态环境保护工作。</p>`);
/** 公众参与 linking to a working 咨询留言 page (a form). */
const PARTICIPATION_WITH_CHANNEL = govPage('公众参与_测试省生态环境厅', `<div class="crumb">首页 &gt; 公众参与</div><h2>公众参与</h2><ul><li><a href="/gzcy/zxly/">咨询留言</a></li></ul>`);
const CHANNEL = govPage('咨询留言_测试省生态环境厅', `<h2>咨询留言</h2><form action="/gzcy/zxly/submit" method="post"><input name="title"><textarea name="content"></textarea><button>提交</button></form>`);

function participation(variant: Variant): Route {
  switch (variant) {
    case 'gone':
      return (_req, res) => sendHtml(res, govPage('404', '页面不存在'), 404);
    case 'server-error':
      return (_req, res) => sendHtml(res, govPage('503', 'Service Unavailable'), 503);
    case 'timeout':
      return () => undefined; // never answers; the socket is destroyed on stop()
    case 'channel':
    case 'channel-capped':
      return (_req, res) => sendHtml(res, PARTICIPATION_WITH_CHANNEL);
    default:
      return (_req, res) => sendHtml(res, PARTICIPATION);
  }
}

interface Run {
  findings: Finding[];
  coverage: { what: string; why: string }[];
  crawl: CrawlArtifact;
  stop(): Promise<void>;
}

async function scanVariant(variant: Variant): Promise<Run> {
  const external = await startExternal();
  const site: FixtureServer = await startSite(
    {
      '/': (_req, res) => sendHtml(res, HOMEPAGE),
      '/xwdt/': (_req, res) => sendHtml(res, listPage('工作动态', '/xwdt/')),
      '/tzgg/': (_req, res) => sendHtml(res, listPage('通知公告', '/tzgg/')),
      '/gzcy/': participation(variant),
      '/gzcy/zxly/': (_req, res) => sendHtml(res, CHANNEL),
    },
    { '/xwdt/art_': (_req, res) => sendHtml(res, articlePage('工作动态文章')), '/tzgg/art_': (_req, res) => sendHtml(res, articlePage('通知公告文章')) },
  );
  // The homepage, 工作动态 and 通知公告 fit the capped budget; 公众参与 comes next in the frontier.
  const crawl = { timeoutMs: variant === 'timeout' ? 1200 : 3000, ...(variant === 'channel-capped' ? { maxPages: 3 } : {}) };
  const scan = await scanSite(hardeningConfig(`${site.origin}/`, external.origin, { crawl }));
  return {
    findings: scan.outcome.findings.findings,
    coverage: scan.outcome.findings.coverage,
    crawl: scan.artifacts.crawl as CrawlArtifact,
    async stop() {
      await Promise.all([site.stop(), external.stop()]);
      await rm(scan.dir, { recursive: true, force: true });
    },
  };
}

const VARIANTS: Variant[] = ['none', 'gone', 'server-error', 'timeout', 'channel', 'channel-capped'];
const runs = {} as Record<Variant, Run>;
const of = (variant: Variant, indicator: string) => runs[variant].findings.filter((f) => f.indicator === indicator);
const keyed = (variant: Variant, key: string) => runs[variant].findings.filter((f) => f.key === key);

beforeAll(async () => {
  for (const v of VARIANTS) runs[v] = await scanVariant(v);
}, 120_000);
afterAll(() => Promise.all(VARIANTS.map((v) => runs[v]?.stop())));

describe('a complete look: the absence vetoes stand', () => {
  it.each(['none', 'gone'] as const)('%s: every page read (a 404 was read), nothing counted unread or capped', (v) => {
    expect(runs[v].crawl.unread).toEqual({ pages: 0, byReason: {}, samples: [] });
    expect(runs[v].crawl.limitSkipped).toEqual({ maxPages: 0, maxDepth: 0, maxRequests: 0 });
  });

  it.each(['none', 'gone'] as const)('%s: no channel and no 办事 are vetoes, not manual items', (v) => {
    expect(keyed(v, 'interaction:no-channel').map((f) => f.indicator)).toEqual(['veto.interaction-poor']);
    expect(keyed(v, 'services:none').map((f) => f.indicator)).toEqual(['veto.service-unusable']);
    expect(of(v, 'deduct.required-item-missing').length).toBeGreaterThan(0);
    expect(runs[v].findings.filter((f) => /unverified$/.test(f.indicator))).toEqual([]);
  });

  it('a channel found on a page the crawl read: no veto, no manual item, services still a veto', () => {
    expect(keyed('channel', 'interaction:no-channel')).toEqual([]);
    expect(of('channel', 'manual.interaction-unverified')).toEqual([]);
    expect(keyed('channel', 'services:none').map((f) => f.indicator)).toEqual(['veto.service-unusable']);
  });
});

describe('an incomplete look: absence is 需人工核查 with the reason', () => {
  it('records the unread page by reason: 503 as a server error, no answer as a timeout', () => {
    expect(runs['server-error'].crawl.unread).toMatchObject({ pages: 1, byReason: { 'server-error': 1 }, samples: [{ url: expect.stringMatching(/\/gzcy\/$/), reason: 'server-error', status: 503 }] });
    expect(runs.timeout.crawl.unread).toMatchObject({ pages: 1, byReason: { timeout: 1 }, samples: [{ url: expect.stringMatching(/\/gzcy\/$/), reason: 'timeout', status: null }] });
  });

  it.each([
    ['server-error', /本次检查有 1 个页面未能读取（服务器错误 1）：http:\/\/127\.0\.0\.1:\d+\/gzcy\/（HTTP 503）/],
    ['timeout', /本次检查有 1 个页面未能读取（超时 1）：http:\/\/127\.0\.0\.1:\d+\/gzcy\/（超时）/],
    ['channel-capped', /页面数量达到上限 crawl\.maxPages=3，有 \d+ 个页面未检查/],
  ] as const)('%s: no veto; manual items say what was searched for and why the look was incomplete', (v, reason) => {
    expect(of(v, 'veto.interaction-poor')).toEqual([]);
    expect(of(v, 'veto.service-unusable')).toEqual([]);
    const [channel] = keyed(v, 'interaction:no-channel');
    expect(channel).toMatchObject({ indicator: 'manual.interaction-unverified', severity: 'manual', title: '未找到在线咨询/留言渠道，需人工核查' });
    expect(channel.evidence).toContain('未找到带留言表单或公开留言的咨询、留言、信箱栏目');
    expect(channel.evidence).toMatch(reason);
    const [services] = keyed(v, 'services:none');
    expect(services).toMatchObject({ indicator: 'manual.service-unverified', title: '未找到办事服务，需人工核查' });
    expect(services.evidence).toMatch(reason);
  });

  it('required items not found are manual items, one for each deduction of the complete look', () => {
    const deductions = of('none', 'deduct.required-item-missing').map((f) => f.key).sort();
    for (const v of ['server-error', 'timeout', 'channel-capped'] as const) {
      expect(of(v, 'deduct.required-item-missing')).toEqual([]);
      const manual = of(v, 'manual.required-item-unverified');
      expect(manual.map((f) => f.key).sort()).toEqual(deductions);
      expect(manual.every((f) => f.title.endsWith('需人工核查') && f.evidence.includes('关键词：'))).toBe(true);
    }
  });

  it('the coverage section says how many pages could not be read, and why', () => {
    expect(runs['server-error'].coverage).toContainEqual({ what: '1 个页面未能读取', why: expect.stringContaining('服务器错误 1') });
    expect(runs.none.coverage.filter((c) => c.what.includes('未能读取'))).toEqual([]);
  });
});
