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
  const abort = new AbortController();
  const onSignal = stopOnSignal(abort);
  try {
    const outcome = await runScan(config, { baseDir, outDir: opts.out, asOf: opts.asOf, emit: progress.onEvent, signal: abort.signal, resume: opts.resume, force: opts.force });
    progress.stop();
    for (const format of outcome.unavailable) process.stderr.write(`提示：暂不支持输出格式 ${format}\n`);
    for (const note of outcome.notes) process.stderr.write(`提示：${note}\n`);
    process.stdout.write(formatSummary(outcome.findings, outcome.files));
    return outcome.exitCode;
  } finally {
    progress.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Exit code of a second stop request: the scan is abandoned at once (128 + SIGINT). */
const EXIT_HARD_STOP = 130;

/**
 * SIGINT / SIGTERM: every stage stops within seconds, what was collected stays on disk for
 * `--resume`, and an incomplete report is written (exit 3). A second signal exits at once.
 */
export function stopOnSignal(abort: AbortController): () => void {
  const onSignal = () => {
    if (abort.signal.aborted) {
      process.stderr.write('\n再次收到中断信号：立即退出（已采集的数据保留，可用 --resume 继续）\n');
      process.exit(EXIT_HARD_STOP);
    }
    process.stderr.write('\n收到中断信号：停止检查，保留已采集的数据（可用 --resume 继续）并写出未完成报告……\n');
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return onSignal;
}

export async function scanCommand(opts: ScanCliOptions): Promise<number> {
  checkAsOf(opts.asOf);
  const loaded = await loadConfigs(opts.config);
  if (loaded.length > 1 || (await stat(opts.config)).isDirectory()) return scanManyCommand(loaded.map((l) => ({ ...l, config: applyFlags(l.config, opts) })), opts);
  const { config, baseDir } = loaded[0];
  return runWithProgress(applyFlags(config, opts), baseDir, { out: opts.out && path.resolve(opts.out), asOf: opts.asOf, resume: opts.resume, force: opts.force });
}
