import * as cheerio from 'cheerio';
import ExcelJS from 'exceljs';
import { englishEnumWords } from '../../src/report/labels.ts';

/**
 * The scan of reader-facing text for what readers must never see (issue 13, "Chinese only
 * for readers"): raw indicator ids and the English enum words the label table translates.
 * One copy, used by the demo layout e2e and the two-quarter history e2e.
 */

/** Raw indicator ids: never for readers. */
const RAW_ID = /\b(veto|deduct|warn|manual)\.[a-z-]+/;
/** Enum values the label table translates; `robots` stays allowed as part of "robots.txt". */
const ENGLISH = englishEnumWords().filter((w) => w !== 'robots');
const ENGLISH_RE = new RegExp(`(?<![\\w./-])(${ENGLISH.map((w) => w.replace(/[-]/g, '\\-')).join('|')})(?![\\w/.-])`);

/**
 * Reader text with URLs, file names and query strings taken out (their paths are English by
 * nature; in PDF text a long URL wraps, so its query part stands alone on the next line).
 */
function readerText(text: string): string {
  return text
    .replace(/\b(https?|file):\/\/\S+/g, ' ')
    .replace(/\S+\.(html?|pdf|png|xlsx|csv|json|md|xml|atom|doc|rar|js|css|jpg|swf)\b/g, ' ')
    .replace(/[^\s：（）「」]*[?&=][^\s：（）「」]*/g, ' ');
}

/** Each raw id or English enum word in `text`, with 30 characters either side. */
export function offending(text: string): string[] {
  const clean = readerText(text);
  const hits: string[] = [];
  for (const re of [RAW_ID, ENGLISH_RE]) {
    const g = new RegExp(re.source, 'g');
    for (const m of clean.matchAll(g)) hits.push(clean.slice(Math.max(0, m.index! - 30), m.index! + m[0].length + 30).replace(/\s+/g, ' '));
  }
  return hits;
}

/** Hits of {@link offending} in several named texts, each prefixed with its name. */
export function offendingIn(texts: Record<string, string>): string[] {
  return Object.entries(texts).flatMap(([name, text]) => offending(text).map((hit) => `${name}: …${hit}…`));
}

/**
 * What a reader of an HTML file sees without a browser: every text node of the body (one a
 * line, so cells never run together) and the alt, aria-label and title texts.
 */
export function htmlReaderText(html: string): string {
  const $ = cheerio.load(html);
  $('script, style, template').remove();
  const parts: string[] = [];
  $('body').find('*').addBack().contents().each((_, node) => {
    if (node.type === 'text') parts.push(node.data);
  });
  $('[alt], [aria-label], [title]').each((_, el) => void parts.push($(el).attr('alt') ?? $(el).attr('aria-label') ?? $(el).attr('title') ?? ''));
  parts.push($('title').text());
  return parts.join('\n');
}

/** Every cell text of every sheet of a workbook, one a line. */
export async function xlsxReaderText(file: string): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const cells: string[] = [];
  workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.text)))));
  return cells.join('\n');
}
