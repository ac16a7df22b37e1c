/**
 * One column, one URL: /xwzx/gzdt/, /xwzx/gzdt/index.html and its later pages
 * (index_1.html, list_2.html) are the same column.
 */
export function columnKey(url: string): string {
  const u = new URL(url);
  u.hash = '';
  u.pathname = u.pathname.replace(/\/(index|default|list)(_\d+)?\.s?html?$/i, '/');
  return u.href;
}

/** A later page of a paged list (index_1.html ...), never a column of its own. */
export function isLaterPage(url: string): boolean {
  return /\/(index|default|list)_\d+\.s?html?$/i.test(new URL(url).pathname);
}

/**
 * A URL a list page would have: a folder, index/list pages, or a query (list.jsp?id=).
 * A page at an item-like URL (fsaq.html) with an empty list is a page, not a blank column.
 */
export function looksLikeListUrl(url: string): boolean {
  const u = new URL(url);
  return u.pathname.endsWith('/') || u.search !== '' || /\/(index|default|list|more|col)[^/]*$/i.test(u.pathname);
}
