/** A browser step that ran past its time limit; the message is for the report (Chinese). */
export class StepTimeoutError extends Error {
  constructor(readonly ms: number, what: string) {
    super(`${what}超过 ${Math.round(ms / 1000)} 秒未完成`);
    this.name = 'StepTimeoutError';
  }
}

/**
 * Settles with `work` or rejects after `ms`, calling `onTimeout` (e.g. closing the page)
 * so that the abandoned work stops instead of running on in the background.
 */
export async function withTimeLimit<T>(work: Promise<T>, ms: number, what: string, onTimeout?: () => unknown): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void Promise.resolve()
        .then(onTimeout)
        .catch(() => {});
      reject(new StepTimeoutError(ms, what));
    }, ms);
  });
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
    // The losing promise may reject later (a closed page); nobody awaits it any more.
    work.catch(() => {});
  }
}

/** First line of an error, for a finding or an artifact. */
export function errorLine(err: unknown): string {
  return ((err as Error)?.message ?? String(err)).split('\n')[0];
}
