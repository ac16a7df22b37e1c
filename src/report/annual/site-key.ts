import { defaultSiteId } from '../../store/site-identity.ts';

/**
 * Which stored scans are the same site: `site.id` when the config sets one, else the host
 * with scheme and `www.` folded (a non-default port kept), plus the hosts of
 * `site.previousUrls` (a moved site). Scans of http:// and https:// of one host are one site.
 */
export function hostKey(url: string): string {
  return defaultSiteId(url);
}

/** The identity fields of a stored scan's site config (id and previousUrls may be absent in older configs). */
export interface SiteIdentityConfig {
  name: string;
  url: string;
  id?: string;
  previousUrls?: string[];
}

export function siteIdOf(site: SiteIdentityConfig): string {
  return site.id ?? hostKey(site.url);
}

/** Every key a site is known by: its id, its host and the hosts it moved from. */
export function siteAliases(site: SiteIdentityConfig): Set<string> {
  return new Set([siteIdOf(site), hostKey(site.url), ...(site.previousUrls ?? []).map(hostKey)]);
}

/** Does a scan of `scanSite` belong to the site known by `aliases`? */
export function sameSite(aliases: Set<string>, scanSite: SiteIdentityConfig): boolean {
  return aliases.has(siteIdOf(scanSite)) || aliases.has(hostKey(scanSite.url));
}

/**
 * A URL of the site as a key that survives a move: the path and query when the host is one
 * of the site's, else the whole URL.
 */
export function siteUrlKey(url: string, aliases: Set<string>): string {
  try {
    const u = new URL(url);
    return aliases.has(hostKey(url)) ? `${u.pathname.replace(/\/index\.s?html?$/i, '/')}${u.search}` : u.href;
  } catch {
    return url;
  }
}
