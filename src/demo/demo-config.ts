import path from 'node:path';
import type { ConfigInput } from '../config/schema.ts';
import { FIXTURES_DIR } from './fixture-server.ts';

/** The demo department's 主动公开文件台账 (`gov-inspector demo` reconciles it with the demo site). */
export const DEMO_REGISTER = path.resolve(FIXTURES_DIR, '../../config/examples/demo-register.csv');

/** The demo site's pages are dated for this day; scanning "as of" it gives stable verdicts. */
export const DEMO_AS_OF = '2026-11-28';

/** The demo site is served on a new port each run; a fixed identity makes its runs one history. */
export const DEMO_SITE_ID = 'sthjt.example.gov.cn';

/** Config for scanning the bundled demo site served at `origin`: fast timeouts, no politeness delay. */
export function demoConfig(origin: string, externalOrigin: string): ConfigInput {
  return {
    site: { name: '示例省生态环境厅', url: `${origin}/`, id: DEMO_SITE_ID },
    report: { issuer: { office: '示例省生态环境厅办公室', contact: '王晓明', phone: '0931-8000000' }, cc: ['厅领导', '信息中心'] },
    newMedia: demoNewMedia(origin),
    // A small browser sample keeps demo scans (and the e2e tests built on them) quick.
    browser: { loopbackOnly: true, articlesPerColumn: 1, maxPages: 24, lighthouseMaxPages: 4 },
    crawl: {
      concurrency: 8,
      intervalMs: 0,
      timeoutMs: 3000,
      retryBaseMs: 50,
      maxRetryAfterSeconds: 2,
      hostOverrides: Object.fromEntries(NATIONAL_SERVICE_HOSTS.map((host) => [host, externalOrigin])),
    },
  };
}

/**
 * The demo department's office map: who answers for which column and page of the demo site
 * (`gov-inspector demo` and the tests scanning the demo site add it to `demoConfig`; other
 * fixture sites scanned with `demoConfig` keep the catalogue's offices and 信息中心).
 */
export function demoOfficeMap(origin: string): Pick<ConfigInput, 'columns' | 'offices'> {
  return { columns: { overrides: demoColumnOffices(origin) }, offices: { routes: demoOfficeRoutes(origin) } };
}

/**
 * Which office (处室) keeps each column of the demo site, as a 生态环境厅 divides the work.
 * Office names are the bundled catalogue's and the demo register's (厅办公室, 法规处 ...), so
 * one office gets one notice whichever way a problem reaches it. Columns the catalogue
 * already names (政策文件 → 法规处, 行政处罚 → 执法局, 空气质量 → 监测处 ...) keep its office.
 */
function demoColumnOffices(origin: string): NonNullable<NonNullable<ConfigInput['columns']>['overrides']> {
  const offices: [string, string][] = [
    ['/xwzx/gzdt/', '宣教处'], // 工作动态
    ['/xwzx/szdt/', '宣教处'], // 市州动态
    ['/xxgk/', '厅办公室'], // 政府信息公开 (政务公开 is the general office's)
    ['/xxgk/tzgg/', '厅办公室'], // 通知公告
    ['/xxgk/ghjh/', '综合处'], // 规划计划
    ['/xxgk/rsxx/', '人事处'], // 人事信息
    ['/xxgk/zcjd/', '法规处'], // 政策解读
    ['/xxgk/qzqd/', '法规处'], // 权责清单
    ['/xxgk/yjzj/', '法规处'], // 意见征集
    ['/xxgk/jyta/', '厅办公室'], // 建议提案办理
    ['/xxgk/zfcg/', '财务处'], // 政府采购
    ['/xxgk/xmt/', '宣教处'], // 政务新媒体
    ['/xxgk/wzbb/', '信息中心'], // 政府网站工作年度报表
    ['/bsfw/', '法规处'], // 办事服务 (行政审批)
  ];
  return offices.map(([folder, office]) => ({ match: { url: `${origin}${folder}` }, office }));
}

/**
 * Pages that are not columns but belong to one office: 机构概况, the 专题 pages and each
 * 办事指南 (the licensing office that wrote it). Problems on the homepage and in the shared header and footer
 * go nowhere here: they fall to `site.office`, 信息中心, the site's maintainer.
 */
function demoOfficeRoutes(origin: string): NonNullable<NonNullable<ConfigInput['offices']>['routes']> {
  const under = (path: string) => `^${origin.replaceAll('.', '\\.')}${path}`;
  return [
    { url: under('/jgsz/'), office: '人事处' }, // 机构概况 (机构编制)
    { url: under('/ztzl/hbdc/'), office: '督察办' }, // 中央生态环境保护督察
    { url: under('/ztzl/wrfzgjz/'), office: '综合处' }, // 污染防治攻坚战
    { url: under('/ztzl/(base|zxft)/'), office: '宣教处' }, // 六五环境日, 在线访谈
    { url: under('/bsfw/bszn/wxfw'), office: '固体处' }, // 危险废物经营许可证
    { url: under('/bsfw/bszn/fsaq'), office: '核安全处' }, // 辐射安全许可证
    { url: under('/bsfw/bszn/hpsp'), office: '环评处' }, // 建设项目环评审批
    { url: under('/hdjl/'), office: '厅办公室' }, // 互动交流: 咨询投诉 (a column), 厅长信箱, 信访
    // The inspector's checklist items, to the office that can answer them.
    { indicator: 'manual.catalogue-content', office: '厅办公室' },
    { indicator: 'manual.interaction-reply-quality', office: '厅办公室' },
    { indicator: 'manual.interpretation-quality', office: '法规处' },
    { indicator: 'manual.service-accuracy', office: '法规处' },
  ];
}

/**
 * National services every government footer links to (filing records, the error-report
 * platform, the party-and-government badge). The demo answers them from its local
 * "other sites" server so that nothing leaves the machine.
 */
export const NATIONAL_SERVICE_HOSTS = ['beian.miit.gov.cn', 'www.beian.gov.cn', 'bszs.conac.cn', 'zfwzzc.www.gov.cn'];

/**
 * The demo department's 政务新媒体 accounts: one per source kind and outcome. Feeds are
 * served by the demo site (as a self-hosted RSSHub / WeWe RSS would serve them), the
 * account page is built by scripts in the browser, the export is a back-office CSV.
 */
export function demoNewMedia(origin: string): NonNullable<ConfigInput['newMedia']> {
  return [
    { name: '示例生态环境', platform: 'wechat', feed: `${origin}/feeds/wechat.xml`, interaction: ['menu', 'comments', 'message'] },
    { name: '示例生态环境', platform: 'weibo', feed: `${origin}/feeds/weibo.atom`, interaction: ['comments', 'message'] },
    { name: '示例生态环境', platform: 'douyin', feed: `${origin}/feeds/douyin.json` },
    { name: '示例生态环境', platform: 'toutiao', page: `${origin}/feeds/toutiao.html` },
    { name: '示例生态环境', platform: 'bilibili', export: path.join(FIXTURES_DIR, 'new-media', 'video-export.csv'), checkLinks: false, office: '宣教处' },
    { name: '示例环境监测', platform: 'other', feed: `${origin}/feeds/expired-login.html`, interaction: ['comments'], office: '监测处' },
  ];
}
