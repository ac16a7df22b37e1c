import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Finding, IsoDate, Severity } from '../types.ts';
import type { FindingHistoryRecord, PreviousState, Rectification, ScanRecord, ScanStore, StoreData, TriageRecord } from './scan-store.ts';
import { isSameSite, siteIdentityOf, type SiteIdentity } from './site-identity.ts';

/** The scan being judged, as history needs it. */
export interface HistoryScan {
  id: string;
  siteUrl: string;
  /** The site's identity (site.id, previousUrls); default: from `siteUrl`. */
  site?: SiteIdentity;
  asOf: IsoDate;
}

/**
 * What this scan looked at again, so that a problem of the previous scan that is not found
 * now is called 已整改 only when its page or item was checked and the condition is gone.
 */
export interface RecheckScope {
  /** Checks that ran this time (not skipped, not errored). */
  checksRun: ReadonlySet<string>;
  /** Site pages fetched this time (URL and final URL). */
  pagesFetched: ReadonlySet<string>;
  /** Hosts of the site: a problem URL on them was re-checked only if it was fetched. */
  siteHosts: ReadonlySet<string>;
  /** Problems checks no longer judge (`check\nkey` → why, e.g. out of the one-year window). */
  retired: ReadonlyMap<string, string>;
}

/** A problem of the previous scan that is not found again, and why not. */
export interface PreviousProblem {
  finding: Finding;
  /**
   * fixed 已整改 (checked again, gone); escalated 升级 (now a graver indicator, e.g. warning →
   * veto); not-applicable 不再适用 (left the check's window); unchecked 未复查 (its check or
   * page was not looked at this time); pending-review 整改待复核 (unchecked, office says fixed).
   */
  state: PreviousState;
  reason: string;
  /** For `escalated`: the finding it became. */
  now?: Finding;
  /** The office's account from an imported ledger, if any. */
  rectification?: Rectification | null;
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
  /** Problems of the previous scan checked again and gone (已整改 only). */
  fixed: Finding[];
  /** Every problem of the previous scan not found again, with its state (fixed ones too). */
  previousProblems: PreviousProblem[];
  counts: {
    new: number;
    persisting: number;
    regressed: number;
    fixed: number;
    escalated: number;
    notApplicable: number;
    unchecked: number;
    pendingReview: number;
    accepted: number;
    falsePositive: number;
  };
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

/** A scan with a verdict. An incomplete one ('partial': interrupted, homepage never opened) has none. */
function isJudged(s: ScanRecord): boolean {
  return s.status === 'done';
}

function identityOf(scan: HistoryScan): SiteIdentity {
  return scan.site ?? siteIdentityOf({ url: scan.siteUrl });
}

function identityFrom(site: string | SiteIdentity): SiteIdentity {
  return typeof site === 'string' ? siteIdentityOf({ url: site }) : site;
}

/** The scan of the same site judged before `scan` (by start order), if any. */
export function previousScanRecord(data: StoreData, scan: HistoryScan): ScanRecord | null {
  const site = identityOf(scan);
  const index = data.scans.findIndex((s) => s.id === scan.id);
  const before = index >= 0 ? data.scans.slice(0, index) : data.scans.filter((s) => s.asOf <= scan.asOf && s.id !== scan.id);
  return before.filter((s) => isSameSite(site, s.site) && isJudged(s) && existsSync(path.join(s.dir, 'findings.json'))).at(-1) ?? null;
}

/**
 * This site's finding lifecycle records by fingerprint (the first stored wins, as a search
 * would find it), read in one pass: a scan's findings are matched against the store by
 * lookup, not by a search of every record per finding, whose cost grew with the square of a
 * broken-link-heavy scan and with every quarter the store keeps.
 */
function findingRecordsOf(data: StoreData, site: SiteIdentity): Map<string, FindingHistoryRecord> {
  const out = new Map<string, FindingHistoryRecord>();
  for (const r of data.findings) if (!out.has(r.fingerprint) && isSameSite(site, r)) out.set(r.fingerprint, r);
  return out;
}

/** The triage decision in force for a fingerprint on `asOf` (the latest one wins; expired ones do not count). */
export function triageInForce(data: StoreData, site: string | SiteIdentity, fingerprint: string, asOf: IsoDate): { current: TriageRecord | null; expired: TriageRecord | null } {
  const identity = identityFrom(site);
  const latest = data.triage.filter((t) => t.fingerprint === fingerprint && isSameSite(identity, t)).sort((a, b) => a.decidedAt.localeCompare(b.decidedAt)).at(-1) ?? null;
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

const SEVERITY_RANK: Record<Severity, number> = { bonus: 0, manual: 0, warn: 1, deduct: 2, veto: 3 };

/**
 * The same problem (same check and problem key) now found under a graver indicator, e.g. a
 * new-media account's early warning that became the veto: the earlier problem is 升级, not
 * fixed. Only a finding that is itself new counts (`isNew`), so an unrelated problem sharing
 * the key and already present before does not make it so.
 */
export function graverFinding(prev: Finding, current: readonly Finding[], isNew: (f: Finding) => boolean, strip: (key: string) => string = (k) => k): Finding | undefined {
  if (prev.key === undefined) return undefined;
  const key = strip(prev.key);
  return current.find((f) => f.check === prev.check && f.key !== undefined && strip(f.key) === key && SEVERITY_RANK[f.severity] > SEVERITY_RANK[prev.severity] && isNew(f));
}

/** Problems a person must fix: manual checklist items and bonus points are not carried as problems. */
export function isProblem(f: Finding): boolean {
  return f.severity !== 'manual' && f.severity !== 'bonus';
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

/**
 * Compares problems across scans without the site's own origin: the same site served on
 * another port or scheme (a moved site, the demo on a new port) keeps its history.
 */
export class ProblemKeys {
  constructor(private readonly origins: readonly string[]) {}

  strip(text: string): string {
    let out = text;
    for (const origin of this.origins) out = out.replaceAll(origin, '');
    return out;
  }

  of(f: Finding): string {
    return `${f.indicator}\n${this.strip(f.key ?? `${f.url ?? ''}\n${f.title}`)}`;
  }
}

/**
 * Why a problem of the previous scan is not found again. Without a scope (a caller that
 * cannot tell what was re-checked) a missing problem counts as fixed.
 */
function judgePrevious(prev: Finding, current: readonly Finding[], prevKeys: ReadonlySet<string>, keys: ProblemKeys, site: { url: string }, scope: RecheckScope | undefined, rectification: Rectification | null): PreviousProblem {
  const key = prev.key !== undefined ? keys.strip(prev.key) : undefined;
  const graver = graverFinding(prev, current, (f) => !prevKeys.has(keys.of(f)), (k) => keys.strip(k));
  if (graver) return { finding: prev, state: 'escalated', reason: `问题加重为「${graver.title}」`, now: graver, rectification };
  const retired = key !== undefined && scope ? [...scope.retired].find(([k]) => keys.strip(k) === `${prev.check}\n${key}`)?.[1] : undefined;
  if (retired) return { finding: prev, state: 'not-applicable', reason: retired, rectification };
  // The page as this scan addresses it (the site may be on another port or scheme now).
  const moved = prev.url !== null && keys.strip(prev.url) !== prev.url;
  const page = prev.url && moved ? `${new URL(site.url).origin}${keys.strip(prev.url)}` : prev.url;
  const host = prev.url ? hostOf(prev.url) : null;
  const onSite = moved || (host !== null && scope?.siteHosts.has(host));
  // The same problem now a 需人工核查 item (the check could not look everywhere this time): not re-checked, not fixed.
  const unverified = key !== undefined ? current.find((f) => f.severity === 'manual' && f.check === prev.check && f.key !== undefined && keys.strip(f.key) === key) : undefined;
  if (unverified) return { finding: prev, state: rectification?.state === '已整改' ? 'pending-review' : 'unchecked', reason: `本次未能核实：${unverified.title}`, rectification };
  const notRun = scope && !scope.checksRun.has(prev.check);
  const pageNotFetched = scope && onSite && page && !scope.pagesFetched.has(page);
  if (notRun || pageNotFetched) {
    const reason = notRun ? '本次检查未运行该检查项' : '本次检查未抓取到该页面';
    return { finding: prev, state: rectification?.state === '已整改' ? 'pending-review' : 'unchecked', reason, rectification };
  }
  return { finding: prev, state: 'fixed', reason: '复查未再发现', rectification };
}

/**
 * Marks each finding new / persisting / regressed against the previous scan of the same
 * site, sets firstSeen and the triage in force, judges each problem of the previous scan not
 * found again (fixed only when re-checked; escalated, not applicable or unchecked otherwise)
 * and records the finding lifecycle in the store. Safe to run again for the same scan
 * (rescore, report): records are keyed by fingerprint and keep their earliest sighting.
 */
export async function applyHistory(store: ScanStore, scan: HistoryScan, findings: Finding[], scope?: RecheckScope): Promise<HistoryView> {
  const site = identityOf(scan);
  const data = await store.read();
  const records = findingRecordsOf(data, site);
  const prevRecord = previousScanRecord(data, scan);
  const prevFindings = prevRecord ? await readPreviousFindings(prevRecord) : [];
  const keys = new ProblemKeys([...new Set([...site.origins, ...(prevRecord ? [new URL(prevRecord.site.url).origin] : [])])]);
  const prevByKey = new Map(prevFindings.map((f) => [keys.of(f), f]));
  const prevKeys = new Set(prevByKey.keys());
  const currentKeys = new Set(findings.map((f) => keys.of(f)));
  const expiredTriage: TriageRecord[] = [];

  for (const f of findings) {
    const record = records.get(f.fingerprint);
    const prev = prevByKey.get(keys.of(f));
    const seenBefore = record !== undefined && record.firstScanId !== scan.id && record.firstSeen <= scan.asOf;
    f.status = prevRecord === null ? null : prev ? 'persisting' : seenBefore ? 'regressed' : 'new';
    f.firstSeen = seenBefore && record ? record.firstSeen : (prev?.firstSeen ?? scan.asOf);
    const triage = triageInForce(data, site, f.fingerprint, scan.asOf);
    f.triage = triage.current && { decision: triage.current.decision, reason: triage.current.reason, by: triage.current.by, expires: triage.current.expires };
    if (triage.expired) expiredTriage.push(triage.expired);
  }
  const previousProblems = prevFindings
    .filter((f) => isProblem(f) && !currentKeys.has(keys.of(f)))
    .map((f) => judgePrevious(f, findings, prevKeys, keys, { url: scan.siteUrl }, scope, records.get(f.fingerprint)?.rectification ?? null));
  const fixed = previousProblems.filter((p) => p.state === 'fixed').map((p) => p.finding);

  await store.update((d) => {
    const stored = findingRecordsOf(d, site);
    for (const f of findings) {
      const record = stored.get(f.fingerprint);
      if (!record) {
        const added: FindingHistoryRecord = {
          fingerprint: f.fingerprint,
          siteId: site.id,
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
        };
        d.findings.push(added);
        stored.set(f.fingerprint, added);
        continue;
      }
      if (scan.asOf < record.firstSeen) Object.assign(record, { firstSeen: scan.asOf, firstScanId: scan.id });
      if (scan.asOf >= record.lastSeen) Object.assign(record, { lastSeen: scan.asOf, lastScanId: scan.id, title: f.title, url: f.url, office: f.office, fixedInScanId: null, lastState: null });
    }
    for (const p of previousProblems) {
      const record = stored.get(p.finding.fingerprint);
      if (!record || record.lastSeen > scan.asOf) continue;
      record.fixedInScanId = p.state === 'fixed' ? scan.id : null;
      record.lastState = { state: p.state, scanId: scan.id, reason: p.reason };
    }
  });

  const count = (status: Finding['status']) => findings.filter((f) => f.status === status).length;
  const states = (state: PreviousState) => previousProblems.filter((p) => p.state === state).length;
  return {
    previous: prevRecord && { scanId: prevRecord.id, asOf: prevRecord.asOf, quarter: prevRecord.quarter, total: prevRecord.total, verdict: prevRecord.verdict },
    fixed,
    previousProblems,
    counts: {
      new: count('new'),
      persisting: count('persisting'),
      regressed: count('regressed'),
      fixed: fixed.length,
      escalated: states('escalated'),
      notApplicable: states('not-applicable'),
      unchecked: states('unchecked'),
      pendingReview: states('pending-review'),
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
export function trendOf(data: StoreData, site: string | SiteIdentity, current: TrendPoint | null): TrendPoint[] {
  const identity = identityFrom(site);
  const byQuarter = new Map<string, TrendPoint>();
  const limit = current ? data.scans.findIndex((s) => s.id === current.scanId) : -1;
  const scans = limit >= 0 ? data.scans.slice(0, limit) : data.scans;
  for (const s of scans) {
    if (!isSameSite(identity, s.site) || !isJudged(s) || s.total === null) continue;
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
export function rectificationsOf(data: StoreData, site: string | SiteIdentity): Map<string, Rectification> {
  const identity = identityFrom(site);
  const out = new Map<string, Rectification>();
  for (const r of data.findings) if (isSameSite(identity, r) && r.rectification) out.set(r.fingerprint, r.rectification);
  return out;
}

/** Stores an office's ledger answer on the problem's lifecycle record; false when the store does not know the problem. */
export function applyRectification(data: StoreData, site: string | SiteIdentity, fingerprint: string, rectification: Rectification): boolean {
  const identity = identityFrom(site);
  const record = data.findings.find((r) => r.fingerprint === fingerprint && isSameSite(identity, r));
  if (!record) return false;
  record.rectification = rectification;
  return true;
}
