import { startWorker } from '../../distributed/worker.ts';

/**
 * `worker --redis`: scans the sites the queue hands out until stopped. Ctrl-C / SIGTERM
 * stops at once without finishing the running scans: their jobs stall and another worker
 * (or this one, restarted) continues them from what is stored.
 */
export async function workerCommand(opts: { redis: string; concurrency?: number; browser?: boolean }): Promise<number> {
  const worker = await startWorker({ redis: opts.redis, concurrency: opts.concurrency ?? 1, browser: opts.browser !== false });
  const stop = () => {
    process.stderr.write('\n收到停止信号：检查节点退出，进行中的网站将由其他节点继续\n');
    void worker.close(true);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await worker.closed;
  return 0;
}
