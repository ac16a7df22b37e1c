import path from 'node:path';
import { writeFileAtomic } from '../../store/artifact-files.ts';
import type { Reporter } from '../context.ts';
import { renderTemplate } from '../render.ts';
import { reportView } from '../view.ts';

/** summary.md: a short Markdown summary for a CI job page (GitHub step summary, GitLab). */
export const markdownReporter: Reporter = {
  format: 'md',
  async write(ctx) {
    const file = path.join(ctx.scanDir, 'summary.md');
    await writeFileAtomic(file, renderTemplate('summary.md', reportView(ctx)));
    return [file];
  },
};
