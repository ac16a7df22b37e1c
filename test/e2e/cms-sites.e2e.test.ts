import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnsArtifact } from '../../src/columns/types.ts';
import type { CrawlArtifact } from '../../src/crawl/crawl-artifact.ts';
import type { LinksArtifact } from '../../src/crawl/link-report.ts';
import type { InteractionArtifact, SiteIdentityArtifact } from '../../src/disclosure/types.ts';
import { localPath, scanFixture, type FixtureScan } from '../helpers/fixture-scan.ts';

/**
 * Sites in the style of the CMSs government sites run on (TRS WCM, 帝国CMS, Hanweb 大汉),
 * each with a clean variant (nothing may fire) and a faulty one (exactly what was planted).
 * Lists page by script (createPageHTML, jpage dataproxy.jsp POSTs) or by a 帝国CMS pager
 * whose middle pages no link reaches; the crawler must read every page as a visitor would.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/cms-sites');
const AS_OF = '2026-11-28';

function scanSite(site: string, variant: 'clean' | 'faulty', asOf = AS_OF): Promise<FixtureScan> {
  return scanFixture({
    root: path.join(ROOT, site, variant),
    asOf,
    config: (s) => ({ site: { name: '示例省生态环境厅', url: `${s.site.origin}/` }, newMedia: [], browser: { enabled: false } }),
  });
}

/** One scan of each variant for a describe block, started together and cleaned up after. */
function scanBoth(site: string, asOf = AS_OF): { clean: FixtureScan; faulty: FixtureScan } {
  const scans = {} as { clean: FixtureScan; faulty: FixtureScan };
  beforeAll(async () => {
    [scans.clean, scans.faulty] = await Promise.all([scanSite(site, 'clean', asOf), scanSite(site, 'faulty', asOf)]);
  }, 120_000);
  afterAll(async () => {
    await scans.clean?.cleanup();
    await scans.faulty?.cleanup();
  });
  return scans;
}

const vetoes = (scan: FixtureScan) => scan.findings.findings.filter((f) => f.severity === 'veto').map((f) => `${f.indicator} ${localPath(f.title, scan.sites)}`);
const broken = (scan: FixtureScan) =>
  (scan.artifacts.links as LinksArtifact).broken.map((b) => ({ target: localPath(b.target, scan.sites), kind: b.kind, status: b.status, sources: b.sources.map((s) => localPath(s, scan.sites)) }));
const column = (scan: FixtureScan, url: string) => (scan.artifacts.columns as ColumnsArtifact).columns.find((c) => localPath(c.url, scan.sites) === url);
const countOf = (scan: FixtureScan, checks: string[]) => scan.findings.findings.filter((f) => checks.includes(f.check)).length;

/** A clean variant: no veto, no broken link, no 暗链, 错敏词 or privacy hit, a fresh homepage. */
function expectNothingFires(scan: FixtureScan): void {
  expect(vetoes(scan)).toEqual([]);
  expect(broken(scan)).toEqual([]);
  expect(countOf(scan, ['hidden-links', 'wrong-expressions', 'privacy'])).toBe(0);
  expect(scan.findings.homepage?.stale).toBe(false);
  // Every page read, so no absence verdict is held back as 需人工核查 (src/checks/site-look.ts).
  expect((scan.artifacts.crawl as { unread?: { pages: number } }).unread?.pages).toBe(0);
  expect(scan.findings.findings.filter((f) => /^manual\.(service|required-item|interpretation)-unverified$/.test(f.indicator) || f.key === 'interaction:no-channel').map((f) => f.title)).toEqual([]);
}

describe('clean TRS site: nothing fires', () => {
  let scan: FixtureScan;
  beforeAll(async () => {
    scan = await scanSite('trs', 'clean');
  }, 120_000);
  afterAll(() => scan?.cleanup());

  it('has no veto, no broken link, no 暗链, 错敏词 or privacy hit', () => expectNothingFires(scan));
});

