import { Readable } from 'node:stream';

export type CsvRow = Record<string, string>;

/**
 * CSV rows as objects keyed by the header row. exceljs parses (quotes, embedded commas and
 * newlines); `map` keeps every cell a string. Blank rows are dropped; a BOM on the first
 * header is removed.
 */
export async function csvRows(text: string): Promise<CsvRow[]> {
  const { header, rows } = await csvTable(text);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

/** The header row and the data rows (each a list of strings), blank rows dropped. */
export async function csvTable(text: string): Promise<{ header: string[]; rows: string[][] }> {
  const { default: ExcelJS } = await import('exceljs');
  const sheet = await new ExcelJS.Workbook().csv.read(Readable.from([text]), { map: (value: string) => value } as never);
  const values = sheet.getSheetValues() as unknown[][];
  const rows = values.filter(Boolean).map((r) => r.slice(1).map((c) => (c === undefined || c === null ? '' : String(c))));
  const [header, ...data] = rows;
  if (!header) return { header: [], rows: [] };
  return { header: header.map((h) => h.replace(/^\uFEFF/, '')), rows: data.filter((r) => r.some((c) => c.trim() !== '')) };
}
