/**
 * One evaluation run on one machine: the local runner plays EventBridge (it invokes the
 * dispatch handler) and the Lambda SQS event-source mappings (it feeds the scan handler from the
 * embedded scan queue and, with a renderer, the render handler from the render queue, alongside
 * and then after the scans), with the same handlers and storage adapters as on AWS.
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
import { makeHandler as makeRenderHandler } from '../../functions/render/handler.ts';
import { makeHandler as makeScanHandler } from '../../functions/scan/handler.ts';
import { runCompletion } from '../../functions/core/pipeline/process-scan.ts';
import type { PageRenderer } from '../../functions/core/render/observation.ts';
import { DEFAULT_WINDOW } from '../../functions/core/pipeline/evaluation-window.ts';
import type { StartRunResult } from '../../functions/core/pipeline/start-run.ts';
import type { FindingRecord, RunRecord } from '../../functions/core/records.ts';
import type { PageFetcher } from '../../functions/core/types.ts';
import { drainQueue, lambdaContext, type DrainStats } from './sqs-event-source.ts';

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
  /** The browser tier; the caller launches and closes it. */
  renderer?: PageRenderer;
  /** `auto` (default with a renderer): every reachable site goes through the render queue; `never`: static tier only. */
  render?: 'auto' | 'never';
  /** Concurrent render invocations (default 2; one page at a time each). */
  renderConcurrency?: number;
}

export interface PipelineResult {
  run: RunRecord;
  findings: FindingRecord[];
  claimed: number;
  /** Every claimed site has a finding, and none still waits for the browser tier. */
  complete: boolean;
  /** Findings still `renderMode: 'pending'` (the render of those sites failed for good). */
  pendingRender: number;
  /** Which tiers ran. */
  renderMode: 'auto' | 'never';
  stats: DrainStats;
  /** Render queue invocations (zero without rendering). */
  renderStats: DrainStats;
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
  const renderMode = options.renderer === undefined ? 'never' : (options.render ?? 'auto');
  if (renderMode === 'auto' && !env.RENDER_QUEUE_URL) throw new Error('rendering needs RENDER_QUEUE_URL in the stack environment');
  const evidence = new S3EvidenceStore({ client: clients.s3, bucket: env.BUCKET_NAME });

  const dispatch = makeDispatchHandler(() => ({
    targets, runs, ledger, scanQueue, now, logger,
    config: { window: DEFAULT_WINDOW, ruleSetVersion: options.ruleSetVersion },
  }));
  const result = (await dispatch({ trigger: options.trigger, force: true }, lambdaContext())) as StartRunResult;
  if (result.status !== 'started') throw new Error('the run did not start');
  const { run } = result;

  const scan = makeScanHandler(() => ({
    fetcher: options.fetcher, findings, targets, ledger, now, logger, evidence,
    scanQueue,
    ...(renderMode === 'auto' ? { renderQueue: new SqsWorkQueue({ client: clients.sqs, queueUrl: env.RENDER_QUEUE_URL }) } : {}),
    config: {
      samplePages: options.samplePages ?? 3,
      maxAttempts: options.maxAttempts ?? 3,
      retryBaseSeconds: options.retryBaseSeconds ?? 1,
      maxRetryDelaySeconds: options.maxRetryDelaySeconds ?? 300,
    },
    retryLater: (receiptHandle, delaySeconds) => new SqsVisibility({ client: clients.sqs, queueUrl: env.SCAN_QUEUE_URL }).delay(receiptHandle, delaySeconds),
  }));

  let done = 0;
  const scanning = drainQueue({
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

  let renderStats: DrainStats = { invocations: 0, records: 0, failedRecords: 0, crashedInvocations: 0 };
  let stats: DrainStats;
  if (renderMode === 'auto' && options.renderer !== undefined) {
    const renderer = options.renderer;
    const render = makeRenderHandler(() => ({
      fetcher: options.fetcher, renderer, findings, evidence, now, logger,
      config: {
        samplePages: options.samplePages ?? 3,
        mode: 'auto',
        maxAttempts: options.maxAttempts ?? 2,
        retryBaseSeconds: options.retryBaseSeconds ?? 1,
        maxRetryDelaySeconds: options.maxRetryDelaySeconds ?? 300,
      },
      retryLater: (record, delaySeconds) => new SqsVisibility({ client: clients.sqs, queueUrl: env.RENDER_QUEUE_URL }).delay(record.receiptHandle, delaySeconds),
    }));
    const drainRenders = () => drainQueue({
      sqs: clients.sqs,
      queueUrl: env.RENDER_QUEUE_URL,
      // One page per invocation, as the stack's event-source mapping.
      batchSize: 1,
      concurrency: options.renderConcurrency ?? 2,
      handler: (event) => render(event, lambdaContext()) as unknown as Promise<SQSBatchResponse>,
    });
    // Renders start while scans run; a render drain that found the queue empty before the
    // scans were over is followed by a last one once they are.
    const [scanStats, early] = await Promise.all([scanning, drainUntilDone(scanning, drainRenders)]);
    stats = scanStats;
    renderStats = sumStats(early, await drainRenders());
  } else {
    stats = await scanning;
  }

  const [all, claimed] = await Promise.all([findings.listByRun(run.runId), ledger.countClaimed(run.runId)]);
  const { complete, pendingRender } = runCompletion(all, claimed);
  return { run, findings: all, claimed, complete, pendingRender, renderMode, stats, renderStats, elapsedMs: performance.now() - started };
}

/** Drains renders again and again while the scans go on (each drain ends when the queue is momentarily empty). */
async function drainUntilDone(scanning: Promise<unknown>, drain: () => Promise<DrainStats>): Promise<DrainStats> {
  let over = false;
  const end = () => {
    over = true;
  };
  scanning.then(end, end);
  let total: DrainStats = { invocations: 0, records: 0, failedRecords: 0, crashedInvocations: 0 };
  while (!over) {
    total = sumStats(total, await drain());
    if (!over) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return total;
}

function sumStats(a: DrainStats, b: DrainStats): DrainStats {
  return {
    invocations: a.invocations + b.invocations,
    records: a.records + b.records,
    failedRecords: a.failedRecords + b.failedRecords,
    crashedInvocations: a.crashedInvocations + b.crashedInvocations,
  };
}

