import { Queue } from 'bullmq';
import { redisConnection } from './connection.ts';
import { SITE_QUEUE, type SiteJobData, type SiteJobResult } from './queues.ts';

export interface QueueStatus {
  queue: string;
  counts: Record<'waiting' | 'active' | 'delayed' | 'completed' | 'failed' | 'paused', number>;
  workers: number;
  active: { id: string; site: string; attempt: number; startedAt: string | null }[];
  failed: { id: string; site: string; reason: string }[];
}

/** Counts of the site queue, the workers connected and what each running job is. */
export async function queueStatus(redis: string): Promise<QueueStatus> {
  const queue = new Queue<SiteJobData, SiteJobResult>(SITE_QUEUE, { connection: redisConnection(redis, { failFast: true }) });
  queue.on('error', () => undefined);
  try {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'paused');
    const workers = await queue.getWorkersCount();
    const active = (await queue.getActive(0, 99)).map((j) => ({ id: j.id!, site: j.data.config.site.name, attempt: j.attemptsMade + 1, startedAt: j.processedOn ? new Date(j.processedOn).toISOString() : null }));
    const failed = (await queue.getFailed(0, 99)).map((j) => ({ id: j.id!, site: j.data.config.site.name, reason: j.failedReason }));
    return { queue: SITE_QUEUE, counts: counts as QueueStatus['counts'], workers, active, failed };
  } finally {
    await queue.close().catch(() => undefined);
  }
}

export function formatQueueStatus(s: QueueStatus): string {
  const c = s.counts;
  const lines = [
    `队列 ${s.queue}：等待 ${c.waiting + c.paused}，检查中 ${c.active}，稍后重试 ${c.delayed}，已完成 ${c.completed}，失败 ${c.failed}`,
    `在线检查节点（连接数）：${s.workers}`,
    ...s.active.map((j) => `  检查中：${j.site}（${j.id}，第 ${j.attempt} 次尝试，开始于 ${j.startedAt ?? '—'}）`),
    ...s.failed.map((j) => `  失败：${j.site}（${j.id}）：${j.reason}`),
  ];
  return `${lines.join('\n')}\n`;
}
