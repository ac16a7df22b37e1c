import path from 'node:path';
import { writeFileAtomic } from '../../store/artifact-files.ts';
import type { Reporter, ReportContext } from '../context.ts';
import { noticesView } from '../notices.ts';
import { renderTemplate, reportCss } from '../render.ts';
import { reportView } from '../view.ts';

export const REPORT_HTML = 'report.html';
export const NOTICES_HTML = 'notices.html';

/** Renders both HTML documents (used by the pdf reporter too). */
export function renderHtml(ctx: ReportContext): { report: string; notices: string } {
  const css = reportCss();
  return {
    report: renderTemplate('report', { ...reportView(ctx), css }),
    notices: renderTemplate('notices', { ...noticesView(ctx), css }),
  };
}

/**
 * report.html (the quarterly inspection report) and notices.html (one rectification
 * notice per office), self-contained (CSS inlined) so they open from a shared folder.
 */
export const htmlReporter: Reporter = {
  format: 'html',
  async write(ctx) {
    const html = renderHtml(ctx);
    const report = path.join(ctx.scanDir, REPORT_HTML);
    const notices = path.join(ctx.scanDir, NOTICES_HTML);
    await writeFileAtomic(report, html.report);
    // No notices for a scan that did not reach the site (contract: exit 3).
    if (ctx.findings.partial) return [report];
    await writeFileAtomic(notices, html.notices);
    return [report, notices];
  },
};
