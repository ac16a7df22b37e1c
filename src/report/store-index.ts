import { existsSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../store/artifact-files.ts';
import { trendOf } from '../store/history.ts';
import type { ScanRecord, ScanStore, StoreData } from '../store/scan-store.ts';
import { isSameSite, storedSiteId, type SiteIdentity } from '../store/site-identity.ts';
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

/**
 * One identity per site over the scans: scans sharing an id (site.id, or the host with scheme
 * and www. folded) are one site, and a site that moved takes in its old homepages' ids.
 */
function siteGroups(scans: readonly ScanRecord[]): SiteIdentity[] {
  const parent = new Map<string, string>();
  const root = (id: string): string => {
    let r = id;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    return r;
  };
  for (const s of scans) {
    const id = storedSiteId(s.site);
    if (!parent.has(id)) parent.set(id, id);
    for (const old of s.site.previousIds ?? []) {
      if (!parent.has(old)) parent.set(old, old);
      // The newer identity absorbs the old one.
      parent.set(root(old), root(id));
    }
  }
  const groups = new Map<string, SiteIdentity>();
  for (const s of scans) {
    const top = root(storedSiteId(s.site));
    const group = groups.get(top) ?? { id: top, url: s.site.url, aliases: [], origins: [] };
    group.url = s.site.url;
    groups.set(top, group);
  }
  for (const id of parent.keys()) groups.get(root(id))?.aliases.push(id);
  return [...groups.values()];
}

/** Data of the index page: sites × quarters with scores, a trend chart per site, every scan. */
export function storeIndexView(data: StoreData, rootDir: string) {
  const judged = data.scans.filter((s) => (s.status === 'done' || s.status === 'partial') && s.total !== null);
  const quarters = [...new Set(judged.map((s) => s.quarter))].sort();
  const groups = siteGroups(judged);
  const sites = groups.map((identity, i) => {
    const scans = judged.filter((s) => isSameSite(identity, s.site));
    const trend = trendOf(data, identity, null);
    const passLine = scans.at(-1)?.passLine ?? 60;
    const url = scans.at(-1)?.site.url ?? identity.url;
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
