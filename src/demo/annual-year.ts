import path from 'node:path';
import { validateConfig } from '../config/load.ts';
import type { ScanStore } from '../store/scan-store.ts';
import { recordTriage } from '../store/history.ts';
import { runScan, type ScanOutcome } from '../scan/run-scan.ts';
import { ANNUAL_QUARTER_DATES, annualSiteConfig, writeAnnualSite } from './annual-site.ts';
import { demoConfig } from './demo-config.ts';
import type { FixtureServer } from './fixture-server.ts';

/** What the offices wrote in the first quarter's ledger, by a text of the problem (the link's text). */
export const DEMO_LEDGER_ANSWERS: { match: string; state: string; measures: string; completedDate: string | null; contact: string }[] = [
  { match: '2025年专题回顾', state: '已整改', measures: '已删除失效链接', completedDate: '2026-03-30', contact: '张敏 0931-6666601' },
  { match: '2025年工作计划（附件）', state: '已整改', measures: '已重新上传附件', completedDate: '2026-04-20', contact: '张敏 0931-6666601' },
  { match: '旧版办事指南', state: '整改中', measures: '正在核对新版办事指南', completedDate: null, contact: '李华 0931-6666602' },
];

/** Triage decisions taken after the first quarter, by the link's text. */
export const DEMO_TRIAGE: { match: string; decision: 'accepted' | 'false-positive'; reason: string }[] = [
  { match: '局史沿革', decision: 'accepted', reason: '局史沿革页面随网站改版年底恢复' },
  { match: '政务公开专栏（归档）', decision: 'false-positive', reason: '归档专栏仅内网可见，外网链接为误报' },
];

/** Fills the office columns of a ledger.xlsx as the offices would (exceljs), and saves it. */
export async function fillLedger(file: string, answers = DEMO_LEDGER_ANSWERS): Promise<number> {
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  await wb.xlsx.readFile(file);
  const sheet = wb.getWorksheet('整改台账')!;
  const header = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, col) => header.set(String(cell.value), col));
  let filled = 0;
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const problem = String(row.getCell(header.get('问题')!).value ?? '');
    const answer = answers.find((a) => problem.includes(`「${a.match}」`));
    if (!answer) continue;
    row.getCell(header.get('整改状态')!).value = answer.state;
    row.getCell(header.get('整改措施')!).value = answer.measures;
    // An office types a date the way Excel stores it: a date cell.
    row.getCell(header.get('完成日期')!).value = answer.completedDate ? new Date(`${answer.completedDate}T00:00:00Z`) : null;
    row.getCell(header.get('联系人')!).value = answer.contact;
    filled++;
  }
  await wb.xlsx.writeFile(file);
  return filled;
}

/** Records the demo's triage decisions for problems of a scan. */
export async function triageDemoProblems(store: ScanStore, outcome: ScanOutcome): Promise<void> {
  for (const t of DEMO_TRIAGE) {
    const finding = outcome.findings.findings.find((f) => f.title.includes(`「${t.match}」`));
    if (!finding) continue;
    await recordTriage(store, { fingerprint: finding.fingerprint, siteUrl: outcome.findings.site.url, decision: t.decision, reason: t.reason, by: '信息中心', decidedAt: `${outcome.findings.asOf}T10:00:00.000Z`, expires: null });
  }
}

export interface DemoYearOptions {
  site: FixtureServer;
  externalOrigin: string;
  /** Where each quarter's site folder is written. */
  workDir: string;
  baseDir: string;
  store: ScanStore;
  /** Run after each quarter's scan (the ledger of Q1 is filled in and imported here). */
  afterScan?: (outcome: ScanOutcome, asOf: string) => Promise<void>;
  browser?: boolean;
  formats?: string[];
  quarters?: string[];
}

/**
 * Scans the demo department's site once per quarter of 2026 (Q1–Q3; Q4 left unchecked),
 * the site changing between visits: new articles and messages, links fixed and broken.
 */
export async function runDemoYear(options: DemoYearOptions): Promise<ScanOutcome[]> {
  const outcomes: ScanOutcome[] = [];
  for (const asOf of options.quarters ?? ANNUAL_QUARTER_DATES) {
    options.site.serveFrom(await writeAnnualSite(path.join(options.workDir, asOf), asOf));
    const base = demoConfig(options.site.origin, options.externalOrigin) as Record<string, unknown>;
    const extra = annualSiteConfig(options.site.origin, asOf) as Record<string, unknown>;
    const merged: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(extra)) {
      const current = merged[key];
      merged[key] = current && typeof current === 'object' && !Array.isArray(current) && !Array.isArray(value) ? { ...current, ...(value as object) } : value;
    }
    if (options.browser) merged.browser = { ...(merged.browser as object), enabled: true };
    merged.report = { formats: options.formats ?? ['html', 'xlsx', 'json'] };
    const config = validateConfig(merged, '示例年度配置');
    const outcome = await runScan(config, { baseDir: options.baseDir, store: options.store, asOf, outDir: path.join(options.store.rootDir, `scan-${asOf}`) });
    outcomes.push(outcome);
    await options.afterScan?.(outcome, asOf);
  }
  return outcomes;
}
