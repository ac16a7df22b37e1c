/**
 * Reconciles register rows with the site's document pages: by 文号, then by title (equal
 * after normalising, else the 《…》 part), in the crawled pages and, where a searcher is
 * given, through the site search. Pure apart from the searcher.
 */
import { uncoveredNote, workingDaysBetween, type WorkingDayCalendar } from '../../calendar/working-days.ts';
import { bookTitle, normaliseDocNo, normaliseTitle, similarity } from './doc-number.ts';
import type { DocumentPage, InterpretationResult, RegisterArtifact, RegisterEntry, RegisterRow, UnreadableRow } from './types.ts';

/** What a site search answered for one query. */
export type SearchAnswer =
  /** The search worked; `pages` are the result pages it led to (possibly none). */
  | { ok: true; pages: DocumentPage[] }
  /** The search could not be used (no search, HTTP error, robots, cap reached). */
  | { ok: false; reason: string };

export type Searcher = (query: string) => Promise<SearchAnswer>;

export interface ReconcileOptions {
  calendar: WorkingDayCalendar;
  limitWorkingDays: number;
  interpretationWorkingDays: number;
  /** Most search queries in all. */
  maxSearches: number;
  /**
   * Why the crawl's look at the site cannot show that a row is not published (a cap cut
   * the crawl, a page that could hold it was not read), zh-CN; null when the look was complete.
   */
  incompleteLook: (row: RegisterRow) => string | null;
  /** Null: the site is not searched (stored scan without --live, or no search found). */
  searcher: Searcher | null;
  /** Why there is no searcher (Chinese), when there is none. */
  noSearchReason: string | null;
  /** Smallest title similarity reported as a near miss. */
  nearMiss?: number;
}

type Via = NonNullable<RegisterEntry['via']>;

/** Core of a title: its 《…》 part, else the title without the 关于（印发）…的通知 frame. */
function coreOf(title: string): string {
  return bookTitle(title) ?? normaliseTitle(title.replace(/^.*?关于(印发|转发)?/, '').replace(/的(通知|意见|决定|公告|通告|批复)$/, ''));
}

/** Normalised title from its 关于 on: 示例省生态环境厅关于X的通知 → 关于X的通知. */
function withoutIssuer(title: string): string {
  const t = normaliseTitle(title);
  const i = t.indexOf('关于');
  return i > 0 ? t.slice(i) : t;
}

/** The page a row stands for: same 文号, else the same title, else the same 《…》 part. */
export function findPage(row: Pick<RegisterRow, 'docNo' | 'title'>, pages: readonly DocumentPage[]): { page: DocumentPage; via: Via } | null {
  const docs = pages.filter((p) => !p.interpretation);
  const no = normaliseDocNo(row.docNo);
  if (no) {
    const page = docs.find((p) => p.docNo && normaliseDocNo(p.docNo) === no);
    if (page) return { page, via: 'docNo' };
  }
  const title = normaliseTitle(row.title);
  if (title) {
    const page = docs.find((p) => normaliseTitle(p.title) === title);
    if (page) return { page, via: 'title' };
    // Registers often drop the issuing body the site prints before 关于 (示例省生态环境厅关于…).
    const subject = withoutIssuer(row.title);
    const bySubject = subject.length >= 8 ? docs.find((p) => withoutIssuer(p.title) === subject) : undefined;
    if (bySubject) return { page: bySubject, via: 'title' };
    const book = bookTitle(row.title);
    if (book && book.length >= 4) {
      const byBook = docs.find((p) => bookTitle(p.title) === book || normaliseTitle(p.title) === book);
      if (byBook) return { page: byBook, via: 'book-title' };
    }
  }
  return null;
}

/** The closest page by title (for 需人工核查), when close enough. */
function nearest(row: RegisterRow, pages: readonly DocumentPage[], threshold: number): RegisterEntry['candidate'] {
  const title = normaliseTitle(row.title);
  const core = coreOf(row.title);
  let best: RegisterEntry['candidate'] = null;
  for (const p of pages) {
    if (p.interpretation) continue;
    const s = Math.max(similarity(title, normaliseTitle(p.title)), similarity(core, coreOf(p.title)));
    if (s >= threshold && (!best || s > best.similarity)) best = { url: p.url, title: p.title, docNo: p.docNo, similarity: Math.round(s * 100) / 100 };
  }
  return best;
}

function interpretationOf(row: RegisterRow, doc: DocumentPage, pages: readonly DocumentPage[], options: ReconcileOptions): InterpretationResult {
  const interps = pages.filter((p) => p.interpretation);
  const core = coreOf(row.title);
  const ref = row.interpretationRef ? normaliseDocNo(row.interpretationRef) : null;
  const refTitle = row.interpretationRef ? normaliseTitle(row.interpretationRef) : null;
  const found =
    interps.find((i) => i.links.includes(doc.url) || doc.links.includes(i.url)) ??
    (ref ? interps.find((i) => (i.docNo && normaliseDocNo(i.docNo) === ref) || (refTitle!.length >= 4 && normaliseTitle(i.title).includes(refTitle!))) : undefined) ??
    (core.length >= 4 ? interps.find((i) => normaliseTitle(i.title).includes(core)) : undefined) ??
    null;
  if (!found) return { url: null, title: null, date: null, workingDays: null, linked: false, ok: false, problem: '未找到该规范性文件的政策解读' };
  const linked = found.links.includes(doc.url) || doc.links.includes(found.url);
  const workingDays = found.date && doc.date ? workingDaysBetween(doc.date, found.date, options.calendar) : null;
  const problems = [
    !linked && '文件与解读未相互链接',
    workingDays === null && '解读页面无发布日期，无法判断是否同步发布',
    workingDays !== null && workingDays > options.interpretationWorkingDays && `解读晚于文件 ${workingDays} 个工作日发布（要求 ${options.interpretationWorkingDays} 个工作日内，三同步）`,
  ].filter((p): p is string => !!p);
  return { url: found.url, title: found.title, date: found.date, workingDays, linked, ok: problems.length === 0, problem: problems.join('；') || null };
}

