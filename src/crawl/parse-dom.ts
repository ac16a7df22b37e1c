import { load, type CheerioAPI } from 'cheerio';
import { DomHandler, isTag, type ChildNode, type Element, type ParentNode } from 'domhandler';
import { Parser } from 'htmlparser2';
import { rememberSource, rememberTagIndex } from './page-memo.ts';

/**
 * Deepest element nesting kept. Real pages nest a few dozen levels; a hostile page of
 * 100,000 nested divs would make every recursive tree walk (text(), closest(), selectors)
 * cost minutes or overflow the stack.
 */
export const MAX_DOM_DEPTH = 256;

/**
 * Builds the tree as htmlparser2's DomHandler does, except that an element opened deeper
 * than MAX_DOM_DEPTH is attached to the ancestor at the cap instead of its real parent:
 * the page's elements, attributes and text all stay (links are still found, text still
 * read), only the excess nesting is flattened. Each such element is counted as cut.
 */
class DepthCappedHandler extends DomHandler {
  cut = 0;
  /** Every element by tag name, in document order (page-memo.ts `elementsNamed`). */
  readonly tags = new Map<string, Element[]>();

  override addNode(node: ChildNode): void {
    if (isTag(node)) {
      const list = this.tags.get(node.name);
      if (list) list.push(node);
      else this.tags.set(node.name, [node]);
    }
    const stack = (this as unknown as { tagStack: ParentNode[] }).tagStack;
    if (stack.length <= MAX_DOM_DEPTH || node.type === 'text' || node.type === 'comment') {
      super.addNode(node);
      return;
    }
    this.cut++;
    const parent = stack[MAX_DOM_DEPTH - 1];
    const previous = parent.children[parent.children.length - 1];
    parent.children.push(node);
    if (previous) {
      node.prev = previous;
      previous.next = node;
    }
    node.parent = parent;
    (this as unknown as { lastNode: null }).lastNode = null;
  }
}

/** Parses HTML into cheerio with the nesting capped; `cut` counts the elements flattened. */
export function loadHtml(html: string): { $: CheerioAPI; cut: number } {
  const handler = new DepthCappedHandler(undefined, { xmlMode: false });
  const parser = new Parser(handler, { xmlMode: false, decodeEntities: true });
  parser.end(html);
  const $ = load(handler.root, { xml: { xmlMode: false, decodeEntities: true } });
  rememberSource($, html);
  rememberTagIndex($, handler.tags);
  return { $, cut: handler.cut };
}
