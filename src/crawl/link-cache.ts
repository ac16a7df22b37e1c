import { createReadStream, existsSync } from 'node:fs';
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { FetchResult } from './types.ts';

interface CachedCheck {
  u: string;
  /** When it was checked (ms since epoch). */
  at: number;
  status: number | null;
  error: FetchResult['error'];
  errorDetail: string | null;
  finalUrl: string;
  headers: Record<string, string>;
  /** Start of a refusal's body: what tells a firewall 403 from a plain one. */
  head: string | null;
}

/** Headers that classifyFetch reads to recognise a firewall. */
const KEPT = /^(server|x-powered-by|via|cf-|x-sucuri|x-waf|x-yd-waf|x-safe|eagleid|x-swift|x-tengine)/;

/**
 * Link-check results for other sites' URLs, reused for `ttlMs` across pages, scans and
 * sites: a province's sites all link to the same national portals, and asking each of
 * them again every scan is neither polite nor fast. Append-only JSONL under the cache
 * folder (last line per URL wins); several scans may append at once.
 */
export class ExternalLinkCache {
  private readonly entries = new Map<string, CachedCheck>();
  private hits = 0;

  private constructor(private readonly file: string, private readonly ttlMs: number) {}

  static async open(dir: string, ttlMs: number): Promise<ExternalLinkCache> {
    const cache = new ExternalLinkCache(path.join(dir, 'external-links.jsonl'), ttlMs);
    await mkdir(dir, { recursive: true });
    if (ttlMs > 0 && existsSync(cache.file)) {
      const cutoff = Date.now() - ttlMs;
      for await (const line of createInterface({ input: createReadStream(cache.file, 'utf8'), crlfDelay: Infinity })) {
        try {
          const entry = JSON.parse(line) as CachedCheck;
          if (entry.at >= cutoff) cache.entries.set(entry.u, entry);
        } catch {
          // torn line: that URL is checked again
        }
      }
    }
    return cache;
  }

  get hitCount(): number {
    return this.hits;
  }

  get(url: string): FetchResult | null {
    const e = this.entries.get(url);
    if (!e || Date.now() - e.at > this.ttlMs) return null;
    this.hits++;
    const body = e.head === null ? null : Buffer.from(e.head, 'utf8');
    return { url, finalUrl: e.finalUrl, status: e.status, error: e.error, errorDetail: e.errorDetail, headers: e.headers, redirects: [], body, truncated: false, attempts: 0, durationMs: 0 };
  }

  async set(url: string, result: FetchResult): Promise<void> {
    if (this.ttlMs <= 0) return;
    const headers = Object.fromEntries(Object.entries(result.headers).filter(([k]) => KEPT.test(k)));
    const head = result.status !== null && result.status >= 400 && result.body ? result.body.subarray(0, 4096).toString('utf8') : null;
    const entry: CachedCheck = { u: url, at: Date.now(), status: result.status, error: result.error, errorDetail: result.errorDetail, finalUrl: result.finalUrl, headers, head };
    this.entries.set(url, entry);
    await appendFile(this.file, `${JSON.stringify(entry)}\n`);
  }
}
