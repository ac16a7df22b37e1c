import { formatSummary } from '../summary.ts';
import { parseFormats, rejudge } from './rejudge.ts';
import { exitCodeOf } from '../../score/score.ts';

/** Regenerates reports from a stored scan: no request is sent to the site. */
export async function reportCommand(opts: { scan: string; format: string; store: string }): Promise<number> {
  const outcome = await rejudge(opts.scan, opts.store, { formats: parseFormats(opts.format) });
  for (const format of outcome.unavailable) process.stderr.write(`提示：暂不支持输出格式 ${format}\n`);
  for (const note of outcome.notes) process.stderr.write(`提示：${note}\n`);
  process.stdout.write(formatSummary(outcome.findings, outcome.files));
  return exitCodeOf(outcome.findings.score);
}
