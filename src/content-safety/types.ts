import type { HomepageFingerprint } from './fingerprint.ts';
import type { LexiconKind, LexiconLevel } from './lexicon.ts';
import type { ExternalDomain } from './outbound.ts';
import type { PrivacyHit } from './privacy.ts';

/** A lexicon entry found on a page (one record per term and page). */
export interface LexiconHitRecord {
  url: string;
  /** Where on the page: its title, its text, or the name of an attachment it links. */
  where: 'title' | 'body' | 'attachment';
  /** The attachment's URL when `where` is attachment. */
  attachmentUrl: string | null;
  term: string;
  kind: LexiconKind;
  level: LexiconLevel;
  category: string | null;
  correct: string | null;
  note: string | null;
  /** The sentence around the first occurrence. */
  context: string;
  /** Occurrences on the page. */
  count: number;
}

export interface HiddenLinkRecord {
  page: string;
  href: string;
  text: string;
  /** Why it is judged hidden (Chinese). */
  reasons: string[];
  /** Written by a script rather than present in the HTML. */
  scripted: boolean;
  /** static: found in the HTML and CSS; browser: found only with computed styles. */
  detectedBy: 'static' | 'browser';
  /** Computed-style verdict: hidden, visible (the static verdict was wrong), or not checked. */
  browser: 'hidden' | 'visible' | 'not-checked';
  /** Sensitive words in the link text or title. */
  spamWords: string[];
  /** Spam-site words in the target's host name. */
  domainWords: string[];
  /**
   * Why the link is hidden by design and not 暗链 (an allowed host, a menu or tab the page's
   * scripts show), or null. Never set for spam: spam is judged whatever hides it.
   */
  dismissed?: string | null;
}

export interface PrivacyRecord extends PrivacyHit {
  url: string;
  count: number;
}

/** An outside target whose page now carries gambling or porn content. */
export interface SpamTarget {
  url: string;
  host: string;
  title: string | null;
  /** Sensitive words seen on the target (title and text) or in its host name. */
  words: string[];
  /** Pages of the site linking to it (first few). */
  sources: string[];
  /** Linked only by hidden links. */
  hiddenOnly: boolean;
}

/** Hidden links, outbound link hygiene, 错敏词, privacy leaks and the homepage fingerprint. */
export interface ContentSafetyArtifact {
  pagesScanned: number;
  lexicon: { sources: string[]; entries: number; allowPhrases: number };
  hiddenLinks: HiddenLinkRecord[];
  browser: { used: boolean; reason: string | null; pagesChecked: number; errors: { url: string; error: string }[] };
  lexiconHits: LexiconHitRecord[];
  privacy: PrivacyRecord[];
  outbound: {
    domains: ExternalDomain[];
    /** Target pages fetched, and how many could not be opened. */
    fetched: number;
    fetchFailed: number;
    /** Distinct outside targets; more than `fetched` when the cap was reached. */
    targets: number;
    spamTargets: SpamTarget[];
  };
  tamper: { current: HomepageFingerprint | null; previous: HomepageFingerprint | null; previousScanId: string | null; previousAsOf: string | null };
  /** Hit caps were reached: some hits were not kept. */
  truncated: boolean;
}
