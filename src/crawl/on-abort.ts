/**
 * Runs `callback` when `signal` aborts (at once when it already has); returns the way to
 * stop waiting. However many callbacks wait on one signal, it carries a single listener:
 * a scan has one request or retry wait per connection in flight on its signal, and one
 * listener each set off Node's MaxListenersExceededWarning (at 11) amid the CLI's output.
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  if (signal.aborted) {
    callback();
    return () => undefined;
  }
  let callbacks = waiting.get(signal);
  if (!callbacks) {
    const all = new Set<() => void>();
    signal.addEventListener('abort', () => {
      waiting.delete(signal);
      for (const c of all) c();
    }, { once: true });
    waiting.set(signal, (callbacks = all));
  }
  // Its own entry, so one function waiting twice is also stopped once.
  const entry = () => callback();
  callbacks.add(entry);
  return () => void callbacks.delete(entry);
}

const waiting = new WeakMap<AbortSignal, Set<() => void>>();
