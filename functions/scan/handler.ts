/**
 * scan — SQS consumer: one audit per message, findings to DynamoDB, evidence to S3, discovered
 * components back to the scan queue, reachable sites to the render queue (when
 * RENDER_QUEUE_URL is set) for the browser tier. Groups (registrable domains, on the FIFO
 * queue) run in parallel, each one site at a time; partial batch failures, retries and the
 * deadline are the shared skeleton's (commons/sqs-record-handler.ts).
 */
import { createHttpFetcher } from '../adapters/http-fetcher.ts';
import { DynamoFindingStore } from '../adapters/dynamo/finding-store.ts';
import { DynamoRunLedger } from '../adapters/dynamo/run-ledger.ts';
import { DynamoTargetStore } from '../adapters/dynamo/target-store.ts';
import { S3EvidenceStore } from '../adapters/s3/evidence-store.ts';
import { SqsVisibility } from '../adapters/sqs/visibility.ts';
import { SqsWorkQueue } from '../adapters/sqs/work-queue.ts';
import { intEnv, requireEnv, requiredIntEnv } from '../commons/config.ts';
import { loggerFor } from '../commons/logger.ts';
import { makeSqsRecordHandler, type SqsRecordDeps, type SqsRecordHandlerSpec } from '../commons/sqs-record-handler.ts';
import { powertoolsTelemetry, type HandlerTelemetry } from '../commons/telemetry.ts';
import { processScan, type ScanConfig, type ScanDeps } from '../core/pipeline/process-scan.ts';

export interface ScanHandlerDeps extends ScanDeps, SqsRecordDeps {
  config: ScanConfig;
}

/** What the skeleton does with a scan message. */
const SCAN: SqsRecordHandlerSpec<ScanHandlerDeps> = {
  name: 'scan',
  parallelGroups: true,
  async process(message, attempt, deps, telemetry) {
    const result = await processScan(message, attempt, deps, deps.config);
    if (result.status === 'recorded') {
      telemetry.count('SitesScanned');
      if (result.transport !== 'ok') telemetry.count('UnknownSites', { reason: result.transport });
    }
    return result;
  },
};

/** The handler; `telemetry` defaults to Powertools (Logger context, Metrics). */
export const makeHandler = (buildDeps: () => ScanHandlerDeps, telemetry: HandlerTelemetry = powertoolsTelemetry(loggerFor('scan'))) =>
  makeSqsRecordHandler(SCAN, buildDeps, telemetry);

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
    config: {
      samplePages: intEnv(env, 'SAMPLE_PAGES', 3, [0, 20]),
      maxAttempts: intEnv(env, 'MAX_ATTEMPTS', 3, [1, 10]),
      retryBaseSeconds: intEnv(env, 'RETRY_BASE_SECONDS', 60, [0, 3600]),
      maxRetryDelaySeconds: intEnv(env, 'MAX_RETRY_DELAY_SECONDS', 43_200, [0, 43_200]),
    },
    // Set by the stack from the per-site budget (lib/time-budgets.ts).
    recordBudgetMs: requiredIntEnv(env, 'RECORD_BUDGET_MS', [1_000, 900_000]),
    logger: loggerFor('scan'),
    retryLater: (record, delaySeconds) => new SqsVisibility({ queueUrl }).delay(record.receiptHandle, delaySeconds),
  };
}

export const handler = makeHandler(() => defaultDeps());
