import { readJsonl } from '../store/jsonl.ts';
import type { LinkKind } from './types.ts';

/** One edge of the link graph as links.jsonl stores it (short keys: there are many). */
export interface LinkEdge {
  /** The page the link stands on. */
  s: string;
  /** Where it points. */
  t: string;
  k: LinkKind;
  /** Its text. */
  x: string;
}

/** How a page was reached: the pages linking to it and the texts of those links. */
export interface InboundLinks {
  sources: string[];
  texts: string[];
}

/**
 * The links pointing to each of `targets`, read back from links.jsonl in one pass: the
 * linking pages (all, or the first `maxSources`) and the first `maxTexts` distinct texts.
 */
export async function inboundLinks(linksFile: string, targets: ReadonlySet<string>, limits: { maxTexts: number; maxSources?: number }): Promise<Map<string, InboundLinks>> {
  const found = new Map<string, { sources: Set<string>; texts: Set<string> }>();
  if (!targets.size) return new Map();
  for await (const edge of readJsonl<LinkEdge>(linksFile)) {
    if (!targets.has(edge.t)) continue;
    let entry = found.get(edge.t);
    if (!entry) found.set(edge.t, (entry = { sources: new Set(), texts: new Set() }));
    if (limits.maxSources === undefined || entry.sources.size < limits.maxSources) entry.sources.add(edge.s);
    if (edge.x && entry.texts.size < limits.maxTexts) entry.texts.add(edge.x);
  }
  return new Map([...found].map(([url, e]) => [url, { sources: [...e.sources], texts: [...e.texts] }]));
}
