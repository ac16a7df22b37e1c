import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Finding, IsoDate } from '../types.ts';
import type { Rectification, ScanRecord, ScanStore, StoreData, TriageRecord } from './scan-store.ts';

/** The scan being judged, as history needs it. */
export interface HistoryScan {
  id: string;
  siteUrl: string;
  asOf: IsoDate;
}

/** A scan the report compares with. */
export interface ScanRef {
  scanId: string;
  asOf: IsoDate;
  quarter: string;
  total: number | null;
  verdict: 'qualified' | 'unqualified' | null;
}

/** What history adds to a report: the previous scan, what was fixed since, the triage in force. */
export interface HistoryView {
  previous: ScanRef | null;
  /** Problems of the previous scan not found again. */
  fixed: Finding[];
  counts: { new: number; persisting: number; regressed: number; fixed: number; accepted: number; falsePositive: number };
  /** Triage decisions that have run out: the finding counts again, and the report says so. */
  expiredTriage: TriageRecord[];
}

export interface TrendPoint {
  quarter: string;
  asOf: IsoDate;
  scanId: string;
  total: number;
  verdict: 'qualified' | 'unqualified' | null;
}

function isJudged(s: ScanRecord): boolean {
  return s.status === 'done' || s.status === 'partial';
}

/** The scan of the same site judged before `scan` (by start order), if any. */
export function previousScanRecord(data: StoreData, scan: HistoryScan): ScanRecord | null {
  const index = data.scans.findIndex((s) => s.id === scan.id);
  const before = index >= 0 ? data.scans.slice(0, index) : data.scans.filter((s) => s.asOf <= scan.asOf && s.id !== scan.id);
  return before.filter((s) => s.site.url === scan.siteUrl && isJudged(s) && existsSync(path.join(s.dir, 'findings.json'))).at(-1) ?? null;
}

/** The triage decision in force for a fingerprint on `asOf` (the latest one wins; expired ones do not count). */
export function triageInForce(data: StoreData, siteUrl: string, fingerprint: string, asOf: IsoDate): { current: TriageRecord | null; expired: TriageRecord | null } {
  const latest = data.triage.filter((t) => t.siteUrl === siteUrl && t.fingerprint === fingerprint).sort((a, b) => a.decidedAt.localeCompare(b.decidedAt)).at(-1) ?? null;
  if (!latest) return { current: null, expired: null };
  if (latest.expires !== null && latest.expires < asOf) return { current: null, expired: latest };
  return { current: latest, expired: null };
}

async function readPreviousFindings(record: ScanRecord): Promise<Finding[]> {
  try {
    const json = JSON.parse(await readFile(path.join(record.dir, 'findings.json'), 'utf8')) as { findings?: Finding[] };
    return json.findings ?? [];
  } catch {
    // A damaged previous report means no comparison, not a failed scan.
    return [];
  }
}

/**
 * Marks each finding new / persisting / regressed against the previous scan of the same
 * site, sets firstSeen and the triage in force, and records the finding lifecycle in the
 * store. Safe to run again for the same scan (rescore, report): records are keyed by
 * fingerprint and keep their earliest sighting.
 */
