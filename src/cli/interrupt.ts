/**
 * Ctrl-C / SIGTERM of a command: the message on stderr, then the signal aborts, so the
 * command stops cleanly and says what it kept. `dispose` removes the handlers.
 */
export function abortOnInterrupt(message: string): { signal: AbortSignal; dispose(): void } {
  const abort = new AbortController();
  const onSignal = () => {
    process.stderr.write(`\n${message}\n`);
    abort.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    signal: abort.signal,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
