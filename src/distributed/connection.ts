import type { ConnectionOptions } from 'bullmq';
import { UsageError } from '../errors.ts';

/**
 * `--redis redis://[user:password@]host:port[/db]` as BullMQ connection options. Workers
 * need `maxRetriesPerRequest: null`: during a Redis restart commands wait for the
 * reconnect instead of failing the job that issued them.
 */
export function redisConnection(url: string, options: { failFast?: boolean } = {}): ConnectionOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`参数 --redis 的值 ${JSON.stringify(url)} 无效：应为 redis://主机:端口 形式的地址`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new UsageError(`参数 --redis 的值 ${JSON.stringify(url)} 无效：应以 redis:// 或 rediss:// 开头`);
  }
  const db = parsed.pathname.replace(/^\//, '');
  if (db && !/^\d+$/.test(db)) throw new UsageError(`参数 --redis 的值 ${JSON.stringify(url)} 无效：数据库编号 ${JSON.stringify(db)} 应为整数`);
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    ...(parsed.username && { username: decodeURIComponent(parsed.username) }),
    ...(parsed.password && { password: decodeURIComponent(parsed.password) }),
    ...(db && { db: Number(db) }),
    ...(parsed.protocol === 'rediss:' && { tls: {} }),
    // Reconnect quickly and forever: a restarted Redis is back within seconds. A one-shot
    // command (queue status) fails fast instead.
    maxRetriesPerRequest: options.failFast ? 1 : null,
    retryStrategy: options.failFast ? () => null : (times: number) => Math.min(times * 200, 2000),
  };
}
