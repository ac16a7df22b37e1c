import path from 'node:path';
import { formatSummary } from '../summary.ts';
import { parseFormats, rejudge } from './rejudge.ts';
import { exitCodeOf } from '../../score/score.ts';

/**
 * Scores a stored scan again, e.g. with a changed or local indicator table, and rewrites
 * its reports. No request is sent to the site.
 */
export async function rescoreCommand(opts: { scan: string; indicators?: string; format?: string; store: string }): Promise<number> {
  const indicators = opts.indicators && (/[\\/]|\.ya?ml$/.test(opts.indicators) ? path.resolve(opts.indicators) : opts.indicators);
  const outcome = await rejudge(opts.scan, opts.store, { formats: parseFormats(opts.format), indicators });
  for (const note of outcome.notes) process.stderr.write(`提示：${note}\n`);
  process.stdout.write(formatSummary(outcome.findings, outcome.files));
  return exitCodeOf(outcome.findings.score);
}