function queriesFor(row: RegisterRow): string[] {
  const core = bookTitle(row.title) ? /《([^》]+)》/.exec(row.title)![1] : row.title;
  return [row.docNo, core.slice(0, 38)].filter((q, i, all) => q && all.indexOf(q) === i);
}

export async function reconcile(rows: readonly RegisterRow[], pages: readonly DocumentPage[], unreadable: UnreadableRow[], file: string | null, options: ReconcileOptions): Promise<RegisterArtifact> {
  const threshold = options.nearMiss ?? 0.6;
  const searched: DocumentPage[] = [];
  let queries = 0;
  let capped = false;
  let unusable: string | null = options.searcher ? null : options.noSearchReason;

  /** Searches the site for a row; null when it could not be asked (unusable, capped). */
  async function search(row: RegisterRow): Promise<{ hit: { page: DocumentPage; via: Via } | null; answered: boolean }> {
    if (!options.searcher || unusable) return { hit: null, answered: false };
    let answered = false;
    for (const query of queriesFor(row)) {
      if (queries >= options.maxSearches) {
        capped = true;
        return { hit: null, answered };
      }
      queries++;
      const answer = await options.searcher(query);
      if (!answer.ok) {
        unusable = answer.reason;
        return { hit: null, answered: false };
      }
      answered = true;
      searched.push(...answer.pages);
      const hit = findPage(row, answer.pages);
      if (hit) return { hit, answered };
    }
    return { hit: null, answered };
  }

  const entries: RegisterEntry[] = [];
  for (const row of rows) {
    const base = { line: row.line, docNo: row.docNo, title: row.title, attribute: row.attribute, date: row.date, office: row.office, normative: row.normative };
    const none = { url: null, publishedDate: null, workingDays: null, via: null, source: null, candidate: null, interpretation: null } as const;
    let hit = findPage(row, pages);
    let source: RegisterEntry['source'] = hit ? 'crawl' : null;
    let answered = false;
    if (!hit && row.attribute !== '依申请公开') {
      const result = await search(row);
      answered = result.answered;
      if (result.hit) [hit, source] = [result.hit, 'search'];
    }
    if (row.attribute !== '主动公开') {
      const wrong = row.attribute === '不予公开' && hit !== null;
      entries.push({
        ...base,
        ...none,
        status: wrong ? 'wrongly-disclosed' : 'not-proactive',
        url: hit?.page.url ?? null,
        publishedDate: hit?.page.date ?? null,
        via: hit?.via ?? null,
        source,
        reason: wrong ? `台账标注为不予公开，但网站上已发布（${hit!.page.url}），请核查是否误公开` : `${row.attribute}，不要求上网发布`,
      });
      continue;
    }
    if (hit) {
      const { page, via } = hit;
      if (!page.date) {
        entries.push({ ...base, ...none, status: 'manual', url: page.url, via, source, reason: '已在网站找到该文件，但页面没有发布日期，无法计算公开时限' });
        continue;
      }
      const workingDays = workingDaysBetween(row.date, page.date, options.calendar);
      const late = workingDays > options.limitWorkingDays;
      entries.push({
        ...base,
        ...none,
        status: late ? 'late' : 'on-time',
        url: page.url,
        publishedDate: page.date,
        workingDays,
        via,
        source,
        reason: `成文日期 ${row.date}，发布日期 ${page.date}，用时 ${workingDays} 个工作日${late ? `，超过 ${options.limitWorkingDays} 个工作日时限` : ''}`,
        interpretation: row.normative ? interpretationOf(row, page, [...pages, ...searched], options) : null,
      });
      continue;
    }
    const candidate = nearest(row, [...pages, ...searched], threshold);
    if (candidate) {
      entries.push({ ...base, ...none, status: 'manual', candidate, reason: `未找到文号或标题一致的页面；最接近的是「${candidate.title}」（${candidate.url}，相似度 ${candidate.similarity}），请人工核对` });
      continue;
    }
    const crawled = `抓取的 ${pages.length} 个文章页中未找到`;
    if (answered) entries.push({ ...base, ...none, status: 'missing', reason: `${crawled}，站内搜索文号和标题也无结果` });
    else {
      const notSearched = unusable ?? (capped ? `已达搜索次数上限 ${options.maxSearches}` : '未查询');
      const incomplete = options.incompleteLook(row);
      if (!incomplete) entries.push({ ...base, ...none, status: 'missing', reason: `${crawled}（全站已抓取完整；站内搜索未使用：${notSearched}）` });
      else entries.push({ ...base, ...none, status: 'unverifiable', reason: `${crawled}，但${incomplete}，且站内搜索无法使用（${notSearched}）` });
    }
  }
  const dates = entries.flatMap((e) => [e.date, e.publishedDate].filter((d): d is string => !!d));
  return {
    file,
    entries,
    unreadable,
    limitWorkingDays: options.limitWorkingDays,
    search: { queries, requests: 0, unusable, capped },
    calendarNote: uncoveredNote(dates, options.calendar),
  };
}
