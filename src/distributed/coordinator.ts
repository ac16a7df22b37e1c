import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Job, Queue } from 'bullmq';
import type { LoadedConfig } from '../config/load.ts';
import type { ScanEvent } from '../crawl/types.ts';
import { UsageError } from '../errors.ts';
import { writeStoreIndex } from '../report/store-index.ts';
import { LowdbScanStore } from '../store/lowdb-store.ts';
import type { IsoDate } from '../types.ts';
import { redisConnection } from './connection.ts';
import { siteJobId, siteJobOptions, SITE_QUEUE, type SiteJobData, type SiteJobProgress, type SiteJobResult } from './queues.ts';

export interface DistributedScanOptions {
  redis: string;
  asOf: IsoDate;
  /** Absolute scan folder of each site (on the store every worker sees). */
  scanDirOf: (loaded: LoadedConfig) => string;
  emit?: (site: string, event: ScanEvent) => void;
  /** Messages about the queue itself (Redis down, jobs resubmitted). */
  log?: (line: string) => void;
  signal?: AbortSignal;
  pollMs?: number;
}

export interface DistributedSite {
  loaded: LoadedConfig;
  jobId: string;
  result: SiteJobResult | null;
  error: string | null;
}

/** Ctrl-C of the coordinator: the jobs stay queued and workers go on with them. */
export class CoordinatorInterrupted extends Error {
  override name = 'CoordinatorInterrupted';
}

const CONNECT_TIMEOUT_MS = 10_000;

/**
 * The coordinator of a distributed scan: submits one job per site (its id is the site and
 * the monitoring date, so submitting again adds nothing and re-attaches to the running
 * jobs; a site whose job failed is retried) and waits for all of them, passing on each
 * site's phases. State is polled rather than taken from events, so a Redis restart
 * while waiting loses nothing: the loop simply reads again once Redis is back.
 */
export async function runDistributedScans(loaded: LoadedConfig[], options: DistributedScanOptions): Promise<DistributedSite[]> {
  const log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  const queue = new Queue<SiteJobData, SiteJobResult>(SITE_QUEUE, { connection: redisConnection(options.redis) });
  queue.on('error', () => undefined); // reported by the polling loop below
  try {
    await connect(queue, options.redis);
    const sites: DistributedSite[] = loaded.map((l) => ({ loaded: l, jobId: siteJobId(l.config.site.url, options.asOf), result: null, error: null }));
    const dataOf = (site: DistributedSite): SiteJobData => ({ config: site.loaded.config, baseDir: site.loaded.baseDir, scanDir: options.scanDirOf(site.loaded), asOf: options.asOf });
    for (const site of sites) await submit(queue, site.jobId, dataOf(site), log);
    await waitForAll(queue, sites, dataOf, options, log);
    await rebuildStoreIndexes(loaded, log);
    return sites;
  } finally {
    await queue.close().catch(() => undefined);
  }
}

async function connect(queue: Queue, url: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new UsageError(`无法连接 Redis（参数 --redis 的值 ${url}）：请确认 redis-server 已启动且地址可达`)), CONNECT_TIMEOUT_MS);
  });
  try {
    await Promise.race([queue.waitUntilReady(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Adds the job unless it exists; a job that failed its attempts gets them again. */
async function submit(queue: Queue<SiteJobData, SiteJobResult>, jobId: string, data: SiteJobData, log: (line: string) => void): Promise<void> {
  const existing = await queue.getJob(jobId);
  if (!existing) {
    await queue.add('site', data, { ...siteJobOptions(), jobId });
    return;
  }
  const state = await existing.getState();
  if (state === 'failed') {
    log(`[${data.config.site.name}] 上次提交的检查失败，重新执行`);
    await existing.retry('failed');
  } else {
    log(`[${data.config.site.name}] 已在队列中（${STATE_NAMES[state] ?? state}），沿用该任务`);
  }
}

const STATE_NAMES: Record<string, string> = { waiting: '等待中', active: '检查中', delayed: '稍后重试', completed: '已完成', 'waiting-children': '等待中', prioritized: '等待中' };

async function waitForAll(
  queue: Queue<SiteJobData, SiteJobResult>,
  sites: DistributedSite[],
  dataOf: (site: DistributedSite) => SiteJobData,
  options: DistributedScanOptions,
  log: (line: string) => void,
): Promise<void> {
  const pending = new Set(sites);
  const lastProgress = new Map<DistributedSite, string>();
  let redisDown = false;
  while (pending.size) {
    if (options.signal?.aborted) throw new CoordinatorInterrupted(`已停止等待：${pending.size} 个网站的检查仍在队列中，由检查节点继续；重新运行同一命令可继续等待并生成总览`);
    try {
      for (const site of [...pending]) {
        const name = site.loaded.config.site.name;
        // State first, then the job: read the other way round, a job finishing in between
        // would be "completed" without its return value.
        const state = await queue.getJobState(site.jobId);
        const job = await Job.fromId<SiteJobData, SiteJobResult>(queue, site.jobId);
        if (!job || state === 'unknown') {
          // Removed by hand or lost with Redis' data: submitted again.
          log(`[${name}] 队列中找不到该任务，重新提交`);
          await queue.add('site', dataOf(site), { ...siteJobOptions(), jobId: site.jobId });
          continue;
        }
        const progress = job.progress as SiteJobProgress | number;
        if (typeof progress === 'object' && progress && JSON.stringify(progress) !== lastProgress.get(site)) {
          lastProgress.set(site, JSON.stringify(progress));
          options.emit?.(name, { type: 'phase', phase: progress.phase as 'crawl', detail: progress.detail });
        }
        if (state === 'completed' && job.returnvalue) {
          site.result = job.returnvalue;
          pending.delete(site);
        } else if (state === 'failed') {
          site.error = `${job.attemptsMade} 次尝试均失败：${job.failedReason}`;
          pending.delete(site);
        }
      }
      if (redisDown) log('Redis 已恢复连接，继续等待');
      redisDown = false;
    } catch (error) {
      if (!redisDown) log(`Redis 连接中断（${(error as Error).message}），等待恢复……`);
      redisDown = true;
    }
    if (pending.size) await sleep(options.pollMs ?? 500, undefined, { signal: options.signal }).catch(() => undefined);
  }
}

/** The store's index.html is rebuilt once by the coordinator, after every site finished. */
async function rebuildStoreIndexes(loaded: LoadedConfig[], log: (line: string) => void): Promise<void> {
  const dirs = new Set(loaded.map((l) => path.resolve(l.baseDir, l.config.store.dir)));
  for (const dir of dirs) await writeStoreIndex(new LowdbScanStore(dir)).catch((error: Error) => log(`检查记录索引 ${dir} 未能更新：${error.message}`));
}
