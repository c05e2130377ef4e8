/**
 * One evaluation run on one machine: the local runner plays EventBridge (it invokes the
 * dispatch handler) and the Lambda SQS event-source mapping (it feeds the scan handler from the
 * embedded queue), with the same handlers and storage adapters as on AWS.
 */
import type { SQSBatchResponse } from 'aws-lambda';
import { createAwsClients } from '../../functions/adapters/aws-clients.ts';
import { DynamoFindingStore } from '../../functions/adapters/dynamo/finding-store.ts';
import { DynamoRunLedger } from '../../functions/adapters/dynamo/run-ledger.ts';
import { DynamoRunStore } from '../../functions/adapters/dynamo/run-store.ts';
import { DynamoTargetStore } from '../../functions/adapters/dynamo/target-store.ts';
import { S3EvidenceStore } from '../../functions/adapters/s3/evidence-store.ts';
import { SqsVisibility } from '../../functions/adapters/sqs/visibility.ts';
import { SqsWorkQueue } from '../../functions/adapters/sqs/work-queue.ts';
import type { HandlerLogger } from '../../functions/commons/logger.ts';
import { makeHandler as makeDispatchHandler } from '../../functions/dispatch/handler.ts';
import { makeHandler as makeScanHandler } from '../../functions/scan/handler.ts';
import { DEFAULT_WINDOW } from '../../functions/core/pipeline/evaluation-window.ts';
import type { StartRunResult } from '../../functions/core/pipeline/start-run.ts';
import type { FindingRecord, RunRecord } from '../../functions/core/records.ts';
import type { PageFetcher } from '../../functions/core/types.ts';
import { drainQueue, type DrainStats } from './sqs-event-source.ts';

export interface PipelineOptions {
  /** The embedded stack's environment (endpoints, table, bucket, queue URLs). */
  env: Record<string, string>;
  fetcher: PageFetcher;
  trigger: RunRecord['trigger'];
  ruleSetVersion: string;
  samplePages?: number;
  /** Concurrent scan invocations and records per invocation (the event-source mapping). */
  concurrency?: number;
  batchSize?: number;
  /** Deliveries before a transient failure is recorded as `unknown` (keep below the queue's maxReceiveCount). */
  maxAttempts?: number;
  retryBaseSeconds?: number;
  /** Cap on a retry's wait (a server's Retry-After may ask for minutes). */
  maxRetryDelaySeconds?: number;
  logger?: HandlerLogger;
  onProgress?: (progress: { done: number; claimed: number }) => void;
  now?: () => Date;
}

export interface PipelineResult {
  run: RunRecord;
  findings: FindingRecord[];
  claimed: number;
  /** Every claimed site has a finding. */
  complete: boolean;
  stats: DrainStats;
  elapsedMs: number;
}

const SILENT: HandlerLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export async function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
  const started = performance.now();
  const { env } = options;
  const clients = createAwsClients(env);
  const tableName = env.TABLE_NAME;
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? SILENT;
  const targets = new DynamoTargetStore({ client: clients.dynamo, tableName });
  const runs = new DynamoRunStore({ client: clients.dynamo, tableName });
  const findings = new DynamoFindingStore({ client: clients.dynamo, tableName });
  const ledger = new DynamoRunLedger({ client: clients.dynamo, tableName });
  const scanQueue = new SqsWorkQueue({ client: clients.sqs, queueUrl: env.SCAN_QUEUE_URL });

  const dispatch = makeDispatchHandler(() => ({
    targets, runs, ledger, scanQueue, now, logger,
    config: { window: DEFAULT_WINDOW, ruleSetVersion: options.ruleSetVersion },
  }));
  const result = (await dispatch({ trigger: options.trigger, force: true }, lambdaContext())) as StartRunResult;
  if (result.status !== 'started') throw new Error('the run did not start');
  const { run } = result;

  const scan = makeScanHandler(() => ({
    fetcher: options.fetcher, findings, targets, ledger, now, logger,
    evidence: new S3EvidenceStore({ client: clients.s3, bucket: env.BUCKET_NAME }),
    scanQueue,
    config: {
      samplePages: options.samplePages ?? 3,
      maxAttempts: options.maxAttempts ?? 3,
      retryBaseSeconds: options.retryBaseSeconds ?? 1,
      maxRetryDelaySeconds: options.maxRetryDelaySeconds ?? 300,
    },
    retryLater: (receiptHandle, delaySeconds) => new SqsVisibility({ client: clients.sqs, queueUrl: env.SCAN_QUEUE_URL }).delay(receiptHandle, delaySeconds),
  }));

  let done = 0;
  const stats = await drainQueue({
    sqs: clients.sqs,
    queueUrl: env.SCAN_QUEUE_URL,
    batchSize: options.batchSize ?? 5,
    concurrency: options.concurrency ?? 8,
    handler: (event) => scan(event, lambdaContext()) as unknown as Promise<SQSBatchResponse>,
    onBatch: ({ records, failed }) => {
      done += records - failed;
      options.onProgress?.({ done, claimed: Math.max(done, result.enqueued) });
    },
  });

  const [all, claimed] = await Promise.all([findings.listByRun(run.runId), ledger.countClaimed(run.runId)]);
  return { run, findings: all, claimed, complete: all.length === claimed, stats, elapsedMs: performance.now() - started };
}

/** A minimal Lambda context for handlers invoked in-process. */
function lambdaContext() {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'local',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:local',
    memoryLimitInMB: '1024',
    awsRequestId: crypto.randomUUID(),
    logGroupName: 'local',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 900_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
