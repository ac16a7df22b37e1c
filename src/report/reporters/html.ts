import path from 'node:path';
import { writeFileAtomic } from '../../store/artifact-files.ts';
import type { Reporter } from '../context.ts';
import { renderTemplate, reportCss } from '../render.ts';
import { reportView } from '../view.ts';

/** report.html: the quarterly inspection report, self-contained (CSS inlined). */
export const htmlReporter: Reporter = {
  format: 'html',
  async write(ctx) {
    const file = path.join(ctx.scanDir, 'report.html');
    await writeFileAtomic(file, renderTemplate('report', { ...reportView(ctx), css: reportCss() }));
    return [file];
  },
};
