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
    // A command to run (「运行 gov-inspector monitor」), its name broken over a PDF line or not.
    .replace(/(?:gov-\s*)?inspector (?:annual|demo|diff|monitor|queue|reconcile|report|rescore|scan|status|triage|worker)\b/g, ' ')
    .replace(/\b(https?|file):\/\/\S+/g, ' ')
    .replace(/\S+\.(html?|pdf|png|xlsx|csv|json|md|xml|atom|doc|rar|js|css|jpg|swf)\b/g, ' ')
    .replace(/[^\s：（）「」]*[?&=][^\s：（）「」]*/g, ' ');
}

/**
 * English words in a row: a value no label table knows (a catalogue's `rhythm: with each
 * consultation`) leaks as a phrase. Single tokens (gov-inspector, --no-browser,
 * crawl.maxPages) are names a reader is meant to see.
 */
const ENGLISH_PHRASE = /(?<![\w.-])[a-z]{2,}(?: [a-z]{2,})+(?![\w.-])/;

/** Each raw id, English enum word or English phrase in `text`, with 30 characters either side. */
export function offending(text: string): string[] {
  const clean = readerText(text);
  const hits: string[] = [];
  const found: [number, number][] = [];
  for (const re of [RAW_ID, ENGLISH_RE, ENGLISH_PHRASE]) {
    const g = new RegExp(re.source, 'g');
    for (const m of clean.matchAll(g)) {
      const [start, end] = [m.index!, m.index! + m[0].length];
      // A phrase around an enum word already reported is the same leak.
      if (found.some(([s, e]) => s < end && start < e)) continue;
      found.push([start, end]);
      hits.push(clean.slice(Math.max(0, start - 30), end + 30).replace(/\s+/g, ' '));
    }
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
