import path from 'node:path';
import type ExcelJS from 'exceljs';
import { writeFileAtomic } from '../../store/artifact-files.ts';
import { RECTIFICATION_STATES } from '../../store/scan-store.ts';
import type { Reporter, ReportContext } from '../context.ts';
import { LEDGER_COLUMNS, ledgerRows } from '../ledger.ts';

async function workbook(ctx: ReportContext): Promise<ExcelJS.Workbook> {
  // Loaded when a ledger is written: exceljs is large and most runs write none.
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = 'gov-inspector';
  const sheet = wb.addWorksheet('整改台账', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = LEDGER_COLUMNS.map((c) => ({ key: c.key, header: c.header, width: c.width }));
  const rows = ledgerRows(ctx);
  sheet.addRows(rows);
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: LEDGER_COLUMNS.length } };
  for (const key of ['title', 'evidence', 'url', 'requirement', 'measures']) sheet.getColumn(key).alignment = { wrapText: true, vertical: 'top' };
  // The office's columns: a drop-down for the state and a date check, so the import can read them back.
  const stateCol = sheet.getColumn('state').number;
  const dateCol = sheet.getColumn('completedDate').number;
  for (let r = 2; r <= rows.length + 1; r++) {
    sheet.getCell(r, stateCol).dataValidation = { type: 'list', allowBlank: false, formulae: [`"${RECTIFICATION_STATES.join(',')}"`], showErrorMessage: true, error: `请选择：${RECTIFICATION_STATES.join('、')}` };
  }
  sheet.getCell(1, dateCol).note = '填写格式：YYYY-MM-DD';
  return wb;
}

/** ledger.xlsx: the 整改台账, one row per problem, for offices that work in Excel; read back by `triage --import`. */
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
