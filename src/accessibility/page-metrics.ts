import type { Page } from 'playwright';

/** Text legibility of a rendered page, weighted by visible characters (适老化). */
export interface TextMetrics {
  /** `<html lang>` (or xml:lang), null when absent or empty. */
  lang: string | null;
  /** Visible characters measured. */
  chars: number;
  /** Font size (CSS px) carrying the most characters: the page's base text size. */
  baseFontPx: number | null;
  /** Share of characters smaller than the configured minimum. */
  smallFontShare: number;
  /**
   * Line height of running text (blocks of two or more lines), as a multiple of the font
   * size, weighted by characters; `normal` counts as 1.2. Null when the page has no
   * multi-line text.
   */
  lineHeight: number | null;
  /** Share of running-text characters whose line height is below the minimum. */
  lowLineHeightShare: number;
  /** Contrast of the base text against its background (e.g. 12.6 for 12.6:1). */
  baseContrast: number | null;
  /** Share of characters below the contrast line (3:1 for large text). */
  lowContrastShare: number;
  /** Worst low-contrast text runs, for the evidence. */
  lowContrastExamples: { text: string; ratio: number; color: string; background: string; fontPx: number; selector: string }[];
}

/** Layout at a phone-sized viewport. */
export interface MobileMetrics {
  /** `<meta name="viewport">` content, null when absent. */
  viewportMeta: string | null;
  /** The viewport meta sets width=device-width. */
  deviceWidth: boolean;
  viewportWidth: number;
  /** Widest content width; wider than the viewport means horizontal scrolling. */
  scrollWidth: number;
  horizontalScroll: boolean;
  /** The element sticking out furthest, for the evidence. */
  widestElement: string | null;
}

/** An elder / accessibility mode entry on a page. */
export interface ElderEntry {
  text: string;
  href: string | null;
}

/** Shared in-page helpers: a readable selector for evidence. */
const SELECTOR_FN = `const selectorOf = (el) => {
  const parts = [];
  for (let e = el; e && e.nodeType === 1 && parts.length < 4; e = e.parentElement) {
    let part = e.tagName.toLowerCase();
    if (e.id) { parts.unshift(part + '#' + e.id); break; }
    const cls = (typeof e.className === 'string' ? e.className : '').trim().split(/\\s+/).filter(Boolean).slice(0, 2);
    if (cls.length) part += '.' + cls.join('.');
    parts.unshift(part);
  }
  return parts.join(' > ');
};`;

const TEXT_METRICS = (minFontPx: number, minLineHeight: number, minContrast: number) => `(() => {
  ${SELECTOR_FN}
  const root = document.documentElement;
  const lang = (root.getAttribute('lang') || root.getAttribute('xml:lang') || '').trim() || null;
  const parse = (s) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(s || '');
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const blend = (top, bottom) => ({ r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a), b: top.b * top.a + bottom.b * (1 - top.a), a: 1 });
  const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const luminance = (c) => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  const ratio = (a, b) => { const l1 = luminance(a), l2 = luminance(b); return (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05); };
  const hex = (c) => '#' + [c.r, c.g, c.b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');
  const bgCache = new Map();
  // Effective background: the stack of translucent backgrounds over white. A background
  // image makes the colour unknown, so such text is left out of the contrast measure.
  const background = (el) => {
    if (bgCache.has(el)) return bgCache.get(el);
    const layers = [];
    let image = false;
    for (let e = el; e; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if (cs.backgroundImage && cs.backgroundImage !== 'none') { image = true; break; }
      const c = parse(cs.backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    let base = { r: 255, g: 255, b: 255, a: 1 };
    for (let i = layers.length - 1; i >= 0; i--) base = blend(layers[i], base);
    const out = image ? null : base;
    bgCache.set(el, out);
    return out;
  };
  const info = new Map();
  const fonts = new Map();
  let chars = 0, small = 0, lowContrast = 0, contrastChars = 0, runChars = 0, lowLine = 0, lineSum = 0;
  const examples = [];
  const walker = document.createTreeWalker(document.body || root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || /^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE|OPTION)$/.test(el.tagName)) continue;
    const text = node.nodeValue.replace(/\\s+/g, '');
    if (!text) continue;
    let i = info.get(el);
    if (!i) {
      const cs = getComputedStyle(el);
      const visible = el.checkVisibility ? el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) : cs.visibility !== 'hidden';
      const rect = el.getBoundingClientRect();
      const fontPx = parseFloat(cs.fontSize);
      const lh = cs.lineHeight === 'normal' ? 1.2 : parseFloat(cs.lineHeight) / fontPx;
      const color = parse(cs.color);
      i = { visible: visible && rect.width > 0 && rect.height > 0 && fontPx > 0, fontPx, lh, color, bold: Number(cs.fontWeight) >= 700, rect, cs };
      info.set(el, i);
    }
    if (!i.visible) continue;
    const n = text.length;
    chars += n;
    const size = Math.round(i.fontPx * 2) / 2;
    fonts.set(size, (fonts.get(size) || 0) + n);
    if (i.fontPx < ${minFontPx}) small += n;
    // Running text: the text node wraps onto two lines or more.
    const range = document.createRange();
    range.selectNodeContents(node);
    const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    if (lines >= 2) {
      runChars += n;
      lineSum += i.lh * n;
      if (i.lh < ${minLineHeight} - 0.001) lowLine += n;
    }
    const bg = background(el);
    if (bg && i.color) {
      const fg = i.color.a < 1 ? blend(i.color, bg) : i.color;
      const r = ratio(fg, bg);
      const large = i.fontPx >= 24 || (i.bold && i.fontPx >= 18.66);
      const need = large ? Math.min(3, ${minContrast}) : ${minContrast};
      contrastChars += n;
      i.contrast = r;
      if (r < need - 0.005) {
        lowContrast += n;
        examples.push({ text: text.slice(0, 30), ratio: Math.round(r * 100) / 100, color: hex(fg), background: hex(bg), fontPx: i.fontPx, selector: selectorOf(el), n });
      }
    }
  }
  let baseFontPx = null, best = 0;
  for (const [size, n] of fonts) if (n > best) { best = n; baseFontPx = size; }
  // Contrast of the base text: the most common ratio among characters at the base size.
  const ratios = new Map();
  for (const [el, i] of info) {
    if (!i.visible || i.contrast === undefined || Math.round(i.fontPx * 2) / 2 !== baseFontPx) continue;
    const key = Math.round(i.contrast * 100) / 100;
    ratios.set(key, (ratios.get(key) || 0) + (el.textContent || '').replace(/\\s+/g, '').length);
  }
  let baseContrast = null, bestR = -1;
  for (const [r, n] of ratios) if (n > bestR) { bestR = n; baseContrast = r; }
  examples.sort((a, b) => b.n - a.n || a.ratio - b.ratio);
  return {
    lang,
    chars,
    baseFontPx,
    smallFontShare: chars ? small / chars : 0,
    lineHeight: runChars ? Math.round((lineSum / runChars) * 100) / 100 : null,
    lowLineHeightShare: runChars ? lowLine / runChars : 0,
    baseContrast,
    lowContrastShare: contrastChars ? lowContrast / contrastChars : 0,
    lowContrastExamples: examples.slice(0, 3).map(({ n, ...e }) => e),
  };
})()`;

