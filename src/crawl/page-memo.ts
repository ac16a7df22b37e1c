import type { CheerioAPI } from 'cheerio';
import { isTag, type AnyNode, type Element } from 'domhandler';

/**
 * What several gatherers read from the same parsed page (the body's text, the page's date,
 * its base URL) is computed once per page instead of once per gatherer. Keyed by the page's
 * cheerio instance, so a result lives exactly as long as the page; pages are never changed
 * after parsing (a gatherer that edits works on a clone).
 */
const memos = new WeakMap<CheerioAPI, Map<string, unknown>>();

export function memoOfPage<T>($: CheerioAPI, key: string, compute: () => T): T {
  let memo = memos.get($);
  if (!memo) memos.set($, (memo = new Map()));
  if (memo.has(key)) return memo.get(key) as T;
  const value = compute();
  memo.set(key, value);
  return value;
}

/** Remembers the HTML a page was parsed from (parseHtml does), so sweeps can first ask whether a marker is in it at all. */
export function rememberSource($: CheerioAPI, html: string): void {
  memoOfPage($, 'source', () => html);
}

/**
 * May the page hold `marker` (a class name, an attribute value)? One native search of the
 * page's source instead of a selector sweep over every element; true when the source is
 * unknown (a page parsed elsewhere), so a sweep guarded by it is only ever skipped, never wrong.
 */
export function sourceMayContain($: CheerioAPI, marker: RegExp): boolean {
  const source = memos.get($)?.get('source') as string | undefined;
  return source === undefined || marker.test(source);
}

/** A page's elements by tag name, each list in document order. */
export type TagIndex = ReadonlyMap<string, readonly Element[]>;

/** Keeps the tag index the parser built while it made the tree (parse-dom.ts), so no walk is needed. */
export function rememberTagIndex($: CheerioAPI, index: TagIndex): void {
  memoOfPage($, 'tagIndex', () => index);
}

/**
 * The page's `<name>` elements in document order, like `$(name).toArray()` but from an
 * index made once per page: gatherers ask for scripts, styles, anchors, meta tags and
 * headings again and again, and each selector sweep walked the whole tree.
 */
export function elementsNamed($: CheerioAPI, name: string): readonly Element[] {
  return memoOfPage($, 'tagIndex', () => indexTags($.root().get(0)!)).get(name) ?? [];
}

/** The text of the page's first `<name>` element ('' when it has none), without a sweep. */
export function firstText($: CheerioAPI, name: string): string {
  const el = elementsNamed($, name)[0];
  return el ? $(el).text() : '';
}

/** The page's inline `<script>` elements (no `src`), in document order. */
export function inlineScriptElements($: CheerioAPI): readonly Element[] {
  return memoOfPage($, 'inlineScriptElements', () => elementsNamed($, 'script').filter((s) => s.attribs.src === undefined));
}

/** `<a href>` and `<area href>` elements in document order, as `$('a[href], area[href]')` gives them. */
export function linkElements($: CheerioAPI): readonly (Element & { attribs: { href: string } })[] {
  type Link = Element & { attribs: { href: string } };
  const hasHref = (el: Element): el is Link => el.attribs.href !== undefined;
  // Image maps are rare: only then is a merge in document order needed.
  if (!elementsNamed($, 'area').length) return elementsNamed($, 'a').filter(hasHref);
  return $('a[href], area[href]').toArray().filter(hasHref);
}

/** Builds the index by one iterative walk (pages parsed without the indexing parser). */
function indexTags(root: AnyNode): TagIndex {
  const index = new Map<string, Element[]>();
  const stack: AnyNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (isTag(node)) {
      const list = index.get(node.name);
      if (list) list.push(node);
      else index.set(node.name, [node]);
    }
    if ('children' in node) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return index;
}

/** `$('body').text()`, once per page. */
export function bodyText($: CheerioAPI): string {
  return memoOfPage($, 'bodyText', () => $(elementsNamed($, 'body')).text());
}

/** The body's text with whitespace (full-width spaces included) collapsed and trimmed, once per page. */
export function cleanBodyText($: CheerioAPI): string {
  return memoOfPage($, 'cleanBodyText', () => bodyText($).replace(/[\s\u3000]+/g, ' ').trim());
}

/**
 * A copy of `text` that does not keep the page alive. Strings read from the DOM are V8
 * slices of the whole decoded page (htmlparser2 slices its input), so a 15-character
 * title kept per page would keep every page's 20–60 KB of text in memory. Concatenating
 * and slicing yields a string of its own.
 */
export function detachedString(text: string): string {
  return text.length === 0 ? '' : (` ${text}`).slice(1);
}

/**
 * The page's `<meta>` contents by lower-cased `name` or `property` (and `http-equiv:<value>`),
 * the first element of each winning, collected in one sweep per page: TRS and Hanweb pages
 * carry a dozen meta tags that the columns, disclosure, identity and safety gatherers each
 * read, and a selector per tag per gatherer walked the whole document every time.
 */
export function metaTags($: CheerioAPI): ReadonlyMap<string, string> {
  return memoOfPage($, 'metaTags', () => {
    const tags = new Map<string, string>();
    const keep = (key: string, content: string) => {
      if (!tags.has(key)) tags.set(key, content);
    };
    for (const el of elementsNamed($, 'meta')) {
      const { name, property, content = '', 'http-equiv': equiv } = el.attribs;
      for (const key of [name, property]) if (key) keep(key.trim().toLowerCase(), content);
      if (equiv) keep(`http-equiv:${equiv.trim().toLowerCase()}`, content);
    }
    return tags;
  });
}

/** The content of the first of `names` (case-insensitive `name` or `property`) the page has; undefined when it has none. */
export function metaContent($: CheerioAPI, ...names: string[]): string | undefined {
  const tags = metaTags($);
  for (const name of names) {
    const content = tags.get(name.toLowerCase());
    if (content !== undefined) return content;
  }
  return undefined;
}
