/**
 * Reads the department's 主动公开文件台账 (.xlsx first sheet, or a UTF-8/GBK CSV). Header
 * names are matched leniently and in any order. Unusable rows are returned by line with
 * the reason; a file that yields no row at all is a UsageError (exit 2).
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { decodeHtml } from '../../crawl/encoding.ts';
import { UsageError } from '../../errors.ts';
import { csvTable } from '../../tabular/csv-rows.ts';
import { findDate } from '../page-facts.ts';
import type { DisclosureAttribute, RegisterRow, UnreadableRow } from './types.ts';
import { cellText } from '../../spreadsheet.ts';

type Field = 'docNo' | 'title' | 'date' | 'attribute' | 'office' | 'normative' | 'interpretationRef';

/** Header variants, normalised (no spaces, brackets, asterisks). Exact names first, then substrings. */
const HEADERS: Record<Field, string[]> = {
  docNo: ['文号', '发文字号', '发文文号', '文件文号', '文件编号', '文件字号', '字号', '发文号'],
  title: ['标题', '文件标题', '文件名称', '公文标题', '题名', '名称', '文件题目'],
  date: ['成文日期', '印发日期', '发文日期', '签发日期', '成文时间', '印发时间', '发文时间', '日期'],
  attribute: ['公开属性', '信息公开属性', '公开方式', '公开类型', '是否公开'],
  office: ['起草处室', '承办处室', '主办处室', '起草部门', '起草单位', '责任处室', '牵头处室', '处室', '承办单位'],
  normative: ['是否规范性文件', '是否为规范性文件', '规范性文件', '是否行政规范性文件', '文件类型'],
  interpretationRef: ['解读文号', '解读', '解读材料', '解读标题', '政策解读', '解读文件'],
};

const REQUIRED: Field[] = ['docNo', 'title', 'date', 'attribute'];
const LABELS: Record<Field, string> = { docNo: '文号', title: '标题', date: '成文日期（或印发日期）', attribute: '公开属性', office: '起草处室', normative: '是否规范性文件', interpretationRef: '解读文号' };

function normaliseHeader(h: string): string {
  return h.replace(/[\s\u3000*＊:：()（）\[\]【】]/g, '').replace(/^\uFEFF/, '');
}

/** Column index of each field: an exact variant first, then a header containing one. */
export function mapHeaders(header: string[]): Partial<Record<Field, number>> {
  const names = header.map(normaliseHeader);
  const taken = new Set<number>();
  const out: Partial<Record<Field, number>> = {};
  // 是否规范性文件 before 解读 and 文号 before 解读文号: exact matches are claimed first.
  for (const pass of ['exact', 'contains'] as const) {
    for (const field of Object.keys(HEADERS) as Field[]) {
      if (out[field] !== undefined) continue;
      for (const variant of HEADERS[field]) {
        const i = names.findIndex((n, idx) => !taken.has(idx) && (pass === 'exact' ? n === variant : n.includes(variant) && !(field === 'docNo' && n.includes('解读'))));
        if (i >= 0) {
          out[field] = i;
          taken.add(i);
          break;
        }
      }
    }
  }
  return out;
}

export function parseAttribute(value: string): DisclosureAttribute | null {
  const v = value.replace(/\s/g, '');
  if (/^(主动公开|主动|公开)$/.test(v)) return '主动公开';
  if (/依申请/.test(v)) return '依申请公开';
  if (/^(不予公开|不公开|免予公开|不予主动公开|否)$/.test(v)) return '不予公开';
  if (/主动公开/.test(v)) return '主动公开';
  return null;
}

function parseYesNo(value: string): boolean {
  return /^(是|√|✓|y|yes|true|1|规范性文件|行政规范性文件)$/i.test(value.trim());
}