const MOBILE_METRICS = `(() => {
  ${SELECTOR_FN}
  const meta = document.querySelector('meta[name="viewport" i]');
  const content = meta ? (meta.getAttribute('content') || '').trim() : null;
  const viewportWidth = window.innerWidth;
  const scrollWidth = Math.max(document.documentElement.scrollWidth, document.body ? document.body.scrollWidth : 0);
  let widest = null, widestRight = viewportWidth + 1;
  if (scrollWidth > viewportWidth + 1) {
    for (const el of document.body ? document.body.querySelectorAll('*') : []) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > widestRight) { widestRight = r.right; widest = el; }
    }
  }
  return {
    viewportMeta: content,
    deviceWidth: !!content && /width\\s*=\\s*device-width/i.test(content),
    viewportWidth,
    scrollWidth,
    horizontalScroll: scrollWidth > viewportWidth + 1,
    widestElement: widest ? selectorOf(widest) : null,
  };
})()`;

const ELDER_ENTRIES = (words: string[]) => `(() => {
  const words = ${JSON.stringify(words)};
  const found = [];
  for (const el of document.querySelectorAll('a, button, [role="button"], [onclick], img, input[type="button"], input[type="image"]')) {
    const label = [el.textContent, el.getAttribute('title'), el.getAttribute('aria-label'), el.getAttribute('alt'), el.getAttribute('value')].filter(Boolean).join(' ').replace(/\\s+/g, ' ').trim();
    if (!label || label.length > 40) continue;
    const word = words.find((w) => label.includes(w));
    if (!word) continue;
    const link = el.closest('a');
    if (found.some((f) => f.text === label)) continue;
    found.push({ text: label, href: link ? link.href : null });
    if (found.length >= 5) break;
  }
  return found;
})()`;

export async function textMetrics(page: Page, elder: { minFontPx: number; minLineHeight: number; minContrast: number }): Promise<TextMetrics> {
  return (await page.evaluate(TEXT_METRICS(elder.minFontPx, elder.minLineHeight, elder.minContrast))) as TextMetrics;
}

export async function mobileMetrics(page: Page): Promise<MobileMetrics> {
  return (await page.evaluate(MOBILE_METRICS)) as MobileMetrics;
}

/** Links, buttons and images whose label names an elder or accessibility mode. */
export async function elderEntries(page: Page, words: string[]): Promise<ElderEntry[]> {
  return (await page.evaluate(ELDER_ENTRIES(words))) as ElderEntry[];
}
