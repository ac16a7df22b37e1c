/** Exit code of a second stop request: the command is abandoned at once (128 + SIGINT). */
const EXIT_HARD_STOP = 130;

/**
 * Ctrl-C / SIGTERM of a command: the message on stderr, then the signal aborts, so the
 * command stops cleanly within seconds and says what it kept (a scan: exit 3, data kept for
 * `--resume`). A second signal exits at once. `dispose` removes the handlers.
 */
export function abortOnInterrupt(message: string): { signal: AbortSignal; dispose(): void } {
  const abort = new AbortController();
  const onSignal = () => {
    if (abort.signal.aborted) {
      process.stderr.write('\n再次收到中断信号：立即退出（已采集的数据保留，可用 --resume 继续）\n');
      process.exit(EXIT_HARD_STOP);
    }
    process.stderr.write(`\n${message}\n`);
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: abort.signal,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