function parseDate(value: string): string | null {
  const v = value.trim();
  // Excel serial days (a date column saved as a number).
  if (/^\d{5}(\.\d+)?$/.test(v)) return new Date(Date.UTC(1899, 11, 30) + Math.floor(Number(v)) * 86_400_000).toISOString().slice(0, 10);
  return findDate(v) ?? findDate(v.replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3'));
}

async function xlsxTable(file: string): Promise<{ header: string[]; rows: string[][] }> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  const sheet = book.worksheets[0];
  if (!sheet) return { header: [], rows: [] };
  const all: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const values = (row.values as unknown[]).slice(1).map(cellText);
    all[row.number - 1] = values;
  });
  const rows = Array.from({ length: all.length }, (_, i) => all[i] ?? []);
  const [header = [], ...data] = rows;
  return { header, rows: data };
}

function looksBinary(buf: Buffer): boolean {
  const head = buf.subarray(0, 4096);
  let control = 0;
  for (const b of head) if (b === 0 || (b < 9 && b !== 0)) control++;
  return control > 0;
}

export interface RegisterFile {
  file: string;
  rows: RegisterRow[];
  unreadable: UnreadableRow[];
}

/**
 * Reads a register. Throws UsageError (one sentence naming the file and the problem) when
 * the file is missing, empty, binary, has no 文号 column, or has no readable row.
 */
export async function readRegister(file: string, baseDir: string): Promise<RegisterFile> {
  const full = path.resolve(baseDir, file);
  const where = `文件台账 ${full}`;
  const info = await stat(full).catch(() => null);
  if (!info?.isFile()) throw new UsageError(`${where} 不存在（配置项 disclosure.register）`);
  if (info.size === 0) throw new UsageError(`${where} 是空文件：应为 .xlsx 或 .csv 格式的文件台账`);
  const buf = await readFile(full);
  const isZip = buf.subarray(0, 2).toString('latin1') === 'PK';
  let table: { header: string[]; rows: string[][] };
  try {
    if (isZip || /\.xlsx$/i.test(full)) {
      table = await xlsxTable(full);
    } else {
      if (looksBinary(buf)) throw new UsageError(`${where} 不是文本文件（二进制内容）：应为 .xlsx 或 UTF-8/GBK 编码的 .csv`);
      table = await csvTable(decodeHtml(buf, undefined).text);
    }
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${where} 无法读取（${(err as Error).message.split('\n')[0]}）：应为 .xlsx 或 UTF-8/GBK 编码的 .csv`);
  }
  if (table.header.every((h) => h.trim() === '')) throw new UsageError(`${where} 没有表头和数据：第一行应为列名（文号、标题、成文日期、公开属性…）`);
  const columns = mapHeaders(table.header);
  const shown = table.header.filter((h) => h.trim()).join('、');
  for (const field of REQUIRED) {
    if (columns[field] === undefined) throw new UsageError(`${where} 缺少「${LABELS[field]}」列：现有列为 ${shown}`);
  }
  const rows: RegisterRow[] = [];
  const unreadable: UnreadableRow[] = [];
  table.rows.forEach((cells, i) => {
    const line = i + 2;
    const get = (f: Field) => (columns[f] === undefined ? '' : (cells[columns[f]!] ?? '').trim());
    if (cells.every((c) => c.trim() === '')) return;
    const docNo = get('docNo').replace(/[\s\u3000]+/g, ' ');
    const title = get('title').replace(/[\s\u3000]+/g, ' ');
    const date = parseDate(get('date'));
    const attribute = parseAttribute(get('attribute'));
    const problems = [
      !docNo && !title && '文号和标题都为空',
      !date && `成文日期「${get('date')}」无法识别`,
      !attribute && `公开属性「${get('attribute')}」无法识别（应为 主动公开 / 依申请公开 / 不予公开）`,
    ].filter((p): p is string => !!p);
    if (problems.length) {
      unreadable.push({ line, reason: problems.join('；') });
      return;
    }
    rows.push({ line, docNo, title, date: date!, attribute: attribute!, office: get('office') || null, normative: parseYesNo(get('normative')), interpretationRef: get('interpretationRef').replace(/^(无|—|-|\/)$/, '') || null });
  });
  if (rows.length === 0) {
    const detail = unreadable.length ? `：${unreadable.slice(0, 3).map((u) => `第 ${u.line} 行 ${u.reason}`).join('；')}` : '：表头下没有数据行';
    throw new UsageError(`${where} 没有可读取的行${detail}`);
  }
  return { file: full, rows, unreadable };
}
