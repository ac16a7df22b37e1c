import { createReadStream, existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { BodyStore } from '../store/body-store.ts';
import { JsonlWriter } from '../store/jsonl.ts';

/** What is kept of a response to revalidate it next time. */
export interface CachedResponse {
  etag: string | null;
  lastModified: string | null;
  sha: string;
  /** Content-Type of the stored response: what parsing a 304'd page needs. */
  type: string | null;
  status: number;
}

/**
 * HTTP validators and bodies across scans, under `<store>/<cache.dir>/`. The index is an
 * append-only JSONL (last line per URL wins; a torn last line is skipped); bodies live
 * in a content-addressed BodyStore (an append-only pack per writing process). Several
 * processes may append at once.
 */
export class ResponseCache {
  readonly bodies: BodyStore;
  private readonly index = new Map<string, CachedResponse>();
  /** A site sends a handful of Content-Types: one string each, not one per page. */
  private readonly types = new Map<string, string>();
  private readonly indexFile: string;
  /** Opened on the first new entry; O_APPEND, so other processes' lines stay whole. */
  private out: JsonlWriter<CachedResponse & { u: string }> | null = null;

  private constructor(readonly dir: string) {
    this.bodies = new BodyStore(path.join(dir, 'bodies'));
    this.indexFile = path.join(dir, 'responses.jsonl');
  }

  static async open(dir: string): Promise<ResponseCache> {
    const cache = new ResponseCache(dir);
    await mkdir(dir, { recursive: true });
    if (existsSync(cache.indexFile)) {
      const lines = createInterface({ input: createReadStream(cache.indexFile, 'utf8'), crlfDelay: Infinity });
      for await (const line of lines) {
        try {
          const { u, ...entry } = JSON.parse(line) as CachedResponse & { u: string };
          cache.index.set(u, { ...entry, type: cache.typeOf(entry.type) });
        } catch {
          // torn line from a crash: that entry is simply not cached
        }
      }
    }
    return cache;
  }

  /** Conditional request headers for a URL we hold a validated body for. */
  validators(url: string): Record<string, string> | null {
    const entry = this.index.get(url);
    if (!entry || (!entry.etag && !entry.lastModified)) return null;
    const headers: Record<string, string> = {};
    if (entry.etag) headers['if-none-match'] = entry.etag;
    if (entry.lastModified) headers['if-modified-since'] = entry.lastModified;
    return headers;
  }

  /** Headers of the stored response, as a 304 answer's base. */
  static headersOf(entry: CachedResponse): Record<string, string> {
    const headers: Record<string, string> = {};
    if (entry.type) headers['content-type'] = entry.type;
    if (entry.etag) headers.etag = entry.etag;
    if (entry.lastModified) headers['last-modified'] = entry.lastModified;
    return headers;
  }

  /** The stored response answering a 304, or null when the body is gone. */
  async revalidated(url: string): Promise<{ entry: CachedResponse; body: Buffer } | null> {
    const entry = this.index.get(url);
    if (!entry) return null;
    const body = await this.bodies.get(entry.sha);
    return body ? { entry, body } : null;
  }

  /** Remembers a full 200 response that carries a validator. */
  async store(url: string, status: number, headers: Record<string, string>, body: Buffer): Promise<void> {
    const etag = headers.etag ?? null;
    const lastModified = headers['last-modified'] ?? null;
    if (status !== 200 || (!etag && !lastModified)) return;
    const sha = await this.bodies.put(body);
    const old = this.index.get(url);
    if (old && old.sha === sha && old.etag === etag && old.lastModified === lastModified) return;
    // Kept compact: one entry per page of every site stays in memory during a scan.
    const entry: CachedResponse = { etag, lastModified, sha, type: this.typeOf(headers['content-type']), status };
    this.index.set(url, entry);
    this.out ??= new JsonlWriter(this.indexFile, true);
    await this.out.write({ u: url, ...entry });
  }

  private typeOf(type: string | null | undefined): string | null {
    if (!type) return null;
    const known = this.types.get(type);
    if (known) return known;
    this.types.set(type, type);
    return type;
  }

  async close(): Promise<void> {
    await this.out?.close();
    await this.bodies.close();
  }
}
