import { matchLexicon, type Lexicon } from '../content-safety/lexicon.ts';
import { loadLexicon } from '../content-safety/load-lexicon.ts';
import type { Config } from '../config/schema.ts';
import type { Post } from './types.ts';
import type { PostContentHit } from './types.ts';

/**
 * The same 错敏词 lexicon the website's content check uses (src/content-safety), loaded
 * once per scan, with the lexicons and allow phrases of the `contentSafety` config section.
 */
export async function loadPostLexicon(config: Config, baseDir: string): Promise<Lexicon> {
  const { lexicons, allow } = config.contentSafety;
  return (await loadLexicon(lexicons, baseDir, allow)).lexicon;
}

/** Matches each post's title and text; a post's hit of one term is reported once. */
export function matchPosts(posts: readonly Post[], lexicon: Lexicon, maxHits = 50): PostContentHit[] {
  const hits: PostContentHit[] = [];
  for (const post of posts) {
    const seen = new Set<string>();
    for (const field of ['title', 'text'] as const) {
      for (const hit of matchLexicon(post[field], lexicon, { maxHits: 10 })) {
        if (seen.has(hit.term) || hits.length >= maxHits) continue;
        seen.add(hit.term);
        hits.push({
          post: post.title || post.url || '（无标题）',
          postUrl: post.url,
          postDate: post.date,
          field,
          term: hit.term,
          kind: hit.entry.kind,
          level: hit.entry.level,
          correct: hit.entry.correct ?? null,
          category: hit.entry.category ?? null,
          context: hit.context,
        });
      }
    }
  }
  return hits;
}
