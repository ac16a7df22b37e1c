import { UsageError } from '../../errors.ts';
import { reportFormat } from '../../config/sections/report.ts';
import { judgeScan } from '../../scan/judge.ts';
import { locateScan } from '../../scan/locate-scan.ts';
import { readScanMeta } from '../../scan/scan-meta.ts';
import { loadArtifacts } from '../../store/artifact-files.ts';
import { formatSummary } from '../summary.ts';

/** Regenerates reports from a stored scan: no request is sent to the site. */
export async function reportCommand(opts: { scan: string; format: string; store: string }): Promise<number> {
  const formats = opts.format.split(',').map((f) => f.trim()).filter(Boolean);
  for (const format of formats) {
    if (!reportFormat.safeParse(format).success) throw new UsageError(`参数 --format 的值 ${JSON.stringify(format)} 无效：可选 ${reportFormat.options.join(', ')}`);
  }
  const scanDir = await locateScan(opts.scan, opts.store);
  const meta = await readScanMeta(scanDir);
  const outcome = await judgeScan(scanDir, meta, await loadArtifacts(scanDir), { formats });
  for (const format of outcome.unavailable) process.stderr.write(`提示：暂不支持输出格式 ${format}\n`);
  process.stdout.write(formatSummary(outcome.findings, outcome.files));
  return outcome.findings.score.verdict === 'qualified' ? 0 : 1;
}
