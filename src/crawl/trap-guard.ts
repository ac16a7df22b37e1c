/** Why a URL was refused as a likely crawler trap. */
export type TrapKind = 'queryVariants' | 'repeatedPath';

/**
 * Bounds crawler traps that per-URL dedupe cannot: an infinite calendar or a search form
 * yields endless distinct query strings on one path, and a broken relative link yields
 * ever longer paths (/a/b/a/b/a/b/...). Memory is one counter per path that has queries.
 */
export class TrapGuard {
  private readonly variants = new Map<string, number>();
  readonly refused: Record<TrapKind, number> = { queryVariants: 0, repeatedPath: 0 };

  constructor(private readonly maxQueryVariants: number, private readonly maxSegmentRepeats = 2) {}

  /** Counts the URL in; false (and counted as refused) when it looks like a trap. */
  admit(url: string): boolean {
    const parsed = new URL(url);
    const segments = parsed.pathname.split('/').filter(Boolean);
    if (segments.length > this.maxSegmentRepeats) {
      const counts = new Map<string, number>();
      for (const s of segments) {
        const n = (counts.get(s) ?? 0) + 1;
        if (n > this.maxSegmentRepeats) {
          this.refused.repeatedPath++;
          return false;
        }
        counts.set(s, n);
      }
    }
    if (parsed.search) {
      const key = `${parsed.host}${parsed.pathname}`;
      const n = (this.variants.get(key) ?? 0) + 1;
      if (n > this.maxQueryVariants) {
        this.refused.queryVariants++;
        return false;
      }
      this.variants.set(key, n);
    }
    return true;
  }
}
