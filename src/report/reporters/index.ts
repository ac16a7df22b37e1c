import type { Reporter } from '../context.ts';
import { htmlReporter } from './html.ts';
import { jsonReporter } from './json.ts';
import { csvReporter, xlsxReporter } from './ledger.ts';
import { markdownReporter } from './markdown.ts';
import { pdfReporter } from './pdf.ts';

/** Format name → reporter (the formats of `report.formats` and `--format`). */
export const reporters: Record<string, Reporter> = {
  json: jsonReporter,
  html: htmlReporter,
  md: markdownReporter,
  pdf: pdfReporter,
  csv: csvReporter,
  xlsx: xlsxReporter,
};
