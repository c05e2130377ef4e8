/**
 * scan — SQS consumer: one audit per message, findings to DynamoDB, evidence to S3, discovered
 * components back to the scan queue, reachable sites to the render queue (when
 * RENDER_QUEUE_URL is set) for the browser tier. Groups (registrable domains, on the FIFO
 * queue) run in parallel, each one site at a time; partial batch failures, retries and the
 * deadline are the shared skeleton's (commons/sqs-record-handler.ts).
 */
import { requireEnv, requiredIntEnv } from '../commons/config.ts';
import { loggerFor } from '../commons/logger.ts';
import { makeSqsRecordHandler, type SqsRecordDeps, type SqsRecordHandlerSpec } from '../commons/sqs-record-handler.ts';
import { powertoolsTelemetry, type HandlerTelemetry } from '../commons/telemetry.ts';
import { wiring } from '../commons/wiring.ts';
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

/** Dependencies from the Lambda environment (functions/commons/wiring.ts). */
export function defaultDeps(env: Record<string, string | undefined> = process.env): ScanHandlerDeps {
  const wire = wiring(env);
  const queueUrl = requireEnv(env, 'SCAN_QUEUE_URL');
  return {
    fetcher: wire.fetcher(),
    findings: wire.findings(),
    targets: wire.targets(),
    ledger: wire.ledger(),
    evidence: wire.files(),
    scanQueue: wire.queue('SCAN_QUEUE_URL'),
    ...(env.RENDER_QUEUE_URL ? { renderQueue: wire.queue('RENDER_QUEUE_URL') } : {}),
    now: () => new Date(),
    analyser: wire.analyser(),
    config: wire.scanConfig(),
    // Set by the stack from the per-site budget (lib/time-budgets.ts).
    recordBudgetMs: requiredIntEnv(env, 'RECORD_BUDGET_MS', [1_000, 900_000]),
    logger: loggerFor('scan'),
    retryLater: (record, delaySeconds) => wire.visibility(queueUrl).delay(record.receiptHandle, delaySeconds),
  };
}

export const handler = makeHandler(() => defaultDeps());
