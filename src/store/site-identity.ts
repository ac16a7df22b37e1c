/**
 * Which store records belong to one site. A site is known by `site.id` (config), by default
 * its homepage host with the scheme and a leading `www.` folded and a non-default port kept,
 * so `http://www.example.gov.cn/` and `https://example.gov.cn/` are one site's history. A
 * site that moved lists its old homepages in `site.previousUrls`.
 */

/** The default id of a homepage URL: `https://www.example.gov.cn:8443/` → `example.gov.cn:8443`. */
export function defaultSiteId(url: string): string {
  try {
    const u = new URL(url);
    // URL drops the scheme's default port already (80 for http, 443 for https).
    const host = u.hostname.toLowerCase().replace(/^www\./, '');
    const port = u.port && !(u.port === '80' || u.port === '443') ? `:${u.port}` : '';
    return `${host}${port}`;
  } catch {
    return url;
  }
}

/** The site as the config names it, with every id its earlier scans may carry. */
export interface SiteIdentity {
  id: string;
  url: string;
  /** Ids that count as this site: its own, its URL's default and those of `previousUrls`. */
  aliases: string[];
  /** Origins the site was served from (its URL's and its previous URLs'), to compare problems across a move. */
  origins: string[];
}

export function siteIdentityOf(site: { id?: string; url: string; previousUrls?: readonly string[] }): SiteIdentity {
  const id = site.id ?? defaultSiteId(site.url);
  const urls = [site.url, ...(site.previousUrls ?? [])];
  return { id, url: site.url, aliases: [...new Set([id, ...urls.map(defaultSiteId)])], origins: [...new Set(urls.map(originOf).filter((o): o is string => o !== null))] };
}

export function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** A scan record's `site`, or a finding / triage record (which carry `siteId` and `siteUrl`). */
export type StoredSite = { id?: string; url: string } | { siteId?: string; siteUrl: string };

/** The id a stored record carries (records written before ids existed: their URL's default). */
export function storedSiteId(record: StoredSite): string {
  return 'siteUrl' in record ? (record.siteId ?? defaultSiteId(record.siteUrl)) : (record.id ?? defaultSiteId(record.url));
}

/**
 * Does a stored record (scan site, finding record, triage record) belong to this site? By
 * its id, or by its URL's host (a caller that knows only the URL, e.g. `triage --import`).
 */
export function isSameSite(identity: SiteIdentity, record: StoredSite): boolean {
  const url = 'siteUrl' in record ? record.siteUrl : record.url;
  return identity.aliases.includes(storedSiteId(record)) || identity.aliases.includes(defaultSiteId(url));
}