export async function applyHistory(store: ScanStore, scan: HistoryScan, findings: Finding[]): Promise<HistoryView> {
  const data = await store.read();
  const prevRecord = previousScanRecord(data, scan);
  const prevFindings = prevRecord ? await readPreviousFindings(prevRecord) : [];
  const prevKeys = new Set(prevFindings.map((f) => f.fingerprint));
  const currentKeys = new Set(findings.map((f) => f.fingerprint));
  const expiredTriage: TriageRecord[] = [];

  for (const f of findings) {
    const record = data.findings.find((r) => r.siteUrl === scan.siteUrl && r.fingerprint === f.fingerprint);
    const seenBefore = record !== undefined && record.firstScanId !== scan.id && record.firstSeen <= scan.asOf;
    f.status = prevRecord === null ? null : prevKeys.has(f.fingerprint) ? 'persisting' : seenBefore ? 'regressed' : 'new';
    f.firstSeen = seenBefore && record ? record.firstSeen : scan.asOf;
    const triage = triageInForce(data, scan.siteUrl, f.fingerprint, scan.asOf);
    f.triage = triage.current && { decision: triage.current.decision, reason: triage.current.reason, by: triage.current.by, expires: triage.current.expires };
    if (triage.expired) expiredTriage.push(triage.expired);
  }
  const fixed = prevFindings.filter((f) => !currentKeys.has(f.fingerprint));

  await store.update((d) => {
    for (const f of findings) {
      const record = d.findings.find((r) => r.siteUrl === scan.siteUrl && r.fingerprint === f.fingerprint);
      if (!record) {
        d.findings.push({
          fingerprint: f.fingerprint,
          siteUrl: scan.siteUrl,
          indicator: f.indicator,
          title: f.title,
          url: f.url,
          office: f.office,
          firstSeen: scan.asOf,
          firstScanId: scan.id,
          lastSeen: scan.asOf,
          lastScanId: scan.id,
          fixedInScanId: null,
        });
        continue;
      }
      if (scan.asOf < record.firstSeen) Object.assign(record, { firstSeen: scan.asOf, firstScanId: scan.id });
      if (scan.asOf >= record.lastSeen) Object.assign(record, { lastSeen: scan.asOf, lastScanId: scan.id, title: f.title, url: f.url, office: f.office, fixedInScanId: null });
    }
    for (const f of fixed) {
      const record = d.findings.find((r) => r.siteUrl === scan.siteUrl && r.fingerprint === f.fingerprint);
      if (record && record.lastSeen <= scan.asOf) record.fixedInScanId = scan.id;
    }
  });

  const count = (status: Finding['status']) => findings.filter((f) => f.status === status).length;
  return {
    previous: prevRecord && { scanId: prevRecord.id, asOf: prevRecord.asOf, quarter: prevRecord.quarter, total: prevRecord.total, verdict: prevRecord.verdict },
    fixed,
    counts: {
      new: count('new'),
      persisting: count('persisting'),
      regressed: count('regressed'),
      fixed: fixed.length,
      accepted: findings.filter((f) => f.triage?.decision === 'accepted').length,
      falsePositive: findings.filter((f) => f.triage?.decision === 'false-positive').length,
    },
    expiredTriage,
  };
}

/**
 * Score over past quarters for one site: the last judged scan of each quarter, up to and
 * including `current` (whose total may not be in the store yet).
 */
export function trendOf(data: StoreData, siteUrl: string, current: TrendPoint | null): TrendPoint[] {
  const byQuarter = new Map<string, TrendPoint>();
  const limit = current ? data.scans.findIndex((s) => s.id === current.scanId) : -1;
  const scans = limit >= 0 ? data.scans.slice(0, limit) : data.scans;
  for (const s of scans) {
    if (s.site.url !== siteUrl || !isJudged(s) || s.total === null) continue;
    if (current && s.asOf > current.asOf) continue;
    byQuarter.set(s.quarter, { quarter: s.quarter, asOf: s.asOf, scanId: s.id, total: s.total, verdict: s.verdict });
  }
  if (current) byQuarter.set(current.quarter, current);
  return [...byQuarter.values()].sort((a, b) => a.quarter.localeCompare(b.quarter) || a.asOf.localeCompare(b.asOf));
}

/** Records a triage decision; the latest decision for a fingerprint is the one in force. */
export async function recordTriage(store: ScanStore, record: TriageRecord): Promise<void> {
  await store.update((d) => void d.triage.push(record));
}

/** The offices' imported ledger answers for one site, by fingerprint. */
export function rectificationsOf(data: StoreData, siteUrl: string): Map<string, Rectification> {
  const out = new Map<string, Rectification>();
  for (const r of data.findings) if (r.siteUrl === siteUrl && r.rectification) out.set(r.fingerprint, r.rectification);
  return out;
}

/** Stores an office's ledger answer on the problem's lifecycle record; false when the store does not know the problem. */
export function applyRectification(data: StoreData, siteUrl: string, fingerprint: string, rectification: Rectification): boolean {
  const record = data.findings.find((r) => r.siteUrl === siteUrl && r.fingerprint === fingerprint);
  if (!record) return false;
  record.rectification = rectification;
  return true;
}
