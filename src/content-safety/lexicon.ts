/**
 * The 错敏词 matcher: a compiled lexicon of wrong expressions and sensitive words, matched
 * in plain text. Pure and synchronous so any feature can reuse it (page text here, post
 * titles of new-media accounts elsewhere):
 *
 * ```ts
 * const lexicon = compileLexicon(entries, allowPhrases);
 * for (const hit of matchLexicon('学习贯彻党的19大精神', lexicon)) console.log(hit.term, hit.entry.correct, hit.context);
 * ```
 *
 * Load the bundled or configured YAML lexicons with `loadLexicon` (load-lexicon.ts).
 */

/** What a hit means: a wrong form of an official name or title, or a sensitive word. */
export type LexiconKind = 'wrong-expression' | 'sensitive-word';
/** serious → veto (严重表述错误 / 赌博色情内容); general → deduction; review → warning for a person to judge. */
export type LexiconLevel = 'serious' | 'general' | 'review';

export interface LexiconEntry {
  /** Literal text to find (matched after NFKC and lower-casing). */
  term?: string;
  /** A regular expression (JavaScript syntax) for forms a literal cannot pin down, e.g. `(?<!\d)19大`. */
  pattern?: string;
  kind: LexiconKind;
  level: LexiconLevel;
  /** Topic, e.g. 国名, 领导人职务, 机构名称, gambling, porn, lottery, violence. */
  category?: string;
  /** The right form, for wrong expressions. */
  correct?: string;
  /** Why it is wrong, for the report. */
  note?: string;
  /** A former official name (国土资源部): not reported inside the citation of a dated document. */
  former?: boolean;
}

export interface LexiconHit {
  /** The text as found on the page. */
  term: string;
  entry: LexiconEntry;
  /** Offsets in the text (normalised and original agree but for rare ligatures). */
  start: number;
  end: number;
  /** The sentence around the hit, for evidence. */
  context: string;
}

interface Literal {
  term: string;
  entry: LexiconEntry;
  /** Allow phrases containing the term, with the term's offset inside each. */
  allow: { phrase: string; offset: number }[];
}

export interface Lexicon {
  readonly entries: readonly LexiconEntry[];
  readonly allow: readonly string[];
  /** Literal terms by their first UTF-16 unit, longest first: most characters start no term, so a scan is about one map look-up per character. */
  readonly byFirst: ReadonlyMap<string, readonly Literal[]>;
  /** Any first unit of a literal term: the scan jumps from one to the next natively instead of visiting every character. */
  readonly firstUnits: RegExp;
  readonly patterns: readonly { re: RegExp; entry: LexiconEntry }[];
}

/** Full-width forms to half-width, compatibility forms folded, Latin lower-cased. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/**
 * Compiles entries and allow phrases once. An allow phrase (e.g. 打击六合彩) exempts a hit
 * lying inside it, so legitimate uses are not reported. Invalid patterns throw with the
 * entry named, so a bad user lexicon fails at load time.
 */
