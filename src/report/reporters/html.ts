import path from 'node:path';
import { writeFileAtomic } from '../../store/artifact-files.ts';
import type { Reporter, ReportContext } from '../context.ts';
import { noticesView } from '../notices.ts';
import { renderTemplate, reportCss } from '../render.ts';
import { reportView } from '../view.ts';

export const REPORT_HTML = 'report.html';
export const NOTICES_HTML = 'notices.html';

/** The quarterly report as one self-contained HTML document. */
export const renderReportHtml = (ctx: ReportContext): string => renderTemplate('report', { ...reportView(ctx), css: reportCss() });

/** The rectification notices as one self-contained HTML document. */
export const renderNoticesHtml = (ctx: ReportContext): string => renderTemplate('notices', { ...noticesView(ctx), css: reportCss() });

/**
 * report.html (the quarterly inspection report) and notices.html (one rectification
 * notice per office), self-contained (CSS inlined) so they open from a shared folder.
 */
export const htmlReporter: Reporter = {
  format: 'html',
  async write(ctx) {
    // One document at a time: a large scan's report and notices are never in memory together.
    const report = path.join(ctx.scanDir, REPORT_HTML);
    const notices = path.join(ctx.scanDir, NOTICES_HTML);
    await writeFileAtomic(report, renderReportHtml(ctx));
    // No notices for a scan that did not reach the site (contract: exit 3).
    if (ctx.findings.partial) return [report];
    await writeFileAtomic(notices, renderNoticesHtml(ctx));
    return [report, notices];
  },
};
