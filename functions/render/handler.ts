/**
 * render — SQS consumer of the render queue: the browser tier of one site per message (the
 * stack's batch size is 1, so a slow page holds up no other). Each site is audited again with
 * the renderer (see processRender for why the static tier runs again), its finding is
 * overwritten with the combined verdicts, and the screenshots go to S3. Partial batch failures,
 * retries and the deadline are the shared skeleton's (commons/sqs-record-handler.ts).
 *
 * The browser (Chromium from @sparticuz/chromium on Lambda, found by adapters/browser/launch.ts)
 * is launched at the first message and kept for the container's life: later messages skip the
 * cold start.
 */
import type { SQSRecord } from 'aws-lambda';
import { createChromiumRenderer } from '../adapters/browser/chromium-renderer.ts';
import { ConfigError, requiredIntEnv } from '../commons/config.ts';
import { loggerFor } from '../commons/logger.ts';
import { makeSqsRecordHandler, type SqsRecordDeps, type SqsRecordHandlerSpec } from '../commons/sqs-record-handler.ts';
import { powertoolsTelemetry, type HandlerTelemetry } from '../commons/telemetry.ts';
import { wiring } from '../commons/wiring.ts';
import { processRender, type RenderConfig, type RenderDeps } from '../core/pipeline/process-scan.ts';

export interface RenderHandlerDeps extends RenderDeps, SqsRecordDeps {
  config: RenderConfig;
}

/** What the skeleton does with a render message. */
const RENDER: SqsRecordHandlerSpec<RenderHandlerDeps> = {
  name: 'render',
  // One after the other: the renderer holds one browser and renders one page at a time.
  parallelGroups: false,
  async process(message, attempt, deps, telemetry) {
    const result = await processRender(message, attempt, deps, deps.config);
    telemetry.count('Renders', { status: result.status });
    return result;
  },
};

/** The handler; `telemetry` defaults to Powertools (Logger context, Metrics). */
export const makeHandler = (buildDeps: () => RenderHandlerDeps, telemetry: HandlerTelemetry = powertoolsTelemetry(loggerFor('render'))) =>
  makeSqsRecordHandler(RENDER, buildDeps, telemetry);

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

/** Dependencies from the Lambda environment (functions/commons/wiring.ts). */
export function defaultDeps(env: Record<string, string | undefined> = process.env): RenderHandlerDeps {
  const wire = wiring(env);
  return {
    fetcher: wire.fetcher(),
    renderer: createChromiumRenderer(wire.fetchOptions()),
    findings: wire.findings(),
    evidence: wire.files(),
    now: () => new Date(),
    analyser: wire.analyser(),
    config: wire.renderConfig(),
    // Set by the stack from the per-site budget (lib/time-budgets.ts).
    recordBudgetMs: requiredIntEnv(env, 'RECORD_BUDGET_MS', [1_000, 900_000]),
    logger: loggerFor('render'),
    retryLater: (record, delaySeconds) => wire.visibility(queueUrlOf(record, env)).delay(record.receiptHandle, delaySeconds),
  };
}

export const handler = makeHandler(() => defaultDeps());
