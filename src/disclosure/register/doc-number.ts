/**
 * 文号 and title normalisation, and reading a 文号 off an article page. Registers and
 * sites write the same number as 甘环发〔2025〕12号, 甘环发[2025]12号, 甘环发（2025）第12号.
 */
import type { CheerioAPI } from 'cheerio';
import { clean } from '../page-facts.ts';
import { cleanBodyText, metaContent } from '../../crawl/page-memo.ts';

const FULL_WIDTH = /[！-～]/g;

function halfWidth(text: string): string {
  return text.replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

const OPEN = '〔\\[［(（【';
const CLOSE = '〕\\]］)）】';
const DOC_NO = new RegExp(`([\\u4e00-\\u9fa5A-Za-z]{1,16})\\s*[${OPEN}]\\s*((?:19|20)\\d{2})\\s*[${CLOSE}]\\s*第?\\s*(\\d{1,5})\\s*号`);
/** What every 文号 contains, full-width digits included: a cheap test before DOC_NO, which tries each character of a page. */
const YEAR_IN_BRACKETS = new RegExp(`[${OPEN}]\\s*[12１２][09０９][0-9０-９]{2}\\s*[${CLOSE}]`);

/** Canonical 文号: brackets as 〔〕, no spaces, no 第, no leading zeros; '' when empty. */
export function normaliseDocNo(docNo: string): string {
  const t = halfWidth(docNo).replace(/\s+/g, '');
  const m = DOC_NO.exec(t);
  if (m) return `${m[1]}〔${m[2]}〕${Number(m[3])}号`;
  return t.replace(/[〔\[［(（【〕\]］)）】]/g, '');
}

/** Title for comparison: no spaces or punctuation, half-width letters and digits. */
export function normaliseTitle(title: string): string {
  return halfWidth(title).replace(/[\s\p{P}\p{S}]/gu, '').toLowerCase();
}

/** The 《…》 part of a title (what 关于印发《…》的通知 is about), normalised; null without one. */
export function bookTitle(title: string): string | null {
  const m = /《([^》]{2,})》/.exec(title);
  return m ? normaliseTitle(m[1]) : null;
}

/** Dice coefficient of character bigrams: 1 for equal texts, 0 for nothing shared. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const grams = (s: string) => {
    const m = new Map<string, number>();
    for (let i = 0; i + 1 < s.length; i++) m.set(s.slice(i, i + 2), (m.get(s.slice(i, i + 2)) ?? 0) + 1);
    return m;
  };
  const ga = grams(a);
  const gb = grams(b);
  let shared = 0;
  for (const [g, n] of ga) shared += Math.min(n, gb.get(g) ?? 0);
  return (2 * shared) / (a.length - 1 + (b.length - 1));
}

/**
 * The page's own 文号: a labelled one (文号：, 发文字号：) or one standing alone in a block
 * (how official documents print it under the 红头). A 文号 merely cited in the text (根据
 * 国办发〔2019〕19号…) is not the page's.
 */
export function docNoOnPage($: CheerioAPI): string | null {
  const meta = clean(metaContent($, 'DocNumber', 'wenhao', '文号'));
  if (meta && DOC_NO.test(halfWidth(meta))) return meta;
  // Most pages print no 文号 at all: one pass over the body text spares the per-block search.
  const body = cleanBodyText($);
  // A 文号 prints a year in brackets (〔2019〕): a page with none skips the costlier searches.
  if (!YEAR_IN_BRACKETS.test(body) || !DOC_NO.test(halfWidth(body))) return null;
  const labelled = new RegExp(`(?:发文字号|文\\s*号|文件编号|发文文号|文件字号)\\s*[:：]\\s*(${DOC_NO.source})`);
  for (const el of $('td, th, tr, li, p, span, div, dd').toArray()) {
    const text = halfWidth(clean($(el).text()));
    if (text.length > 400) continue;
    const m = labelled.exec(text);
    if (m) return clean(m[1]);
  }
  for (const el of $('p, div, h2, h3, h4, span, center').toArray()) {
    const text = clean($(el).text());
    if (text.length > 30) continue;
    const m = DOC_NO.exec(halfWidth(text));
    if (m && halfWidth(text).replace(/\s/g, '') === m[0].replace(/\s/g, '')) return text;
  }
  return null;
}
