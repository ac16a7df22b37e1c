import { describe, expect, it } from 'vitest';
import { redisConnection } from '../../src/distributed/connection.ts';
import { UsageError } from '../../src/errors.ts';

describe('--redis address', () => {
  it('reads host, port, password and database', () => {
    expect(redisConnection('redis://:s%40cret@10.0.0.5:6380/2')).toMatchObject({ host: '10.0.0.5', port: 6380, password: 's@cret', db: 2, maxRetriesPerRequest: null });
    expect(redisConnection('redis://127.0.0.1')).toMatchObject({ host: '127.0.0.1', port: 6379 });
  });

  it('refuses what is not a redis:// address, naming the flag and the value', () => {
    for (const bad of ['localhost:6379', 'http://127.0.0.1:6379', 'redis://127.0.0.1:6379/x']) {
      expect(() => redisConnection(bad)).toThrow(UsageError);
      expect(() => redisConnection(bad)).toThrow(`参数 --redis 的值 "${bad}" 无效`);
    }
  });
});
