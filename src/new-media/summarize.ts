import { addDays, daysBetween } from '../dates.ts';
import type { IsoDate, NewMediaEntry } from '../types.ts';
import type { PostContentHit } from './types.ts';
import type { AccountCapture } from './types.ts';

export type AccountStatus = 'ok' | 'warning' | 'stale' | 'cannot-verify';

/** Weeks in the timeline: 13 weeks is a quarter. */
export const TIMELINE_WEEKS = 13;

/** One account's entry in findings.json `newMedia`: the contract's fields plus extensions. */
export interface NewMediaSummary extends NewMediaEntry {
  office: string;
  url: string | null;
  source: AccountCapture['source'];
  /** ok | warning (early warning) | stale (veto) | cannot-verify (source unreadable). */
  status: AccountStatus;
  /** Days from the newest post to the check date. */
  daysSinceLatest: number | null;
  /** Windows (days) posts are counted in. */
  windows: number[];
  /** The window postsInWindow counts (the longest configured, 90 days by default). */
  windowDays: number;
  /** Posts in each configured window, e.g. { "14": 3, "30": 9, "90": 27 }. */
  postsByWindow: Record<string, number> | null;
  staleDays: number;
  warnDays: number;
  /** Posts per week, oldest first; the last week ends on the check date. */
  weekly: { start: IsoDate; end: IsoDate; count: number }[] | null;
  /** Posts dated after the check date (not counted) and posts without a readable date. */
  futurePosts: number;
  undatedPosts: number;
  interaction: { declared: string[] | null; detected: { kind: string; evidence: string }[]; ok: boolean | null };
  brokenLinks: { url: string; post: string; status: number | null; error: string | null }[];
  unverifiableLinks: { url: string; post: string; status: number | null; error: string | null }[];
  linksChecked: number;
  /** 错敏词 hits in post titles and texts; `contentSkipped` says why none could be looked for. */
  contentIssues: PostContentHit[];
  contentSkipped: string | null;
  /** Source format read: rss, atom, json, rdf, csv, json-export, page. */
  format: string | null;
}

/**
 * Pure judgement of one account as of `asOf`: a post counts in a window of N days when it is
 * at most N days old (so a post exactly 14 days old still counts and the account is not
 * stale); stale means older than `staleDays`, an early warning older than `warnDays`.
 */
export function summarizeAccount(capture: AccountCapture, asOf: IsoDate): NewMediaSummary {
  const { staleDays, warnDays, windows } = capture.settings;
  const windowDays = Math.max(...windows);
  const declared = capture.declaredInteraction;
  const base = {
    name: capture.name,
    platform: capture.platform,
    office: capture.office,
    url: capture.url,
    source: capture.source,
    windows,
    windowDays,
    staleDays,
    warnDays,
    linksChecked: capture.linksChecked,
    contentIssues: capture.contentHits,
    contentSkipped: capture.contentSkipped,
    brokenLinks: capture.linkFailures.filter((l) => l.verdict === 'broken').map(({ verdict: _, ...l }) => l),
    unverifiableLinks: capture.linkFailures.filter((l) => l.verdict === 'blocked').map(({ verdict: _, ...l }) => l),
  };
  const result = capture.result;
  if (!result.ok) {
    return {
      ...base,
      status: 'cannot-verify',
      latestPostDate: null,
      postsInWindow: null,
      stale: null,
      error: result.reason,
      daysSinceLatest: null,
      postsByWindow: null,
      weekly: null,
      futurePosts: 0,
      undatedPosts: 0,
      interaction: { declared, detected: [], ok: declared ? declared.length > 0 : null },
      format: null,
    };
  }
  const dated = result.posts.map((p) => p.date).filter((d): d is IsoDate => d !== null);
  const counted = dated.filter((d) => d <= asOf);
  const latest = counted.length ? counted.reduce((a, b) => (a > b ? a : b)) : null;
  const age = latest ? daysBetween(latest, asOf) : null;
  const inWindow = (days: number) => counted.filter((d) => daysBetween(d, asOf) <= days).length;
  const stale = age === null || age > staleDays;
  const weekly = Array.from({ length: TIMELINE_WEEKS }, (_, i) => {
    const end = addDays(asOf, -7 * (TIMELINE_WEEKS - 1 - i));
    const start = addDays(end, -6);
    return { start, end, count: counted.filter((d) => d >= start && d <= end).length };
  });
  const detected = result.interaction;
  return {
    ...base,
    status: stale ? 'stale' : age! > warnDays ? 'warning' : 'ok',
    latestPostDate: latest,
    postsInWindow: inWindow(windowDays),
    stale,
    error: null,
    daysSinceLatest: age,
    postsByWindow: Object.fromEntries(windows.map((w) => [String(w), inWindow(w)])),
    weekly,
    futurePosts: dated.length - counted.length,
    undatedPosts: result.posts.length - dated.length,
    interaction: { declared, detected, ok: declared ? declared.length > 0 : detected.length > 0 ? true : null },
    format: result.format,
  };
}
