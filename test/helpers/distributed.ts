import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'src/cli/bin.js');

export interface Proc {
  child: ChildProcess;
  stderr: string;
  stdout: string;
  exited: Promise<number | null>;
}

/** A gov-inspector CLI process with shortened queue timings; its output is collected. */
export function startCli(lockMs: number, args: string[]): Proc {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, GOV_INSPECTOR_QUEUE_LOCK_MS: String(lockMs) }, stdio: ['ignore', 'pipe', 'pipe'] });
  const proc: Proc = { child, stderr: '', stdout: '', exited: new Promise((r) => child.once('exit', (code) => r(code))) };
  child.stdout!.on('data', (c: Buffer) => (proc.stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (proc.stderr += c.toString()));
  return proc;
}

export async function until(what: string, test: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * findings.json without what differs between two runs of the same scan even in one
 * process: ids, timings, the request count (external link results are shared between
 * sites scanned at once, so who asks first varies) and the order of lists (pages finish
 * in varying order under concurrency).
 */
const VARYING = new Set(['scanId', 'durationMs', 'generatedAt', 'startedAt', 'finishedAt', 'elapsedMs', 'requests']);
export function comparable(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'), (key, value) => {
    if (VARYING.has(key)) return undefined;
    return Array.isArray(value) ? [...value].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)) : value;
  });
}

