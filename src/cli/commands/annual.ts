import path from 'node:path';
import { UsageError } from '../../errors.ts';
import { buildAnnualReport } from '../../report/annual/model.ts';
import { loadYearScans } from '../../report/annual/load.ts';
import { ANNUAL_FORMATS, writeAnnualReport } from '../../report/annual/write.ts';
import { LowdbScanStore } from '../../store/lowdb-store.ts';

export interface AnnualCliOptions {
  year: string;
  site?: string;
  format?: string;
  store: string;
  out?: string;
  browser?: boolean;
}

function parseYear(value: string): number {
  if (!/^\d{4}$/.test(value)) throw new UsageError(`参数 --year 的值 ${JSON.stringify(value)} 无效：应为四位年份，如 2026`);
  return Number(value);
}

function parseAnnualFormats(list: string | undefined): string[] {
  const formats = (list ?? 'html,xlsx,json').split(',').map((f) => f.trim()).filter(Boolean);
  for (const f of formats) {
    if (!(ANNUAL_FORMATS as readonly string[]).includes(f)) throw new UsageError(`参数 --format 的值 ${JSON.stringify(f)} 无效：年度总结可选 ${ANNUAL_FORMATS.join(', ')}`);
  }
  return formats;
}

/**
 * `report --year`: the annual self-inspection summary and the 年度报表 figures, from the
 * store alone (no request to any site). Exit 2 when the store has no scan of that year.
 */
export async function annualCommand(opts: AnnualCliOptions): Promise<{ code: number; files: string[] }> {
  const year = parseYear(opts.year);
  const formats = parseAnnualFormats(opts.format);
  const storeDir = path.resolve(opts.store);
  const store = new LowdbScanStore(storeDir);
  const data = await store.read();
  const scans = await loadYearScans(data, year, opts.site, opts.store);
  const report = await buildAnnualReport(scans, data);
  const outDir = path.resolve(opts.out ?? path.join(storeDir, `annual-${year}-${report.site.id.replace(/[^\w.-]+/g, '_')}`));
  const last = scans.scans.at(-1)!;
  const { files, notes } = await writeAnnualReport(report, outDir, formats, // Printing our own HTML needs a browser even when the scans ran without one.
    { enabled: opts.browser !== false, executablePath: last.config.browser.executablePath });
  for (const note of [...report.notes, ...notes]) process.stderr.write(`提示：${note}\n`);
  const checked = report.quarters.filter((q) => q.checked).map((q) => `${q.name} ${q.total ?? '—'} 分`).join('，');
  process.stdout.write(`${report.site.name} ${year} 年度网站自查工作总结：${checked || '无'}；发现问题 ${report.problems.filter((p) => p.outcome !== 'falsePositive').length} 个。\n${files.map((f) => `  ${f}`).join('\n')}\n`);
  return { code: 0, files };
}
