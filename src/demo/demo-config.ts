import type { ConfigInput } from '../config/schema.ts';

/** The demo site's pages are dated for this day; scanning "as of" it gives stable verdicts. */
export const DEMO_AS_OF = '2026-11-28';

/** Config for scanning the bundled demo site served at `origin`: fast timeouts, no politeness delay. */
export function demoConfig(origin: string, externalOrigin: string): ConfigInput {
  return {
    site: { name: '示例省生态环境厅', url: `${origin}/` },
    newMedia: [],
    browser: { loopbackOnly: true },
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
