import path from 'node:path';
import type ExcelJS from 'exceljs';
import { writeFileAtomic } from '../../store/artifact-files.ts';
import type { Reporter, ReportContext } from '../context.ts';
import { LEDGER_COLUMNS, ledgerRows } from '../ledger.ts';

async function workbook(ctx: ReportContext): Promise<ExcelJS.Workbook> {
  // Loaded when a ledger is written: exceljs is large and most runs write none.
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = 'gov-inspector';
  const sheet = wb.addWorksheet('整改台账', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = LEDGER_COLUMNS.map((c) => ({ key: c.key, header: c.header, width: c.width }));
  sheet.addRows(ledgerRows(ctx));
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: LEDGER_COLUMNS.length } };
  for (const key of ['title', 'evidence', 'url']) sheet.getColumn(key).alignment = { wrapText: true, vertical: 'top' };
  return wb;
}

/** ledger.xlsx: the 问题清单/整改台账, one row per problem, for offices that work in Excel. */
export const xlsxReporter: Reporter = {
  format: 'xlsx',
  async write(ctx) {
    const file = path.join(ctx.scanDir, 'ledger.xlsx');
    await writeFileAtomic(file, Buffer.from(await (await workbook(ctx)).xlsx.writeBuffer()));
    return [file];
  },
};

/** ledger.csv: the same rows as CSV, UTF-8 with a BOM so that Excel shows the Chinese text. */
export const csvReporter: Reporter = {
  format: 'csv',
  async write(ctx) {
    const file = path.join(ctx.scanDir, 'ledger.csv');
    const body = Buffer.from(await (await workbook(ctx)).csv.writeBuffer({ formatterOptions: { writeBOM: true } }));
    await writeFileAtomic(file, body);
    return [file];
  },
};
