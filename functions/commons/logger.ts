/**
 * Structured JSON logs (Powertools), one logger per function, built lazily so that tests and
 * the local runner can set POWERTOOLS_LOG_LEVEL before the first line is written.
 */
import { Logger } from '@aws-lambda-powertools/logger';

const loggers = new Map<string, Logger>();

export function loggerFor(serviceName: string): Logger {
  let logger = loggers.get(serviceName);
  if (!logger) {
    logger = new Logger({ serviceName });
    loggers.set(serviceName, logger);
  }
  return logger;
}

/** The subset of a logger the handlers use, so tests and the local runner can pass their own. */
export type HandlerLogger = Pick<Logger, 'info' | 'warn' | 'error'>;
