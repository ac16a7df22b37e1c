import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type ExcelJS from 'exceljs';
import { createBrowserProvider } from '../../browser/provider.ts';
import { writeFileAtomic, writeJsonAtomic } from '../../store/artifact-files.ts';
import { quarterName } from '../labels.ts';
import { renderTemplate, stylesheet } from '../render.ts';
import type { AnnualReport } from './model.ts';
import { isDueProblem, isFoundProblem } from './problems.ts';

export const ANNUAL_FORMATS = ['html', 'md', 'pdf', 'xlsx', 'json'] as const;

const OUTCOME_RULES: Record<string, string> = {
  onTime: '整改台账填写的完成日期不晚于整改期限，且此后的检查已不再发现',
  late: '完成日期晚于整改期限，此后的检查已不再发现',
  fixedNoDate: '此后的检查已不再发现，整改台账未填完成日期',
  open: '最后一次检查仍发现',
  unchecked: '此后的检查未能运行发现它的检查项或未抓取到该页面（如浏览器检查跳过），无法确认是否已整改',
  notApplicable: '已超出检查项的考察范围（如政策文件超出一年解读期限），不计为已整改，也不计为未整改',
  escalated: '此后加重为更严重的指标（如预警变为单项否决），按加重后的指标计一次',
  accepted: '经确认接受（triage），不再要求整改',
  falsePositive: '经核实为误报（triage）',
};

function templateData(report: AnnualReport) {
  const found = report.problems.filter(isFoundProblem);
  const fixed = report.outcomes.filter((o) => ['onTime', 'late', 'fixedNoDate'].includes(o.key)).reduce((a, o) => a + o.count, 0);
  const due = report.problems.filter(isDueProblem).length;
  return {
    ...report,
    css: stylesheet('annual.css'),
    checkedCount: report.quarters.filter((q) => q.checked).length,
    missingNames: report.quarters.filter((q) => !q.checked).map((q) => q.name).join('、'),
    problemCount: found.length,
    fixedCount: fixed,
    openCount: report.outcomes.find((o) => o.key === 'open')?.count ?? 0,
    fixRate: due > 0 ? Math.round((fixed / due) * 1000) / 10 : null,
    outcomeRules: OUTCOME_RULES,
    trendChart: report.trend,
  };
}

/** The 年度报表 laid out like the form (section, item, figure, method), plus the columns, offices and problems behind it. */
async function workbook(report: AnnualReport): Promise<ExcelJS.Workbook> {
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = 'gov-inspector';
  const form = wb.addWorksheet('年度报表');
  form.columns = [{ width: 14 }, { width: 36 }, { width: 22 }, { width: 70 }, { width: 40 }];
  form.mergeCells(1, 1, 1, 5);
  form.getCell(1, 1).value = `政府网站工作年度报表（${report.year}年度）`;
  form.getCell(1, 1).font = { bold: true, size: 16 };
  form.getCell(1, 1).alignment = { horizontal: 'center' };
  form.mergeCells(2, 1, 2, 5);
  form.getCell(2, 1).value = `填报单位：${report.site.name}　网站：${report.site.url}　标“需填报”的项目请按来源填写`;
  form.addRow(['类别', '项目', '数值', '方法 / 填报来源', '来源检查']).font = { bold: true };
  let section = '';
  let sectionStart = 0;
  for (const row of report.form) {
    const added = form.addRow([row.section, row.item, row.kind === 'fill' ? '需填报' : (row.value ?? '—'), row.method, row.sources.join('\n')]);
    if (row.section !== section) {
      if (sectionStart && added.number - 1 > sectionStart) form.mergeCells(sectionStart, 1, added.number - 1, 1);
      section = row.section;
      sectionStart = added.number;
    }
    if (row.kind === 'fill') added.getCell(3).font = { color: { argb: 'FF9C5700' } };
  }
  if (sectionStart && form.rowCount > sectionStart) form.mergeCells(sectionStart, 1, form.rowCount, 1);
  form.getColumn(4).alignment = { wrapText: true, vertical: 'top' };
  form.getColumn(5).alignment = { wrapText: true, vertical: 'top' };
  form.getColumn(1).alignment = { vertical: 'middle' };

  const quarters = wb.addWorksheet('季度检查');
  quarters.columns = [
    { header: '季度', width: 18 },
    { header: '检查日期', width: 12 },
    { header: '得分', width: 8 },
    { header: '结论', width: 10 },
    { header: '单项否决', width: 30 },
    { header: '新媒体单项否决', width: 30 },
    { header: '问题数', width: 8 },
  ];
  for (const q of report.quarters) quarters.addRow([q.name, q.asOf ?? '—', q.total ?? '—', q.verdict, q.vetoes.join('、') || (q.checked ? '无' : '—'), q.newMediaVetoes.join('、') || (q.checked ? '无' : '—'), q.checked ? q.problems : '—']);

  const offices = wb.addWorksheet('处室整改');
  offices.columns = ['责任处室', '问题数', '按期整改', '逾期整改', '未填完成日期', '仍未整改', '未复查', '不再适用', '确认接受', '误报', '整改率（%）', '平均整改用时（工作日）'].map((header) => ({ header, width: 14 }));
  for (const o of report.offices) offices.addRow([o.office, o.total, o.onTime, o.late, o.fixedNoDate, o.open, o.unchecked, o.notApplicable, o.accepted, o.falsePositive, o.rate ?? '—', o.averageDays ?? '—']);

  const columns = wb.addWorksheet('栏目计数');
  columns.columns = [
    { header: '栏目', width: 18 },
    { header: '网址', width: 40 },
    { header: '报表类别', width: 12 },
    { header: '归类依据', width: 18 },
    { header: `${report.year}年条数`, width: 10 },
    { header: '列表读完', width: 8 },
    { header: '方法', width: 60 },
  ];
  for (const c of report.columns) columns.addRow([c.name, c.url, c.form ?? '未归类', c.formBy, c.count, c.complete ? '是' : '否', c.method]);

  const problems = wb.addWorksheet('问题整改明细');
  problems.columns = ['问题编号', '责任处室', '指标类别', '指标', '问题', '页面', '发现季度', '首次发现', '整改期限', '整改情况', '完成日期', '复核检查'].map((header) => ({ header, width: header === '问题' || header === '页面' ? 40 : 14 }));
  for (const p of report.problems) {
    problems.addRow([p.fingerprint, p.office, p.group, p.indicatorTitle, p.title, p.url ?? '', p.quarters.map(quarterName).join('、'), p.firstSeen, p.deadline, outcomeName(report, p.outcome), p.completedDate ?? '', p.fixedInScan?.asOf ?? '']);
  }
  for (const sheet of [quarters, offices, columns, problems]) sheet.getRow(1).font = { bold: true };
  return wb;
}

