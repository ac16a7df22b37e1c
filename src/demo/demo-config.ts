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
