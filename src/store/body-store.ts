import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, writeFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** Where a body lives: which pack, at what offset (of its record header), how long. */
interface Location {
  pack: number;
  offset: number;
  length: number;
}

/** `GIB1 <sha1 hex> <length, 10 digits>\n`: every record says what it holds, so a pack can be re-indexed after a crash. */
const HEADER_BYTES = 57;
const header = (sha: string, length: number) => Buffer.from(`GIB1 ${sha} ${String(length).padStart(10, '0')}\n`, 'latin1');
const HEADER = /^GIB1 ([0-9a-f]{40}) (\d{10})\n$/;

/**
 * Content-addressed bodies (sha1), identical pages stored once. Each process writing a
 * scan appends to a pack file of its own (`pack-*.bin`), one write per new body, instead
 * of a file per page; so several processes may store at once without locks. A clean close
 * writes the pack's index (`pack-*.idx`); a pack without one (kill -9) is re-indexed from
 * its record headers, and a record cut short at its end is ignored, so a body is either
 * there whole or not at all. Bodies stored by older versions (`<sha[0..2]>/<sha>`) are
 * still read.
 */
export class BodyStore {
  private readonly packs: string[] = [];
  private readonly where = new Map<string, Location>();
  /** Bodies being written: a second put or a get of the same body waits for the first. */
  private readonly pending = new Map<string, Promise<void>>();
  private readonly readers = new Map<number, Promise<FileHandle>>();
  private loaded: Promise<void> | null = null;
  private writer: { pack: number; handle: Promise<FileHandle>; size: number } | null = null;

  constructor(readonly dir: string) {}

  static hash(body: Buffer): string {
    return createHash('sha1').update(body).digest('hex');
  }

  /** Indexes the packs already in the folder, once. */
  private load(): Promise<void> {
    this.loaded ??= (async () => {
      await mkdir(this.dir, { recursive: true });
      const names = (await readdir(this.dir)).filter((n) => n.endsWith('.bin')).sort();
      for (const name of names) await this.index(this.packs.push(path.join(this.dir, name)) - 1);
    })();
    return this.loaded;
  }

  private async index(pack: number): Promise<void> {
    const file = this.packs[pack];
    const idx = file.replace(/\.bin$/, '.idx');
    if (existsSync(idx)) {
      for (const line of (await readFile(idx, 'latin1')).split('\n')) {
        const [sha, offset, length] = line.split(' ');
        if (length) this.where.set(sha, { pack, offset: Number(offset), length: Number(length) });
      }
      return;
    }
    // No index: the writer was killed (or is still writing). Walk the record headers.
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      const buf = Buffer.alloc(HEADER_BYTES);
      for (let offset = 0; offset + HEADER_BYTES <= size; ) {
        await handle.read(buf, 0, HEADER_BYTES, offset);
        const m = HEADER.exec(buf.toString('latin1'));
        const length = m ? Number(m[2]) : -1;
        if (!m || offset + HEADER_BYTES + length > size) break;
        this.where.set(m[1], { pack, offset, length });
        offset += HEADER_BYTES + length;
      }
    } finally {
      await handle.close();
    }
  }

  async put(body: Buffer): Promise<string> {
    const sha = BodyStore.hash(body);
    await this.load();
    if (this.where.has(sha)) return sha;
    const inFlight = this.pending.get(sha);
    if (inFlight) return inFlight.then(() => sha);
    if (!this.writer) {
      const name = `pack-${Date.now().toString(36)}-${process.pid}-${randomBytes(4).toString('hex')}.bin`;
      const pack = this.packs.push(path.join(this.dir, name)) - 1;
      this.writer = { pack, handle: open(this.packs[pack], 'wx'), size: 0 };
    }
    const writer = this.writer;
    // The place is taken now, so writes of different bodies may run at once.
    const offset = writer.size;
    writer.size += HEADER_BYTES + body.length;
    const write = (async () => {
      await (await writer.handle).writev([header(sha, body.length), body], offset);
      this.where.set(sha, { pack: writer.pack, offset, length: body.length });
    })();
    this.pending.set(sha, write);
    try {
      await write;
    } finally {
      this.pending.delete(sha);
    }
    return sha;
  }

  async get(sha: string): Promise<Buffer | null> {
    await this.load();
    await this.pending.get(sha);
    const at = this.where.get(sha);
    if (!at) return readFile(path.join(this.dir, sha.slice(0, 2), sha)).catch(() => null);
    try {
      let reader = this.readers.get(at.pack);
      if (!reader) this.readers.set(at.pack, (reader = open(this.packs[at.pack], 'r')));
      const buf = Buffer.allocUnsafe(HEADER_BYTES + at.length);
      const { bytesRead } = await (await reader).read(buf, 0, buf.length, at.offset);
      // The header names the body: a pack damaged on disk answers "not stored", never another page.
      if (bytesRead !== buf.length || HEADER.exec(buf.toString('latin1', 0, HEADER_BYTES))?.[1] !== sha) return null;
      return buf.subarray(HEADER_BYTES);
    } catch {
      return null;
    }
  }

  /** Closes the files; writes this process's pack index (to a temp name, then renamed). */
  async close(): Promise<void> {
    const readers = [...this.readers.values()];
    this.readers.clear();
    await Promise.all(readers.map((r) => r.then((h) => h.close()).catch(() => {})));
    const writer = this.writer;
    if (!writer) return;
    this.writer = null;
    await Promise.all(this.pending.values());
    await (await writer.handle).close();
    const lines: string[] = [];
    for (const [sha, at] of this.where) if (at.pack === writer.pack) lines.push(`${sha} ${at.offset} ${at.length}`);
    const idx = this.packs[writer.pack].replace(/\.bin$/, '.idx');
    await writeFile(`${idx}.tmp`, `${lines.join('\n')}\n`, 'latin1');
    await rename(`${idx}.tmp`, idx);
  }
}
