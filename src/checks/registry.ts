import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CheckDefinition } from './define-check.ts';

/** The project's checks/ folder: one file per check, file name = check id. */
export const checksDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../checks');

/** Loads every check in checks/, sorted by id. */
export async function loadChecks(only?: readonly string[]): Promise<CheckDefinition[]> {
  const files = (await readdir(checksDir)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort();
  const checks: CheckDefinition[] = [];
  for (const file of files) {
    const id = file.replace(/\.ts$/, '');
    if (only && !only.includes(id)) continue;
    // A relative template, so the CLI's bundle (src/cli/source-bundle.js) carries every check.
    const mod = (await import(`../../checks/${id}.ts`)) as { default?: CheckDefinition };
    if (!mod.default?.meta) throw new Error(`checks/${file} does not export a defineCheck() default`);
    if (mod.default.meta.id !== id) throw new Error(`checks/${file} declares id ${mod.default.meta.id}; it must equal the file name`);
    checks.push(mod.default);
  }
  return checks;
}
