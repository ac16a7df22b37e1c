import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Writes a file atomically: a temp file beside it, then rename. */
export async function writeFileAtomic(file: string, data: string | Buffer): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}

export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

export function artifactsDir(scanDir: string): string {
  return path.join(scanDir, 'artifacts');
}

/** Stores each artifact as `<scan>/artifacts/<name>.json`. */
export async function saveArtifacts(scanDir: string, artifacts: Record<string, unknown>): Promise<void> {
  for (const [name, value] of Object.entries(artifacts)) await writeJsonAtomic(path.join(artifactsDir(scanDir), `${name}.json`), value);
}

/** Reads every stored artifact of a scan folder. */
export async function loadArtifacts(scanDir: string): Promise<Record<string, unknown>> {
  const dir = artifactsDir(scanDir);
  if (!existsSync(dir)) return {};
  const out: Record<string, unknown> = {};
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.json'))) {
    out[file.replace(/\.json$/, '')] = JSON.parse(await readFile(path.join(dir, file), 'utf8'));
  }
  return out;
}
