/**
 * Shapes shared by every stage: findings, sections of findings.json, check results.
 * The findings.json contract lives in ../../shared/spec/contract.md; keep these in step.
 */

/** A date as `YYYY-MM-DD` in China time (UTC+8). */
export type IsoDate = string;

export type Severity = 'veto' | 'deduct' | 'warn' | 'manual' | 'bonus';

/** What a check reports; the scorer adds severity and points from the indicator table. */
export interface FindingDraft {
  /** Indicator id from the table in force, e.g. `veto.columns-stale`, `deduct.links-broken`. */
  indicator: string;
  /** One line in Chinese saying what is wrong. */
  title: string;
  /** The page a person should open to see the problem (absolute), or null. */
  url: string | null;
  /** Responsible office (处室); the site's default office when not known. */
  office?: string | null;
  /**
   * The office comes from the department's document register (the drafter of the document):
   * when findings of several checks share a key, this office wins.
   */
  officeFromRegister?: boolean;
  /** What was seen: a status, a date and age, the missing elements ... in Chinese. */
  evidence: string;
  /**
   * What makes this problem the same problem in the next scan (e.g. the broken target URL).
   * Defaults to indicator + url + title.
   */
  key?: string;
  /** Path of a screenshot relative to the scan folder, when one was taken. */
  screenshot?: string | null;
  /** Number of units for per-unit deductions (e.g. broken links on one page); default 1. */
  count?: number;
  /**
   * Where the office answering for this problem can be looked up; `src/score/route-office.ts`
   * picks one office from these, the config map and the defaults (see there for the order).
   */
  route?: RouteHints;
  /**
   * `operator`: a problem of the tool or its setup (a feed subscription failing, a config
   * hint), for the information center: it goes to findings.json `technicalNotes`, never to
   * notices, the ledger or the score.
   */
  audience?: 'operator';
}

/** What a check knows about who answers for a problem (all optional). */
export interface RouteHints {
  /** Id of the disclosure catalogue row the problem is about (its 责任处室). */
  catalogueItem?: string;
  /** The column (栏目) the problem is in: its list URL and name, and the office the column map gives. */
  column?: { url: string; name: string; office?: string | null };
  /** The policy document's drafting office as its page says (起草处室 / 发文机关 / 文号). */
  document?: { office?: string | null; issuer?: string | null; number?: string | null };
  /**
   * Every page carrying the problem, when it is on several (a broken link). A column, or an
   * `offices.routes` URL, decides only when it holds for all of them: a link on pages of
   * several columns sits in the shared template (header, footer, navigation), the site's.
   */
  pages?: string[];
}

/** How a finding's office was chosen, in the routing order of route-office.ts. */
export type RoutedBy = 'config' | 'register' | 'catalogue' | 'column' | 'document' | 'default';

/** A problem of the tool or its setup, for the information center (findings.json `technicalNotes`). */
export interface TechnicalNote {
  /** Check that raised it. */
  check: string;
  /** Indicator of the withheld finding, or null for a check that could not run. */
  indicator: string | null;
  title: string;
  /** What happened and what to do, in Chinese. */
  detail: string;
  url: string | null;
  /** Who acts on it: the site's default office (信息中心 unless set). */
  office: string;
}

/** A finding as written to findings.json. */
export interface Finding extends Required<Omit<FindingDraft, 'key' | 'count' | 'office' | 'officeFromRegister' | 'route' | 'audience'>> {
  /** Responsible office (处室): always exactly one office, never a group or a list. */
  office: string;
  /** How `office` was chosen (route-office.ts); absent in findings.json written before routing existed. */
  routedBy?: RoutedBy;
  severity: Severity;
  /** Points this finding deducts before the group cap (0 for veto, warn, manual). */
  points: number;
  /** Check that produced it. */
  check: string;
  /** Stable identity across scans (sha1 of indicator + key). */
  fingerprint: string;
  /** The draft's problem key; a deduction sharing it with a veto finding is not deducted again. */
  key?: string;
  /** new | persisting | regressed, filled from history; null on a first scan. */
  status: 'new' | 'persisting' | 'regressed' | null;
  /** First scan date this problem was seen. */
  firstSeen: IsoDate | null;
  /** Triage decision in force, if any (accepted / false-positive). */
  triage: { decision: 'accepted' | 'false-positive'; reason: string; by: string; expires: IsoDate | null } | null;
  count: number;
}

