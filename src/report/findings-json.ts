import type { Config } from '../config/schema.ts';
import type { CrawlArtifact } from '../artifacts.ts';
import type { ScoreCard } from '../score/score.ts';
import type { CheckResult, ContractSections, Finding, IsoDate, TechnicalNote } from '../types.ts';
import { TOOL_VERSION } from '../version.ts';
import { crawlCoverage } from '../scan/coverage.ts';

export const SCHEMA_VERSION = 1;

/** findings.json as the contract defines it (contract.md), plus documented extensions. */
export interface FindingsJson extends ContractSections {
  schemaVersion: number;
  tool: { name: 'gov-inspector'; version: string };
  site: { name: string; url: string };
  asOf: IsoDate;
  scanId: string;
  stats: { pagesCrawled: number; requests: number; durationMs: number };
  /**
   * The scan is incomplete (interrupted, homepage never opened, fewer pages than
   * crawl.minPages): no verdict, no score in the history, exit 3. See contract.md.
   */
  partial: boolean;
  partialReason: string | null;
  /** Extension: what a limit, robots.txt or a stop request left unread (one line each). */
  coverage: { what: string; why: string }[];
  findings: Finding[];
  score: ScoreCard;
  /** Extension: each check's status, so a reader sees what was skipped and why. */
  checks: { id: string; title: string; status: string; reason: string | null }[];
  /**
   * Extension: problems of the tool or its setup (feed subscription failing, monitor data
   * missing, config hints) for the information center; not findings, not scored.
   * Absent in findings.json written before it existed.
   */
  technicalNotes?: TechnicalNote[];
}

function emptySections(): ContractSections {
  return {
    brokenLinks: [],
    unverifiableLinks: [],
    homepage: null,
    columns: [],
    requiredItems: [],
    accessibility: [],
    newMedia: [],
    interaction: null,
    siteIdentity: null,
    contentSafety: [],
  };
}

/**
 * Each check fills the sections it owns; where several checks share a list section
 * (content safety has five), their rows are concatenated in check order.
 */
function mergeSections(results: readonly CheckResult[]): ContractSections {
  const sections = emptySections() as unknown as Record<string, unknown>;
  for (const result of results) {
    for (const [name, value] of Object.entries(result.sections ?? {})) {
      const current = sections[name];
      sections[name] = Array.isArray(current) && Array.isArray(value) ? [...current, ...value] : value;
    }
  }
  return sections as unknown as ContractSections;
}

export interface FindingsJsonInput {
  config: Config;
  scanId: string;
  asOf: IsoDate;
  crawl: CrawlArtifact | null;
  results: readonly CheckResult[];
  findings: Finding[];
  score: ScoreCard;
  partialReason?: string | null;
  /** Requests and time of every stage and every run; default: the crawl's own counts. */
  stats?: { requests: number; durationMs: number };
  technicalNotes?: TechnicalNote[];
}

/** Assembles findings.json: each section comes from the check that owns it; the rest stay empty or null. */
export function buildFindingsJson(input: FindingsJsonInput): FindingsJson {
  const sections = mergeSections(input.results);
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'gov-inspector', version: TOOL_VERSION },
    site: { name: input.config.site.name, url: input.config.site.url },
    asOf: input.asOf,
    scanId: input.scanId,
    stats: {
      pagesCrawled: input.crawl?.pagesCrawled ?? 0,
      requests: input.stats?.requests ?? input.crawl?.requests ?? 0,
      durationMs: input.stats?.durationMs ?? input.crawl?.durationMs ?? 0,
    },
    partial: Boolean(input.partialReason),
    partialReason: input.partialReason ?? null,
    coverage: crawlCoverage(input.crawl),
    ...sections,
    findings: input.findings,
    // An incomplete scan has no verdict (contract: exit 3).
    score: input.partialReason ? { ...input.score, verdict: null } : input.score,
    checks: input.results.map((r) => ({ id: r.id, title: r.title, status: r.status, reason: r.reason ?? null })),
    technicalNotes: input.technicalNotes ?? [],
  };
}
