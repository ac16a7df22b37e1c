import path from 'node:path';
import type { LoadedConfig } from '../../config/load.ts';
import { runManyScans } from '../../scan/run-many.ts';
import { stopOnSignal } from './scan.ts';

/**
 * `scan --config <folder>`: every site of the folder, `--sites` at a time, one report
 * each plus overview.html / overview.md ranking them. Progress is one line per site
 * event worth reading (start, end, warnings), as bars would interleave.
 */
export async function scanManyCommand(loaded: LoadedConfig[], opts: { out?: string; asOf?: string; resume?: boolean; sites?: number }): Promise<number> {
  const abort = new AbortController();
  const onSignal = stopOnSignal(abort);
  try {
    const outDir = path.resolve(opts.out ?? 'gov-inspector-output/overview');
    const outcome = await runManyScans(loaded, {
      sitesConcurrency: opts.sites ?? 4,
      outDir,
      asOf: opts.asOf,
      resume: opts.resume,
      signal: abort.signal,
      emit: (site, e) => {
        if (e.type === 'phase') process.stderr.write(`[${site}] ${e.phase}${e.detail ? ` ${e.detail}` : ''}\n`);
        else if (e.type === 'warning') process.stderr.write(`[${site}] 提示：${e.message}\n`);
      },
    });
    const lines = outcome.rows.map((r) => `${r.rank ?? '—'}. ${r.name} ${r.verdict === 'qualified' ? '合格' : r.verdict === 'unqualified' ? '不合格' : `未完成：${r.error}`}${r.total !== null ? ` ${r.total.toFixed(1)} 分` : ''}`);
    process.stdout.write(`${lines.join('\n')}\n总览：${outcome.files.join('、')}\n`);
    return outcome.exitCode;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
