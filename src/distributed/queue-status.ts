import { Queue } from 'bullmq';
import { AUDIT_QUEUE } from './audit-queue.ts';
import { redisConnection } from './connection.ts';
import { SITE_QUEUE, type SiteJobData, type SiteJobResult } from './queues.ts';

type Counts = Record<'waiting' | 'active' | 'delayed' | 'completed' | 'failed' | 'paused', number>;

export interface QueueStatus {
  queue: string;
  counts: Counts;
  /** Workers taking site jobs. */
  workers: number;
  active: { id: string; site: string; attempt: number; startedAt: string | null }[];
  failed: { id: string; site: string; reason: string }[];
  /** The browser-audit queue: batches of pages, and the workers with a browser. */
  audits: { queue: string; counts: Counts; workers: number };
}

const STATES = ['waiting', 'active', 'delayed', 'completed', 'failed', 'paused'] as const;

/** Counts of both queues, the workers connected and what each running site job is. */
export async function queueStatus(redis: string): Promise<QueueStatus> {
  const connection = redisConnection(redis, { failFast: true });
  const sites = new Queue<SiteJobData, SiteJobResult>(SITE_QUEUE, { connection });
  const audits = new Queue(AUDIT_QUEUE, { connection });
  for (const q of [sites, audits]) q.on('error', () => undefined);
  try {
    const counts = (await sites.getJobCounts(...STATES)) as Counts;
    const active = (await sites.getActive(0, 99)).map((j) => ({ id: j.id!, site: j.data.config.site.name, attempt: j.attemptsMade + 1, startedAt: j.processedOn ? new Date(j.processedOn).toISOString() : null }));
    const failed = (await sites.getFailed(0, 99)).map((j) => ({ id: j.id!, site: j.data.config.site.name, reason: j.failedReason }));
    return {
      queue: SITE_QUEUE,
      counts,
      workers: await sites.getWorkersCount(),
      active,
      failed,
      audits: { queue: AUDIT_QUEUE, counts: (await audits.getJobCounts(...STATES)) as Counts, workers: await audits.getWorkersCount() },
    };
  } finally {
    await Promise.all([sites.close(), audits.close()]).catch(() => undefined);
  }
}

export function formatQueueStatus(s: QueueStatus): string {
  const line = (name: string, c: Counts) => `${name}：等待 ${c.waiting + c.paused}，进行中 ${c.active}，稍后重试 ${c.delayed}，已完成 ${c.completed}，失败 ${c.failed}`;
  const lines = [
    line(`网站检查队列 ${s.queue}`, s.counts),
    line(`浏览器检测队列 ${s.audits.queue}`, s.audits.counts),
    `在线检查节点：${s.workers}（其中可做浏览器检测 ${s.audits.workers}）`,
    ...s.active.map((j) => `  检查中：${j.site}（${j.id}，第 ${j.attempt} 次尝试，开始于 ${j.startedAt ?? '—'}）`),
    ...s.failed.map((j) => `  失败：${j.site}（${j.id}）：${j.reason}`),
  ];
  return `${lines.join('\n')}\n`;
}
