import { onAbort } from './on-abort.ts';

/**
 * The signal one request runs under: aborted when its time limit passes (a `TimeoutError`,
 * as `AbortSignal.timeout` gives) or when the scan stops (with the scan's reason).
 *
 * Not `AbortSignal.any([AbortSignal.timeout(ms), scanSignal])`: on Node 20 every such call
 * leaves an entry in the scan signal's set of dependants for the life of the scan (about
 * 60 bytes a request, measured), and each timeout's timer lives on until it fires. Here the
 * timer and the wait on the scan signal go as soon as the request is done.
 */
export interface RequestSignal {
  signal: AbortSignal;
  /** Call when the request is over (body read or dropped). */
  done(): void;
}

export function requestSignal(timeoutMs: number, scanSignal?: AbortSignal): RequestSignal {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`请求超过 ${timeoutMs} 毫秒`, 'TimeoutError')), timeoutMs);
  const stopWaiting = scanSignal ? onAbort(scanSignal, () => controller.abort(scanSignal.reason)) : undefined;
  return {
    signal: controller.signal,
    done() {
      clearTimeout(timer);
      stopWaiting?.();
    },
  };
}
