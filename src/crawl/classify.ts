import type { FetchResult } from './types.ts';

/**
 * broken: the target is gone or unreachable. blocked: the server refused a robot (WAF,
 * login, rate limit): reported as "cannot verify", never as broken. ok: reachable.
 */
export type LinkVerdict = 'ok' | 'broken' | 'blocked';

/** Headers and body words that mark a 403 as a firewall or CDN refusing robots. */
const WAF_HEADER_NAMES = ['cf-ray', 'cf-mitigated', 'x-sucuri-id', 'x-waf-event-info', 'x-yd-waf-info', 'x-safe-firewall', 'eagleid', 'x-swift-cachetime', 'x-tengine-error'];
const WAF_SIGNATURES = /cloudflare|akamai|incapsula|sucuri|yundun|safedog|aliyun|tengine|jiasule|360wzb|wangzhan\.360|anquanbao|knownsec|waf|ddos|captcha|安全狗|防火墙|云盾|访问被拒绝|人机验证|验证码/i;

/** Fetches the scan itself did not make or finish: the target is unverified, not broken. */
const NOT_VERIFIED = new Set(['aborted', 'budget', 'rate-limited', 'private-address']);

export function classifyFetch(result: Pick<FetchResult, 'status' | 'error' | 'headers' | 'body'>): LinkVerdict {
  const { status } = result;
  // A page that redirects off the site answered; where it leads is another site's business.
  if (result.error === 'offsite-redirect') return 'ok';
  if (status === null) return result.error && NOT_VERIFIED.has(result.error) ? 'blocked' : 'broken';
  if (status === 401 || status === 407 || status === 999 || status === 429) return 'blocked';
  if (status === 403) return looksLikeWaf(result) ? 'blocked' : 'broken';
  // The fetcher answers a 304 to its own validators from its cache; a 304 that reaches here
  // answered a request without validators: a browser gets no page either.
  if (status === 304) return 'broken';
  if (status >= 400) return 'broken';
  return 'ok';
}

function looksLikeWaf(result: Pick<FetchResult, 'headers' | 'body'>): boolean {
  if (WAF_HEADER_NAMES.some((name) => name in result.headers)) return true;
  const server = `${result.headers.server ?? ''} ${result.headers['x-powered-by'] ?? ''} ${result.headers.via ?? ''}`;
  if (WAF_SIGNATURES.test(server)) return true;
  const body = result.body?.subarray(0, 4096).toString('utf8') ?? '';
  return WAF_SIGNATURES.test(body);
}
