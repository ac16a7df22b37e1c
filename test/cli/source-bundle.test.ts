import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript (it runs before TypeScript can be loaded), no declarations
import { bundleDirOf, sourceBundle } from '../../src/cli/source-bundle.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));

/** A project shaped like ours: an entry that reads a file beside a module and loads checks by id. */
async function makeProject(root: string): Promise<void> {
  const files: Record<string, string> = {
    'src/cli/main.ts': "import { besideMe } from '../lib/beside.ts';\nimport { loadCheck } from '../lib/load.ts';\nexport const result = { beside: besideMe(), checks: [await loadCheck('alpha'), await loadCheck('beta')] };\n",
    'src/lib/beside.ts': "import { readFileSync } from 'node:fs';\nexport const besideMe = (): string => readFileSync(new URL('./data.txt', import.meta.url), 'utf8');\n",
    'src/lib/data.txt': '模板在源码目录里',
    'src/lib/load.ts': 'export async function loadCheck(id: string): Promise<string> {\n  return ((await import(`../../checks/${id}.ts`)) as { default: string }).default;\n}\n',
    'checks/alpha.ts': "export default 'alpha v1';\n",
    'checks/beta.ts': "export default 'beta v1';\n",
  };
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  }
}

const load = async (file: string) => ((await import(`${pathToFileURL(file).href}?t=${Date.now()}`)) as { result: { beside: string; checks: string[] } }).result;

describe('the CLI runs from a bundle of its sources', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'gi-bundle-'));
    await makeProject(root);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('bundles every check, keeps each module its own address, and reuses the bundle while nothing changed', async () => {
    const first = (await sourceBundle(root)) as string;
    expect(path.dirname(first)).toBe(bundleDirOf(root));
    // The file beside the module is read from the source tree, not beside the bundle.
    expect(await load(first)).toEqual({ beside: '模板在源码目录里', checks: ['alpha v1', 'beta v1'] });
    const built = (await stat(first)).mtimeMs;
    expect(await sourceBundle(root)).toBe(first);
    expect((await stat(first)).mtimeMs).toBe(built);
  });

  it('builds a new bundle when a source changes, so an edit is never run stale', async () => {
    const before = (await sourceBundle(root)) as string;
    await writeFile(path.join(root, 'checks/beta.ts'), "export default 'beta v2';\n");
    const after = (await sourceBundle(root)) as string;
    expect(after).not.toBe(before);
    expect((await load(after)).checks).toEqual(['alpha v1', 'beta v2']);
    // The earlier bundle stays for a process that may be starting from it.
    expect(existsSync(before)).toBe(true);
    expect((await readdir(bundleDirOf(root))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('answers null where no bundle can be written, so the CLI runs through tsx instead', async () => {
    const readOnly = await mkdtemp(path.join(os.tmpdir(), 'gi-bundle-ro-'));
    try {
      await makeProject(readOnly);
      await writeFile(path.join(readOnly, 'node_modules'), 'a file where the folder would go');
      expect(await sourceBundle(readOnly)).toBeNull();
    } finally {
      await rm(readOnly, { recursive: true, force: true });
    }
  });

  it('the real CLI answers the same from its bundle and through tsx', async () => {
    const env = { ...process.env, NO_COLOR: '1' };
    const bundled = await run(process.execPath, [BIN, 'scan', '--help'], { env });
    const viaTsx = await run(process.execPath, [BIN, 'scan', '--help'], { env: { ...env, GOV_INSPECTOR_TSX: '1' } });
    expect(bundled.stdout).toContain('--no-browser');
    expect(bundled.stdout).toBe(viaTsx.stdout);
    expect(await sourceBundle()).toMatch(/cli-[0-9a-f]{16}\.mjs$/);
  });
});
