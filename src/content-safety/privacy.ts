/**
 * Personal data published by mistake: resident ID numbers (GB 11643-1999, validated by
 * checksum, region and birth date so that order numbers and random digits are not
 * reported) and mobile numbers. Everything returned is already masked.
 */

const ID_CANDIDATE = /(?<![0-9A-Za-z])([1-9]\d{5})((?:18|19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(\d{3})([0-9Xx])(?![0-9A-Za-z])/g;
/** 11–15 North, 21–23 North-east, 31–37 East, 41–46 South-central, 50–54 South-west, 61–65 North-west, 71 台湾, 81/82 港澳. */
const PROVINCES = new Set([11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82]);
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CODES = '10X98765432';
/** 1[3-9] then 9 digits, also written 3-4-4 with spaces or hyphens; not inside a longer number. */
const MOBILE = /(?<![0-9A-Za-z]|\d-)(?:\+?86[- ]?)?(1[3-9]\d)([- ]?)(\d{4})\2(\d{4})(?![0-9A-Za-z])/g;

/** The GB 11643 check character of the first 17 digits. */
export function idCheckCode(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CODES[sum % 11];
}

/** A real-looking resident ID: known province, a calendar date not after `asOf`, right check code. */
export function isValidIdNumber(id: string, asOf?: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  if (!PROVINCES.has(Number(id.slice(0, 2)))) return false;
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || y < 1900) return false;
  if (asOf && id.slice(6, 14) > asOf.replaceAll('-', '')) return false;
  return idCheckCode(id.slice(0, 17)) === id[17].toUpperCase();
}

/** 1101**********123X: region prefix and last four kept, birth date and sequence hidden. */
export function maskIdNumber(id: string): string {
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}

/** 138****8000. */
export function maskMobile(digits: string): string {
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

export interface PrivacyHit {
  type: 'id-number' | 'mobile';
  /** The number, masked. */
  masked: string;
  /** The sentence around it, with every number of either kind masked. */
  context: string;
}

interface Found {
  type: PrivacyHit['type'];
  start: number;
  end: number;
  masked: string;
}

/**
 * A label that publishes the number on purpose (an office's 联系电话, a 热线), just before it
 * in the same clause: 「联系电话：139…」「咨询热线 12369、139…」「传真/手机：…」.
 */
const CONTACT_LABEL = /(电话|联系方式|传真|热线|咨询|Tel|TEL|Phone)[^。；;！？\n]{0,24}$/;

/** The number at `start` is a published contact number (see CONTACT_LABEL). */
export function isPublishedContact(text: string, start: number): boolean {
  return CONTACT_LABEL.test(text.slice(Math.max(0, start - 30), start));
}

function findAll(text: string, asOf: string | undefined, kinds: { idNumbers: boolean; mobiles: boolean }): Found[] {
  const found: Found[] = [];
  if (kinds.idNumbers) {
    for (const m of text.matchAll(ID_CANDIDATE)) {
      if (isValidIdNumber(m[0], asOf)) found.push({ type: 'id-number', start: m.index, end: m.index + m[0].length, masked: maskIdNumber(m[0].toUpperCase()) });
    }
  }
  if (kinds.mobiles) {
    for (const m of text.matchAll(MOBILE)) {
      if (isPublishedContact(text, m.index)) continue;
      const digits = m[1] + m[3] + m[4];
      found.push({ type: 'mobile', start: m.index, end: m.index + m[0].length, masked: maskMobile(digits) });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Replaces every found number in a slice of `text` by its masked form. */
function maskedSlice(text: string, from: number, to: number, found: readonly Found[]): string {
  let out = '';
  let at = from;
  for (const f of found) {
    if (f.end <= from || f.start >= to) continue;
    const s = Math.max(f.start, from);
    out += text.slice(at, s) + f.masked;
    at = Math.min(f.end, to);
  }
  return out + text.slice(at, to);
}

/**
 * Unmasked ID numbers and mobile numbers in `text`, each with a masked context sentence.
 * Numbers already masked on the page (1101**********1234) do not match.
 */
export function findPrivacyLeaks(text: string, options: { asOf?: string; idNumbers?: boolean; mobiles?: boolean; contextChars?: number; maxHits?: number } = {}): PrivacyHit[] {
  const chars = options.contextChars ?? 20;
  const found = findAll(text, options.asOf, { idNumbers: options.idNumbers ?? true, mobiles: options.mobiles ?? true });
  return found.slice(0, options.maxHits ?? 50).map((f) => {
    let from = f.start;
    while (from > 0 && f.start - from < chars && text[from - 1] !== '\n') from--;
    let to = f.end;
    while (to < text.length && to - f.end < chars && text[to] !== '\n') to++;
    const context = `${from > 0 && text[from - 1] !== '\n' ? '…' : ''}${maskedSlice(text, from, to, found).trim()}${to < text.length && text[to] !== '\n' ? '…' : ''}`;
    return { type: f.type, masked: f.masked, context };
  });
}
