import path from 'node:path';
import type { Config } from '../config/schema.ts';
import { FetchJournal, JOURNAL_FILE } from '../crawl/fetch-journal.ts';
import { ExternalLinkCache } from '../crawl/link-cache.ts';
import { ResponseCache } from '../crawl/response-cache.ts';
import { UsageError } from '../errors.ts';
import type { ScanRecord, ScanStore } from '../store/scan-store.ts';

/** The latest scan of the site that did not finish (killed, crashed or interrupted). */
export async function findResumable(store: ScanStore, siteUrl: string): Promise<ScanRecord> {
  const data = await store.read();
  const last = data.scans.filter((s) => s.site.url === siteUrl).at(-1);
  if (!last || last.status === 'done') {
    throw new UsageError(`没有可继续的检查：${siteUrl} 最近一次检查${last ? '已完成' : '不存在'}（去掉 --resume 开始新的检查）`);
  }
  return last;
}

export interface HttpCaching {
  cache?: ResponseCache;
  journal?: FetchJournal;
  linkCache?: ExternalLinkCache;
}

/** Per-store caches (shared by every scan of the store) and this scan's fetch journal. */
export async function openHttpCaching(config: Config, baseDir: string, scanDir: string, resume: boolean): Promise<HttpCaching> {
  if (!config.cache.enabled) {
    if (resume) throw new UsageError('配置 cache.enabled 为 false：没有保存抓取记录，无法继续上次的检查');
    return {};
  }
  const dir = path.resolve(baseDir, config.store.dir, config.cache.dir);
  const cache = await ResponseCache.open(dir);
  const journal = await FetchJournal.open(path.join(scanDir, JOURNAL_FILE), cache.bodies, resume);
  const ttlMs = config.cache.externalLinkTtlHours * 3_600_000;
  const key = `${dir}\n${ttlMs}`;
  // One instance per cache folder in this process: sites scanned together share results at once.
  if (!linkCaches.has(key)) linkCaches.set(key, ExternalLinkCache.open(dir, ttlMs));
  return { cache, journal, linkCache: await linkCaches.get(key)! };
}

const linkCaches = new Map<string, Promise<ExternalLinkCache>>();