function outcomeName(report: AnnualReport, key: string): string {
  return report.outcomes.find((o) => o.key === key)?.name ?? key;
}

/** Prints annual.html to annual.pdf with Chromium; null with the reason when there is no browser. */
async function printPdf(htmlFile: string, pdfFile: string, browser: { enabled: boolean; executablePath?: string | null }): Promise<string | null> {
  const provider = createBrowserProvider({ enabled: browser.enabled, executablePath: browser.executablePath ?? undefined, loopbackOnly: true });
  try {
    const launched = await provider.get();
    if (!launched.ok) return launched.reason;
    const page = await launched.browser.newPage();
    try {
      await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load', timeout: 30_000 });
      await page.pdf({
        path: pdfFile,
        format: 'A4',
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate: '<div style="font-size:9px;width:100%;text-align:center;color:#555"><span class="pageNumber"></span> / <span class="totalPages"></span></div>',
      });
    } finally {
      await page.close().catch(() => {});
    }
    return null;
  } finally {
    await provider.close();
  }
}

/** Writes the year summary in the asked formats into `outDir`; returns files written and notes (e.g. no browser for the PDF). */
export async function writeAnnualReport(report: AnnualReport, outDir: string, formats: readonly string[], browser: { enabled: boolean; executablePath?: string | null }): Promise<{ files: string[]; notes: string[] }> {
  const files: string[] = [];
  const notes: string[] = [];
  const base = path.join(outDir, `annual-${report.year}`);
  const data = templateData(report);
  if (formats.includes('json')) {
    await writeJsonAtomic(`${base}.json`, report);
    files.push(`${base}.json`);
  }
  if (formats.includes('html') || formats.includes('pdf')) {
    await writeFileAtomic(`${base}.html`, renderTemplate('annual', data));
    files.push(`${base}.html`);
  }
  if (formats.includes('md')) {
    await writeFileAtomic(`${base}.md`, renderTemplate('annual.md', data));
    files.push(`${base}.md`);
  }
  if (formats.includes('xlsx')) {
    await writeFileAtomic(`${base}.xlsx`, Buffer.from(await (await workbook(report)).xlsx.writeBuffer()));
    files.push(`${base}.xlsx`);
  }
  if (formats.includes('pdf')) {
    const failed = await printPdf(`${base}.html`, `${base}.pdf`, browser);
    if (failed) notes.push(`未生成 PDF：${failed}`);
    else files.push(`${base}.pdf`);
  }
  return { files, notes };
}
