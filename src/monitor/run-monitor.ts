import path from 'node:path';
import type { Config } from '../config/schema.ts';
import { appendProbe, type ProbeRecord } from './probe-log.ts';
import { HomepageProber } from './probe.ts';

export interface MonitorTarget {
  config: Config;
  /** Folder the config's relative store dir resolves against. */
  baseDir: string;
}

export interface MonitorOptions {
  /** Probe every target once and return (for cron). */
  once?: boolean;
  /** Called after each probe is stored. */
  onProbe?: (probe: ProbeRecord) => void;
  signal?: AbortSignal;
}

/**
 * Probes each site's homepage, stores every probe under `<store>/monitor/`, and repeats
 * every `monitor.intervalMinutes` (the shortest of the targets) until aborted. Sites are
 * probed concurrently so one slow site does not delay the others' schedule.
 */
export async function runMonitor(targets: MonitorTarget[], options: MonitorOptions = {}): Promise<number> {
  const probers = targets.map((t) => new HomepageProber(t.config));
  const intervalMs = Math.min(...targets.map((t) => t.config.monitor.intervalMinutes)) * 60_000;
  let rounds = 0;
  try {
    for (;;) {
      const started = Date.now();
      await Promise.all(
        targets.map(async (t, i) => {
          const probe = await probers[i].probe(t.config.site.url);
          await appendProbe(path.resolve(t.baseDir, t.config.store.dir), probe);
          options.onProbe?.(probe);
        }),
      );
      rounds++;
      if (options.once || options.signal?.aborted) return rounds;
      const wait = Math.max(0, started + intervalMs - Date.now());
      const stopped = await sleepUnlessAborted(wait, options.signal);
      if (stopped) return rounds;
    }
  } finally {
    await Promise.all(probers.map((p) => p.close()));
  }
}

function sleepUnlessAborted(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(true);
    const timer = setTimeout(() => resolve(false), ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve(true);
    }, { once: true });
  });
}
