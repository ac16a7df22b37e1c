// Plain JavaScript: this runs before anything can load TypeScript.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The project: the CLI's entry is `<root>/src/cli/main.ts`. */
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Everything the CLI is built from: our sources and the checks they load. */
const SOURCE_DIRS = ['src', 'checks'];
/** Where a project's bundles are kept: beside its packages, which the bundle imports. */
export const bundleDirOf = (root) => path.join(root, 'node_modules', '.cache', 'gov-inspector');

/**
 * Names the sources as they are now: every file's path, size and modification time. Any
 * edit or checkout names a different bundle. (Packages are not bundled, so an upgrade of
 * one needs no new bundle.)
 */
function sourcesKey(root) {
  const hash = createHash('sha1');
  for (const dir of SOURCE_DIRS) {
    const files = readdirSync(path.join(root, dir), { recursive: true }).map(String).sort();
    for (const file of files) {
      const stat = statSync(path.join(root, dir, file));
      if (stat.isFile()) hash.update(`${dir}/${file} ${stat.size} ${stat.mtimeMs}\n`);
    }
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * Each module keeps its own `import.meta.url`, so files it reads beside itself (templates,
 * indicator tables, catalogues) are found where they are in the source tree.
 */
const ownImportMetaUrl = {
  name: 'own-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => ({
      contents: (await readFile(args.path, 'utf8')).replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
      loader: 'ts',
    }));
  },
};

/** A process imports its bundle moments after naming it; older ones are of earlier sources. */
const STALE_MS = 10 * 60_000;

/** Removes bundles of earlier sources and files left by builds that were killed. */
function removeStale(dir, current) {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    try {
      if (file !== current && Date.now() - statSync(file).mtimeMs > STALE_MS) rmSync(file, { force: true });
    } catch {
      // Another process removed it first.
    }
  }
}

/**
 * The CLI as one ES module built by esbuild from `src/cli/main.ts`, packages left to Node's
 * resolution. Built on first use and whenever a source changes; the bundle is written under
 * a temporary name and renamed (after its map), so processes starting at once never read
 * half a file. Resolves with the bundle's path, or null when it cannot be built or written
 * here (read-only install).
 */
export async function sourceBundle(root = projectRoot) {
  try {
    const dir = bundleDirOf(root);
    const file = path.join(dir, `cli-${sourcesKey(root)}.mjs`);
    if (existsSync(file)) return file;
    const { build } = await import('esbuild');
    mkdirSync(dir, { recursive: true });
    const { outputFiles } = await build({
      // Paths in the bundle's comments and source map relative to the project, wherever it is run from.
      absWorkingDir: root,
      entryPoints: [path.join(root, 'src/cli/main.ts')],
      outfile: file,
      write: false,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      // A map file beside the bundle (for `node --enable-source-maps` and the bench's profile
      // summary); an inline one would stay in memory as part of the module's source.
      sourcemap: 'linked',
      sourcesContent: false,
      plugins: [ownImportMetaUrl],
      logLevel: 'silent',
    });
    const tmp = `${file}.${process.pid}.tmp`;
    for (const output of outputFiles) writeFileSync(output.path === file ? tmp : output.path, output.contents);
    renameSync(tmp, file);
    removeStale(dir, file);
    return file;
  } catch {
    return null;
  }
}
