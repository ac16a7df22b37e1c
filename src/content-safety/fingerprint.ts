import { createHash } from 'node:crypto';
import type { CheerioAPI } from 'cheerio';
import { normalizeUrl } from '../crawl/url.ts';
import { metaContent } from '../crawl/page-memo.ts';

/**
 * What the homepage looks like in a form that survives daily news updates: a MinHash
 * signature of its text (so a changed headline moves the similarity a little, a defaced
 * page moves it a lot), its title and keywords, and the outside scripts and frames it loads.
 */
export interface HomepageFingerprint {
  url: string;
  title: string;
  keywords: string;
  description: string;
  /** sha1 of the normalised text (digits folded, so dates and counters do not count). */
  textHash: string;
  textLength: number;
  /** MinHash of 3-character shingles; similarity = share of equal slots. */
  signature: number[];
  /** Script sources on other hosts. */
  externalScripts: string[];
  /** Every frame source. */
  iframes: string[];
}

const SLOTS = 64;

/** FNV-1a over UTF-16 units, 32 bits. */
function fnv1a(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** 32-bit mix so each slot is an independent-enough permutation of the base hash. */
function mix(h: number, seed: number): number {
  let x = (h ^ Math.imul(seed, 0x9e3779b1)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

export function minHash(text: string, slots = SLOTS): number[] {
  const sig = new Array<number>(slots).fill(0xffffffff);
  const compact = text.replace(/\s+/g, '');
  for (let i = 0; i + 3 <= compact.length; i++) {
    const h = fnv1a(compact.slice(i, i + 3), 0);
    for (let s = 0; s < slots; s++) {
      const v = mix(h, s + 1);
      if (v < sig[s]) sig[s] = v;
    }
  }
  return sig;
}

/** Estimated Jaccard similarity of two signatures (1 = same text). */
export function similarity(a: readonly number[], b: readonly number[]): number {
  if (!a.length || a.length !== b.length) return 0;
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

export function homepageFingerprint($: CheerioAPI, url: string, text: string, isInternal: (url: string) => boolean): HomepageFingerprint {
  const folded = text.replace(/[0-9]+/g, '0');
  const externalScripts = new Set<string>();
  $('script[src]').each((_, el) => {
    const src = normalizeUrl($(el).attr('src') ?? '', url);
    if (src && !isInternal(src)) externalScripts.add(src);
  });
  const iframes = new Set<string>();
  $('iframe[src], frame[src]').each((_, el) => {
    const src = normalizeUrl($(el).attr('src') ?? '', url);
    if (src) iframes.add(src);
  });
  return {
    url,
    title: $('title').first().text().replace(/\s+/g, ' ').trim(),
    keywords: (metaContent($, 'keywords') ?? '').trim(),
    description: (metaContent($, 'description') ?? '').trim(),
    textHash: createHash('sha1').update(folded).digest('hex'),
    textLength: text.length,
    signature: minHash(folded),
    externalScripts: [...externalScripts].sort(),
    iframes: [...iframes].sort(),
  };
}