export interface BrokenLinkEntry {
  source: string;
  target: string;
  status: number | null;
  error: string | null;
}

export interface ColumnEntry {
  name: string;
  url: string;
  category: 'news' | 'notice' | 'policy' | 'personnel' | 'plan' | 'other';
  latestDate: IsoDate | null;
  itemCount: number | null;
  blank: boolean;
  stale: boolean;
  [extra: string]: unknown;
}

export interface RequiredItemEntry {
  id: string;
  name: string;
  found: boolean;
  url: string | null;
  office: string;
  [extra: string]: unknown;
}

export interface AccessibilityEntry {
  url: string;
  score: number | null;
  violations: { rule: string; impact: string | null; count: number; [extra: string]: unknown }[];
  [extra: string]: unknown;
}

export interface NewMediaEntry {
  name: string;
  platform: string;
  latestPostDate: IsoDate | null;
  postsInWindow: number | null;
  stale: boolean | null;
  error: string | null;
  [extra: string]: unknown;
}

export interface InteractionSection {
  channels: string[];
  unanswered: { url: string; askedDate: IsoDate | null; daysOpen: number | null; [extra: string]: unknown }[];
  [extra: string]: unknown;
}

export interface SiteIdentitySection {
  siteCode: string | null;
  icp: string | null;
  psb: string | null;
  partyGovLogo: boolean | null;
  errorReport: boolean | null;
  search: boolean | null;
  [extra: string]: unknown;
}

export interface ContentSafetyEntry {
  url: string;
  kind: 'hidden-link' | 'sensitive-word' | 'wrong-expression' | 'tamper' | 'privacy' | (string & {});
  evidence: string;
  [extra: string]: unknown;
}

/** One row of the department's document register, reconciled with the site. */
export interface RegisterSectionEntry {
  docNo: string;
  title: string;
  /** 公开属性: 主动公开 | 依申请公开 | 不予公开. */
  attribute: string;
  /** on-time | late | missing | unverifiable | manual | not-proactive | wrongly-disclosed. */
  status: string;
  url: string | null;
  publishedDate: IsoDate | null;
  /** Working days from 成文日期 to 发布日期. */
  workingDays: number | null;
  /** 起草处室 (null when the register names none). */
  office: string | null;
  [extra: string]: unknown;
}

/** The sections of findings.json that checks fill in (see contract.md). */
export interface ContractSections {
  brokenLinks: BrokenLinkEntry[];
  /** Extension: links the target refused to a robot (WAF 403, 401, 999, 429): cannot verify, not broken. */
  unverifiableLinks: BrokenLinkEntry[];
  homepage: { latestDate: IsoDate | null; stale: boolean | null; [extra: string]: unknown } | null;
  columns: ColumnEntry[];
  requiredItems: RequiredItemEntry[];
  accessibility: AccessibilityEntry[];
  newMedia: NewMediaEntry[];
  interaction: InteractionSection | null;
  siteIdentity: SiteIdentitySection | null;
  contentSafety: ContentSafetyEntry[];
  /** Extension: 适老化 results of the browser checks (absent when they did not run). */
  elderFriendly?: import('./accessibility/sections.ts').ElderFriendlySection | null;
  /** Extension: layout of audited pages at the mobile width (absent when the browser checks did not run). */
  mobile?: import('./accessibility/sections.ts').MobileEntry[];
  /** Extension: the document register reconciled with the site (absent when no register is configured). */
  register?: RegisterSectionEntry[];
}

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'na' | 'error' | 'manual' | 'skipped';

export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  findings: FindingDraft[];
  /** Sections of findings.json this check fills (a check owns its sections). */
  sections?: Partial<ContractSections>;
  /** Why a check was skipped or errored, or a one-line summary. */
  reason?: string | null;
  /**
   * `operator`: the check could not judge because of the tool's setup (e.g. no monitor
   * data); its reason is a technical note for the information center, not a checklist item.
   */
  audience?: 'operator';
  /**
   * Problem keys (draft `key`s) this check saw but no longer judges, e.g. a policy document
   * that left the one-year window: a previous problem with such a key reads 不再适用, not 已整改.
   */
  retired?: { key: string; reason: string }[];
  /** Anything else the report needs (e.g. counts, per-column ages). Must be JSON. */
  details?: unknown;
}
