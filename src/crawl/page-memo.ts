import type { CheerioAPI } from 'cheerio';

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

/** `$('body').text()`, once per page. */
export function bodyText($: CheerioAPI): string {
  return memoOfPage($, 'bodyText', () => $('body').text());
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
    for (const el of $('meta').toArray()) {
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