export function compileLexicon(entries: readonly LexiconEntry[], allow: readonly string[] = []): Lexicon {
  const allowNorm = [...new Set(allow.map(normalizeText).filter(Boolean))];
  const byFirst = new Map<string, Literal[]>();
  const patterns: { re: RegExp; entry: LexiconEntry }[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    if (entry.pattern) {
      let re: RegExp;
      try {
        re = new RegExp(entry.pattern, 'gu');
      } catch (err) {
        throw new Error(`错敏词库条目的正则表达式无效：${entry.pattern}（${(err as Error).message}）`);
      }
      patterns.push({ re, entry });
      continue;
    }
    const term = normalizeText(entry.term ?? '').trim();
    if (!term || seen.has(term)) continue;
    seen.add(term);
    const literal: Literal = {
      term,
      entry,
      allow: allowNorm.filter((p) => p.includes(term)).map((phrase) => ({ phrase, offset: phrase.indexOf(term) })),
    };
    const list = byFirst.get(term[0]) ?? [];
    list.push(literal);
    byFirst.set(term[0], list);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.term.length - a.term.length);
  const units = [...byFirst.keys()].map((u) => `\\u${u.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
  // No 'u' flag: terms are indexed by their first UTF-16 unit, so the class matches units too.
  const firstUnits = new RegExp(units ? `[${units}]` : '[^\\s\\S]', 'g');
  return { entries, allow: allowNorm, byFirst, firstUnits, patterns };
}

export interface MatchOptions {
  /** Characters of context kept on each side, cut at sentence ends. Default 30. */
  contextChars?: number;
  /** Stop after this many hits. Default 100. */
  maxHits?: number;
  /** Only entries of this kind. */
  kind?: LexiconKind;
}

const SENTENCE_END = /[。！？!?；;\n]/;

/** The sentence around [start, end): at most `chars` on each side, cut at sentence punctuation. */
export function sentenceAround(text: string, start: number, end: number, chars = 30): string {
  let from = start;
  while (from > 0 && start - from < chars && !SENTENCE_END.test(text[from - 1])) from--;
  let to = end;
  while (to < text.length && to - end < chars && !SENTENCE_END.test(text[to])) to++;
  const snippet = text.slice(from, to).replace(/\s+/g, ' ').trim();
  return `${from > 0 && !SENTENCE_END.test(text[from - 1]) ? '…' : ''}${snippet}${to < text.length && !SENTENCE_END.test(text[to]) ? '…' : ''}`;
}

/**
 * Characters that, after an organisation name's last character, make a longer word: the
 * match is part of that word, not the name (国土资源部门 is a 部门, not 国土资源部).
 */
const WORD_AFTER: Record<string, string> = {
  部: '门分署位件队落署',
  局: '面势限部',
  厅: '堂',
  委: '员托屈',
  会: '议计员场谈',
  院: '校士子落',
  办: '公理法事',
  署: '名理',
};

/** The hit at [start, end) continues into a longer word (see WORD_AFTER). */
function continuesWord(text: string, start: number, end: number): boolean {
  const last = text[end - 1];
  const next = text[end];
  return next !== undefined && WORD_AFTER[last]?.includes(next) === true;
}

/** A document number: 令第38号, 〔2016〕12号, [2016]12号, 2016年第12号, 公告2016年第12号. */
const DOCUMENT_NUMBER = /令第?[0-9０-９一二三四五六七八九十百]+号|[〔[［(（]\s*(19|20)\d{2}\s*[〕\]］)）]\s*第?\d+\s*号|(19|20)\d{2}\s*年第\s*\d+\s*号/;

/**
 * The hit lies in the citation of a dated document: inside brackets or a 《title》 that
 * carry a document number, or followed in the same clause by one
 * （国家发展和改革委员会、环境保护部令第38号）.
 */
function inCitation(text: string, start: number, end: number): boolean {
  const open = Math.max(text.lastIndexOf('（', start), text.lastIndexOf('(', start), text.lastIndexOf('《', start));
  if (open >= 0 && start - open <= 60) {
    const closer = text[open] === '《' ? '》' : text[open] === '（' ? '）' : ')';
    const close = text.indexOf(closer, end);
    if (close >= 0 && close - end <= 60 && !text.slice(open, start).includes(closer)) {
      // A 《title》 is cited with its number just after it; brackets carry it inside.
      const span = text.slice(open, closer === '》' ? Math.min(text.length, close + 20) : close + 1);
      if (DOCUMENT_NUMBER.test(span)) return true;
    }
  }
  const clause = text.slice(end, end + 30).split(/[。；;！？\n]/)[0];
  return DOCUMENT_NUMBER.test(clause);
}

function allowedAt(text: string, start: number, matched: string, allow: readonly { phrase: string; offset: number }[]): boolean {
  return allow.some(({ phrase, offset }) => offset <= start && text.startsWith(phrase, start - offset) && phrase.length - offset >= matched.length);
}

/**
 * Finds lexicon entries in `text`: literal terms (longest at a position wins, no overlaps)
 * and patterns, minus hits inside an allow phrase. Hits are in text order.
 */
export function matchLexicon(text: string, lexicon: Lexicon, options: MatchOptions = {}): LexiconHit[] {
  const contextChars = options.contextChars ?? 30;
  const maxHits = options.maxHits ?? 100;
  const norm = normalizeText(text);
  // Evidence reads better in the page's own punctuation (：，rather than :,); offsets agree
  // whenever normalising kept the length, which it does for everything but rare ligatures.
  const shown = norm.length === text.length ? text : norm;
  const hits: LexiconHit[] = [];
  const push = (term: string, entry: LexiconEntry, start: number) => {
    hits.push({ term: shown.slice(start, start + term.length), entry, start, end: start + term.length, context: sentenceAround(shown, start, start + term.length, contextChars) });
  };
  // Matching is synchronous, so the lexicon's one regex (and its lastIndex) is used in turn.
  const { firstUnits } = lexicon;
  for (let i = 0; i < norm.length && hits.length < maxHits; i++) {
    firstUnits.lastIndex = i;
    if (!firstUnits.test(norm)) break;
    i = firstUnits.lastIndex - 1;
    const candidates = lexicon.byFirst.get(norm[i])!;
    for (const literal of candidates) {
      if (options.kind && literal.entry.kind !== options.kind) continue;
      if (!norm.startsWith(literal.term, i)) continue;
      if (literal.allow.length && allowedAt(norm, i, literal.term, literal.allow)) break;
      if (continuesWord(norm, i, i + literal.term.length)) continue;
      if (literal.entry.former && inCitation(norm, i, i + literal.term.length)) break;
      push(literal.term, literal.entry, i);
      i += literal.term.length - 1;
      break;
    }
  }
  for (const { re, entry } of lexicon.patterns) {
    if (options.kind && entry.kind !== options.kind) continue;
    re.lastIndex = 0;
    for (const m of norm.matchAll(re)) {
      if (hits.length >= maxHits) break;
      if (!m[0]) continue;
      const start = m.index ?? 0;
      const allow = lexicon.allow.filter((p) => p.includes(m[0])).map((phrase) => ({ phrase, offset: phrase.indexOf(m[0]) }));
      if (allow.length && allowedAt(norm, start, m[0], allow)) continue;
      push(m[0], entry, start);
    }
  }
  return hits.sort((a, b) => a.start - b.start);
}