describe('TRS site whose 留言 board and news list span three createPageHTML pages (faulty)', () => {
  let scan: FixtureScan;
  beforeAll(async () => {
    scan = await scanSite('trs', 'faulty');
  }, 120_000);
  afterAll(() => scan?.cleanup());

  it('reads the unanswered message on page 3 of the board and vetoes', () => {
    expect(vetoes(scan)).toEqual(['veto.interaction-poor 留言超过 90 天未答复：咨询建设项目环评审批事项2008']);
    const interaction = scan.artifacts.interaction as InteractionArtifact;
    const open = interaction.messages.find((m) => m.title === '咨询建设项目环评审批事项2008');
    expect(open && { list: localPath(open.listUrl, scan.sites), asked: open.askedDate, answered: open.answered }).toEqual({ list: '/hdjl/zxly/index_2.html', asked: '2026-07-31', answered: false });
    // The board is GBK: titles decode.
    expect(interaction.messages).toHaveLength(9);
  });

  it('reports the broken link on page 2 of the news list, and nothing else', () => {
    expect(broken(scan)).toEqual([{ target: '/xwzx/gzdt/202610/t20261031_1006.html', kind: 'a', status: 404, sources: ['/xwzx/gzdt/index_1.html'] }]);
  });

  it('says how many pages each list has and how many were read', () => {
    expect(column(scan, '/xwzx/gzdt/')).toMatchObject({ pageCount: 3, pagesRead: 3, itemCount: 12 });
    expect(column(scan, '/hdjl/zxly/')).toMatchObject({ pageCount: 3, pagesRead: 3 });
  });
});

describe('帝国CMS site (faulty): pager middle pages, srcset, 304, canonical / Open Graph / JSON-LD', () => {
  const scans = scanBoth('empire');

  it('clean variant: nothing fires', () => expectNothingFires(scans.clean));

  it('reports exactly the planted broken targets, each under its own kind', () => {
    expect(vetoes(scans.faulty)).toEqual([]);
    expect(broken(scans.faulty)).toEqual([
      // srcset: the CDN URL keeps its commas; the data: placeholder is no link.
      { target: '/cdn-cgi/image/format=webp,width=1280/images/banner.jpg', kind: 'img', status: 404, sources: ['/zt/srcset.html'] },
      // 304 to a request without validators.
      { target: '/images/banner.jpg?status=304', kind: 'img', status: 304, sources: ['/zt/banner.html'] },
      { target: '/images/share-card.jpg', kind: 'open-graph', status: 404, sources: ['/zt/share.html'] },
      { target: '/images/site-logo.png', kind: 'json-ld', status: 404, sources: ['/zt/share.html'] },
      // index_4.html is linked by no page (the pager shows 1 2 3 … 尾页): only the pager's range reaches it.
      { target: '/news/2026-10-29/308.html', kind: 'a', status: 404, sources: ['/news/index_4.html'] },
      { target: '/zt/share-old.html', kind: 'canonical', status: 404, sources: ['/zt/share.html'] },
    ]);
    const titles = scans.faulty.findings.findings.filter((f) => f.check === 'links-broken').map((f) => f.title);
    expect(titles.some((t) => t.startsWith('规范网址（canonical）不可用'))).toBe(true);
    expect(titles.some((t) => t.startsWith('分享卡片网址（Open Graph）不可用'))).toBe(true);
  });

  it('srcset: no data: URI and no CDN URL cut at its commas is requested on the clean site', () => {
    expect(scans.clean.sites.site.requests(/^\/data:|^\/cdn-cgi\/image\/format=webp$|^\/width=/)).toEqual([]);
    expect(scans.clean.sites.site.requests('/cdn-cgi/image/format=webp,width=1280/images/banner.jpg')).toHaveLength(1);
  });

  it('Total record: the column has 5 pages (尾页 index_5.html), all read, and 10 items', () => {
    expect(column(scans.clean, '/news/')).toMatchObject({ pageCount: 5, pagesRead: 5, itemCount: 10 });
    expect(scans.clean.sites.site.requests('/news/index_4.html')).toHaveLength(1);
  });

  it('stray </html>: the footer after an included header template is read as a browser reads it', () => {
    const facts = (scans.clean.artifacts.siteIdentity as SiteIdentityArtifact).facts!;
    expect({ icp: facts.icp, psb: facts.psb, sponsor: facts.sponsor, errorReport: facts.errorReport !== null, logo: facts.partyGovLogo !== null }).toEqual({
      icp: '陇ICP备05000099号',
      psb: '甘公网安备 62010202000099号',
      sponsor: '示例省生态环境厅',
      errorReport: true,
      logo: true,
    });
  });
});

