import path from 'node:path';
import { stat } from 'node:fs/promises';
import { loadConfigs } from '../../config/load-many.ts';
import { scanManyCommand } from './scan-many.ts';
import type { Config } from '../../config/schema.ts';
import { isIsoDate } from '../../dates.ts';
import { UsageError } from '../../errors.ts';
import { runScan } from '../../scan/run-scan.ts';
import { readRegister } from '../../disclosure/register/read-register.ts';
import { createProgress } from '../progress.ts';
import { formatSummary } from '../summary.ts';
import { abortOnInterrupt } from '../interrupt.ts';

export interface ScanCliOptions {
  config: string;
  out?: string;
  asOf?: string;
  maxPages?: number;
  concurrency?: number;
  intervalMs?: number;
  browser: boolean;
  resume?: boolean;
  /** Reuse an output folder that holds a finished scan. */
  force?: boolean;
  /** With a folder of configs: sites scanned at once. */
  sites?: number;
  /** Distributed: submit the sites to this Redis and wait for workers. */
  redis?: string;
}

export function checkAsOf(asOf: string | undefined): void {
  if (asOf !== undefined && !isIsoDate(asOf)) throw new UsageError(`参数 --as-of 的值 ${JSON.stringify(asOf)} 无效：应为 YYYY-MM-DD 格式的日期`);
}

/** Command-line flags win over the config file. */
export function applyFlags(config: Config, opts: Pick<ScanCliOptions, 'maxPages' | 'concurrency' | 'intervalMs' | 'browser'>): Config {
  return {
    ...config,
    crawl: {
      ...config.crawl,
      ...(opts.maxPages !== undefined && { maxPages: opts.maxPages }),
      ...(opts.concurrency !== undefined && { concurrency: opts.concurrency }),
      ...(opts.intervalMs !== undefined && { intervalMs: opts.intervalMs }),
    },
    browser: { ...config.browser, enabled: config.browser.enabled && opts.browser !== false },
  };
}

/** Runs a scan with progress on stderr and the summary on stdout; returns the exit code. */
export async function runWithProgress(config: Config, baseDir: string, opts: { out?: string; asOf?: string; resume?: boolean; force?: boolean }): Promise<0 | 1 | 3> {
  // A register that cannot be read stops the scan before any request (exit 2).
  if (config.disclosure.register) await readRegister(config.disclosure.register, baseDir);
  const progress = createProgress();
  const interrupt = abortOnInterrupt('收到中断信号：停止检查，保留已采集的数据（可用 --resume 继续）并写出未完成报告……');
  try {
    const outcome = await runScan(config, { baseDir, outDir: opts.out, asOf: opts.asOf, emit: progress.onEvent, signal: interrupt.signal, resume: opts.resume, force: opts.force });
    progress.stop();
    for (const format of outcome.unavailable) process.stderr.write(`提示：暂不支持输出格式 ${format}\n`);
    for (const note of outcome.notes) process.stderr.write(`提示：${note}\n`);
    process.stdout.write(formatSummary(outcome.findings, outcome.files));
    return outcome.exitCode;
  } finally {
    progress.stop();
    interrupt.dispose();
  }
}


export async function scanCommand(opts: ScanCliOptions): Promise<number> {
  checkAsOf(opts.asOf);
  const loaded = await loadConfigs(opts.config);
  const many = loaded.length > 1 || (await stat(opts.config)).isDirectory();
  if (opts.redis) {
    if (opts.resume) throw new UsageError('参数 --resume 不能与 --redis 同时使用：分布式检查重新提交同一命令即自动继续');
    // An unreadable register stops the run here (exit 2), not as three failed attempts on a worker.
    for (const l of loaded) if (l.config.disclosure.register) await readRegister(l.config.disclosure.register, l.baseDir);
    // BullMQ and its Redis client load only for a distributed run.
    const { scanDistributedCommand } = await import('./scan-distributed.ts');
    return scanDistributedCommand(loaded.map((l) => ({ ...l, config: applyFlags(l.config, opts) })), many, { redis: opts.redis, out: opts.out, asOf: opts.asOf });
  }
  if (many) return scanManyCommand(loaded.map((l) => ({ ...l, config: applyFlags(l.config, opts) })), opts);
  const { config, baseDir } = loaded[0];
  return runWithProgress(applyFlags(config, opts), baseDir, { out: opts.out && path.resolve(opts.out), asOf: opts.asOf, resume: opts.resume, force: opts.force });
}
