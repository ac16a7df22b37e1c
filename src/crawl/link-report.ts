import type { LinkVerdict } from './classify.ts';
import type { LinkKind } from './types.ts';

/** A failed link target with every page that carries it. */
export interface FailedLink {
  target: string;
  kind: LinkKind;
  internal: boolean;
  /** Also an attachment (pdf, doc, xls ...). */
  attachment: boolean;
  verdict: Exclude<LinkVerdict, 'ok'>;
  status: number | null;
  error: string | null;
  errorDetail: string | null;
  /** Pages where the link stands (all of them). */
  sources: string[];
  /** Link texts seen for the target, first few. */
  texts: string[];
}

/** Outcome of checking every link target once. */
export interface LinksArtifact {
  /** Unique targets checked (pages crawled count as checked). */
  checked: number;
  /** Link occurrences seen on crawled pages. */
  occurrences: number;
  ok: number;
  broken: FailedLink[];
  /** Refused to robots (WAF 403, 401, 999, 429): cannot verify. */
  blocked: FailedLink[];
  /** Internal targets not requested because robots.txt disallows them. */
  robotsSkipped: number;
  /** Links on the homepage, for the homepage link-availability indicator. */
  homepageUrl: string;
}
