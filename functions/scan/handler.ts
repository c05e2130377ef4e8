/**
 * scan — SQS consumer: one audit per message, findings to DynamoDB, evidence to S3, discovered
 * components back to the scan queue, reachable sites to the render queue (when
 * RENDER_QUEUE_URL is set) for the browser tier. Partial batch failures: only the messages that must be
 * tried again are returned to the queue (middy's sqs-partial-batch-failure); on the FIFO queue,
 * once a site fails, the later sites of its group in the batch are returned unprocessed with it.
 */
import middy from '@middy/core';
import sqsPartialBatchFailure from '@middy/sqs-partial-batch-failure';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { DEFAULT_ANALYSIS_BUDGET_MS, WorkerAnalyser } from '../adapters/analysis/worker-analyser.ts';
import { createHttpFetcher } from '../adapters/http-fetcher.ts';
import { DynamoFindingStore } from '../adapters/dynamo/finding-store.ts';
import { DynamoRunLedger } from '../adapters/dynamo/run-ledger.ts';
import { DynamoTargetStore } from '../adapters/dynamo/target-store.ts';
import { S3EvidenceStore } from '../adapters/s3/evidence-store.ts';
import { SqsVisibility } from '../adapters/sqs/visibility.ts';
import { SqsWorkQueue } from '../adapters/sqs/work-queue.ts';
import { intEnv, requireEnv } from '../commons/config.ts';
import { loggerFor, type HandlerLogger } from '../commons/logger.ts';
import { processScan, RetryLaterError, type ScanConfig, type ScanDeps } from '../core/pipeline/process-scan.ts';
import { settleByGroup, SkippedAfterGroupFailureError } from '../core/pipeline/politeness.ts';
import { parseScanMessage } from '../core/pipeline/scan-message.ts';

/** A record's FIFO message group (undefined on a standard queue). */
const groupOf = (record: SQSRecord) => record.attributes.MessageGroupId;

export interface ScanHandlerDeps extends ScanDeps {
  config: ScanConfig;
  logger: HandlerLogger;
  /** Delays the next delivery of a message that will be tried again (SQS ChangeMessageVisibility). */
  retryLater(receiptHandle: string, delaySeconds: number): Promise<void>;
}

/** The handler, with its dependencies built once per container (lazily, at the first event). */
export function makeHandler(buildDeps: () => ScanHandlerDeps) {
  let deps: ScanHandlerDeps | undefined;
  return middy(async (event: SQSEvent) => {
    deps ??= buildDeps();
    const current = deps;
    // Groups (registrable domains, on the FIFO queue) run in parallel, each one site at a time.
    const results = await settleByGroup(event.Records, groupOf, (record) => handleRecord(record, current), { parallel: true });
    // A skipped site comes back at once, behind its group's failed one (which holds the group
    // for its own back-off), not after the whole visibility timeout.
    await Promise.all(
      results.map((result, index) =>
        result.status === 'rejected' && result.reason instanceof SkippedAfterGroupFailureError
          ? current.retryLater(event.Records[index].receiptHandle, 0).catch(() => undefined)
          : undefined,
      ),
    );
    return results;
  }).use(sqsPartialBatchFailure({ logger: () => undefined }));
}

async function handleRecord(record: SQSRecord, deps: ScanHandlerDeps): Promise<void> {
  const attempt = Number(record.attributes.ApproximateReceiveCount) || 1;
  const message = parseScanMessage(record.body);
  if (!message.ok) {
    // A malformed message can never succeed: it is returned at once, so that it reaches the DLQ
    // (after maxReceiveCount receives) without waiting out a visibility timeout each time.
    deps.logger.error('malformed scan message', { messageId: record.messageId, problem: message.error });
    await deps.retryLater(record.receiptHandle, 0).catch(() => undefined);
    throw new Error(`malformed scan message ${record.messageId}: ${message.error}`);
  }
  try {
    const result = await processScan(message.value, attempt, deps, deps.config);
    deps.logger.info('scanned', { host: message.value.host, runId: message.value.runId, attempt, ...result });
  } catch (error) {
    if (error instanceof RetryLaterError) {
      deps.logger.warn('transient failure, will retry', { host: error.host, attempt, delaySeconds: error.delaySeconds, reason: error.message });
      await deps.retryLater(record.receiptHandle, error.delaySeconds).catch(() => undefined);
    } else {
      deps.logger.error('scan failed', { host: message.value.host, attempt, error: String(error) });
    }
    throw error;
  }
}

/** Dependencies from the Lambda environment. */
export function defaultDeps(env: Record<string, string | undefined> = process.env): ScanHandlerDeps {
  const tableName = requireEnv(env, 'TABLE_NAME');
  const bucket = requireEnv(env, 'BUCKET_NAME');
  const queueUrl = requireEnv(env, 'SCAN_QUEUE_URL');
  const renderQueueUrl = env.RENDER_QUEUE_URL;
  const fetcher = createHttpFetcher();
  return {
    fetcher,
    findings: new DynamoFindingStore({ tableName }),
    targets: new DynamoTargetStore({ tableName }),
    ledger: new DynamoRunLedger({ tableName }),
    evidence: new S3EvidenceStore({ bucket }),
    scanQueue: new SqsWorkQueue({ queueUrl }),
    ...(renderQueueUrl ? { renderQueue: new SqsWorkQueue({ queueUrl: renderQueueUrl }) } : {}),
    now: () => new Date(),
    analyser: new WorkerAnalyser({ budgetMs: intEnv(env, 'ANALYSIS_BUDGET_MS', DEFAULT_ANALYSIS_BUDGET_MS, [1000, 600_000]) }),
    config: {
      samplePages: intEnv(env, 'SAMPLE_PAGES', 3, [0, 20]),
      maxAttempts: intEnv(env, 'MAX_ATTEMPTS', 3, [1, 10]),
      retryBaseSeconds: intEnv(env, 'RETRY_BASE_SECONDS', 60, [0, 3600]),
      maxRetryDelaySeconds: intEnv(env, 'MAX_RETRY_DELAY_SECONDS', 43_200, [0, 43_200]),
    },
    logger: loggerFor('scan'),
    retryLater: (receiptHandle, delaySeconds) => new SqsVisibility({ queueUrl }).delay(receiptHandle, delaySeconds),
  };
}

export const handler = makeHandler(() => defaultDeps());
