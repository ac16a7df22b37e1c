/**
 * A mistake of the user (bad config, bad flag, unknown scan id). The CLI prints the
 * message as one sentence and exits 2; every other error is a bug and is rethrown.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}
