import { ImportLimitError } from '../../functions/core/import-limits.ts';
import type { Lang } from '../../functions/core/types.ts';

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

/** Runs `check`, turning an import limit into the user's error, in their language. */
export function asUsageError(check: () => void, lang: Lang): void {
  try {
    check();
  } catch (error) {
    if (error instanceof ImportLimitError) throw new UsageError(error.text[lang]);
    throw error;
  }
}

/** `--timeout`: seconds, above 0 and at most 300 (every command that fetches reads it so). */
export function timeoutSecondsOf(text: string | undefined, lang: Lang): number {
  const seconds = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isFinite(seconds) || seconds <= 0 || seconds > 300) {
    throw new UsageError(lang === 'en'
      ? `--timeout is in seconds, above 0 and at most 300 (got "${text}")`
      : `--timeout là số giây, lớn hơn 0 và tối đa 300 (nhận được "${text}")`);
  }
  return seconds;
}
