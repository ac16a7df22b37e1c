import type { LinkEdge } from '../crawl/inbound-links.ts';

/** An outside site the inspected site links to. */
export interface ExternalDomain {
  host: string;
  /** Link occurrences. */
  links: number;
  /** Distinct target URLs. */
  targets: number;
  /** Distinct pages carrying a link to it. */
  pages: number;
  /** A few targets and pages, for the report. */
  sampleTargets: string[];
  samplePages: string[];
}

/** A distinct outside target, with what is needed to decide whether to fetch it. */
export interface ExternalTarget {
  url: string;
  host: string;
  occurrences: number;
  texts: string[];
  sources: string[];
  fromHomepage: boolean;
}

/**
 * Groups the outside `a` and frame targets of the crawl by host. Pages per host are
 * counted exactly; samples are capped so memory stays small on big sites.
 */
export async function groupExternalLinks(edges: AsyncIterable<LinkEdge>, isInternal: (url: string) => boolean, homepageUrls: ReadonlySet<string>): Promise<{ domains: ExternalDomain[]; targets: Map<string, ExternalTarget> }> {
  const hosts = new Map<string, { links: number; targets: Set<string>; pages: Set<string>; samplePages: string[] }>();
  const targets = new Map<string, ExternalTarget>();
  for await (const edge of edges) {
    if (edge.k !== 'a' && edge.k !== 'frame') continue;
    let host: string;
    try {
      if (isInternal(edge.t)) continue;
      host = new URL(edge.t).host;
    } catch {
      continue;
    }
    const h = hosts.get(host) ?? { links: 0, targets: new Set<string>(), pages: new Set<string>(), samplePages: [] };
    h.links++;
    h.targets.add(edge.t);
    if (!h.pages.has(edge.s) && h.samplePages.length < 3) h.samplePages.push(edge.s);
    h.pages.add(edge.s);
    hosts.set(host, h);
    const t = targets.get(edge.t) ?? { url: edge.t, host, occurrences: 0, texts: [], sources: [], fromHomepage: false };
    t.occurrences++;
    if (edge.x && t.texts.length < 3 && !t.texts.includes(edge.x)) t.texts.push(edge.x);
    if (t.sources.length < 5 && !t.sources.includes(edge.s)) t.sources.push(edge.s);
    if (homepageUrls.has(edge.s)) t.fromHomepage = true;
    targets.set(edge.t, t);
  }
  const domains = [...hosts]
    .map(([host, h]) => ({ host, links: h.links, targets: h.targets.size, pages: h.pages.size, sampleTargets: [...h.targets].slice(0, 3), samplePages: h.samplePages }))
    .sort((a, b) => b.pages - a.pages || b.links - a.links || a.host.localeCompare(b.host));
  return { domains, targets };
}

/**
 * Which outside targets to open, at most `max`: suspicious ones first (flagged by the
 * caller), then one per host (a re-registered domain serves spam on every path), those
 * on the homepage first, then the most linked; then the rest in that order.
 */
export function pickTargetsToFetch(targets: Iterable<ExternalTarget>, suspicious: ReadonlySet<string>, max: number): string[] {
  const all = [...targets].sort((a, b) => Number(suspicious.has(b.url)) - Number(suspicious.has(a.url)) || Number(b.fromHomepage) - Number(a.fromHomepage) || b.occurrences - a.occurrences || a.url.localeCompare(b.url));
  const picked = new Set<string>();
  const hostsTaken = new Set<string>();
  for (const t of all) {
    if (picked.size >= max) break;
    if (suspicious.has(t.url) || !hostsTaken.has(t.host)) {
      picked.add(t.url);
      hostsTaken.add(t.host);
    }
  }
  // Room left: the other targets in the same order.
  for (const t of all) {
    if (picked.size >= max) break;
    picked.add(t.url);
  }
  return [...picked];
}
