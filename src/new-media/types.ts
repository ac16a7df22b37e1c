import type { InteractionKind } from '../config/sections/new-media.ts';
import type { IsoDate } from '../types.ts';

/** One post as read from a feed, an export or a rendered account page. Compact: text is capped. */
export interface Post {
  /** China-time date, null when the source gave none that could be read. */
  date: IsoDate | null;
  title: string;
  url: string | null;
  /** Plain text of the post (summary or body), capped for the content checks. */
  text: string;
  comments: number | null;
  replies: number | null;
  /** Links inside the post's body (absolute, capped), checked with the post's own URL. */
  links: string[];
}

/** Why a source could not be read, as a machine-readable kind plus a Chinese reason for the operator. */
export type SourceErrorKind =
  | 'missing-env'
  | 'http'
  | 'auth'
  | 'network'
  | 'timeout'
  | 'not-feed'
  | 'malformed'
  | 'truncated'
  | 'empty'
  | 'undated'
  | 'missing-file'
  | 'browser'
  | 'no-posts-found';

export interface SourceFailure {
  ok: false;
  kind: SourceErrorKind;
  /** What went wrong and what to fix, in Chinese. Never contains a cookie or token value. */
  reason: string;
}

export interface SourceSuccess {
  ok: true;
  /** rss | atom | rdf | json (JSON Feed) | csv | json-export | page */
  format: string;
  /** Title of the feed or page, when it has one. */
  title: string | null;
  posts: Post[];
  /** Interaction functions the source itself shows (comment counts, a 私信 button ...). */
  interaction: { kind: InteractionKind; evidence: string }[];
}

export type SourceResult = SourceSuccess | SourceFailure;

/** A post link that failed its check. */
export interface PostLinkFailure {
  url: string;
  /** The post carrying it (its own URL or title). */
  post: string;
  status: number | null;
  error: string | null;
  /** broken: gone or unreachable; blocked: the host refused a robot (cannot verify). */
  verdict: 'broken' | 'blocked';
}

/** What the gatherer captured for one account. Everything the check judges is derived from it. */
export interface AccountCapture {
  name: string;
  platform: string;
  office: string;
  /** Public address of the account, when configured. */
  url: string | null;
  source: { kind: 'feed' | 'page' | 'export'; location: string };
  declaredInteraction: InteractionKind[] | null;
  settings: { staleDays: number; warnDays: number; windows: number[] };
  /** When the source was read (ISO timestamp). */
  readAt: string;
  result: SourceResult;
  /** Post links checked (each URL once per scan) and those that failed. */
  linksChecked: number;
  linkFailures: PostLinkFailure[];
  /** 错敏词 hits in titles and texts of posts in the longest window. */
  contentHits: PostContentHit[];
  /** Why the content check did not run (lexicon failed to load), else null. */
  contentSkipped: string | null;
}

/** A wrong expression or sensitive word found in a post's title or text. */
export interface PostContentHit {
  post: string;
  postUrl: string | null;
  postDate: string | null;
  /** title or text */
  field: 'title' | 'text';
  term: string;
  kind: 'wrong-expression' | 'sensitive-word';
  level: 'serious' | 'general' | 'review';
  correct: string | null;
  category: string | null;
  context: string;
}

/** Posts of each 政务新媒体 account, read from its feed, rendered page or back-office export. */
export interface NewMediaArtifact {
  accounts: AccountCapture[];
}
