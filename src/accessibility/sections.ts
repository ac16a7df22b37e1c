/**
 * Extension sections of findings.json filled by the browser checks (适老化 and mobile).
 * The contract's own `accessibility` section is AccessibilityEntry in ../types.ts.
 */

/** 适老化 results: the site's elder-mode entry and each audited page's text legibility. */
export interface ElderFriendlySection {
  /** An elder / accessibility mode entry (无障碍, 长者模式, 关怀版...) on the homepage; null when not audited. */
  entry: { found: boolean; texts: string[]; url: string | null } | null;
  pages: {
    url: string;
    lang: string | null;
    baseFontPx: number | null;
    lineHeight: number | null;
    baseContrast: number | null;
    lowContrastShare: number;
    problems: string[];
  }[];
  /** Thresholds in force (config browser.elder). */
  thresholds: { minFontPx: number; minLineHeight: number; minContrast: number };
}

/** One audited page at the mobile width. */
export interface MobileEntry {
  url: string;
  viewportMeta: string | null;
  horizontalScroll: boolean;
  scrollWidth: number;
  viewportWidth: number;
  screenshot: string | null;
}
