import path from 'node:path';
import type { LoadedConfig } from '../../config/load.ts';
import type { ScanEvent } from '../../crawl/types.ts';
import { runManyScans, type ManyScanOutcome } from '../../scan/run-many.ts';
import { abortOnInterrupt } from '../interrupt.ts';

/**
 * `scan --config <folder>`: every site of the folder, `--sites` at a time, one report
 * each plus overview.html / overview.md ranking them. Progress is one line per site
 * event worth reading (start, end, warnings), as bars would interleave.
 */
export async function scanManyCommand(loaded: LoadedConfig[], opts: { out?: string; asOf?: string; resume?: boolean; sites?: number }): Promise<number> {
  const interrupt = abortOnInterrupt('收到中断信号：停止抓取，保留已采集的数据……');
  try {
    const outDir = path.resolve(opts.out ?? 'gov-inspector-output/overview');
    const outcome = await runManyScans(loaded, {
      sitesConcurrency: opts.sites ?? 4,
      outDir,
      asOf: opts.asOf,
      resume: opts.resume,
      signal: interrupt.signal,
      emit: printSiteEvent,
    });
    process.stdout.write(formatOverviewOutcome(outcome));
    return outcome.exitCode;
  } finally {
    interrupt.dispose();
  }
}

/** One stderr line per site event worth reading (phases, warnings). */
export function printSiteEvent(site: string, e: ScanEvent): void {
  if (e.type === 'phase') process.stderr.write(`[${site}] ${e.phase}${e.detail ? ` ${e.detail}` : ''}\n`);
  else if (e.type === 'warning') process.stderr.write(`[${site}] 提示：${e.message}\n`);
}

/** The ranking on stdout, one line per site, and where the overview was written. */
export function formatOverviewOutcome(outcome: ManyScanOutcome): string {
  const lines = outcome.rows.map((r) => `${r.rank ?? '—'}. ${r.name} ${r.verdict === 'qualified' ? '合格' : r.verdict === 'unqualified' ? '不合格' : `检查失败：${r.error}`}${r.total !== null ? ` ${r.total.toFixed(1)} 分` : ''}`);
  return `${lines.join('\n')}\n总览：${outcome.files.join('、')}\n`;
}
