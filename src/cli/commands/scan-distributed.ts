import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { LoadedConfig } from '../../config/load.ts';
import { chinaDate } from '../../dates.ts';
import { CoordinatorInterrupted, runDistributedScans } from '../../distributed/coordinator.ts';
import { siteJobId } from '../../distributed/queues.ts';
import type { FindingsJson } from '../../report/findings-json.ts';
import { finishOverview, overviewRow, siteFolderName } from '../../scan/run-many.ts';
import { createProgress } from '../progress.ts';
import { formatSummary } from '../summary.ts';
import { formatOverviewOutcome, printSiteEvent } from './scan-many.ts';
import { abortOnInterrupt } from '../interrupt.ts';

/** Exit code when the coordinator is interrupted: the jobs go on in the queue. */
const EXIT_INTERRUPTED = 130;

/**
 * `scan --redis`: the sites become jobs that workers scan; this process waits, shows the
 * same progress, and writes the same overview (a folder of configs) or summary (one
 * config) as a local scan. Ctrl-C stops waiting only: running the command again
 * re-attaches to the same jobs.
 */
export async function scanDistributedCommand(loaded: LoadedConfig[], many: boolean, opts: { redis: string; out?: string; asOf?: string }): Promise<number> {
  const asOf = opts.asOf ?? chinaDate();
  const outDir = path.resolve(opts.out ?? 'gov-inspector-output/overview');
  const scanDirOf = (l: LoadedConfig) =>
    many ? path.join(outDir, siteFolderName(l.config.site.url)) : opts.out ? path.resolve(opts.out) : path.resolve(l.baseDir, l.config.store.dir, siteJobId(l.config.site.url, asOf));
  const interrupt = abortOnInterrupt('收到中断信号：停止等待（队列中的检查由检查节点继续）……');
  const progress = many ? null : createProgress();
  try {
    const sites = await runDistributedScans(loaded, {
      redis: opts.redis,
      asOf,
      scanDirOf,
      signal: interrupt.signal,
      emit: (site, e) => {
        if (progress) progress.onEvent(e);
        else printSiteEvent(site, e);
      },
    });
    progress?.stop();
    if (!many) {
      const [site] = sites;
      if (!site.result) {
        process.stderr.write(`错误：${site.loaded.config.site.name} 检查失败：${site.error}\n`);
        return 1;
      }
      const findings = JSON.parse(await readFile(path.join(site.result.scanDir, 'findings.json'), 'utf8')) as FindingsJson;
      process.stdout.write(formatSummary(findings, site.result.files));
      return site.result.exitCode;
    }
    const outcome = await finishOverview(
      sites.map((s) => overviewRow(s.loaded.config.site, s.result, s.error)),
      outDir,
      asOf,
    );
    process.stdout.write(formatOverviewOutcome(outcome));
    return outcome.exitCode;
  } catch (error) {
    if (!(error instanceof CoordinatorInterrupted)) throw error;
    process.stderr.write(`${error.message}\n`);
    return EXIT_INTERRUPTED;
  } finally {
    progress?.stop();
    interrupt.dispose();
  }
}
