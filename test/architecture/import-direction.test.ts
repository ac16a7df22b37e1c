import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The collect / judge split, enforced: checks and reports read stored artifacts and never
 * reach into the crawler; the crawler knows nothing of the domains built on it.
 */
const root = path.resolve(import.meta.dirname, '../..');
const DOMAINS = ['columns', 'disclosure', 'content-safety', 'new-media', 'accessibility', 'monitor', 'gather', 'scan', 'report', 'score', 'cli'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|js|mjs)$/.test(name) ? [full] : [];
  });
}

/** Repository-relative paths of every module a file imports (static, re-export and dynamic). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
  return specifiers.filter((s) => s.startsWith('.')).map((s) => path.relative(root, path.resolve(path.dirname(file), s)).split(path.sep).join('/'));
}

function violations(dirs: string[], forbidden: (target: string) => boolean): string[] {
  return dirs.flatMap((dir) =>
    sourceFiles(path.join(root, dir)).flatMap((file) =>
      importsOf(file)
        .filter(forbidden)
        .map((target) => `${path.relative(root, file)} -> ${target}`),
    ),
  );
}

describe('import direction', () => {
  it('checks and reports never import from src/crawl/', () => {
    expect(violations(['checks', 'src/report'], (t) => t.startsWith('src/crawl/'))).toEqual([]);
  });

  it('src/crawl/ imports nothing from a domain folder', () => {
    expect(violations(['src/crawl'], (t) => DOMAINS.some((d) => t.startsWith(`src/${d}/`)))).toEqual([]);
  });

  it('detects a violation (the rule itself works)', () => {
    const probe = path.join(root, 'checks', 'links-broken.ts');
    expect(importsOf(probe)).toContain('src/artifacts.ts');
  });
});
