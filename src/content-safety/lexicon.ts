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
  return { entries, allow: allowNorm, byFirst, patterns };
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
  for (let i = 0; i < norm.length && hits.length < maxHits; i++) {
    const candidates = lexicon.byFirst.get(norm[i]);
    if (!candidates) continue;
    for (const literal of candidates) {
      if (options.kind && literal.entry.kind !== options.kind) continue;
      if (!norm.startsWith(literal.term, i)) continue;
      if (literal.allow.length && allowedAt(norm, i, literal.term, literal.allow)) break;
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
