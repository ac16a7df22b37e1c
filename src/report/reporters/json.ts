import path from 'node:path';
import { writeJsonAtomic } from '../../store/artifact-files.ts';
import type { Reporter } from '../context.ts';

/** findings.json: the public contract (always written). */
export const jsonReporter: Reporter = {
  format: 'json',
  async write(ctx) {
    const file = path.join(ctx.scanDir, 'findings.json');
    await writeJsonAtomic(file, ctx.findings);
    return [file];
  },
};
