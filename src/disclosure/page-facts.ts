import type { CheerioAPI } from 'cheerio';
import type { IsoDate } from '../types.ts';
import { isIsoDate } from '../dates.ts';
import { cleanBodyText, detachedString, firstText, memoOfPage, metaContent, sourceMayContain } from '../crawl/page-memo.ts';

/** Collapses whitespace (full-width spaces included) and trims. */
export function clean(text: string | undefined | null): string {
  return (text ?? '').replace(/[\s\u3000]+/g, ' ').trim();
}

export function containsAny(text: string, words: readonly string[]): string | null {
  for (const w of words) if (w && text.includes(w)) return w;
  return null;
}

const FULL_WIDTH_DIGITS = /[０-９]/g;

/**
 * First date in `text`: 2026-03-02, 2026/3/2, 2026.03.02, 2026年3月2日 (full-width digits
 * too). Null when there is none or it is not a real calendar day.
 */
export function findDate(text: string): IsoDate | null {
  const t = text.replace(FULL_WIDTH_DIGITS, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  const m = /(20\d{2}|19\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/.exec(t);
  if (!m) return null;
  const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** Column identity of a page: ColumnName meta, last breadcrumb step, list heading. */
export function columnNameOf($: CheerioAPI): string {
  return memoOfPage($, 'columnName', () => detachedString(readColumnName($)));
}

function readColumnName($: CheerioAPI): string {
  const meta = clean(metaContent($, 'ColumnName'));
  const crumb = sourceMayContain($, /crumb|position|location/i) ? $('.crumb, .breadcrumb, .position, .location, [class*="crumb"]').first() : $([]);
  let last = '';
  if (crumb.length) {
    const parts = clean(crumb.text()).split(/>|＞|»|›|\/|→/).map((s) => clean(s)).filter(Boolean);
    last = parts.at(-1) ?? '';
  }
  const heading = sourceMayContain($, /list|column-title/i) ? clean($('.list h2, .list-title, .column-title').first().text()) : '';
  return [meta, last, heading].filter(Boolean).join(' ').slice(0, 120);
}

/** The article's own title: ArticleTitle meta, else the first h1, else the page title before "_site". */
export function articleTitleOf($: CheerioAPI, pageTitle: string): string {
  return detachedString(clean(metaContent($, 'ArticleTitle')) || clean(firstText($, 'h1')) || clean(pageTitle.split(/[_|-]/)[0]));
}

/**
 * Publish date of an article page: PubDate meta or a 发布时间/发布日期 label. Null for a
 * page that is not an article (a list or a directory).
 */
export function articleDateOf($: CheerioAPI): IsoDate | null {
  return memoOfPage($, 'articleDate', () => readArticleDate($));
}

function readArticleDate($: CheerioAPI): IsoDate | null {
  const meta = metaContent($, 'PubDate', 'firstpublishedtime');
  if (meta) {
    const d = findDate(meta);
    if (d) return d;
  }
  const body = cleanBodyText($);
  const m = /(发布时间|发布日期|发文日期|成文日期)\s*[:：]\s*([^\s]{6,20})/.exec(body);
  return m ? findDate(m[2]) : null;
}

/** Years named in a text (2025年, 2025年度). */
export function yearsIn(text: string): number[] {
  return [...text.matchAll(/(20\d{2})\s*年/g)].map((m) => Number(m[1]));
}

/** Labels of a policy document's metadata table (TRS / Hanweb 信息公开 pages). */
const DOCUMENT_LABELS = {
  drafter: ['起草处室', '起草单位', '承办处室', '主办处室'],
  issuer: ['发文机关', '发布机构', '发文单位', '成文机关'],
  number: ['发文字号', '文号'],
} as const;

/**
 * 起草处室 / 发文机关 / 文号 of a policy document as its page labels them
 * (「起草处室：法规处」, a 信息公开 metadata table cell pair), else null.
 */
export function documentFactsOf($: CheerioAPI): { drafter: string | null; issuer: string | null; number: string | null } {
  // Text nodes joined with spaces: table cells (「发文机关：…」「文号：…」) must not run together.
  const text = clean(
    $('body *')
      .contents()
      .filter((_, node) => node.type === 'text')
      .map((_, node) => $(node).text())
      .get()
      .join(' '),
  );
  const find = (labels: readonly string[]) => {
    for (const label of labels) {
      const m = new RegExp(`${label}\\s*[：:]\\s*([^\\s：:|，,；;]{2,40})`).exec(text);
      if (m) return m[1];
    }
    return null;
  };
  return { drafter: find(DOCUMENT_LABELS.drafter), issuer: find(DOCUMENT_LABELS.issuer), number: find(DOCUMENT_LABELS.number) };
}
