import PQueue from 'p-queue';
import { onAbort } from './on-abort.ts';

/** Politeness state of one host: requests in flight and the least gap between starts. */
interface HostState {
  queue: PQueue;
  intervalMs: number;
  /** Earliest time the next request may start. */
  nextStart: number;
}

export interface HostSchedulerOptions {
  concurrency: number;
  intervalMs: number;
  /** A stop request ends every wait at once (the caller then sees the abort and gives up). */
  signal?: AbortSignal;
}

/**
 * Per-host politeness: at most `concurrency` tasks in flight per host, and request starts
 * at least `intervalMs` apart. A host that answers 429 is slowed for the rest of the scan.
 */
export class HostScheduler {
  private readonly hosts = new Map<string, HostState>();

  constructor(private readonly options: HostSchedulerOptions) {}

  private state(host: string): HostState {
    let state = this.hosts.get(host);
    if (!state) {
      state = { queue: new PQueue({ concurrency: this.options.concurrency }), intervalMs: this.options.intervalMs, nextStart: 0 };
      this.hosts.set(host, state);
    }
    return state;
  }

  /** Runs `task` within the host's concurrency limit. */
  run<T>(host: string, task: () => Promise<T>): Promise<T> {
    return this.state(host).queue.add(task) as Promise<T>;
  }

  /** Waits until the host's interval allows another request start, and books that start. */
  async gate(host: string): Promise<void> {
    const state = this.state(host);
    const now = Date.now();
    const start = Math.max(now, state.nextStart);
    state.nextStart = start + state.intervalMs;
    if (start > now) await sleep(start - now, this.options.signal);
  }

  /** After a 429: no request to the host before `waitMs`, and twice the gap from now on. */
  slowDown(host: string, waitMs: number): void {
    const state = this.state(host);
    state.intervalMs = Math.min(Math.max(state.intervalMs * 2, 500), 30_000);
    state.nextStart = Math.max(state.nextStart, Date.now() + waitMs);
  }

  /** Tasks waiting or running, over all hosts. */
  get pending(): number {
    let n = 0;
    for (const { queue } of this.hosts.values()) n += queue.size + queue.pending;
    return n;
  }
}

/** Waits `ms`, or less when `signal` aborts (resolves either way: the caller checks the signal). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      stopWaiting?.();
      resolve();
    };
    const timer = setTimeout(done, ms);
    const stopWaiting = signal && onAbort(signal, done);
  });
}
