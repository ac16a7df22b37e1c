import { formatQueueStatus, queueStatus } from '../../distributed/queue-status.ts';
import { UsageError } from '../../errors.ts';

/** `queue status --redis`: what to watch during a distributed run. */
export async function queueStatusCommand(opts: { redis: string; json?: boolean }): Promise<number> {
  const status = await queueStatus(opts.redis).catch((error: Error) => {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`无法读取队列（参数 --redis 的值 ${opts.redis}）：${error.message}`);
  });
  process.stdout.write(opts.json ? `${JSON.stringify(status, null, 2)}\n` : formatQueueStatus(status));
  return 0;
}
