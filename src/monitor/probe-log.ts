import { appendFile, mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { readJsonl } from '../store/jsonl.ts';

/** One probe of a homepage. */
export interface ProbeRecord {
  /** When the probe started (ISO, UTC). */
  at: string;
  url: string;
  ok: boolean;
  status: number | null;
  /** Network error kind, or a reason such as `slow` / `http-503`, when not ok. */
  error: string | null;
  /** Time until the page had fully arrived (or the probe gave up). */
  ms: number;
}

/** `<store>/monitor/<host>.jsonl`: every probe of one site, one line each. */
export function probeLogFile(storeDir: string, siteUrl: string): string {
  const host = new URL(siteUrl).host.replace(/[^\w.-]+/g, '_');
  return path.join(storeDir, 'monitor', `${host}.jsonl`);
}

/**
 * Appends one probe. A single `write` of one short line with O_APPEND lands whole or not
 * at all on a local file system; a line torn by a crash is skipped by the reader.
 */
export async function appendProbe(storeDir: string, record: ProbeRecord): Promise<void> {
  const file = probeLogFile(storeDir, record.url);
  await mkdir(path.dirname(file), { recursive: true });
  // After a crash mid-line, start on a fresh line so the torn one does not swallow this probe.
  const torn = await endsMidLine(file);
  await appendFile(file, `${torn ? '\n' : ''}${JSON.stringify(record)}\n`, { flag: 'a' });
}

/** Probes of a site started in [from, to). Streams the file: a year of probes stays cheap. */
export async function readProbes(storeDir: string, siteUrl: string, from: Date, to: Date): Promise<ProbeRecord[]> {
  const out: ProbeRecord[] = [];
  const lo = from.getTime();
  const hi = to.getTime();
  for await (const probe of readJsonl<ProbeRecord>(probeLogFile(storeDir, siteUrl))) {
    const t = Date.parse(probe.at);
    if (t >= lo && t < hi) out.push(probe);
  }
  return out;
}

async function endsMidLine(file: string): Promise<boolean> {
  const handle = await open(file, 'r').catch(() => null);
  if (!handle) return false;
  try {
    const { size } = await handle.stat();
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    await handle.close();
  }
}
