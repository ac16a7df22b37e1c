import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import postcss from 'postcss';
import { normalizeUrl } from '../crawl/url.ts';
import { baseUrlOf } from '../crawl/extract-links.ts';
import { elementsNamed, inlineScriptElements, linkElements, sourceMayContain } from '../crawl/page-memo.ts';

/** A link on a page that a visitor cannot see, and why it is judged so. */
export interface HiddenLinkCandidate {
  href: string;
  text: string;
  /** Reasons in Chinese, e.g. 「所在元素 div 设置了 display:none」. */
  reasons: string[];
  /** Written by a script (document.write / innerHTML) rather than present in the HTML. */
  scripted: boolean;
  /**
   * Why the hiding is the page's own design rather than a hidden link (a menu or tab the
   * page's scripts show on click or hover), or null.
   */
  toggled: string | null;
}

type Decls = Map<string, string>;

/** Cheap pre-test: only a style carrying one of these can hide anything. */
const HIDING_HINT = /display\s*:\s*none|visibility\s*:\s*(hidden|collapse)|-\d{3,}(\.\d+)?(px|em|rem|%)|font-size\s*:\s*0|opacity\s*:\s*0(?!\.[1-9])|(width|height)\s*:\s*[01](px)?\s*(;|$|!)|overflow\s*:\s*hidden|color\s*:/i;

/** Declarations of an inline style or rule body, lower-cased, last one wins. postcss copes with url(...;...) and comments. */
export function parseDeclarations(style: string): Decls {
  const decls: Decls = new Map();
  try {
    postcss.parse(style).each((node) => {
      if (node.type === 'decl') decls.set(node.prop.toLowerCase(), node.value.toLowerCase().replace(/\s*!important\s*$/, '').trim());
    });
  } catch {
    // Broken inline CSS hides nothing we can prove.
  }
  return decls;
}

function px(value: string | undefined): number | null {
  if (!value) return null;
  const m = /^(-?\d+(?:\.\d+)?)(px|em|rem|pt|%)?$/.exec(value.trim());
  if (!m) return null;
  const n = Number(m[1]);
  return m[2] === 'em' || m[2] === 'rem' ? n * 16 : m[2] === 'pt' ? n * 1.33 : m[2] === '%' ? n * 10 : n;
}

/** Why these declarations hide an element's content, in Chinese (empty when they do not). */
export function hidingReasons(decls: Decls): string[] {
  const reasons: string[] = [];
  if (decls.get('display') === 'none') reasons.push('display:none');
  const visibility = decls.get('visibility');
  if (visibility === 'hidden' || visibility === 'collapse') reasons.push(`visibility:${visibility}`);
  if (decls.has('opacity') && Number(decls.get('opacity')) === 0) reasons.push('opacity:0（完全透明）');
  const position = decls.get('position');
  if (position === 'absolute' || position === 'fixed' || position === 'relative') {
    for (const side of ['left', 'top', 'right', 'bottom'] as const) {
      const v = px(decls.get(side));
      if (v !== null && v <= -500) reasons.push(`定位到页面之外（${side}:${decls.get(side)}）`);
    }
  }
  for (const prop of ['text-indent', 'margin-left', 'margin-top'] as const) {
    const v = px(decls.get(prop));
    if (v !== null && v <= -500) reasons.push(`移出可视区域（${prop}:${decls.get(prop)}）`);
  }
  const overflow = decls.get('overflow') ?? decls.get('overflow-x') ?? decls.get('overflow-y');
  const w = px(decls.get('width'));
  const h = px(decls.get('height'));
  if (overflow === 'hidden' && ((w !== null && w <= 1) || (h !== null && h <= 1))) reasons.push(`尺寸为 0 且溢出隐藏（${w !== null && w <= 1 ? `width:${decls.get('width')}` : `height:${decls.get('height')}`}; overflow:hidden）`);
  const fontSize = px(decls.get('font-size'));
  if (fontSize !== null && fontSize <= 1) reasons.push(`字号为 0（font-size:${decls.get('font-size')}）`);
  const clip = decls.get('clip');
  if (clip && /rect\(\s*0(px)?[\s,]+0(px)?[\s,]+0(px)?[\s,]+0(px)?\s*\)/.test(clip) && (position === 'absolute' || position === 'fixed')) reasons.push('clip:rect(0 0 0 0)（被裁剪）');
  return reasons;
}

const NAMED: Record<string, string> = { white: '#ffffff', black: '#000000', red: '#ff0000', blue: '#0000ff', green: '#008000', gray: '#808080', grey: '#808080', silver: '#c0c0c0', yellow: '#ffff00' };

