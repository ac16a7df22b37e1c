import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { elementsNamed } from '../crawl/page-memo.ts';

/** Elements whose content a reader never sees as text. */
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'svg', 'object', 'iframe', 'head']);
/** Elements that break a line. */
const BLOCK = new Set([
  'p', 'div', 'br', 'li', 'ul', 'ol', 'tr', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'article',
  'header', 'footer', 'nav', 'aside', 'dd', 'dt', 'dl', 'option', 'select', 'form', 'blockquote', 'pre', 'hr', 'title', 'main', 'caption',
]);

/**
 * The page's readable text in one pass over the parsed DOM: scripts and styles left out,
 * block elements separated by newlines, runs of spaces collapsed. Cheerio's `.text()`
 * would include script bodies and glue table cells together.
 */
export function readableText($: CheerioAPI): string {
  const body = elementsNamed($, 'body')[0] ?? $.root()[0];
  const parts: string[] = [];
  const walk = (node: AnyNode) => {
    if (node.type === 'text') {
      parts.push((node as unknown as { data: string }).data);
      return;
    }
    if (node.type !== 'tag' && node.type !== 'root') return;
    const el = node as Element;
    const name = node.type === 'tag' ? el.name : '';
    if (SKIP.has(name)) return;
    const block = BLOCK.has(name);
    // Table cells stay on their row's line (the row is the natural evidence sentence) but
    // apart, so numbers in two cells do not run together.
    const sep = block ? '\n' : name === 'td' || name === 'th' ? ' ' : '';
    parts.push(sep);
    for (const child of el.children) walk(child);
    parts.push(sep);
  };
  walk(body);
  return parts.join('').replace(/[ \t\r\f\v\u00a0\u3000]+/g, ' ').replace(/ ?\n[\s]*/g, '\n').trim();
}
