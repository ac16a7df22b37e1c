import path from 'node:path';
import { bundledIndicatorTitles } from '../report/indicator-names.ts';
import type { FindingsJson } from '../report/findings-json.ts';
import { RETRY_HINT } from '../scan/completeness.ts';
import { label } from '../report/labels.ts';

/**
 * The one-screen summary printed on stdout after a scan. Indicator names come from the
 * score card (the tables' titles); ids never reach the reader.
 */
export function formatSummary(f: FindingsJson, files: string[], cwd = process.cwd()): string {
  const titles = bundledIndicatorTitles([f.score.tableId, 'gov-newmedia-2019']);
  for (const g of f.score.groups) for (const i of g.indicators) titles.set(i.id, i.title);
  const name = (id: string) => titles.get(id) ?? label('severity', id.split('.')[0]);
  const count = (severity: string) => f.findings.filter((x) => x.severity === severity).length;
  const verdict = label('verdict', f.score.verdict);
  const vetoes = f.score.vetoes.length ? `（单项否决：${f.score.vetoes.map(name).join('、')}）` : '';
  const newMediaVetoes = f.score.newMediaVetoes?.length ? `政务新媒体单项否决：${f.score.newMediaVetoes.map(name).join('、')}` : null;
  const broken = new Set(f.brokenLinks.map((b) => b.target)).size;
  const unverifiable = new Set(f.unverifiableLinks.map((b) => b.target)).size;
  const skipped = f.checks.filter((c) => c.status === 'skipped' || c.status === 'error');
  // An incomplete scan says so first, and gives no verdict and no score.
  const head = f.partial
    ? [`检查未完成：${f.partialReason}`, `${f.site.name}  ${f.site.url}`, `监测时间点 ${f.asOf}　检查编号 ${f.scanId}`, `结论：无（检查未完成，不评分）。${RETRY_HINT}`]
    : [`${f.site.name}  ${f.site.url}`, `监测时间点 ${f.asOf}　检查编号 ${f.scanId}`, `结论：${verdict}${vetoes}　得分 ${f.score.total}（扣分 ${f.score.deducted}）`];
  const lines = [
    ...head,
    `抓取页面 ${f.stats.pagesCrawled}　请求 ${f.stats.requests}　用时 ${(f.stats.durationMs / 1000).toFixed(1)} 秒`,
    `不可用链接 ${broken}　无法核验链接 ${unverifiable}`,
    `问题 ${f.findings.length} 项：单项否决 ${count('veto')}，扣分 ${count('deduct')}，预警 ${count('warn')}，人工核查 ${count('manual')}`,
  ];
  if (newMediaVetoes) lines.push(newMediaVetoes);
  // A qualified verdict that a person's check could still overturn says so where it is read.
  if (f.score.verdict === 'qualified' && f.score.unverifiedVetoes?.length) {
    lines.push(`注意：单项否决指标「${f.score.unverifiedVetoes.map(name).join('」「')}」因相关页面未能读取或抓取达到上限未作判定，须人工核查；确属缺失即判定为不合格`);
  }
  if (f.technicalNotes?.length) lines.push(`技术提示 ${f.technicalNotes.length} 项（订阅源、监测数据、配置等工具问题，不计入问题和评分，见报告「技术提示」，由${f.technicalNotes[0].office}处理）`);
  if (f.columns.length) lines.push(`栏目 ${f.columns.length} 个：不更新 ${f.columns.filter((c) => c.stale).length}，空白 ${f.columns.filter((c) => c.blank).length}`);
  for (const note of f.coverage ?? []) lines.push(`未覆盖：${note.what}（${note.why}）`);
  if (skipped.length) lines.push(`未检测：${skipped.map((c) => `${c.title}（${c.reason ?? label('checkStatus', c.status)}）`).join('；')}`);
  for (const file of files) lines.push(`输出：${path.relative(cwd, file) || file}`);
  return `${lines.join('\n')}\n`;
}

