import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { formatSummary } from '../../src/cli/summary.ts';
import type { FindingsJson } from '../../src/report/findings-json.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrawlArtifact } from '../../src/crawl/crawl-artifact.ts';
import type { FixtureServer } from '../../src/demo/fixture-server.ts';
import type { Finding } from '../../src/types.ts';
import { articlePage, govPage, hardeningConfig, listPage, scanSite, sendHtml, startExternal, startSite, type Route } from '../helpers/hardening-site.ts';

/**
 * "Not found" is a verdict only when the scan looked everywhere the thing could be. A small
 * department site without 办事 and, in most variants, without any 留言 channel: read in full
 * (or with a 404 page, which was read), the absence vetoes fire. When the page that would
 * hold the channel (linked as 公众参与) answers 503 or never answers, the channel's absence
 * is 需人工核查 and names that page; when the page budget stops the crawl, every absence is.
 * An unread page that could not hold what was sought (工作动态, a news list) changes nothing;
 * the page linked as 「政府信息公开指南」 answering 503 makes only that item 需人工核查; a yearly
 * report whose due edition is not seen while the 政务公开 section is unread is 需人工核查 too.
 */
type Variant = 'none' | 'gone' | 'server-error' | 'timeout' | 'channel' | 'channel-capped' | 'news-error' | 'guide-error' | 'section-error' | 'edition-error';

const HOMEPAGE = govPage(
  '测试省生态环境厅',
  `<ul class="nav"><li><a href="/xwdt/">工作动态</a></li><li><a href="/tzgg/">通知公告</a></li><li><a href="/gzcy/">公众参与</a></li><li><a href="/gkzn/">政府信息公开指南</a></li><li><a href="/zwgk/">政务公开</a></li></ul>` +
    `<div class="news"><ul><li><a href="/xwdt/art_0.html">生态环境保护工作会议召开</a><span>2026-11-20</span></li></ul></div>`,
);
const GUIDE = govPage('政府信息公开指南_测试省生态环境厅', `<div class="crumb">首页 &gt; 政府信息公开指南</div><h2>政府信息公开指南</h2><p>一、主动公开。二、依申请公开。</p>`);
const unavailable: Route = (_req, res) => sendHtml(res, govPage('503', 'Service Unavailable'), 503);
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
      return unavailable;
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
  json: FindingsJson;
  reportHtml: string;
  stop(): Promise<void>;
}

