import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

/** Charsets that are really GB18030 on the wire (it is a superset of both). */
const GB_FAMILY = new Set(['gbk', 'gb2312', 'gb_2312-80', 'gb18030', 'x-gbk', 'cp936', 'euc-cn', 'hz-gb-2312']);

/** Normalises a declared charset name to one iconv-lite decodes, or null when unknown. */
export function normalizeCharset(name: string | null | undefined): string | null {
  if (!name) return null;
  const cleaned = name.trim().toLowerCase().replace(/^["']|["']$/g, '');
  if (GB_FAMILY.has(cleaned)) return 'gb18030';
  if (cleaned === 'utf8' || cleaned === 'utf-8') return 'utf-8';
  return iconv.encodingExists(cleaned) ? cleaned : null;
}

/** Charset named in a Content-Type header. */
export function charsetFromContentType(contentType: string | undefined): string | null {
  const match = contentType?.match(/charset\s*=\s*["']?([\w-]+)/i);
  return normalizeCharset(match?.[1]);
}

/** Charset named by `<meta charset>` or `<meta http-equiv="Content-Type">` in the first 4 KB. */
export function charsetFromMeta(head: Buffer): string | null {
  const text = head.subarray(0, 4096).toString('latin1');
  const direct = text.match(/<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i);
  return normalizeCharset(direct?.[1]);
}

/** Valid UTF-8 throughout? (Checked natively, without decoding.) */
const isValidUtf8 = (body: Buffer): boolean => isUtf8(body);

/**
 * Decodes an HTML body: the header's charset first, then `<meta>`, then sniffing (valid
 * UTF-8, else GB18030, which is what Chinese government pages without a label are).
 * A declared charset that the bytes contradict (a "UTF-8" page in GBK) is corrected too.
 */
export function decodeHtml(body: Buffer, contentType: string | undefined): { text: string; charset: string } {
  const declared = charsetFromContentType(contentType) ?? charsetFromMeta(body);
  let charset = declared ?? (isValidUtf8(body) ? 'utf-8' : 'gb18030');
  if (charset === 'utf-8' && declared && !isValidUtf8(body)) charset = 'gb18030';
  const text = charset === 'utf-8' ? body.toString('utf8') : iconv.decode(body, charset);
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, charset };
}
