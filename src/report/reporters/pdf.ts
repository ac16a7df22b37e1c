import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { createBrowserProvider } from '../../browser/provider.ts';
import type { Reporter } from '../context.ts';
import { htmlReporter, NOTICES_HTML, REPORT_HTML } from './html.ts';

/**
 * report.pdf and notices.pdf, printed by Chromium from the HTML reports (A4, CJK font from
 * the system: fonts-wqy-zenhei or fonts-noto-cjk). Without a browser the PDFs are skipped
 * with the reason in the notes; the rest of the reports are still written.
 */
export const pdfReporter: Reporter = {
  format: 'pdf',
  async write(ctx) {
    // The PDFs are printed from the HTML files, so that relative screenshot links resolve.
    await htmlReporter.write(ctx);
    const provider = createBrowserProvider({ enabled: ctx.config.browser.enabled, executablePath: ctx.config.browser.executablePath, loopbackOnly: true });
    try {
      const launched = await provider.get();
      if (!launched.ok) {
        ctx.notes?.push(`未生成 PDF：${launched.reason}`);
        return [];
      }
      const files: string[] = [];
      const page = await launched.browser.newPage();
      try {
        for (const name of ctx.findings.partial ? [REPORT_HTML] : [REPORT_HTML, NOTICES_HTML]) {
          const file = path.join(ctx.scanDir, name.replace(/\.html$/, '.pdf'));
          await page.goto(pathToFileURL(path.join(ctx.scanDir, name)).href, { waitUntil: 'load', timeout: 30_000 });
          await page.pdf({
            path: file,
            format: 'A4',
            printBackground: true,
            margin: { top: '16mm', bottom: '16mm', left: '12mm', right: '12mm' },
            displayHeaderFooter: true,
            headerTemplate: '<span></span>',
            footerTemplate: '<div style="font-size:9px;width:100%;text-align:center;color:#555"><span class="pageNumber"></span> / <span class="totalPages"></span></div>',
          });
          files.push(file);
        }
      } finally {
        await page.close().catch(() => {});
      }
      return files;
    } finally {
      await provider.close();
    }
  },
};