async function scanVariant(variant: Variant): Promise<Run> {
  const external = await startExternal();
  const site: FixtureServer = await startSite(
    {
      '/': (_req, res) => sendHtml(res, variant === 'edition-error' ? HOMEPAGE.replace('</ul>', '<li><a href="/ndbg/">政府信息公开工作年度报告</a></li></ul>') : HOMEPAGE),
      // The yearly report's column shows only the 2024 edition; the 2025 one is due by 2026-01-31.
      '/ndbg/': (_req, res) => sendHtml(res, govPage('政府信息公开工作年度报告_测试省生态环境厅', '<div class="crumb">首页 &gt; 政府信息公开工作年度报告</div><h2>政府信息公开工作年度报告</h2><ul><li><a href="/ndbg/2024.html">测试省生态环境厅2024年度政府信息公开工作年度报告</a><span>2025-01-20</span></li></ul>')),
      '/xwdt/': variant === 'news-error' ? unavailable : (_req, res) => sendHtml(res, listPage('工作动态', '/xwdt/')),
      '/tzgg/': (_req, res) => sendHtml(res, listPage('通知公告', '/tzgg/')),
      '/gzcy/': participation(variant),
      '/gzcy/zxly/': (_req, res) => sendHtml(res, CHANNEL),
      '/gkzn/': variant === 'guide-error' ? unavailable : (_req, res) => sendHtml(res, GUIDE),
      '/zwgk/': variant === 'section-error' || variant === 'edition-error' ? unavailable : (_req, res) => sendHtml(res, govPage('政务公开_测试省生态环境厅', '<h2>政务公开</h2><p>本栏目发布本厅主动公开的政府信息。</p>')),
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
    json: scan.outcome.findings,
    reportHtml: await readFile(path.join(scan.outcome.scanDir, 'report.html'), 'utf8'),
    async stop() {
      await Promise.all([site.stop(), external.stop()]);
      await rm(scan.dir, { recursive: true, force: true });
    },
  };
}

const VARIANTS: Variant[] = ['none', 'gone', 'server-error', 'timeout', 'channel', 'channel-capped', 'news-error', 'guide-error', 'section-error', 'edition-error'];
const runs = {} as Record<Variant, Run>;
const of = (variant: Variant, indicator: string) => runs[variant].findings.filter((f) => f.indicator === indicator);
const keyed = (variant: Variant, key: string) => runs[variant].findings.filter((f) => f.key === key);

beforeAll(async () => {
  for (const v of VARIANTS) runs[v] = await scanVariant(v);
}, 120_000);
afterAll(() => Promise.all(VARIANTS.map((v) => runs[v]?.stop())));

const verdicts = (v: Variant) => runs[v].findings.filter((f) => ['interaction', 'services', 'required-items', 'interpretation'].includes(f.check)).map((f) => `${f.indicator} ${f.key}`).sort();

describe('a complete look: the absence vetoes stand', () => {
  it.each(['none', 'gone'] as const)('%s: every page read (a 404 was read), nothing counted unread or capped', (v) => {
    expect(runs[v].crawl.unread).toEqual({ pages: 0, byReason: {}, samples: [] });
    expect(runs[v].crawl.limitSkipped).toEqual({ maxPages: 0, maxDepth: 0, maxRequests: 0 });
  });

  it.each(['none', 'gone'] as const)('%s: no channel and no 办事 are vetoes, not manual items', (v) => {
    expect(keyed(v, 'interaction:no-channel').map((f) => f.indicator)).toEqual(['veto.interaction-poor']);
    expect(keyed(v, 'services:none').map((f) => f.indicator)).toEqual(['veto.service-unusable']);
    expect(of(v, 'deduct.required-item-missing').length).toBeGreaterThan(0);
    expect(keyed(v, 'disclosure-guide')).toEqual([]);
    expect(runs[v].findings.filter((f) => /unverified$/.test(f.indicator))).toEqual([]);
  });

  it('a channel found on a page the crawl read: no veto, no manual item, services still a veto', () => {
    expect(keyed('channel', 'interaction:no-channel')).toEqual([]);
    expect(of('channel', 'manual.interaction-unverified')).toEqual([]);
    expect(keyed('channel', 'services:none').map((f) => f.indicator)).toEqual(['veto.service-unusable']);
  });
});

describe('an unread page that could not hold what was sought changes no verdict', () => {
  it('news-error: the 工作动态 list answering 503 is recorded with the link that reached it', () => {
    expect(runs['news-error'].crawl.unread).toMatchObject({
      pages: 1,
      byReason: { 'server-error': 1 },
      samples: [{ url: expect.stringMatching(/\/xwdt\/$/), reason: 'server-error', status: 503, texts: ['工作动态'], sources: [expect.stringMatching(/\/$/)] }],
    });
    expect(runs['news-error'].coverage).toContainEqual({ what: '1 个页面未能读取', why: expect.stringContaining('服务器错误 1') });
  });

  it('news-error: the vetoes and required-item deductions are exactly those of the fully read site', () => {
    expect(verdicts('news-error')).toEqual(verdicts('none'));
    expect(runs['news-error'].findings.filter((f) => /unverified$/.test(f.indicator))).toEqual([]);
  });

  it('server-error / timeout on 公众参与: only the channel is 需人工核查; 办事 and the catalogue items are not sought there', () => {
    const deductions = of('none', 'deduct.required-item-missing').map((f) => f.key).sort();
    for (const v of ['server-error', 'timeout'] as const) {
      expect(keyed(v, 'services:none').map((f) => f.indicator)).toEqual(['veto.service-unusable']);
      expect(of(v, 'deduct.required-item-missing').map((f) => f.key).sort()).toEqual(deductions);
      expect(of(v, 'manual.required-item-unverified')).toEqual([]);
    }
  });
});

describe('an incomplete look where the thing could be: absence is 需人工核查 with the reason', () => {
  it('records the unread page by reason: 503 as a server error, no answer as a timeout', () => {
    expect(runs['server-error'].crawl.unread).toMatchObject({ pages: 1, byReason: { 'server-error': 1 }, samples: [{ url: expect.stringMatching(/\/gzcy\/$/), reason: 'server-error', status: 503, texts: ['公众参与'] }] });
    expect(runs.timeout.crawl.unread).toMatchObject({ pages: 1, byReason: { timeout: 1 }, samples: [{ url: expect.stringMatching(/\/gzcy\/$/), reason: 'timeout', status: null, texts: ['公众参与'] }] });
  });

  it.each([
    ['server-error', /本次检查有 1 个可能载有该内容的页面未能读取（服务器错误 1）：http:\/\/127\.0\.0\.1:\d+\/gzcy\/（HTTP 503，链接文字「公众参与」）/],
    ['timeout', /本次检查有 1 个可能载有该内容的页面未能读取（超时 1）：http:\/\/127\.0\.0\.1:\d+\/gzcy\/（超时，链接文字「公众参与」）/],
    ['channel-capped', /页面数量达到上限 crawl\.maxPages=3，有 \d+ 个页面未检查/],
  ] as const)('%s: no channel veto; the manual item says what was searched for and which page could hold it', (v, reason) => {
    expect(of(v, 'veto.interaction-poor')).toEqual([]);
    const [channel] = keyed(v, 'interaction:no-channel');
    expect(channel).toMatchObject({ indicator: 'manual.interaction-unverified', severity: 'manual', title: '未找到在线咨询/留言渠道，需人工核查' });
    expect(channel.evidence).toContain('未找到带留言表单或公开留言的咨询、留言、信箱栏目');
    expect(channel.evidence).toMatch(reason);
  });

  it('channel-capped: a cap cuts unknown territory, so every absence is 需人工核查', () => {
    expect(of('channel-capped', 'veto.service-unusable')).toEqual([]);
    const [services] = keyed('channel-capped', 'services:none');
    expect(services).toMatchObject({ indicator: 'manual.service-unverified', title: '未找到办事服务，需人工核查' });
    expect(services.evidence).toMatch(/crawl\.maxPages=3/);
    const deductions = of('none', 'deduct.required-item-missing').map((f) => f.key);
    expect(of('channel-capped', 'deduct.required-item-missing')).toEqual([]);
    const manual = of('channel-capped', 'manual.required-item-unverified');
    // The capped crawl never reached the guide page either: one more item not found.
    expect(manual.map((f) => f.key).sort()).toEqual([...deductions, 'disclosure-guide'].sort());
    expect(manual.every((f) => f.title.endsWith('需人工核查') && f.evidence.includes('关键词：'))).toBe(true);
  });

  it('guide-error: the page linked as 「政府信息公开指南」 answering 503 makes that item 需人工核查, the other items stay deductions', () => {
    const [guide] = keyed('guide-error', 'disclosure-guide');
    expect(guide).toMatchObject({ indicator: 'manual.required-item-unverified', title: '未找到「政府信息公开指南」，需人工核查', points: 0 });
    expect(guide.evidence).toMatch(/本次检查有 1 个可能载有该内容的页面未能读取（服务器错误 1）：http:\/\/127\.0\.0\.1:\d+\/gkzn\/（HTTP 503，链接文字「政府信息公开指南」）/);
    expect(of('guide-error', 'manual.required-item-unverified')).toEqual([guide]);
    expect(of('guide-error', 'deduct.required-item-missing').map((f) => f.key).sort()).toEqual(of('none', 'deduct.required-item-missing').map((f) => f.key).sort());
    // Neither 留言 nor 办事 is sought on a 公开指南 page.
    expect(keyed('guide-error', 'interaction:no-channel').map((f) => f.indicator)).toEqual(['veto.interaction-poor']);
    expect(keyed('guide-error', 'services:none').map((f) => f.indicator)).toEqual(['veto.service-unusable']);
  });

  it('section-error: the front page of the disclosure section (linked as 「政务公开」) answering 503 makes every missing item 需人工核查, and only them', () => {
    const deductions = of('none', 'deduct.required-item-missing').map((f) => f.key).sort();
    expect(of('section-error', 'deduct.required-item-missing')).toEqual([]);
    const manual = of('section-error', 'manual.required-item-unverified');
    expect(manual.map((f) => f.key).sort()).toEqual(deductions);
    expect(manual.every((f) => /\/zwgk\/（HTTP 503，链接文字「政务公开」）/.test(f.evidence))).toBe(true);
    // Neither 留言 nor 办事 is sought in the disclosure section.
    expect(keyed('section-error', 'interaction:no-channel').map((f) => f.indicator)).toEqual(['veto.interaction-poor']);
    expect(keyed('section-error', 'services:none').map((f) => f.indicator)).toEqual(['veto.service-unusable']);
  });

  it('the coverage section says how many pages could not be read, and why', () => {
    expect(runs['server-error'].coverage).toContainEqual({ what: '1 个页面未能读取', why: expect.stringContaining('服务器错误 1') });
    expect(runs.none.coverage.filter((c) => c.what.includes('未能读取'))).toEqual([]);
  });
});

describe('a verdict the manual items could still overturn says so', () => {
  it('names the veto items left undecided, and none on a complete look', () => {
    expect(runs.none.json.score.unverifiedVetoes).toEqual([]);
    // The channel is undecided; 办事 was decided (a veto), so it is not listed as undecided.
    expect(runs['server-error'].json.score).toMatchObject({ vetoes: ['veto.service-unusable'], unverifiedVetoes: ['veto.interaction-poor'] });
    expect(runs['channel-capped'].json.score.unverifiedVetoes?.sort()).toEqual(['veto.interaction-poor', 'veto.service-unusable']);
  });

  it('a qualified verdict resting on an incomplete look warns in the report and on the terminal', () => {
    const capped = runs['channel-capped'];
    expect(capped.json.score.verdict).toBe('qualified');
    expect(capped.reportHtml).toMatch(/<p class="verdict-note">本结论以已读取的页面为依据：单项否决指标「互动回应差」「服务不实用」因可能载有相关内容的页面未能读取或抓取达到上限而未作判定/);
    expect(formatSummary(capped.json, [])).toMatch(/注意：单项否决指标「互动回应差」「服务不实用」因相关页面未能读取或抓取达到上限未作判定，须人工核查；确属缺失即判定为不合格/);
    // An unqualified verdict needs no such warning.
    expect(runs['server-error'].reportHtml).not.toContain('本结论以已读取的页面为依据');
    expect(formatSummary(runs['server-error'].json, [])).not.toContain('注意：');
  });
});

describe('items not found on an incomplete look read as 需人工核查 everywhere, never as 缺失', () => {
  const check = (v: Variant, id: string) => runs[v].json.checks.find((c) => c.id === id)!;

  it('a check that raised only 需人工核查 items is not failed', () => {
    expect(check('section-error', 'required-items')).toMatchObject({ status: 'manual', title: '主动公开事项' });
    expect(check('section-error', 'required-items').reason).toMatch(/^\d+ 项中找到 \d+ 项，缺失 0 项，另有 \d+ 项未找到但可能在未能读取的页面上，需人工核查$/);
    expect(check('none', 'required-items')).toMatchObject({ status: 'fail', title: '主动公开事项缺失或未按时更新' });
    expect(check('none', 'required-items').reason).not.toContain('需人工核查');
  });

  it('the report lists them apart from missing items, and the checklist names every one', () => {
    const manual = of('section-error', 'manual.required-item-unverified');
    const html = runs['section-error'].reportHtml;
    expect(html).toContain('未找到、需人工核查的事项（按责任处室）');
    expect(html).not.toContain('缺失事项（按责任处室）');
    expect(html).not.toContain('<strong>缺失</strong>');
    expect(html.match(/未找到，需人工核查/g)?.length).toBe(manual.length);
    const names = manual.map((f) => f.title.match(/「(.+)」/)![1]);
    const row = html.slice(html.indexOf('公开事项需人工核查'));
    expect(row).toContain(`共 ${manual.length} 项：`);
    for (const name of names) expect(row).toContain(`未找到「${name}」`);
    // On a complete look they are deductions, listed as missing.
    expect(runs.none.reportHtml).toContain('缺失事项（按责任处室）');
    expect(runs.none.reportHtml).not.toContain('未找到、需人工核查的事项');
  });
});

describe('a yearly edition not seen on an incomplete look', () => {
  it('edition-error: the item is found, its due edition is 需人工核查 and listed with the items to check, not as outdated', () => {
    const [edition] = keyed('edition-error', 'disclosure-annual-report:2025');
    expect(edition).toMatchObject({ indicator: 'manual.required-item-unverified', title: '未找到 2025 年度「政府信息公开工作年度报告」，需人工核查' });
    expect(edition.evidence).toMatch(/最新见到的是 2024 年度.*\/zwgk\/（HTTP 503，链接文字「政务公开」）/);
    expect(of('edition-error', 'deduct.required-item-outdated')).toEqual([]);
    const html = runs['edition-error'].reportHtml;
    expect(html).not.toContain('未按时更新的年度事项');
    expect(html).toMatch(/未找到、需人工核查的事项（按责任处室）[\s\S]*<li>政府信息公开工作年度报告（2025 年度）<\/li>/);
  });
});
