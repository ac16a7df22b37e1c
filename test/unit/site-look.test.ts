import { describe, expect, it } from 'vitest';
import { sectionOf, siteLook, type Sought } from '../../src/checks/site-look.ts';
import type { CrawlArtifact, UnreadPage } from '../../src/crawl/crawl-artifact.ts';
import type { Config } from '../../src/config/schema.ts';

/** Which unread pages count against an absence verdict (the scans are in test/reliability/unread-absence.test.ts). */
const SITE = 'http://127.0.0.1:8080';
const LIMITS = { maxPages: 2000, maxDepth: 8, maxRequests: 20000, maxLinksPerPage: 1000 } as Config['crawl'];

function crawlWith(samples: UnreadPage[], pages = samples.length): CrawlArtifact {
  return {
    homepageUrl: `${SITE}/`,
    homepage: { status: 200, error: null, finalUrl: `${SITE}/`, title: '测试' },
    pagesCrawled: 50,
    requests: 60,
    durationMs: 1000,
    startedAt: '2026-11-28T00:00:00.000Z',
    robotsDisallowed: 0,
    limitSkipped: { maxPages: 0, maxDepth: 0, maxRequests: 0 },
    unread: { pages, byReason: { 'server-error': pages }, samples },
  } as CrawlArtifact;
}

const page = (path: string, texts: string[] | undefined, sources = [`${SITE}/`]): UnreadPage => ({ url: `${SITE}${path}`, reason: 'server-error', status: 503, ...(texts ? { texts, sources } : {}) });

const POLICY: Sought = {
  terms: ['示例省生态环境厅关于做好2026年度生态环境监测工作的通知', '示环发〔2026〕3号', '解读'],
  section: { folders: [sectionOf(`${SITE}/xxgk/zcjd/202512/t20251218_1.html`)] },
  linkedFrom: [`${SITE}/xxgk/zcwj/202601/t20260115_100045.html`],
};
const GUIDE: Sought = { terms: ['政府信息公开指南', '公开指南'], section: { folders: [sectionOf(`${SITE}/xxgk/`)], names: [/^(政府)?信息公开(目录)?$/] } };

describe('siteLook: an unread page counts only when it could hold what was sought', () => {
  it('sectionOf drops file names and CMS date folders, and the site root is no section', () => {
    expect(sectionOf(`${SITE}/xxgk/zcjd/202601/t20260115_1.html`)).toBe(`${SITE}/xxgk/zcjd/`);
    expect(sectionOf(`${SITE}/xxgk/2026/01/a.html`)).toBe(`${SITE}/xxgk/`);
    expect(sectionOf(`${SITE}/art/2026/1/15/art_123_456.html`)).toBe(`${SITE}/art/`);
    expect(sectionOf(`${SITE}/col/col1234/index.html`)).toBe(`${SITE}/col/col1234/`);
    expect(sectionOf(`${SITE}/xxgk/index.html`)).toBe(`${SITE}/xxgk/`);
    expect(sectionOf(`${SITE}/index.html`)).toBeNull();
    expect(sectionOf(null)).toBeNull();
  });

  it('a page linked by unrelated texts leaves the look complete', () => {
    const crawl = crawlWith([page('/xwdt/art_1.html', ['工作动态', '生态环境保护工作会议召开'])]);
    expect(siteLook(crawl, LIMITS, GUIDE)).toEqual({ complete: true, reason: null });
    expect(siteLook(crawl, LIMITS, POLICY)).toEqual({ complete: true, reason: null });
  });

  it('without what was sought, every unread page counts', () => {
    const look = siteLook(crawlWith([page('/xwdt/art_1.html', ['工作动态'])]), LIMITS);
    expect(look.reason).toBe(`本次检查有 1 个页面未能读取（服务器错误 1）：${SITE}/xwdt/art_1.html（HTTP 503）`);
  });

  it('a link text naming a term, or a cut-off form of a long title, counts', () => {
    expect(siteLook(crawlWith([page('/gkzn/', ['政府信息公开指南'])]), LIMITS, GUIDE).reason).toBe(
      `本次检查有 1 个可能载有该内容的页面未能读取（服务器错误 1）：${SITE}/gkzn/（HTTP 503，链接文字「政府信息公开指南」）`,
    );
    expect(siteLook(crawlWith([page('/a.html', ['示例省生态环境厅关于做好2026年度…'])]), LIMITS, POLICY).complete).toBe(false);
    expect(siteLook(crawlWith([page('/a.html', ['示环发〔2026〕3号政策问答'])]), LIMITS, POLICY).complete).toBe(false);
    // A short text inside a long term is no cut-off title.
    expect(siteLook(crawlWith([page('/a.html', ['生态环境'])]), LIMITS, POLICY).complete).toBe(true);
  });

  it("a page in the section's folder, or linked by the section's own name, counts; one item's name in the section does not name the section", () => {
    expect(siteLook(crawlWith([page('/xxgk/zcjd/202602/t1.html', ['会议精神'])]), LIMITS, POLICY).reason).toContain(`位于 ${SITE}/xxgk/zcjd/ 栏目下`);
    expect(siteLook(crawlWith([page('/gk/', ['政府信息公开'])]), LIMITS, GUIDE).complete).toBe(false);
    const other: Sought = { ...GUIDE, terms: ['部门预决算', '预决算'] };
    expect(siteLook(crawlWith([page('/gkzn/', ['政府信息公开指南'])]), LIMITS, other).complete).toBe(true);
  });

  it("a page the document's own page links to counts for its interpretation", () => {
    expect(siteLook(crawlWith([page('/x/1.html', ['点击查看'], [`${SITE}/xxgk/zcwj/202601/t20260115_100045.html`])]), LIMITS, POLICY).reason).toContain('由 ');
  });

  it('pages the scan could not describe (older scans, beyond the cap) count', () => {
    expect(siteLook(crawlWith([page('/xwdt/', undefined)]), LIMITS, GUIDE).reason).toContain('来源未记录');
    const beyond = siteLook(crawlWith([page('/xwdt/', ['工作动态'])], 600), LIMITS, GUIDE);
    expect(beyond.reason).toBe('本次检查有 599 个可能载有该内容的页面未能读取（来源未记录 599）');
  });

  it('a cap counts whatever was sought', () => {
    const crawl = { ...crawlWith([]), limitSkipped: { maxPages: 0, maxDepth: 3, maxRequests: 0 } };
    expect(siteLook(crawl, LIMITS, GUIDE)).toEqual({ complete: false, reason: '页面层级超过上限 crawl.maxDepth=8，有 3 个页面未检查' });
  });
});
