import type { CheerioAPI } from 'cheerio';
import { readPagination } from '../crawl/pagination.ts';
import type { IsoDate } from '../types.ts';
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

/**
 * Reads message-list tables: a table whose header names a question date (留言时间 …) and a
 * reply date or a status. Columns are found by their header, so the order does not matter.
 */
export function readMessageTables($: CheerioAPI, pageUrl: string): PublishedMessage[] {
  const messages: PublishedMessage[] = [];
  $('table').each((_, table) => {
    const rows = $(table).find('tr').toArray();
    if (rows.length < 2) return;
    const header = $(rows[0]).find('th, td').toArray().map((c) => clean($(c).text()));
    const col = (re: RegExp) => header.findIndex((h) => re.test(h));
    const asked = col(HEADERS.asked);
    const replied = col(HEADERS.replied);
    const status = col(HEADERS.status);
    if (asked < 0 || (replied < 0 && status < 0)) return;
    const title = col(HEADERS.title);
    for (const row of rows.slice(1)) {
      const cells = $(row).find('td').toArray();
      if (cells.length < header.length - 1) continue;
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
      messages.push({ url, listUrl: pageUrl, title: cell(title) || clean($(row).find('a').first().text()), askedDate, repliedDate, status: statusText, answered });
    }
  });
  return messages;
}

/** The list's other pages (GET ones: the crawl reads POST record groups), as its pager shows them. */
export function nextPageLinks($: CheerioAPI, pageUrl: string): string[] {
  const pagination = readPagination($, pageUrl);
  const gets = [...pagination.requests.filter((r) => r.post === undefined).map((r) => r.url), ...pagination.linked];
  const out = new Set([...gets, ...(pagination.next ? [pagination.next] : [])]);
  out.delete(pageUrl);
  return [...out];
}
