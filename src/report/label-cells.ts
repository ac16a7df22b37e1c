import { Parser } from 'htmlparser2';

/** Where a table's header and body cells sit, relative to the <table> element. */
interface TableState {
  depth: number;
  /** Offset to insert ` cards` into an existing class attribute, or -1 to add the attribute at `tagEnd`. */
  classAt: number;
  tagEnd: number;
  hasCards: boolean;
  section: 'thead' | 'tbody' | 'tfoot' | null;
  headers: string[];
  /** Index of the header cell whose text is being read, or -1. */
  reading: number;
  readingDepth: number;
  col: number;
}

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Gives every body cell of a table with a header row the header's text as `data-label`,
 * and the table the class `cards`, so that on a phone the CSS can show each row as a card
 * ("证据：…" under "问题：…") instead of a table wider than the screen.
 *
 * One streaming pass that only inserts attributes: the document is never built as a tree
 * (a 50,000-page scan's report holds hundreds of rows) and is otherwise left byte for byte.
 */
export function labelCells(html: string): string {
  const inserts: { at: number; text: string }[] = [];
  const tables: TableState[] = [];
  let depth = 0;
  const parser: Parser = new Parser(
    {
      onopentag(name, attribs) {
        depth++;
        const table = tables.at(-1);
        if (name === 'table') {
          const source = html.slice(parser.startIndex, parser.endIndex + 1);
          const classValue = /\sclass\s*=\s*(["'])/i.exec(source);
          tables.push({
            depth,
            classAt: classValue ? parser.startIndex + classValue.index + classValue[0].length : -1,
            tagEnd: parser.endIndex - (source.endsWith('/>') ? 1 : 0),
            hasCards: (attribs.class ?? '').split(/\s+/).includes('cards'),
            section: null,
            headers: [],
            reading: -1,
            readingDepth: 0,
            col: 0,
          });
          return;
        }
        if (!table) return;
        const level = depth - table.depth;
        if (level === 1 && (name === 'thead' || name === 'tbody' || name === 'tfoot')) table.section = name;
        if (name === 'tr') {
          // The last header row names the columns.
          if (level === 2 && table.section === 'thead') table.headers = [];
          table.col = 0;
          return;
        }
        if (name !== 'th' && name !== 'td') return;
        if (level === 3 && table.section === 'thead') {
          table.headers.push('');
          table.reading = table.headers.length - 1;
          table.readingDepth = depth;
          return;
        }
        // A row straight under <table> is a body row (a browser puts it in an implied <tbody>).
        const bodyCell = (level === 3 && table.section === 'tbody') || (level === 2 && table.section === null);
        if (!bodyCell || !table.headers.length) return;
        const label = table.headers[table.col]?.trim();
        if (label && attribs['data-label'] === undefined) {
          const end = parser.endIndex - (html[parser.endIndex - 1] === '/' ? 1 : 0);
          inserts.push({ at: end, text: ` data-label="${escapeAttribute(label)}"` });
        }
        table.col += Math.max(1, Number(attribs.colspan ?? 1) || 1);
      },
      ontext(text) {
        const table = tables.at(-1);
        if (table && table.reading >= 0) table.headers[table.reading] += text;
      },
      onclosetag(name) {
        const table = tables.at(-1);
        if (table) {
          if (table.reading >= 0 && depth === table.readingDepth) table.reading = -1;
          if (depth === table.depth + 1 && (name === 'thead' || name === 'tbody' || name === 'tfoot')) table.section = null;
          if (depth === table.depth && name === 'table') {
            tables.pop();
            if (table.headers.length && !table.hasCards) {
              inserts.push(table.classAt >= 0 ? { at: table.classAt, text: 'cards ' } : { at: table.tagEnd, text: ' class="cards"' });
            }
          }
        }
        depth--;
      },
    },
    { decodeEntities: true, recognizeSelfClosing: true },
  );
  parser.end(html);
  if (!inserts.length) return html;
  inserts.sort((a, b) => a.at - b.at);
  const parts: string[] = [];
  let from = 0;
  for (const { at, text } of inserts) {
    parts.push(html.slice(from, at), text);
    from = at;
  }
  parts.push(html.slice(from));
  return parts.join('');
}
