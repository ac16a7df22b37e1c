import path from 'node:path';
import { isIsoDate } from '../dates.ts';
import { UsageError } from '../errors.ts';
import { RECTIFICATION_STATES, type RectificationState } from '../store/scan-store.ts';
import type { IsoDate } from '../types.ts';
import { LEDGER_COLUMNS } from './ledger.ts';
import { cellText as rawCellText } from '../spreadsheet.ts';

/** A cell's text, trimmed, without the BOM a CSV's first cell may carry. */
const cellText = (value: unknown) => rawCellText(value).replace(/^\uFEFF/, '').trim();

/** One office answer read from a filled-in 整改台账. */
export interface LedgerAnswer {
  /** Row number in the sheet (1-based, as Excel shows it). */
  row: number;
  fingerprint: string;
  state: RectificationState;
  measures: string | null;
  completedDate: IsoDate | null;
  contact: string | null;
}

const HEADER = Object.fromEntries(LEDGER_COLUMNS.map((c) => [c.key, c.header])) as Record<(typeof LEDGER_COLUMNS)[number]['key'], string>;

/** 2026-3-5, 2026/03/05, 2026.3.5, 2026年3月5日 and Excel dates → 2026-03-05; null when not a date. */
export function ledgerDate(text: string): IsoDate | null {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text.trim());
  if (!m) return null;
  const date = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  return isIsoDate(date) ? date : null;
}

/**
 * Reads the office answers of a filled-in ledger (xlsx, or csv as the ledger writes it):
 * columns are found by header name, so an office may reorder or add columns. Rows without
 * 问题编号 are skipped; a bad 整改状态 or 完成日期 is a usage error naming the row and value.
 */
export async function readLedgerAnswers(file: string): Promise<LedgerAnswer[]> {
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  const ext = path.extname(file).toLowerCase();
  try {
    if (ext === '.csv') await wb.csv.readFile(file);
    else if (ext === '.xlsx') await wb.xlsx.readFile(file);
    else throw new UsageError(`参数 --import 的值 ${JSON.stringify(file)} 无效：应为 .xlsx 或 .csv 格式的整改台账`);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`无法读取整改台账 ${file}：${(err as Error).message}`);
  }
  const sheet = wb.getWorksheet('整改台账') ?? wb.worksheets[0];
  if (!sheet) throw new UsageError(`整改台账 ${file} 中没有工作表`);
  const header = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, col) => header.set(cellText(cell.value), col));
  const colOf = (key: keyof typeof HEADER) => header.get(HEADER[key]) ?? null;
  for (const key of ['fingerprint', 'state'] as const) {
    if (colOf(key) === null) throw new UsageError(`整改台账 ${file} 的第 1 行缺少“${HEADER[key]}”列`);
  }
  const answers: LedgerAnswer[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const get = (key: keyof typeof HEADER) => {
      const col = colOf(key);
      return col === null ? '' : cellText(row.getCell(col).value);
    };
    const fingerprint = get('fingerprint');
    if (!fingerprint) continue;
    const state = get('state') || '未整改';
    if (!(RECTIFICATION_STATES as readonly string[]).includes(state)) {
      throw new UsageError(`整改台账第 ${r} 行“整改状态”的值 ${JSON.stringify(state)} 无效：可选 ${RECTIFICATION_STATES.join('、')}`);
    }
    const dateText = get('completedDate');
    const completedDate = dateText ? ledgerDate(dateText) : null;
    if (dateText && !completedDate) throw new UsageError(`整改台账第 ${r} 行“完成日期”的值 ${JSON.stringify(dateText)} 无效：应为 YYYY-MM-DD 格式的日期`);
    answers.push({ row: r, fingerprint, state: state as RectificationState, measures: get('measures') || null, completedDate, contact: get('contact') || null });
  }
  return answers;
}
