/**
 * The skeleton shared by the SQS consumers (scan, render): one queue record at a time per FIFO
 * message group, partial batch failures (middy's sqs-partial-batch-failure), malformed messages
 * returned at once, transient failures and unexpected errors delayed by their back-off (an
 * error does not hold the record, and its domain's FIFO group, for a whole visibility timeout
 * per delivery: it reaches the DLQ after maxReceiveCount tries spaced like retries), and a
 * deadline: no record starts when the invocation has less time left than one record may take
 * (`context.getRemainingTimeInMillis()` below `recordBudgetMs`). Such a record, and the later
 * ones of its group, are handed back at once (visibility 0) instead of dying with the
 * invocation at its timeout — which would return the whole batch after the visibility timeout,
 * hold the domain's FIFO group and push its messages toward the DLQ. See docs/infrastructure.md
 * for how the timeouts are sized from the per-record budget.
 */
import middy from '@middy/core';
import sqsPartialBatchFailure from '@middy/sqs-partial-batch-failure';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { RetryLaterError } from '../core/pipeline/process-scan.ts';
import { settleByGroup, SkippedAfterGroupFailureError } from '../core/pipeline/politeness.ts';
import { parseScanMessage } from '../core/pipeline/scan-message.ts';
import { backoffSeconds, type RetryPolicy } from '../core/pipeline/scan-plan.ts';
import type { ScanMessage } from '../core/stores.ts';
import type { HandlerLogger } from './logger.ts';
import type { HandlerTelemetry } from './telemetry.ts';

/** What every SQS consumer's dependencies provide. */
export interface SqsRecordDeps {
  logger: HandlerLogger;
  /** Delays the next delivery of a record that will be tried again (SQS ChangeMessageVisibility). */
  retryLater(record: SQSRecord, delaySeconds: number): Promise<void>;
  /** The longest one record may take (ms); no record starts with less time left. */
  recordBudgetMs: number;
  /** The back-off of a record that failed (transient failure or unexpected error). */
  config: RetryPolicy;
}

/** Why a record was not started: the invocation would have ended in the middle of it. */
export class OutOfTimeError extends Error {
  constructor(readonly remainingMs: number, readonly budgetMs: number) {
    super(`not started: ${remainingMs} ms left in the invocation, one record may take ${budgetMs} ms`);
    this.name = 'OutOfTimeError';
  }
}

/** One consumer: what it does with a valid message, and how it names things in its logs. */
export interface SqsRecordHandlerSpec<D extends SqsRecordDeps> {
  /** Log wording: `scan`, `render`. */
  name: string;
  /** Groups run in parallel (scan) or every record one after the other (render: one browser). */
  parallelGroups: boolean;
  /** Processes one message (counting what it did); returns the fields of its success log line. */
  process(message: ScanMessage, attempt: number, deps: D, telemetry: HandlerTelemetry): Promise<Record<string, unknown>>;
}

/** Records handed back at once: behind a failed one of their group, or not started for lack of time. */
const handBackAtOnce = (reason: unknown) => reason instanceof SkippedAfterGroupFailureError || reason instanceof OutOfTimeError;

/** The middy handler of a consumer, with its dependencies built once per container (lazily, at the first event). */
export function makeSqsRecordHandler<D extends SqsRecordDeps>(spec: SqsRecordHandlerSpec<D>, buildDeps: () => D, telemetry: HandlerTelemetry) {
  let deps: D | undefined;
  const handler = middy(async (event: SQSEvent, context: Context) => {
    deps ??= buildDeps();
    const current = deps;
    const results = await settleByGroup(
      event.Records,
      (record) => record.attributes.MessageGroupId,
      (record) => handleRecord(spec, record, current, context, telemetry),
      { parallel: spec.parallelGroups },
    );
    // A record handed back comes back at once, not after the whole visibility timeout; a
    // skipped one sits behind its group's failed record (which holds the group for its back-off).
    await Promise.all(
      results.map((result, index) =>
        result.status === 'rejected' && handBackAtOnce(result.reason) ? current.retryLater(event.Records[index], 0).catch(() => undefined) : undefined,
      ),
    );
    return results;
  });
  for (const middleware of telemetry.middlewares) handler.use(middleware);
  return handler.use(sqsPartialBatchFailure({ logger: () => undefined }));
}

async function handleRecord<D extends SqsRecordDeps>(spec: SqsRecordHandlerSpec<D>, record: SQSRecord, deps: D, context: Context, telemetry: HandlerTelemetry): Promise<void> {
  const remainingMs = context.getRemainingTimeInMillis();
  if (remainingMs < deps.recordBudgetMs) {
    telemetry.count('HandedBack');
    deps.logger.warn(`too little time left to start a ${spec.name}, handed back`, { messageId: record.messageId, remainingMs, budgetMs: deps.recordBudgetMs });
    throw new OutOfTimeError(remainingMs, deps.recordBudgetMs);
  }
  const attempt = Number(record.attributes.ApproximateReceiveCount) || 1;
  const message = parseScanMessage(record.body);
  if (!message.ok) {
    // A malformed message can never succeed: it is returned at once, so that it reaches the DLQ
    // (after maxReceiveCount receives) without waiting out a visibility timeout each time.
    deps.logger.error(`malformed ${spec.name} message`, { messageId: record.messageId, problem: message.error });
    await deps.retryLater(record, 0).catch(() => undefined);
    throw new Error(`malformed ${spec.name} message ${record.messageId}: ${message.error}`);
  }
  const { host, runId } = message.value;
  try {
    const fields = await spec.process(message.value, attempt, deps, telemetry);
    deps.logger.info(`${spec.name} done`, { host, runId, attempt, ...fields });
  } catch (error) {
    if (error instanceof RetryLaterError) {
      telemetry.count('Retries');
      deps.logger.warn(`${spec.name}: transient failure, will retry`, { host, attempt, delaySeconds: error.delaySeconds, reason: error.message });
      await deps.retryLater(record, error.delaySeconds).catch(() => undefined);
    } else {
      const delaySeconds = backoffSeconds(attempt, deps.config);
      deps.logger.error(`${spec.name} failed`, { host, attempt, delaySeconds, error: String(error) });
      await deps.retryLater(record, delaySeconds).catch(() => undefined);
    }
    throw error;
  }
}
