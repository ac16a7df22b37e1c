import { existsSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../store/artifact-files.ts';
import { trendOf } from '../store/history.ts';
import type { ScanStore, StoreData } from '../store/scan-store.ts';
import { quarterName } from './labels.ts';
import { renderTemplate, reportCss } from './render.ts';
import { trendChart } from './trend-chart.ts';

export const STORE_INDEX_FILE = 'index.html';

/** A link from the index to a file of a scan folder, relative so the folder can be moved or shared. */
function relLink(rootDir: string, scanDir: string, file: string): string | null {
  const full = path.join(scanDir, file);
  if (!existsSync(full)) return null;
  return path.relative(rootDir, full).split(path.sep).map(encodeURIComponent).join('/');
}

/** Data of the index page: sites × quarters with scores, a trend chart per site, every scan. */
export function storeIndexView(data: StoreData, rootDir: string) {
  const judged = data.scans.filter((s) => (s.status === 'done' || s.status === 'partial') && s.total !== null);
  const quarters = [...new Set(judged.map((s) => s.quarter))].sort();
  const siteUrls = [...new Set(judged.map((s) => s.site.url))];
  const sites = siteUrls.map((url, i) => {
    const scans = judged.filter((s) => s.site.url === url);
    const trend = trendOf(data, url, null);
    const passLine = scans.at(-1)?.passLine ?? 60;
    return {
      url,
      name: scans.at(-1)?.site.name ?? url,
      chartId: `trend-${i}`,
      chart: trendChart(trend, passLine),
      cells: quarters.map((q) => {
        const last = scans.filter((s) => s.quarter === q).at(-1);
        if (!last) return { empty: true };
        return {
          empty: false,
          total: last.total,
          qualified: last.verdict === 'qualified',
          verdictName: last.verdict === 'qualified' ? '合格' : '不合格',
          report: relLink(rootDir, last.dir, 'report.html'),
        };
      }),
    };
  });
  const scans = [...judged].reverse().map((s) => ({
    ...s,
    quarterName: quarterName(s.quarter),
    verdictName: s.verdict === 'qualified' ? '合格' : '不合格',
    qualified: s.verdict === 'qualified',
    vetoCount: s.vetoes.length,
    links: [
      { name: '检查报告', href: relLink(rootDir, s.dir, 'report.html') },
      { name: '整改通知单', href: relLink(rootDir, s.dir, 'notices.html') },
      { name: '报告 PDF', href: relLink(rootDir, s.dir, 'report.pdf') },
      { name: '整改台账 Excel', href: relLink(rootDir, s.dir, 'ledger.xlsx') },
      { name: '整改台账 CSV', href: relLink(rootDir, s.dir, 'ledger.csv') },
      { name: 'findings.json', href: relLink(rootDir, s.dir, 'findings.json') },
    ].filter((l) => l.href),
  }));
  return { quarters: quarters.map((q) => ({ id: q, name: quarterName(q) })), sites, scans, count: judged.length };
}

/** Writes `<store>/index.html` over every scan in the store; returns its path. */
export async function writeStoreIndex(store: ScanStore): Promise<string> {
  const data = await store.read();
  const file = path.join(store.rootDir, STORE_INDEX_FILE);
  await writeFileAtomic(file, renderTemplate('index', { ...storeIndexView(data, store.rootDir), css: reportCss() }));
  return file;
}
