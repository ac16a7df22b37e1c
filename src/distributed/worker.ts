import os from 'node:os';
import { DelayedError, Worker, type Job } from 'bullmq';
import { ScanLockBusyError } from '../store/scan-lock.ts';
import { redisConnection } from './connection.ts';
import { queueTimings, SITE_QUEUE, type SiteJobData, type SiteJobProgress, type SiteJobResult } from './queues.ts';
import { runSiteJob } from './site-job.ts';
import { startAuditWorker } from './audit-queue.ts';

export interface WorkerOptions {
  redis: string;
  /** Site jobs at once. */
  concurrency: number;
  browser: boolean;
  log?: (line: string) => void;
}

export interface RunningWorker {
  /** Stops taking jobs; with `force`, abandons running ones (they stall and another worker continues them). */
  close(force?: boolean): Promise<void>;
  /** Settles when the worker has stopped. */
  readonly closed: Promise<void>;
}

/**
 * A worker process: takes site jobs from Redis and scans them into the shared store.
 * BullMQ holds a lock per running job and renews it; a worker that dies stops renewing,
 * the job is found stalled and handed to another worker, which continues the scan.
 */
export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  const { lockMs, stalledIntervalMs } = queueTimings();
  const me = `${os.hostname()}:${process.pid}`;
  const processor = async (job: Job<SiteJobData, SiteJobResult>, token?: string): Promise<SiteJobResult> => {
    const site = job.data.config.site.name;
    log(`[${site}] 由 ${me} 开始检查（第 ${job.attemptsMade + 1} 次尝试）`);
    try {
      const result = await runSiteJob(job.data, job.id!, {
        leaseMs: lockMs,
        browser: options.browser,
        redis: options.redis,
        log,
        emit: (e) => {
          if (e.type === 'phase') void job.updateProgress({ phase: e.phase, ...(e.detail && { detail: e.detail }) } satisfies SiteJobProgress).catch(() => undefined);
          else if (e.type === 'warning') log(`[${site}] 提示：${e.message}`);
        },
      });
      log(`[${site}] 完成：${result.verdict === 'qualified' ? '合格' : '不合格'} ${result.total.toFixed(1)} 分`);
      return result;
    } catch (error) {
      // The folder's owner is alive elsewhere (or its lease has not run out yet): wait
      // for it without spending one of the job's attempts.
      if (error instanceof ScanLockBusyError && token) {
        const retryAt = Math.max(Date.now() + 1_000, Date.parse(error.holder.leaseUntil) + 100);
        log(`[${site}] ${error.message}`);
        await job.moveToDelayed(retryAt, token);
        throw new DelayedError();
      }
      log(`[${site}] 失败：${(error as Error).message}`);
      throw error;
    }
  };
  const worker = new Worker<SiteJobData, SiteJobResult>(SITE_QUEUE, processor, {
    connection: redisConnection(options.redis),
    concurrency: options.concurrency,
    lockDuration: lockMs,
    stalledInterval: stalledIntervalMs,
    // A job may stall more than once (two workers killed in a row, a Redis restart).
    maxStalledCount: 3,
    autorun: true,
  });
  worker.on('error', (error) => log(`队列连接出错：${error.message}`));
  await worker.waitUntilReady();
  // With a browser, this worker also audits pages of any site (its own or another worker's).
  const audits = options.browser ? await startAuditWorker(options.redis, log) : null;
  log(`检查节点 ${me} 已连接 ${options.redis}，同时检查 ${options.concurrency} 个网站${options.browser ? '，并承担浏览器检测' : '（不使用浏览器）'}`);
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  worker.on('closed', () => resolveClosed());
  return {
    closed,
    async close(force = false) {
      await Promise.all([worker.close(force), audits?.close(force)]);
      resolveClosed();
    },
  };
}
