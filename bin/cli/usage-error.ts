/**
 * A problem with what the user typed: printed without a stack trace, exit code 2. `vi` is the
 * Vietnamese text when the message was written before the language was known (e.g. at startup).
 */
export class UsageError extends Error {
  override name = 'UsageError';

  constructor(
    message: string,
    readonly vi?: string,
  ) {
    super(message);
  }
}

/** Exit codes shared by every command (documented in README and docs/cli.md). */
export const EXIT = {
  /** Every applicable criterion passed. */
  pass: 0,
  /** At least one criterion failed. */
  fail: 1,
  /** Usage or input error. */
  usage: 2,
  /** Nothing failed, but something could not be judged (unknown). */
  unknown: 3,
} as const;