/** #fff, white, rgb(255,255,255) → #ffffff; null for what cannot be compared. */
export function normalizeColor(value: string | undefined): string | null {
  if (!value) return null;
  const v = value.trim().toLowerCase();
  if (NAMED[v]) return NAMED[v];
  let m = /^#([0-9a-f]{3})$/.exec(v);
  if (m) return `#${[...m[1]].map((c) => c + c).join('')}`;
  m = /^#([0-9a-f]{6})$/.exec(v);
  if (m) return v;
  const rgb = /^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*([\d.]+)\s*)?\)$/.exec(v);
  if (rgb) {
    if (rgb[4] !== undefined && Number(rgb[4]) === 0) return null;
    return `#${[rgb[1], rgb[2], rgb[3]].map((n) => Number(n).toString(16).padStart(2, '0')).join('')}`;
  }
  return null;
}

/** The colour of a `background` shorthand when it is a plain colour. */
function backgroundColor(decls: Decls): string | null {
  const bg = decls.get('background-color') ?? decls.get('background');
  if (!bg) return null;
  const first = bg.split(/\s+(?![^(]*\))/).find((part) => normalizeColor(part));
  return first ? normalizeColor(first) : null;
}

/** Declarations (or a table's background attribute) that paint a picture behind the text. */
function hasBackgroundImage(decls: Decls, el: Element): boolean {
  return /url\(/.test(decls.get('background-image') ?? '') || /url\(/.test(decls.get('background') ?? '') || Boolean(el.attribs.background);
}

/** Hiding a script can undo: display:none, visibility:hidden, the hidden attribute. */
const TOGGLEABLE = /^(display:none|visibility:(hidden|collapse))$/;
const HANDLERS = ['onclick', 'onmouseover', 'onmouseenter', 'onfocus', 'onmousemove'];

/** Script text of the page (inline scripts and on* attributes), lower case, for id and class look-ups. */
function pageScriptText($: CheerioAPI): string {
  const parts = inlineScriptElements($).map((el) => $(el).text());
  $('[onclick], [onmouseover], [onmouseenter], [onfocus]').each((_, el) => {
    for (const h of HANDLERS) if ((el as Element).attribs[h]) parts.push((el as Element).attribs[h]);
  });
  return parts.join('\n').toLowerCase();
}

/**
 * Why a hidden element is a menu or tab the page's scripts reveal (Chinese), or null: a
 * sibling of the same kind is shown (the active tab pane), its id or class is named by a
 * script or handler, or its header (parent or previous sibling) carries a click or hover
 * handler.
 */
function toggledBy($: CheerioAPI, hider: Element, scripts: () => string, hidden: (el: Element) => boolean): string | null {
  const cls = (hider.attribs.class ?? '').trim().split(/\s+/)[0] ?? '';
  const siblings = (hider.parent?.children ?? []).filter((n): n is Element => n.type === 'tag' && n !== hider);
  // Panes without a class or id are what an injected block looks like: no sibling rule for them.
  if (cls && siblings.some((s) => s.name === hider.name && (s.attribs.class ?? '').trim().split(/\s+/)[0] === cls && !hidden(s))) return `与同类元素 ${describe(hider)} 组成选项卡，由脚本切换显示`;
  const names = [hider.attribs.id, ...(hider.attribs.class ?? '').trim().split(/\s+/)].filter((n): n is string => Boolean(n && n.length >= 2));
  const text = scripts();
  const named = names.find((n) => new RegExp(`(['"#.\\s]|^)${n.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(['"\\s.:)]|$)`).test(text));
  if (named) return `元素 ${describe(hider)} 由页面脚本控制显示（脚本引用「${named}」）`;
  let before: Element | null = null;
  for (let n = hider.prev; n && !before; n = n.prev) if (n.type === 'tag') before = n as Element;
  const parent = hider.parent && hider.parent.type === 'tag' ? (hider.parent as Element) : null;
  const handled = (e: Element) => HANDLERS.some((h) => e.attribs[h]);
  const header = [parent, before].find((e): e is Element => e !== null && (handled(e) || (e === before && $(e).find(HANDLERS.map((h) => `[${h}]`).join(', ')).length > 0)));
  if (header) return `元素 ${describe(hider)} 为菜单或选项卡内容，点击或悬停 ${describe(header)} 时显示`;
  return null;
}

/**
 * Style rules of the page's `<style>` elements that can hide something, applied to the
 * elements they select. Selectors with pseudo-classes (:hover menus) are left out: they
 * show things rather than hide them, and cheerio cannot evaluate them.
 */
function styleSheetDecls($: CheerioAPI): Map<Element, Decls> {
  const byElement = new Map<Element, Decls>();
  $('style').each((_, styleEl) => {
    for (const { selectors, decls } of styleRules($(styleEl).text())) {
      for (const selector of selectors) {
        let matched: Element[];
        try {
          matched = $(selector).toArray() as Element[];
        } catch {
          continue;
        }
        for (const el of matched) {
          const merged = byElement.get(el) ?? new Map();
          for (const [k, v] of decls) merged.set(k, v);
          byElement.set(el, merged);
        }
      }
    }
  });
  return byElement;
}

interface StyleRule {
  selectors: string[];
  decls: Decls;
}

/** Parsed rules by style text: a site's template repeats the same `<style>` on every page. */
const ruleCache = new Map<string, StyleRule[]>();

function styleRules(css: string): StyleRule[] {
  if (!HIDING_HINT.test(css)) return [];
  const cached = ruleCache.get(css);
  if (cached) return cached;
  const rules: StyleRule[] = [];
  try {
    postcss.parse(css).walkRules((rule) => {
      if (rule.parent?.type === 'atrule') return;
      const decls: Decls = new Map();
      rule.each((node) => {
        if (node.type === 'decl') decls.set(node.prop.toLowerCase(), node.value.toLowerCase().replace(/\s*!important\s*$/, '').trim());
      });
      // Rules that show things (.tab-con.on{display:block}) are kept too: they tell the shown tab from the hidden ones.
      if (!hidingReasons(decls).length && !decls.has('color') && !backgroundColor(decls) && !decls.has('display') && !decls.has('visibility') && !decls.has('background-image') && !decls.has('background')) return;
      const selectors = rule.selectors.filter((sel) => !sel.includes(':') || /^[^:]*:not\(/.test(sel));
      if (selectors.length) rules.push({ selectors, decls });
    });
  } catch {
    // Unparseable CSS proves nothing.
  }
  if (ruleCache.size > 200) ruleCache.clear();
  ruleCache.set(css, rules);
  return rules;
}

function describe(el: Element): string {
  const id = el.attribs.id ? `#${el.attribs.id}` : '';
  const cls = el.attribs.class ? `.${el.attribs.class.trim().split(/\s+/).join('.')}` : '';
  return `${el.name}${id}${cls}`;
}

/** Decodes `unescape('%3Ca...')` and `\x3c` / `\u003c` escapes hackers wrap injected HTML in. */
function decodeScript(code: string): string {
  let out = code.replace(/\\x([0-9a-f]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16))).replace(/\\u([0-9a-f]{4})/gi, (_, h) => String.fromCharCode(parseInt(h, 16)));
  if (/unescape\s*\(|decodeURIComponent\s*\(/.test(out)) {
    out = out.replace(/(?:%[0-9a-f]{2})+/gi, (seq) => {
      try {
        return decodeURIComponent(seq);
      } catch {
        return seq;
      }
    });
  }
  return out;
}

const ABSOLUTE = /^\s*(https?:)?\/\//i;
const SCRIPT_WRITES = /document\s*\.\s*write(ln)?\s*\(|\.innerHTML\s*[+]?=|insertAdjacentHTML\s*\(/;
const SCRIPT_LINK = /<a\b([^>]*?)\bhref\s*=\s*\\?["']?([^"'\s>\\]+)\\?["']?([^>]*)>([\s\S]{0,200}?)<\/a>/gi;

/**
 * Links a visitor cannot see, found in the static HTML: anchors to other sites inside an
 * element hidden by inline style, a `<style>` rule or the `hidden` attribute, coloured
 * like their background, or written by an inline script. Links to the site itself are
 * left alone (dropdown menus and skip links hide internal links on purpose).
 */
export function findHiddenLinks($: CheerioAPI, pageUrl: string, isInternal: (url: string) => boolean): HiddenLinkCandidate[] {
  const base = baseUrlOf($, pageUrl);
  const baseIsPage = base === pageUrl;
  const external: { el: Element; href: string }[] = [];
  for (const el of linkElements($)) {
    const raw = el.attribs.href;
    // A relative link stays on the page's own host; resolving every one costs more than the rest of this pass.
    if (baseIsPage && !ABSOLUTE.test(raw)) continue;
    const href = normalizeUrl(raw, base);
    if (href && !isInternal(href)) external.push({ el, href });
  }
  const found: HiddenLinkCandidate[] = [];
  if (external.length) {
    const sheet = elementsNamed($, 'style').length ? styleSheetDecls($) : new Map<Element, Decls>();
    const inlineCache = new Map<Element, Decls>();
    const declsOf = (el: Element): Decls => {
      let decls = inlineCache.get(el);
      if (!decls) {
        decls = new Map(sheet.get(el) ?? []);
        const style = el.attribs.style;
        if (style && HIDING_HINT.test(style)) for (const [k, v] of parseDeclarations(style)) decls.set(k, v);
        inlineCache.set(el, decls);
      }
      return decls;
    };
    let scriptText: string | null = null;
    const scripts = () => (scriptText ??= pageScriptText($));
    const hiddenEl = (e: Element) => e.attribs.hidden !== undefined || hidingReasons(declsOf(e)).some((r) => TOGGLEABLE.test(r));
    for (const { el, href } of external) {
      const reasons: string[] = [];
      let color: string | null = null;
      let background: string | null = null;
      let picture = false;
      /** The outermost element hidden in a way a script can undo, and whether anything else hides the link. */
      let hider: Element | null = null;
      let otherwiseHidden = false;
      for (let cur: Element | null = el; cur && cur.type === 'tag'; cur = cur.parent as Element | null) {
        if (cur.name === 'html') break;
        const decls = declsOf(cur);
        const who = cur === el ? '链接本身' : `所在元素 ${describe(cur)} `;
        for (const r of hidingReasons(decls)) {
          reasons.push(`${who}${/^(定位|移出|尺寸|字号|clip)/.test(r) ? '' : '设置了 '}${r}`);
          if (TOGGLEABLE.test(r)) hider = cur;
          else otherwiseHidden = true;
        }
        if (cur.attribs.hidden !== undefined) {
          reasons.push(`${who}带有 hidden 属性`);
          hider = cur;
        }
        color ??= normalizeColor(decls.get('color')) ?? (cur.name === 'font' ? normalizeColor(cur.attribs.color) : null);
        // Text over a picture may match the colour under it nowhere: the picture decides, not the colour.
        if (background === null && !picture) {
          if (hasBackgroundImage(decls, cur)) picture = true;
          else background = backgroundColor(decls) ?? normalizeColor(cur.attribs.bgcolor);
        }
        if (cur.name === 'body') break;
      }
      // A page with no background set is white in every browser.
      if (color && !picture && color === (background ?? '#ffffff') && !$(el).find('img').length) {
        reasons.push(`文字颜色与背景色相同（${color}）`);
        otherwiseHidden = true;
      }
      if (!reasons.length) continue;
      const toggled = hider && !otherwiseHidden ? toggledBy($, hider, scripts, hiddenEl) : null;
      found.push({ href, text: linkText($, el), reasons: [...new Set(reasons)], scripted: false, toggled });
    }
  }
  // Most pages write no HTML from script: their source says so without a sweep.
  if (sourceMayContain($, SCRIPT_WRITES)) for (const el of inlineScriptElements($)) {
    const code = $(el).text();
    if (!SCRIPT_WRITES.test(code) || !/href|%68%72%65%66|\\x68/i.test(code)) continue;
    const decoded = decodeScript(code);
    for (const m of decoded.matchAll(SCRIPT_LINK)) {
      const href = normalizeUrl(m[2], base);
      if (!href || isInternal(href)) continue;
      const reasons = ['由页面脚本（document.write / innerHTML）写入，HTML 源码中看不到'];
      const styleAttr = /style\s*=\s*\\?["']([^"'\\]*)/i.exec(`${m[1]} ${m[3]}`)?.[1];
      const wrapper = /<(div|span|p|marquee)\b[^>]*style\s*=\s*\\?["']([^"'\\]*)/i.exec(decoded.slice(Math.max(0, (m.index ?? 0) - 300), m.index))?.[2];
      for (const style of [styleAttr, wrapper]) if (style) for (const r of hidingReasons(parseDeclarations(style))) reasons.push(`写入的内容带有 ${r}`);
      found.push({ href, text: m[4].replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim().slice(0, 120), reasons, scripted: true, toggled: null });
    }
  }
  return found;
}

function linkText($: CheerioAPI, el: Element): string {
  const $el = $(el);
  return ($el.text() || $el.attr('title') || $el.find('img').attr('alt') || '').replace(/\s+/g, ' ').trim().slice(0, 120);
}
