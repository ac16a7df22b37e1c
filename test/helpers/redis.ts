import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

const CANDIDATES = [process.env.REDIS_SERVER, '/usr/bin/redis-server', '/usr/local/bin/redis-server'].filter(Boolean) as string[];

/**
 * The redis-server binary for distributed tests, or why there is none. Without one the
 * tests are skipped with the reason, unless REQUIRE_REDIS is set (CI), where they must run.
 */
export function redisForTests(): { binary: string | null; skipReason: string | null } {
  const binary = CANDIDATES.find((c) => existsSync(c)) ?? null;
  if (binary) return { binary, skipReason: null };
  const reason = `未找到 redis-server（已查找 ${CANDIDATES.join('、')}；Debian 上 apt-get install redis-server）`;
  if (process.env.REQUIRE_REDIS) throw new Error(`REQUIRE_REDIS 已设置，但${reason}`);
  return { binary: null, skipReason: reason };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A real redis-server for one test file: loopback only, a free port, its data in a temp
 * folder, AOF on with fsync on every write (what the README asks of production), so a
 * kill -9 and restart keeps every job.
 */
export class TestRedis {
  private process: ChildProcess | null = null;
  port = 0;
  dir = '';

  constructor(private readonly binary: string) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (!this.dir) this.dir = await mkdtemp(path.join(os.tmpdir(), 'gi-redis-'));
    if (!this.port) this.port = await freePort();
    const child = spawn(this.binary, ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--protected-mode', 'yes'], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.process = child;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 10_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}: ${out}`));
      });
    });
    child.stdout!.resume();
    child.stderr!.resume();
  }

  /** kill -9: no shutdown, no final save; only what the AOF holds survives. */
  async kill9(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    this.process = null;
  }

  async stop(): Promise<void> {
    await this.kill9();
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }
}
