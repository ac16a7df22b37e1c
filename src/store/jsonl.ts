import { createReadStream, createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/**
 * Appends JSON records one per line, so per-page data goes to disk as the crawl runs and
 * memory does not grow with the site. Honours back-pressure.
 */
export class JsonlWriter<T> {
  private readonly stream: WriteStream;
  private count = 0;
  /** One wait for the stream to drain, shared by every writer held up meanwhile (pages are read concurrently). */
  private drained: Promise<void> | null = null;

  constructor(readonly file: string, append = false) {
    this.stream = createWriteStream(file, { flags: append ? 'a' : 'w' });
  }

  get written(): number {
    return this.count;
  }

  async write(record: T): Promise<void> {
    this.count++;
    await this.writeRaw(`${JSON.stringify(record)}\n`);
  }

  /** Writes several records in one write: a page's dozens of links cost one stream write, not one each. */
  async writeMany(records: readonly T[]): Promise<void> {
    if (!records.length) return;
    this.count += records.length;
    let text = '';
    for (const record of records) text += `${JSON.stringify(record)}\n`;
    await this.writeRaw(text);
  }

  /** Writes text as is (e.g. a newline that ends a line a crash tore). */
  async writeRaw(text: string): Promise<void> {
    if (this.stream.write(text)) return;
    this.drained ??= once(this.stream, 'drain').then(() => {
      this.drained = null;
    });
    await this.drained;
  }

  async close(): Promise<void> {
    if (this.stream.closed) return;
    this.stream.end();
    await once(this.stream, 'close');
  }
}

/** Reads a JSONL file record by record; a missing file is empty; a torn last line is skipped. */
export async function* readJsonl<T>(file: string): AsyncIterable<T> {
  if (!existsSync(file)) return;
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line) continue;
    try {
      yield JSON.parse(line) as T;
    } catch {
      // A crash can leave half a line at the end of the file; what came before is kept.
    }
  }
}
