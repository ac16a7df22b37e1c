import { setTimeout as sleep } from 'node:timers/promises';
import { Job, Queue, Worker } from 'bullmq';
import { auditBatch } from '../accessibility/browser-audits-gatherer.ts';
import type { AuditBatch, AuditBatchResult, AuditedPage, RemoteAuditRunner } from '../accessibility/types.ts';
import { createBrowserProvider } from '../browser/provider.ts';
import type { BrowserProvider } from '../crawl/types.ts';
import type { Config } from '../config/schema.ts';
import { redisConnection } from './connection.ts';
import { queueTimings } from './queues.ts';

/** Browser audits of sampled pages, in batches, taken by any worker that has Chromium. */
export const AUDIT_QUEUE = 'gov-inspector-audits';

export interface AuditJobData {
  config: Config;
  /** Scan folder on the shared store: screenshots are written there. */
  scanDir: string;
  batch: AuditBatch;
}

const AUDIT_JOB_OPTIONS = { attempts: 2, removeOnComplete: { age: 100 * 24 * 3600 }, removeOnFail: { age: 100 * 24 * 3600 } };

/**
 * The audit runner a site job hands to its scan: each batch becomes a job (id: the site
 * job's id and the batch's first page, so a continued scan finds the batches already
 * audited), and the results are collected by polling, which survives a Redis restart.
 * A batch that fails on every attempt yields its pages with the reason, not a hang.
 */
export function remoteAuditRunner(options: { redis: string; siteJobId: string; config: Config; scanDir: string; log: (line: string) => void }): RemoteAuditRunner {
  return async (batches) => {
    const queue = new Queue<AuditJobData, AuditBatchResult>(AUDIT_QUEUE, { connection: redisConnection(options.redis) });
    queue.on('error', () => undefined);
    try {
      if ((await queue.getWorkersCount()) === 0) throw new Error('没有带浏览器的检查节点在线（各节点均以 --no-browser 启动），浏览器检查未执行');
      const ids = batches.map((b) => `${options.siteJobId}#audit-${b.first}`);
      for (const [i, batch] of batches.entries()) {
        const existing = await queue.getJob(ids[i]);
        if (!existing) await queue.add('audit', { config: options.config, scanDir: options.scanDir, batch }, { ...AUDIT_JOB_OPTIONS, jobId: ids[i] });
        else if ((await existing.getState()) === 'failed') await existing.retry('failed');
      }
      const results = new Array<AuditBatchResult | undefined>(batches.length);
      for (let open = batches.length; open > 0; ) {
        await sleep(300);
        open = 0;
        for (const [i, id] of ids.entries()) {
          if (results[i]) continue;
          try {
            // State first, then the job: read the other way round, a job finishing in between
            // would be "completed" without its return value.
            const state = await queue.getJobState(id);
            const job = state === 'completed' || state === 'failed' ? await Job.fromId<AuditJobData, AuditBatchResult>(queue, id) : null;
            if (state === 'completed' && job?.returnvalue) results[i] = job.returnvalue;
            else if (state === 'failed') results[i] = failedBatch(batches[i], `浏览器检测任务失败：${job?.failedReason ?? '原因未知'}`);
            else {
              // Lost (removed by hand, or with Redis' data): submitted again.
              if (state === 'unknown') await queue.add('audit', { config: options.config, scanDir: options.scanDir, batch: batches[i] }, { ...AUDIT_JOB_OPTIONS, jobId: id });
              open++;
            }
          } catch {
            open++; // Redis away: asked again on the next round
          }
        }
      }
      return results as AuditBatchResult[];
    } finally {
      await queue.close().catch(() => undefined);
    }
  };
}

function failedBatch(batch: AuditBatch, reason: string): AuditBatchResult {
  const pages: AuditedPage[] = batch.targets.map((t) => ({ ...t, error: reason, axe: null, lighthouse: null, text: null, mobile: null, mobileError: null, screenshot: null, mobileScreenshot: null, durationMs: 0 }));
  return { browser: null, lighthouse: { enabled: false, skipped: reason, runs: 0 }, elderEntries: null, pages, screenshots: {}, stats: { durationMs: 0, contextsCreated: 0, pagesOpened: 0 } };
}

/**
 * The audit side of a worker with a browser: one batch at a time (each batch already runs
 * `browser.concurrency` pages at once), in one Chromium kept across batches.
 */
export async function startAuditWorker(redis: string, log: (line: string) => void): Promise<Worker> {
  const { lockMs, stalledIntervalMs } = queueTimings();
  const providers = new Map<string, BrowserProvider>();
  // Playwright is large: loaded before the first job, not inside it, where seconds of module
  // loading on a busy machine would keep the job's lock from being renewed.
  await import('playwright');
  const worker = new Worker<AuditJobData, AuditBatchResult>(
    AUDIT_QUEUE,
    async (job) => {
      const { config, scanDir, batch } = job.data;
      const key = JSON.stringify([config.browser.executablePath ?? null, config.browser.loopbackOnly ?? false]);
      let provider = providers.get(key);
      if (!provider) providers.set(key, (provider = createBrowserProvider({ ...config.browser, enabled: true })));
      let launched = await provider.get();
      if (launched.ok && !launched.browser.isConnected()) {
        // Chromium crashed since the last batch: a new one.
        await provider.close();
        launched = await provider.get();
      }
      if (!launched.ok) throw new Error(launched.reason);
      log(`[${config.site.name}] 浏览器检测 ${batch.targets.length} 个页面（第 ${batch.first + 1} 个起）`);
      return auditBatch(launched.browser, launched.executablePath, batch, { config, scanDir, emit: () => undefined });
    },
    { connection: redisConnection(redis), concurrency: 1, lockDuration: lockMs, stalledInterval: stalledIntervalMs, maxStalledCount: 3 },
  );
  worker.on('closed', () => void Promise.all([...providers.values()].map((p) => p.close())));
  worker.on('error', (error) => log(`浏览器检测队列连接出错：${error.message}`));
  await worker.waitUntilReady();
  return worker;
}
