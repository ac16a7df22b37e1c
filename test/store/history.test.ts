import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyHistory, recordTriage, trendOf, type RecheckScope } from '../../src/store/history.ts';
import { storeIndexView } from '../../src/report/store-index.ts';
import { defaultSiteId } from '../../src/store/site-identity.ts';
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
  async function scan(id: string, asOf: string, fps: (string | Finding)[], total = 90, scope?: RecheckScope, url = SITE) {
    const scanDir = path.join(dir, id);
    await mkdir(scanDir, { recursive: true });
    const record: ScanRecord = { id, site: { name: '站', url }, asOf, quarter: `${asOf.slice(0, 4)}Q${Math.floor((Number(asOf.slice(5, 7)) - 1) / 3) + 1}`, startedAt: asOf, finishedAt: asOf, dir: scanDir, status: 'running', verdict: null, total: null, vetoes: [] };
    await store.update((d) => void d.scans.push(record));
    const findings = fps.map((x) => (typeof x === 'string' ? finding(x) : x));
    const view = await applyHistory(store, { id, siteUrl: url, asOf }, findings, scope);
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

  it('calls a missing problem 已整改 only when re-checked: escalated, not applicable, unchecked and pending review otherwise', async () => {
    const page = (p: string) => `${SITE}${p}`;
    const f = (fingerprint: string, extra: Partial<Finding>) => ({ ...finding(fingerprint), ...extra });
    await scan('s1', '2026-08-20', [
      f('fixed', { url: page('a.html'), check: 'hidden-links', key: 'h1' }),
      f('warn', { severity: 'warn', indicator: 'warn.newmedia-stale-soon', check: 'new-media', key: 'acct', url: 'http://feeds.example/x' }),
      f('aged', { check: 'interpretation', key: `interp:missing:${page('doc.html')}`, url: page('doc.html') }),
      f('unfetched', { url: page('gone-from-crawl.html'), check: 'hidden-links', key: 'h2' }),
      f('claimed', { url: page('claimed.html'), check: 'hidden-links', key: 'h3' }),
      f('skipped', { check: 'accessibility', key: 'a1', url: page('a.html') }),
      f('manual', { severity: 'manual', indicator: 'manual.content-accuracy', check: 'manual-review', key: 'm' }),
    ]);
    await store.update((d) => {
      const record = d.findings.find((r) => r.fingerprint === 'claimed')!;
      record.rectification = { state: '已整改', completedDate: '2026-09-30', measures: '已删除', contact: '张三', importedAt: '2026-10-08T00:00:00Z', source: 'ledger.xlsx' };
    });
    const scope: RecheckScope = {
      checksRun: new Set(['hidden-links', 'new-media', 'interpretation', 'manual-review']),
      pagesFetched: new Set([page('a.html')]),
      siteHosts: new Set(['127.0.0.1:8080']),
      retired: new Map([[`interpretation\ninterp:missing:${page('doc.html')}`, '文件发布于 2025-09-01，已超出 365 天的解读检查范围']]),
    };
    const q2 = await scan('s2', '2026-11-20', [f('veto', { severity: 'veto', indicator: 'veto.newmedia-stale', check: 'new-media', key: 'acct', url: 'http://feeds.example/x' })], 80, scope);
    const states = Object.fromEntries(q2.view.previousProblems.map((p) => [p.finding.fingerprint, p.state]));
    expect(states).toEqual({ fixed: 'fixed', warn: 'escalated', aged: 'not-applicable', unfetched: 'unchecked', claimed: 'pending-review', skipped: 'unchecked' });
    expect(q2.view.fixed.map((x) => x.fingerprint)).toEqual(['fixed']);
    expect(q2.view.counts).toMatchObject({ fixed: 1, escalated: 1, notApplicable: 1, unchecked: 2, pendingReview: 1 });
    const data = await store.read();
    expect(data.findings.find((r) => r.fingerprint === 'claimed')).toMatchObject({ fixedInScanId: null, lastState: { state: 'pending-review', scanId: 's2' } });
    expect(data.findings.find((r) => r.fingerprint === 'fixed')).toMatchObject({ fixedInScanId: 's2', lastState: { state: 'fixed' } });
  });

  it('a veto now a 需人工核查 item of the same problem (the look was incomplete) is 未复查, not 已整改', async () => {
    const f = (fingerprint: string, extra: Partial<Finding>) => ({ ...finding(fingerprint), check: 'interaction', key: 'interaction:no-channel', ...extra });
    await scan('s1', '2026-08-20', [f('veto', { severity: 'veto', indicator: 'veto.interaction-poor', title: '未提供可用的在线咨询/留言渠道' })]);
    const scope: RecheckScope = { checksRun: new Set(['interaction']), pagesFetched: new Set([SITE]), siteHosts: new Set(['127.0.0.1:8080']), retired: new Map() };
    const q2 = await scan('s2', '2026-11-20', [f('manual', { severity: 'manual', indicator: 'manual.interaction-unverified', points: 0, title: '未找到在线咨询/留言渠道，需人工核查' })], 80, scope);
    expect(q2.view.previousProblems.map((p) => [p.finding.fingerprint, p.state, p.reason])).toEqual([['veto', 'unchecked', '本次未能核实：未找到在线咨询/留言渠道，需人工核查']]);
    expect(q2.view.fixed).toEqual([]);
  });

  it('folds scheme and www. into the site id and keeps a non-default port', () => {
    expect(defaultSiteId('http://www.example.gov.cn/')).toBe('example.gov.cn');
    expect(defaultSiteId('https://example.gov.cn/index.html')).toBe('example.gov.cn');
    expect(defaultSiteId('https://WWW.Example.gov.cn:443/')).toBe('example.gov.cn');
    expect(defaultSiteId('http://example.gov.cn:8080/')).toBe('example.gov.cn:8080');
  });

  it('does not split one site into two when the scheme changes: one index row, one trend, one history', async () => {
    await scan('s1', '2026-08-20', ['a', 'b'], 70, undefined, 'http://www.example.gov.cn/');
    const q2 = await scan('s2', '2026-11-20', ['a'], 80, undefined, 'https://example.gov.cn/');
    expect(q2.view.previous?.scanId).toBe('s1');
    expect(q2.byFp('a')).toMatchObject({ status: 'persisting', firstSeen: '2026-08-20' });
    const view = storeIndexView(await store.read(), dir);
    expect(view.sites).toHaveLength(1);
    expect(view.sites[0].cells.map((c) => c.total)).toEqual([70, 80]);
  });

  it('keeps each site of a shared store to its own problem records, even under the same fingerprint', async () => {
    const other = 'http://127.0.0.1:9090/';
    await scan('a1', '2026-02-20', ['a', 'b']);
    const b1 = await scan('b1', '2026-03-10', ['a'], 90, undefined, other);
    // Site B's first scan: its problem is first seen now, not when site A had a problem of that fingerprint.
    expect(b1.byFp('a')).toMatchObject({ status: null, firstSeen: '2026-03-10' });
    const b2 = await scan('b2', '2026-05-20', ['a'], 90, undefined, other);
    expect(b2.byFp('a')).toMatchObject({ status: 'persisting', firstSeen: '2026-03-10' });
    const a2 = await scan('a2', '2026-05-25', ['b']);
    expect(a2.view.fixed.map((f) => f.fingerprint)).toEqual(['a']);
    const records = (await store.read()).findings.filter((r) => r.fingerprint === 'a');
    expect(records.map((r) => [r.siteId, r.firstScanId, r.lastScanId, r.fixedInScanId])).toEqual([
      ['127.0.0.1:8080', 'a1', 'a1', 'a2'],
      ['127.0.0.1:9090', 'b1', 'b2', null],
    ]);
  });
});
