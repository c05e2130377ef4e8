/**
 * render — SQS consumer of the render queue: the browser tier of one site per message (the
 * stack's batch size is 1, so a slow page holds up no other). Each site is audited again with
 * the renderer (see processRender for why the static tier runs again), its finding is
 * overwritten with the combined verdicts, and the screenshots go to S3. Partial batch failures:
 * only the messages that must be tried again return to the queue (on the FIFO queue, with the
 * later messages of their group in the batch, unprocessed).
 *
 * The browser (Chromium from @sparticuz/chromium on Lambda, found by adapters/browser/launch.ts)
 * is launched at the first message and kept for the container's life: later messages skip the
 * cold start.
 */
import middy from '@middy/core';
import sqsPartialBatchFailure from '@middy/sqs-partial-batch-failure';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { createChromiumRenderer } from '../adapters/browser/chromium-renderer.ts';
import { DynamoFindingStore } from '../adapters/dynamo/finding-store.ts';
import { DEFAULT_ANALYSIS_BUDGET_MS, WorkerAnalyser } from '../adapters/analysis/worker-analyser.ts';
import { createHttpFetcher } from '../adapters/http-fetcher.ts';
import { S3EvidenceStore } from '../adapters/s3/evidence-store.ts';
import { SqsVisibility } from '../adapters/sqs/visibility.ts';
import { ConfigError, intEnv, requireEnv } from '../commons/config.ts';
import { loggerFor, type HandlerLogger } from '../commons/logger.ts';
import { processRender, RetryLaterError, type RenderConfig, type RenderDeps } from '../core/pipeline/process-scan.ts';
import { settleByGroup, SkippedAfterGroupFailureError } from '../core/pipeline/politeness.ts';
import { parseScanMessage } from '../core/pipeline/scan-message.ts';

export interface RenderHandlerDeps extends RenderDeps {
  config: RenderConfig;
  logger: HandlerLogger;
  /** Delays the next delivery of a message that will be tried again (SQS ChangeMessageVisibility). */
  retryLater(record: SQSRecord, delaySeconds: number): Promise<void>;
}

/** The handler, with its dependencies built once per container (lazily, at the first event). */
export function makeHandler(buildDeps: () => RenderHandlerDeps) {
  let deps: RenderHandlerDeps | undefined;
  return middy(async (event: SQSEvent) => {
    deps ??= buildDeps();
    const current = deps;
    // One after the other: the renderer holds one browser and renders one page at a time.
    const results = await settleByGroup(event.Records, (record) => record.attributes.MessageGroupId, (record) => handleRecord(record, current), { parallel: false });
    // A skipped site comes back at once, behind its group's failed one.
    for (const [index, result] of results.entries()) {
      if (result.status === 'rejected' && result.reason instanceof SkippedAfterGroupFailureError) await current.retryLater(event.Records[index], 0).catch(() => undefined);
    }
    return results;
  }).use(sqsPartialBatchFailure({ logger: () => undefined }));
}

async function handleRecord(record: SQSRecord, deps: RenderHandlerDeps): Promise<void> {
  const attempt = Number(record.attributes.ApproximateReceiveCount) || 1;
  const message = parseScanMessage(record.body);
  if (!message.ok) {
    // A malformed message can never succeed: returned at once, it reaches the DLQ quickly.
    deps.logger.error('malformed render message', { messageId: record.messageId, problem: message.error });
    await deps.retryLater(record, 0).catch(() => undefined);
    throw new Error(`malformed render message ${record.messageId}: ${message.error}`);
  }
  try {
    const result = await processRender(message.value, attempt, deps, deps.config);
    deps.logger.info('rendered', { host: message.value.host, runId: message.value.runId, attempt, ...result });
  } catch (error) {
    if (error instanceof RetryLaterError) {
      deps.logger.warn('site did not load for the browser tier, will retry', { host: error.host, attempt, delaySeconds: error.delaySeconds });
      await deps.retryLater(record, error.delaySeconds).catch(() => undefined);
    } else {
      deps.logger.error('render failed', { host: message.value.host, attempt, error: String(error) });
    }
    throw error;
  }
}

/**
 * The queue URL of a record: `RENDER_QUEUE_URL` when set, otherwise derived from the record's
 * queue ARN (`arn:aws:sqs:<region>:<account>:<name>`).
 */
export function queueUrlOf(record: SQSRecord, env: Record<string, string | undefined>): string {
  if (env.RENDER_QUEUE_URL) return env.RENDER_QUEUE_URL;
  const [, , service, region, account, name] = record.eventSourceARN.split(':');
  if (service !== 'sqs' || !region || !account || !name) throw new ConfigError(`cannot tell the queue URL of ${record.eventSourceARN}`);
  return `https://sqs.${region}.amazonaws.com/${account}/${name}`;
}

/** Dependencies from the Lambda environment. */
export function defaultDeps(env: Record<string, string | undefined> = process.env): RenderHandlerDeps {
  const tableName = requireEnv(env, 'TABLE_NAME');
  const bucket = requireEnv(env, 'BUCKET_NAME');
  const mode = env.RENDER_MODE ?? 'auto';
  if (mode !== 'auto' && mode !== 'always') throw new ConfigError(`environment variable RENDER_MODE must be auto or always, got "${mode}"`);
  return {
    fetcher: createHttpFetcher(),
    renderer: createChromiumRenderer(),
    findings: new DynamoFindingStore({ tableName }),
    evidence: new S3EvidenceStore({ bucket }),
    now: () => new Date(),
    analyser: new WorkerAnalyser({ budgetMs: intEnv(env, 'ANALYSIS_BUDGET_MS', DEFAULT_ANALYSIS_BUDGET_MS, [1000, 600_000]) }),
    config: {
      samplePages: intEnv(env, 'SAMPLE_PAGES', 3, [0, 20]),
      mode,
      // Below the render queue's maxReceiveCount (3), so the last delivery records instead of failing.
      maxAttempts: intEnv(env, 'RENDER_MAX_ATTEMPTS', 2, [1, 10]),
      retryBaseSeconds: intEnv(env, 'RETRY_BASE_SECONDS', 60, [0, 3600]),
      maxRetryDelaySeconds: intEnv(env, 'MAX_RETRY_DELAY_SECONDS', 43_200, [0, 43_200]),
    },
    logger: loggerFor('render'),
    retryLater: (record, delaySeconds) => new SqsVisibility({ queueUrl: queueUrlOf(record, env) }).delay(record.receiptHandle, delaySeconds),
  };
}

export const handler = makeHandler(() => defaultDeps());
