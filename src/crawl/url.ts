/** URL normalisation, scope and resource-type rules shared by the crawler and the link check. */

const ATTACHMENT_EXTENSIONS = new Set([
  'pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'wps', 'et', 'dps', 'ofd', 'txt', 'rtf', 'csv',
  'zip', 'rar', '7z', 'gz', 'tar', 'ceb', 'caj', 'xml',
]);
const MEDIA_EXTENSIONS = new Set([
  'jpg', 'jpeg', 'png', 'gif', 'bmp', 'webp', 'svg', 'ico', 'tif', 'tiff',
  'mp4', 'mp3', 'avi', 'wmv', 'flv', 'mov', 'wav', 'swf', 'css', 'js', 'woff', 'woff2', 'ttf', 'eot', 'apk', 'exe',
]);
const SESSION_PARAMS = /^(jsessionid|phpsessid|sid|sessionid|aspsessionid\w*)$/i;
/** A gkmlpt list API, whose `sid` is the site's id (the API answers 400 without it), not a session. */
const SITE_ID_PATH = /\/gkmlpt\/api\//i;
const NOT_LINKS = /^(mailto|tel|javascript|data|about|blob|sms|callto|weixin|file):/i;

/**
 * Resolves `href` against `base` and normalises it: lower-case host, no default port,
 * no fragment, no session ids, query parameters sorted. Returns null for things that are
 * not links to check (mailto:, tel:, javascript:, bare fragments, malformed).
 */
export function normalizeUrl(href: string, base?: string): string | null {
  const trimmed = href.trim().replace(/[\r\n\t]/g, '');
  if (!trimmed || trimmed.startsWith('#') || NOT_LINKS.test(trimmed)) return null;
  let url: URL;
  try {
    url = base ? new URL(trimmed, base) : new URL(trimmed);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.hash = '';
  url.pathname = url.pathname.replace(/;jsessionid=[^/?]*/i, '');
  if (url.search) {
    const keepSid = SITE_ID_PATH.test(url.pathname);
    const params = [...url.searchParams.entries()].filter(([k]) => !SESSION_PARAMS.test(k) || (keepSid && k.toLowerCase() === 'sid'));
    params.sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1));
    url.search = new URLSearchParams(params).toString();
  }
  return url.href;
}

/** Lower-case file extension of the URL's path, or '' when there is none. */
export function extensionOf(url: string): string {
  const pathname = new URL(url).pathname;
  const last = pathname.slice(pathname.lastIndexOf('/') + 1);
  const dot = last.lastIndexOf('.');
  return dot > 0 ? last.slice(dot + 1).toLowerCase() : '';
}

/** An attachment a visitor downloads (pdf, doc, xls, zip ...). */
export function isAttachment(url: string): boolean {
  return ATTACHMENT_EXTENSIONS.has(extensionOf(url));
}

/** A URL that may be an HTML page (so worth crawling), judged from its extension. */
export function mayBeHtml(url: string): boolean {
  const ext = extensionOf(url);
  return !ATTACHMENT_EXTENSIONS.has(ext) && !MEDIA_EXTENSIONS.has(ext);
}

/** Decides whether a URL belongs to the inspected site. */
export class SiteScope {
  private readonly hosts: Set<string>;
  private readonly include: RegExp[];
  private readonly exclude: RegExp[];

  constructor(homepage: string, extraHosts: readonly string[] = [], include: readonly string[] = [], exclude: readonly string[] = []) {
    const home = new URL(homepage);
    this.hosts = new Set([home.host, ...extraHosts.map((h) => h.toLowerCase())]);
    this.include = include.map((p) => new RegExp(p));
    this.exclude = exclude.map((p) => new RegExp(p));
  }

  /** Same site: the homepage's host (with port) or one of the extra hosts. */
  isInternal(url: string): boolean {
    const { host, hostname } = new URL(url);
    return this.hosts.has(host) || this.hosts.has(hostname);
  }

  /** Internal and allowed by the include / exclude patterns. */
  isCrawlable(url: string): boolean {
    if (!this.isInternal(url)) return false;
    if (this.exclude.some((re) => re.test(url))) return false;
    return this.include.length === 0 || this.include.some((re) => re.test(url));
  }
}