describe('Hanweb site: refresh-stub homepage and jpage record groups behind dataproxy.jsp', () => {
  const scans = scanBoth('hanweb');

  it('clean variant: nothing fires', () => expectNothingFires(scans.clean));

  it('meta refresh: follows the stub homepage as a redirect and crawls the site behind it', () => {
    const crawl = scans.clean.artifacts.crawl as CrawlArtifact;
    expect(localPath(crawl.homepage.finalUrl, scans.clean.sites)).toBe('/col/col1/index.html');
    expect(crawl.homepage.title).toBe('首页_示例省生态环境厅');
    expect(crawl.pagesCrawled).toBeGreaterThan(10);
    expect(scans.clean.findings.homepage).toMatchObject({ latestDate: '2026-11-24', stale: false });
  });

  it('dataproxy.jsp: POSTs for the later record groups, read-only, with the list parameters', () => {
    const posts = scans.clean.sites.site.requests(/dataproxy\.jsp/);
    expect(posts.map((r) => [r.method, r.url]).sort()).toEqual([
      ['POST', '/module/web/jpage/dataproxy.jsp?endrecord=12&perpage=2&startrecord=9'],
      ['POST', '/module/web/jpage/dataproxy.jsp?endrecord=8&perpage=2&startrecord=5'],
    ]);
    expect(column(scans.clean, '/col/col2/index.html')).toMatchObject({ pageCount: 3, pagesRead: 3, itemCount: 12 });
    expect((scans.clean.artifacts.columns as ColumnsArtifact).columns.map((c) => localPath(c.url, scans.clean.sites))).not.toContain('/module/web/jpage/dataproxy.jsp?endrecord=8&perpage=2&startrecord=5');
  });

  it('reports a broken article link found only in the third record group', () => {
    expect(vetoes(scans.faulty)).toEqual([]);
    expect(broken(scans.faulty)).toEqual([{ target: '/art/2026/9/25/art_2_5011.html', kind: 'a', status: 404, sources: ['/module/web/jpage/dataproxy.jsp?endrecord=12&perpage=2&startrecord=9'] }]);
  });
});

describe('a homepage frozen in 2018 showing year-less dates (as of 2026-07-28, a day after the shown 07-27)', () => {
  const scans = scanBoth('frozen', '2026-07-28');

  it('clean variant: nothing fires', () => expectNothingFires(scans.clean));

  it('takes the years from the item URLs and the article page, and vetoes', () => {
    expect(vetoes(scans.faulty)).toEqual(['veto.homepage-stale 首页 14 天内无新信息']);
    expect(scans.faulty.findings.homepage).toMatchObject({ latestDate: '2018-07-27', stale: true });
    // 07-27 from /news/2018-07-27/, 07-20 from t20180720_, 07-15 from its article page (show.jsp?id=86).
    expect((scans.faulty.artifacts.columns as ColumnsArtifact).homepage.visibleDates).toEqual(['2018-07-27', '2018-07-20', '2018-07-15']);
  });

  it('the same markup dated this year is fresh', () => {
    expect(vetoes(scans.clean)).toEqual([]);
    expect(scans.clean.findings.homepage).toMatchObject({ latestDate: '2026-07-27', stale: false, ageDays: 1 });
  });
});

describe('gkmlpt 政府信息公开目录: a list loaded from a JSON API, read page by page with GET', () => {
  const scans = scanBoth('gkmlpt');
  const api = (page: number) => `/gkmlpt/api/all/2681?page=${page}&sid=757`;

  it('clean variant: nothing fires', () => expectNothingFires(scans.clean));

  it('maps the list page to its API (data-api, _CONFIG.SID) and reads every page with GET', () => {
    const requests = scans.clean.sites.site.requests(/^\/gkmlpt\/api\//);
    expect(requests.map((r) => [r.method, r.url]).sort()).toEqual([
      ['GET', api(1)],
      ['GET', api(2)],
      ['GET', api(3)],
    ]);
    const notices = column(scans.clean, '/zwgk/tzgg/index.html');
    expect(notices).toMatchObject({ name: '通知公告', category: 'notice', pageCount: 3, pagesRead: 3, itemCount: 12, pagingUnmapped: null, unverified: null });
    // Dated from display_publish_time (Unix seconds, China time).
    expect(notices?.items[0]).toMatchObject({ title: '关于开展生态环境保护专项检查的通知3001200', date: '2026-11-24' });
    // The API's answers are pages of the list, not columns of their own.
    const urls = (scans.clean.artifacts.columns as ColumnsArtifact).columns.map((c) => localPath(c.url, scans.clean.sites));
    expect(urls.filter((u) => u.includes('/gkmlpt/api/'))).toEqual([]);
  });

  it('faulty variant: the stale column dated from the JSON, and the broken article link found only on API page 2', () => {
    expect(vetoes(scans.faulty)).toEqual([]);
    expect(broken(scans.faulty)).toEqual([{ target: '/gkmlpt/content/2/2681/post_3001207.html', kind: 'a', status: 404, sources: [api(2)] }]);
    const stale = scans.faulty.findings.findings.filter((f) => f.check === 'column-freshness').map((f) => `${f.indicator} ${f.title}`);
    expect(stale).toEqual([expect.stringMatching(/^warn\.column-stale .*通知公告/)]);
    expect(column(scans.faulty, '/zwgk/tzgg/index.html')?.items[0]).toMatchObject({ date: '2026-03-30' });
  });
});
