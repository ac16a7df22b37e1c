import { addDays, chinaDate, isIsoDate } from '../dates.ts';
import type { IsoDate } from '../types.ts';

/**
 * Turns a post's date as feeds, exports and account pages write it into a China-time
 * YYYY-MM-DD, or null when it cannot be read. A date with a zone (RFC 822 pubDate, ISO 8601
 * with offset) is converted; a bare date or time is taken as China time, which is what
 * Chinese platforms and back-office exports mean. `today` (China time) resolves the
 * relative forms account pages show ("3天前", "昨天 18:20").
 */
export function postDate(raw: string | null | undefined, today?: IsoDate): IsoDate | null {
  if (!raw) return null;
  const text = raw.trim();
  if (!text) return null;

  // ISO-like with a zone, "T" or a space between date and time: 2026-11-13T16:30:00Z, 2026-11-13 23:30:00 -0500.
  const iso = text.match(/^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2})$/i);
  if (iso) {
    const zone = iso[3].toUpperCase() === 'Z' ? 'Z' : iso[3].replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
    const t = Date.parse(`${iso[1]}T${iso[2]}${zone}`);
    if (!Number.isNaN(t)) return chinaDate(new Date(t));
  }
  // RFC 822 (RSS pubDate): "Sat, 28 Nov 2026 10:00:00 +0800" or "... GMT". Chinese servers
  // write "CST" for China Standard Time (Date would read US Central) or no zone at all.
  if (/^([A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}/.test(text)) {
    const zoned = text.replace(/\s+CST$/i, ' +0800').replace(/(\d{1,2}:\d{2}(?::\d{2})?)$/, '$1 +0800');
    const t = Date.parse(zoned);
    if (!Number.isNaN(t)) return chinaDate(new Date(t));
  }

  // Bare dates: 2026-11-20, 2026/11/20, 2026.11.20, 2026年11月20日 (time after it ignored: China time).
  const ymd = text.match(/^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?/);
  if (ymd) {
    const iso = `${ymd[1]}-${ymd[2].padStart(2, '0')}-${ymd[3].padStart(2, '0')}`;
    return isIsoDate(iso) ? iso : null;
  }

  if (today) {
    if (/^(刚刚|\d+\s*(秒|分钟|小时)前)/.test(text) || /^今天/.test(text)) return today;
    if (/^昨天/.test(text)) return addDays(today, -1);
    if (/^前天/.test(text)) return addDays(today, -2);
    const daysAgo = text.match(/^(\d+)\s*天前/);
    if (daysAgo) return addDays(today, -Number(daysAgo[1]));
    // "11-20" or "11月20日" without a year: this year, or last year when that would be in the future.
    const md = text.match(/^(\d{1,2})\s*[-/月]\s*(\d{1,2})\s*日?/);
    if (md) {
      const year = Number(today.slice(0, 4));
      const build = (y: number) => `${y}-${md[1].padStart(2, '0')}-${md[2].padStart(2, '0')}`;
      const candidate = build(year);
      if (!isIsoDate(candidate)) return null;
      return candidate > today ? build(year - 1) : candidate;
    }
  }

  return null;
}

/** Finds the first date written anywhere in a text (for page posts without a date element). */
export function findDateInText(text: string, today?: IsoDate): IsoDate | null {
  const patterns = [/\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?/, /(刚刚|\d+\s*(秒|分钟|小时|天)前|今天|昨天|前天)/, /(?<![\d:])\d{1,2}月\d{1,2}日/];
  for (const pattern of patterns) {
    const match = text.match(pattern);
    if (match) {
      const date = postDate(match[0], today);
      if (date) return date;
    }
  }
  return null;
}
