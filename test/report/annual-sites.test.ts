import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadYearScans } from '../../src/report/annual/load.ts';
import { emptyStoreData, type ScanRecord, type StoreData } from '../../src/store/scan-store.ts';

let dir: string;
let data: StoreData;

/** A stored scan as the year summary reads it: index record, scan.json (config) and findings.json. */
async function scan(id: string, url: string, asOf: string, site: Record<string, unknown> = {}): Promise<ScanRecord> {
  const scanDir = path.join(dir, id);
  await mkdir(scanDir, { recursive: true });
  await writeFile(path.join(scanDir, 'scan.json'), JSON.stringify({ id, asOf, config: { site: { name: '示例厅', url, ...site } }, baseDir: dir }));
  await writeFile(path.join(scanDir, 'findings.json'), JSON.stringify({ findings: [], score: { total: 90, verdict: 'qualified', vetoes: [] } }));
  return { id, site: { name: '示例厅', url }, asOf, quarter: `${asOf.slice(0, 4)}Q${Math.ceil(Number(asOf.slice(5, 7)) / 3)}`, startedAt: `${asOf}T01:00:00Z`, finishedAt: null, dir: scanDir, status: 'done', verdict: 'qualified', total: 90, vetoes: [] };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gov-inspector-annual-sites-'));
  data = emptyStoreData();
  data.scans.push(
    await scan('a1', 'http://www.a.example.gov.cn/', '2026-03-20'),
    // The same site over https without www.: one site.
    await scan('a2', 'https://a.example.gov.cn/', '2026-06-20'),
    await scan('b1', 'http://b.example.gov.cn/', '2026-03-21'),
    await scan('old', 'http://old.example.gov.cn/', '2026-02-01'),
    // A site that moved to a new host and lists the old one.
    await scan('new', 'https://new.example.gov.cn/', '2026-08-01', { previousUrls: ['http://old.example.gov.cn/'] }),
    await scan('a0', 'http://a.example.gov.cn/', '2025-12-20'),
  );
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('which scans are one site in the year summary', () => {
  it('asks for --site when the year holds several sites, naming them', async () => {
    await expect(loadYearScans(data, 2026, undefined, dir)).rejects.toThrow(/2026 年的检查记录中有 3 个网站，请用 --site 指定其一/);
  });

  it('joins http://www. and https:// of one host, and keeps the year to its own scans', async () => {
    const year = await loadYearScans(data, 2026, 'https://a.example.gov.cn/', dir);
    expect(year.scans.map((s) => s.record.id)).toEqual(['a1', 'a2']);
  });

  it('joins a moved site with the scans of the host it lists in site.previousUrls', async () => {
    const year = await loadYearScans(data, 2026, 'https://new.example.gov.cn/', dir);
    expect(year.scans.map((s) => s.record.id)).toEqual(['old', 'new']);
    const byOld = await loadYearScans(data, 2026, 'http://old.example.gov.cn/', dir);
    expect(byOld.scans.map((s) => s.record.id)).toEqual(['old', 'new']);
  });

  it('refuses an unknown site and a year without scans with one sentence each', async () => {
    await expect(loadYearScans(data, 2026, 'https://c.example.gov.cn/', dir)).rejects.toThrow(/^参数 --site 的值 "https:\/\/c.example.gov.cn\/" 无效/);
    await expect(loadYearScans(data, 2024, undefined, dir)).rejects.toThrow(/没有 2024 年的检查/);
  });
});

describe('a problem not found again counts as fixed only when its check ran again', () => {
  it('is 未复查 when the later scans skipped its check, fixed when they ran it', async () => {
    const { yearProblems } = await import('../../src/report/annual/problems.ts');
    const finding = (check: string, key: string) => ({ indicator: 'deduct.x', title: key, url: null, office: '信息中心', evidence: '', screenshot: null, severity: 'deduct', points: 1, check, fingerprint: key, status: null, firstSeen: null, triage: null, count: 1 });
    const yearScan = (id: string, asOf: string, findings: unknown[], checks: { id: string; status: string }[]) =>
      ({ record: { id, asOf, quarter: `2026Q${Math.ceil(Number(asOf.slice(5, 7)) / 3)}` }, findings: { findings, checks }, artifacts: {} }) as never;
    const scans = [
      yearScan('q1', '2026-03-25', [finding('accessibility', 'a11y'), finding('links', 'link')], [{ id: 'accessibility', status: 'fail' }, { id: 'links', status: 'fail' }]),
      yearScan('q2', '2026-06-20', [], [{ id: 'accessibility', status: 'skipped' }, { id: 'links', status: 'pass' }]),
    ];
    const problems = yearProblems(scans, { tables: [], rectifications: new Map(), deadlineWorkingDays: 10, vetoDeadlineWorkingDays: 1, calendar: {} });
    expect(Object.fromEntries(problems.map((p) => [p.fingerprint, p.outcome]))).toEqual({ a11y: 'unchecked', link: 'fixedNoDate' });
  });

  it('takes the quarterly history’s state: 不再适用 and 升级 are neither fixed nor open, an escalation counts once', async () => {
    const { yearProblems, officeRectification } = await import('../../src/report/annual/problems.ts');
    const finding = (indicator: string, severity: string, key: string) => ({ indicator, title: key, url: null, office: '信息中心', evidence: '', screenshot: null, severity, points: 1, check: 'c', key, fingerprint: `${indicator}-${key}`, status: null, firstSeen: null, triage: null, count: 1 });
    const yearScan = (id: string, asOf: string, findings: unknown[]) => ({ record: { id, asOf, quarter: `2026Q${Math.ceil(Number(asOf.slice(5, 7)) / 3)}` }, findings: { findings, checks: [] }, artifacts: {} }) as never;
    const scans = [yearScan('q1', '2026-03-25', [finding('deduct.x', 'deduct', 'aged'), finding('warn.y', 'warn', 'acct'), finding('deduct.x', 'deduct', 'gone')]), yearScan('q2', '2026-06-20', [finding('veto.y', 'veto', 'acct')])];
    const states = new Map([
      ['deduct.x-aged', { state: 'not-applicable' as const, scanId: 'q2', reason: '超出一年解读期限' }],
      ['warn.y-acct', { state: 'escalated' as const, scanId: 'q2', reason: '问题加重' }],
      ['deduct.x-gone', { state: 'fixed' as const, scanId: 'q2', reason: '复查未再发现' }],
    ]);
    const problems = yearProblems(scans, { tables: [], rectifications: new Map(), deadlineWorkingDays: 10, vetoDeadlineWorkingDays: 1, calendar: {}, states });
    expect(Object.fromEntries(problems.map((p) => [p.fingerprint, p.outcome]))).toEqual({ 'deduct.x-aged': 'notApplicable', 'warn.y-acct': 'escalated', 'deduct.x-gone': 'fixedNoDate', 'veto.y-acct': 'open' });
    // Three problems (the escalation counted once, as the veto), one fixed of two due (the aged-out one is not due).
    expect(officeRectification(problems)).toMatchObject([{ total: 3, fixed: 1, open: 1, notApplicable: 1, escalated: 1, rate: 50 }]);
  });
});
