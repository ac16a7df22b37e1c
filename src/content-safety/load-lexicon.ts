import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { compileLexicon, type Lexicon, type LexiconEntry } from './lexicon.ts';

const entrySchema = z
  .object({
    term: z.string().min(1).optional(),
    pattern: z.string().min(1).optional(),
    kind: z.enum(['wrong-expression', 'sensitive-word']),
    level: z.enum(['serious', 'general', 'review']),
    category: z.string().optional(),
    correct: z.string().optional(),
    note: z.string().optional(),
    /** A former official name: legitimate where a dated document is cited by its issuer's name at the time. */
    former: z.boolean().optional(),
  })
  .strict()
  .refine((e) => Boolean(e.term) !== Boolean(e.pattern), { message: '每个条目须有 term 或 pattern 之一' });

/**
 * A lexicon file (config/lexicons/*.yaml or a user's own). `entries` are matched; `allow`
 * phrases exempt hits inside them; `domainWords` mark spam domains (casino, bocai ...).
 */
export const lexiconFileSchema = z
  .object({
    name: z.string().optional(),
    description: z.string().optional(),
    entries: z.array(entrySchema).default([]),
    allow: z.array(z.string().min(1)).default([]),
    domainWords: z.array(z.string().min(2)).default([]),
  })
  .strict();

/** Bundled lexicons live in config/lexicons/<name>.yaml. */
export const bundledLexiconDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../config/lexicons');

export interface LoadedLexicon {
  lexicon: Lexicon;
  /** Host-name fragments of gambling and porn sites, lower case. */
  domainWords: string[];
  /** Files read, for the report. */
  sources: string[];
}

/**
 * Reads lexicons by bundled name or path (relative to `baseDir`) and compiles them into
 * one, with the extra allow phrases from the config. A missing or invalid file throws a
 * Chinese sentence naming it (the gatherer turns it into an artifact error).
 */
export async function loadLexicon(namesOrPaths: readonly string[], baseDir: string, extraAllow: readonly string[] = []): Promise<LoadedLexicon> {
  const entries: LexiconEntry[] = [];
  const allow: string[] = [...extraAllow];
  const domainWords: string[] = [];
  const sources: string[] = [];
  for (const name of namesOrPaths) {
    const bundled = path.join(bundledLexiconDir, `${name}.yaml`);
    const file = existsSync(bundled) ? bundled : path.resolve(baseDir, name);
    if (!existsSync(file)) throw new Error(`找不到错敏词库：${name}`);
    let raw: unknown;
    try {
      raw = parseYaml(await readFile(file, 'utf8'));
    } catch (err) {
      throw new Error(`错敏词库 ${file} 不是有效的 YAML：${(err as Error).message.split('\n')[0]}`);
    }
    const parsed = lexiconFileSchema.safeParse(raw ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`错敏词库 ${file}：字段 ${issue.path.join('.') || '(根)'} 无效：${issue.message}`);
    }
    entries.push(...parsed.data.entries);
    allow.push(...parsed.data.allow);
    domainWords.push(...parsed.data.domainWords.map((w) => w.toLowerCase()));
    sources.push(existsSync(bundled) ? `内置：${name}` : file);
  }
  return { lexicon: compileLexicon(entries, allow), domainWords: [...new Set(domainWords)], sources };
}

/** Domain words found in a host name (e.g. `casino` in `best-casino.example`). */
export function domainWordsIn(host: string, words: readonly string[]): string[] {
  const h = host.toLowerCase();
  return words.filter((w) => h.includes(w));
}
