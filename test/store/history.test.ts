import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyHistory, recordTriage, trendOf } from '../../src/store/history.ts';
import { MemoryScanStore } from '../../src/store/lowdb-store.ts';
import type { ScanRecord } from '../../src/store/scan-store.ts';
import type { Finding } from '../../src/types.ts';

const SITE = 'http://127.0.0.1:8080/';

function finding(fingerprint: string): Finding {
  return { indicator: 'deduct.links-broken', severity: 'deduct', points: 0.1, title: `问题 ${fingerprint}`, url: SITE, office: '信息中心', evidence: 'HTTP 404', screenshot: null, check: 'links-broken', fingerprint, status: null, firstSeen: null, triage: null, count: 1 };
}

describe('finding history across scans', () => {
  let dir: string;
  let store: MemoryScanStore;

  /** Records a judged scan the way run-scan does: index record, findings.json, history. */
  async function scan(id: string, asOf: string, fps: string[], total = 90) {
    const scanDir = path.join(dir, id);
    await mkdir(scanDir, { recursive: true });
    const record: ScanRecord = { id, site: { name: '站', url: SITE }, asOf, quarter: `${asOf.slice(0, 4)}Q${Math.floor((Number(asOf.slice(5, 7)) - 1) / 3) + 1}`, startedAt: asOf, finishedAt: asOf, dir: scanDir, status: 'running', verdict: null, total: null, vetoes: [] };
    await store.update((d) => void d.scans.push(record));
    const findings = fps.map(finding);
    const view = await applyHistory(store, { id, siteUrl: SITE, asOf }, findings);
    await writeFile(path.join(scanDir, 'findings.json'), JSON.stringify({ findings }));
    await store.update((d) => Object.assign(d.scans.find((s) => s.id === id)!, { status: 'done', total, verdict: 'qualified' }));
    return { findings, view, byFp: (fp: string) => findings.find((f) => f.fingerprint === fp)! };
  }

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'gi-hist-'));
    store = new MemoryScanStore(dir);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('marks new, persisting, fixed and regressed, keeping the first sighting', async () => {
    const q1 = await scan('s1', '2026-02-20', ['a', 'b']);
    expect(q1.findings.map((f) => f.status)).toEqual([null, null]);
    expect(q1.view.previous).toBeNull();

    const q2 = await scan('s2', '2026-05-20', ['b', 'c']);
    expect(q2.byFp('b')).toMatchObject({ status: 'persisting', firstSeen: '2026-02-20' });
    expect(q2.byFp('c')).toMatchObject({ status: 'new', firstSeen: '2026-05-20' });
    expect(q2.view.fixed.map((f) => f.fingerprint)).toEqual(['a']);
    expect(q2.view.previous).toMatchObject({ scanId: 's1', quarter: '2026Q1' });

    const q3 = await scan('s3', '2026-08-20', ['a', 'c']);
    expect(q3.byFp('a')).toMatchObject({ status: 'regressed', firstSeen: '2026-02-20' });
    expect(q3.view.counts).toMatchObject({ regressed: 1, persisting: 1, fixed: 1, new: 0 });

    const data = await store.read();
    expect(data.findings.find((r) => r.fingerprint === 'b')).toMatchObject({ lastScanId: 's2', fixedInScanId: 's3' });
    expect(data.findings.find((r) => r.fingerprint === 'a')).toMatchObject({ firstScanId: 's1', lastScanId: 's3', fixedInScanId: null });
  });

  it('is stable when the same scan is judged again (report, rescore)', async () => {
    await scan('s1', '2026-02-20', ['a']);
    const q2 = await scan('s2', '2026-05-20', ['a', 'b']);
    const again = q2.findings.map((f) => ({ ...f, status: null, firstSeen: null }));
    await applyHistory(store, { id: 's2', siteUrl: SITE, asOf: '2026-05-20' }, again);
    expect(again.map((f) => [f.fingerprint, f.status, f.firstSeen])).toEqual([
      ['a', 'persisting', '2026-02-20'],
      ['b', 'new', '2026-05-20'],
    ]);
  });

  it('applies the latest triage decision until it expires, and reports the expired one', async () => {
    await scan('s1', '2026-02-20', ['a', 'b']);
    await recordTriage(store, { fingerprint: 'a', siteUrl: SITE, decision: 'false-positive', reason: '链接实际可用', by: '张三', decidedAt: '2026-03-01T00:00:00Z', expires: null });
    await recordTriage(store, { fingerprint: 'b', siteUrl: SITE, decision: 'accepted', reason: '系统迁移中', by: '李四', decidedAt: '2026-03-01T00:00:00Z', expires: '2026-06-30' });
    const q2 = await scan('s2', '2026-05-20', ['a', 'b']);
    expect(q2.byFp('a').triage).toEqual({ decision: 'false-positive', reason: '链接实际可用', by: '张三', expires: null });
    expect(q2.byFp('b').triage).toMatchObject({ decision: 'accepted', expires: '2026-06-30' });
    expect(q2.view.counts).toMatchObject({ accepted: 1, falsePositive: 1 });

    const q3 = await scan('s3', '2026-08-20', ['a', 'b']);
    expect(q3.byFp('b').triage).toBeNull();
    expect(q3.view.expiredTriage.map((t) => t.fingerprint)).toEqual(['b']);

    // A later decision replaces the earlier one.
    await recordTriage(store, { fingerprint: 'a', siteUrl: SITE, decision: 'accepted', reason: '改为接受', by: '王五', decidedAt: '2026-09-01T00:00:00Z', expires: null });
    const q4 = await scan('s4', '2026-11-20', ['a']);
    expect(q4.byFp('a').triage).toMatchObject({ decision: 'accepted', by: '王五' });
  });

  it('trend keeps the last scan of each quarter, oldest first, up to the scan in question', async () => {
    await scan('s1', '2026-02-20', [], 70);
    await scan('s2', '2026-03-20', [], 75);
    await scan('s3', '2026-05-20', [], 85);
    const data = await store.read();
    expect(trendOf(data, SITE, null).map((t) => [t.quarter, t.total])).toEqual([
      ['2026Q1', 75],
      ['2026Q2', 85],
    ]);
    expect(trendOf(data, SITE, { quarter: '2026Q1', asOf: '2026-03-20', scanId: 's2', total: 76, verdict: 'qualified' }).map((t) => t.total)).toEqual([76]);
  });
});
