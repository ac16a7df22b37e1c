import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { sleep } from '../../src/crawl/host-scheduler.ts';
import { onAbort } from '../../src/crawl/on-abort.ts';

describe('waiting on a scan signal', () => {
  it('puts one listener on the signal however many wait, and calls only those still waiting', () => {
    const scan = new AbortController();
    const called: number[] = [];
    const stops = Array.from({ length: 20 }, (_, i) => onAbort(scan.signal, () => called.push(i)));
    expect(getEventListeners(scan.signal, 'abort')).toHaveLength(1);
    for (const stop of stops.slice(0, 15)) stop();
    scan.abort();
    expect(called).toEqual([15, 16, 17, 18, 19]);
    // Clean: a wait that begins after the stop runs at once.
    let late = false;
    onAbort(scan.signal, () => (late = true));
    expect(late).toBe(true);
  });

  it('sleeps of many retries share that listener, and a stop ends them all at once', async () => {
    const scan = new AbortController();
    const started = performance.now();
    const sleeps = Array.from({ length: 16 }, () => sleep(60_000, scan.signal));
    expect(getEventListeners(scan.signal, 'abort')).toHaveLength(1);
    scan.abort();
    await Promise.all(sleeps);
    expect(performance.now() - started).toBeLessThan(30_000);
    // Clean: without a stop, a sleep runs its full course.
    const other = new AbortController();
    const from = performance.now();
    await sleep(40, other.signal);
    expect(performance.now() - from).toBeGreaterThanOrEqual(35);
  });
});
