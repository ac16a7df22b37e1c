import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { decodeHtml } from '../crawl/encoding.ts';
import { csvRows } from '../tabular/csv-rows.ts';
import type { IsoDate } from '../types.ts';
import { htmlToText } from './feed-posts.ts';
import { postDate } from './post-date.ts';
import type { Post, SourceResult } from './types.ts';

/** Column names back offices use (WeChat 公众平台, Weibo, Douyin exports), lower-cased. */
const COLUMNS: Record<'date' | 'title' | 'url' | 'comments' | 'replies' | 'text', string[]> = {
  date: ['date', 'time', 'published', 'publishedat', 'pubdate', '日期', '时间', '发布时间', '发布日期', '发表时间', '群发时间'],
  title: ['title', '标题', '文章标题', '内容标题', '作品名称', '微博内容'],
  url: ['url', 'link', '链接', '原文链接', '文章链接', '作品链接', '地址'],
  comments: ['comments', 'comment', '评论', '评论数', '留言', '留言数'],
  replies: ['replies', 'reply', '回复', '回复数', '作者回复', '回复留言数'],
  text: ['text', 'content', 'summary', '正文', '内容', '摘要'],
};

type Row = Record<string, unknown>;

function pick(row: Row, field: keyof typeof COLUMNS): unknown {
  for (const [key, value] of Object.entries(row)) if (COLUMNS[field].includes(key.trim().toLowerCase())) return value;
  return undefined;
}

function count(value: unknown): number | null {
  if (value === undefined || value === null || value === '') return null;
  const n = Number(String(value).replace(/[,，\s]/g, ''));
  return Number.isFinite(n) && n >= 0 ? n : null;
}

function jsonRows(text: string): Row[] {
  const data = JSON.parse(text) as unknown;
  const list = Array.isArray(data) ? data : data && typeof data === 'object' ? ((data as Row).posts ?? (data as Row).items ?? (data as Row).data) : null;
  if (!Array.isArray(list)) throw new Error('应为数组，或含 posts / items 数组的对象');
  return list.filter((r): r is Row => !!r && typeof r === 'object');
}

/** Reads a back-office export (CSV or JSON: date, title, url, comments, replies). */
export async function readExport(file: string, baseDir: string, today: IsoDate): Promise<SourceResult> {
  const full = path.resolve(baseDir, file);
  const info = await stat(full).catch(() => null);
  if (!info?.isFile()) return { ok: false, kind: 'missing-file', reason: `找不到导出文件 ${full}：请从平台后台重新导出发布记录并放到该路径` };
  const { text } = decodeHtml(await readFile(full), undefined);
  const isJson = /\.json$/i.test(full) || /^\s*[[{]/.test(text);
  let rows: Row[];
  try {
    rows = isJson ? jsonRows(text) : await csvRows(text);
  } catch (err) {
    return { ok: false, kind: 'malformed', reason: `导出文件 ${full} 无法解析（${(err as Error).message.split('\n')[0]}）：请确认是平台导出的 CSV 或 JSON 原文件` };
  }
  if (rows.length === 0) return { ok: false, kind: 'empty', reason: `导出文件 ${full} 没有任何记录，无法判断账号是否更新：请导出至少近 90 天的发布记录` };
  if (pick(rows[0], 'date') === undefined) {
    return { ok: false, kind: 'malformed', reason: `导出文件 ${full} 缺少日期列（应为 date / 发布时间 等）：现有列为 ${Object.keys(rows[0]).join('、')}` };
  }
  const posts: Post[] = rows.map((row) => {
    const url = String(pick(row, 'url') ?? '').trim() || null;
    const { text: body } = htmlToText(String(pick(row, 'text') ?? ''), url);
    return {
      date: postDate(String(pick(row, 'date') ?? ''), today),
      title: String(pick(row, 'title') ?? '').trim(),
      url: url && /^https?:\/\//i.test(url) ? url : null,
      text: body,
      comments: count(pick(row, 'comments')),
      replies: count(pick(row, 'replies')),
      links: [],
    };
  });
  if (posts.every((p) => p.date === null)) return { ok: false, kind: 'undated', reason: `导出文件 ${full} 中的日期都无法识别：日期应写作 2026-11-20 或 2026-11-20 10:00` };
  const interaction: { kind: 'comments'; evidence: string }[] = [];
  const commented = posts.filter((p) => (p.comments ?? 0) > 0).length;
  const replied = posts.filter((p) => (p.replies ?? 0) > 0).length;
  if (commented || replied) interaction.push({ kind: 'comments', evidence: `导出记录中 ${commented} 条内容有评论/留言，${replied} 条有回复` });
  return { ok: true, format: isJson ? 'json-export' : 'csv', title: path.basename(full), posts, interaction };
}
