import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { JsonlWriter } from '../store/jsonl.ts';
import type { BodyStore } from '../store/body-store.ts';
import type { FetchOptions, FetchResult } from './types.ts';

/** One finished fetch of a scan: the result without its body, which is in the BodyStore. */
interface JournalEntry {
  k: string;
  r: Omit<FetchResult, 'body'>;
  b: string | null;
}

export const JOURNAL_FILE = 'fetches.jsonl';

function keyOf(url: string, options: FetchOptions): string {
  return `${options.method ?? 'GET'} ${options.body === false ? 'nobody ' : ''}${options.maxBodyBytes ?? ''} ${url}`;
}

/**
 * Every fetch of a scan, appended as it completes (`<scan>/fetches.jsonl`), bodies first
 * so a line never names a body that is not on disk. On `--resume` the journal is replayed:
 * a fetch already made is answered from it without touching the network, so the crawl,
 * the gatherers and the link check rebuild exactly the state they had, then continue live.
 */
export class FetchJournal {
  private readonly replay = new Map<string, JournalEntry[]>();
  private readonly out: JsonlWriter<JournalEntry>;
  private replayed = 0;
  /** Requests the interrupted runs made (attempts of every journalled fetch). */
  private prior = 0;

  private constructor(file: string, private readonly bodies: BodyStore, append: boolean) {
    this.out = new JsonlWriter<JournalEntry>(file, append);
  }

  /** A fresh journal, or (resume) the existing one loaded for replay and appended to. */
  static async open(file: string, bodies: BodyStore, resume: boolean): Promise<FetchJournal> {
    const entries: JournalEntry[] = [];
    if (resume && existsSync(file)) {
      const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
      for await (const line of lines) {
        try {
          entries.push(JSON.parse(line) as JournalEntry);
        } catch {
          // the line a kill tore: that fetch is simply made again
        }
      }
    }
    const journal = new FetchJournal(file, bodies, resume);
    for (const e of entries) {
      journal.prior += e.r.attempts ?? 0;
      const list = journal.replay.get(e.k);
      if (list) list.push(e);
      else journal.replay.set(e.k, [e]);
    }
    // A torn last line must not swallow the first new record.
    if (resume && entries.length) await journal.out.writeRaw('\n');
    return journal;
  }

  /** Requests made by the earlier, interrupted runs of this scan (they count in its stats and budget). */
  get priorRequests(): number {
    return this.prior;
  }

  /** Fetches answered from the journal so far. */
  get replayedCount(): number {
    return this.replayed;
  }

  async through(url: string, options: FetchOptions, live: () => Promise<FetchResult>): Promise<FetchResult> {
    const key = keyOf(url, options);
    const list = this.replay.get(key);
    const entry = list?.shift();
    if (list && list.length === 0) this.replay.delete(key);
    if (entry) {
      const body = entry.b ? await this.bodies.get(entry.b) : null;
      // Already in the file from the interrupted run: nothing to write again.
      if (!entry.b || body) {
        this.replayed++;
        return { ...entry.r, body };
      }
    }
    const result = await live();
    // Not made (stopped, budget spent): a resume must make it, so it is not journalled.
    if (result.error === 'aborted' || result.error === 'budget') return result;
    const b = result.body ? await this.bodies.put(result.body) : null;
    const { body: _body, ...rest } = result;
    await this.out.write({ k: key, r: rest, b });
    return result;
  }

  close(): Promise<void> {
    return this.out.close();
  }
}
