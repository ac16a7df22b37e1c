import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Content-addressed bodies: `<dir>/<sha1[0..2]>/<sha1>`. Identical pages (and unchanged
 * pages across scans) are stored once. Each file is written to a temp name and renamed,
 * so a body either exists whole or not at all.
 */
export class BodyStore {
  private readonly madeDirs = new Set<string>();

  constructor(readonly dir: string) {}

  static hash(body: Buffer): string {
    return createHash('sha1').update(body).digest('hex');
  }

  private file(sha: string): string {
    return path.join(this.dir, sha.slice(0, 2), sha);
  }

  async put(body: Buffer): Promise<string> {
    const sha = BodyStore.hash(body);
    const file = this.file(sha);
    if (existsSync(file)) return sha;
    const sub = path.dirname(file);
    if (!this.madeDirs.has(sub)) {
      await mkdir(sub, { recursive: true });
      this.madeDirs.add(sub);
    }
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(tmp, body);
    await rename(tmp, file);
    return sha;
  }

  async get(sha: string): Promise<Buffer | null> {
    return readFile(this.file(sha)).catch(() => null);
  }
}
