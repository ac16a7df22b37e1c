import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { readPagination } from '../crawl/pagination.ts';
import type { IsoDate } from '../types.ts';
import { bodyText } from '../crawl/page-memo.ts';
import { clean, findDate } from './page-facts.ts';

/** One published message (留言) of a 咨询/留言 channel. */
export interface PublishedMessage {
  /** Detail page of the message, or the list page when it has none. */
  url: string;
  listUrl: string;
  title: string;
  askedDate: IsoDate | null;
  repliedDate: IsoDate | null;
  /** Status text as published (已回复, 办理中 ...). */
  status: string;
  /** Answered per the reply date or status; null when the list says neither. */
  answered: boolean | null;
}

const HEADERS = {
  title: /标题|主题|事项|内容/,
  asked: /留言时间|留言日期|提问时间|咨询时间|来信时间|来信日期|提交时间|写信时间|发布时间/,
  replied: /回复时间|回复日期|答复时间|答复日期|办结时间|反馈时间/,
  status: /状态|办理情况|是否回复|回复情况/,
};
const ANSWERED = /已回复|已答复|已办结|已处理|已反馈|已解答/;
const OPEN = /未回复|待回复|未答复|待答复|办理中|处理中|受理中|未办结|待处理/;

/** Header cells longer than this are content, not labels. */
const MAX_LABEL = 10;
/** Elements that can hold one row of a board: a table row, a list item, a div or dl row. */
const ROW_TAGS = new Set(['tr', 'li', 'div', 'dl', 'p', 'ul']);

interface BoardHeader {
  el: Element;
  labels: string[];
}

/** Direct child elements of a row: its cells (td/th, span, div, dt/dd, em ...). */
function cellsOf(el: Element): Element[] {
  return el.children.filter((c): c is Element => c.type === 'tag' && c.name !== 'script' && c.name !== 'style');
}

/**
 * A header row: at least three short cells whose labels name a question date and a reply
 * date or a status (留言时间 … 办理状态). Rows are recognised by these labels, never by
 * tag, so tables, ul/li lists and div rows read alike.
 */
function asHeader($: CheerioAPI, el: Element): BoardHeader | null {
  if (!ROW_TAGS.has(el.name)) return null;
  const cells = cellsOf(el);
  if (cells.length < 2 || cells.length > 12) return null;
  const labels = cells.map((c) => clean($(c).text()));
  if (labels.some((l) => l.length > MAX_LABEL)) return null;
  const has = (re: RegExp) => labels.some((l) => re.test(l));
  return has(HEADERS.asked) && (has(HEADERS.replied) || has(HEADERS.status)) ? { el, labels } : null;
}

/**
 * The data rows under a header: its following siblings of the same tag (tr after tr, li
 * after li), else the rows of the container that follows it (a header div before a ul),
 * else the rows of the next tbody (a thead header).
 */
function rowsUnder(header: Element): Element[] {
  const siblings: Element[] = [];
  for (let n = header.nextSibling; n; n = n.nextSibling) if (n.type === 'tag' && (n as Element).name === header.name) siblings.push(n as Element);
  if (siblings.length) return siblings;
  let container: Element | null = null;
  for (let n = header.nextSibling; n && !container; n = n.nextSibling) if (n.type === 'tag') container = n as Element;
  if (!container && header.parent && (header.parent as Element).name === 'thead') {
    for (let n = header.parent.nextSibling; n && !container; n = n.nextSibling) if (n.type === 'tag') container = n as Element;
  }
  if (!container) return [];
  const inner = cellsOf(container);
  // ul > li rows, tbody > tr rows, or div rows; a container holding one wrapper (ul) is unwrapped.
  return inner.length === 1 && ['ul', 'ol', 'tbody'].includes(inner[0].name) ? cellsOf(inner[0]) : inner;
}

/**
 * Reads published messages from message boards: tables, ul/li lists and div rows under a
 * header row whose labels name a question date (留言时间 …) and a reply date or a status.
 * Columns are found by their label, so the order does not matter. `headers` counts the
 * boards recognised by their header, read or not (a board whose rows a script fills in
 * has a header and no rows: it cannot be judged from the HTML).
 */
export function readMessageBoards($: CheerioAPI, pageUrl: string): { messages: PublishedMessage[]; headers: number } {
  const messages: PublishedMessage[] = [];
  const seen = new Set<string>();
  let headers = 0;
  // Most pages carry no board: one look at the text spares walking every row.
  if (!HEADERS.asked.test(bodyText($))) return { messages, headers };
  for (const el of $('tr, li, div, dl, p, ul').toArray() as Element[]) {
    const header = asHeader($, el);
    if (!header) continue;
    // A wrapper whose only row is the header (div > div.header) is reached through that row.
    headers++;
    const col = (re: RegExp) => header.labels.findIndex((h) => re.test(h));
    const asked = col(HEADERS.asked);
    const replied = col(HEADERS.replied);
    const status = col(HEADERS.status);
    const title = col(HEADERS.title);
    for (const row of rowsUnder(header.el)) {
      const cells = cellsOf(row);
      if (cells.length < header.labels.length - 1) continue;
      const cell = (i: number) => (i >= 0 && cells[i] ? clean($(cells[i]).text()) : '');
      const askedDate = findDate(cell(asked));
      if (!askedDate) continue;
      const repliedDate = findDate(cell(replied));
      const statusText = cell(status);
      const href = $(row).find('a[href]').first().attr('href');
      let url = pageUrl;
      try {
        if (href && !/^(javascript|#)/i.test(href)) url = new URL(href, pageUrl).href;
      } catch {
        /* keep the list page as the message's address */
      }
      const answered = repliedDate !== null || ANSWERED.test(statusText) ? true : OPEN.test(statusText) || (replied >= 0 && status < 0) ? false : null;
      const message: PublishedMessage = { url, listUrl: pageUrl, title: cell(title) || clean($(row).find('a').first().text()), askedDate, repliedDate, status: statusText, answered };
      const key = `${url} ${askedDate} ${message.title}`;
      if (seen.has(key)) continue;
      seen.add(key);
      messages.push(message);
    }
  }
  return { messages, headers };
}

/** Messages of the boards on a page (see readMessageBoards). */
export function readMessageTables($: CheerioAPI, pageUrl: string): PublishedMessage[] {
  return readMessageBoards($, pageUrl).messages;
}

/** The list's other pages (GET ones: the crawl reads POST record groups), as its pager shows them. */
export function nextPageLinks($: CheerioAPI, pageUrl: string): string[] {
  const pagination = readPagination($, pageUrl);
  const gets = [...pagination.requests.filter((r) => r.post === undefined).map((r) => r.url), ...pagination.linked];
  const out = new Set([...gets, ...(pagination.next ? [pagination.next] : [])]);
  out.delete(pageUrl);
  return [...out];
}
