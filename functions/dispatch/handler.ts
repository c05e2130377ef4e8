/**
 * dispatch — invoked by EventBridge Scheduler (weekly sweep) or by hand: opens a run and fans
 * out one scan message per target through the scan queue.
 */
import middy from '@middy/core';
import { requireEnv } from '../commons/config.ts';
import { loggerFor, type HandlerLogger } from '../commons/logger.ts';
import { wiring } from '../commons/wiring.ts';
import type { EvaluationWindow } from '../core/pipeline/evaluation-window.ts';
import { startRun, type StartRunDeps, type StartRunResult } from '../core/pipeline/start-run.ts';
import { DISPATCH_EVENT_SCHEMA, parseEvent, type DispatchEvent } from '../core/scheduler-events.ts';

export type { DispatchEvent };

export interface DispatchHandlerDeps extends StartRunDeps {
  config: { window: EvaluationWindow; ruleSetVersion: string };
  now: () => Date;
  logger: HandlerLogger;
}

export function makeHandler(buildDeps: () => DispatchHandlerDeps) {
  let deps: DispatchHandlerDeps | undefined;
  return middy(async (raw: DispatchEvent = {}): Promise<StartRunResult> => {
    deps ??= buildDeps();
    const event = parseEvent(DISPATCH_EVENT_SCHEMA, raw, 'dispatch');
    const at = event.scheduledTime ? new Date(event.scheduledTime) : deps.now();
    const result = await startRun({ trigger: event.trigger ?? 'schedule', at, force: event.force }, deps, deps.config);
    if (result.status === 'outside-window') deps.logger.info('outside the evaluation window: nothing to do', { period: result.period });
    else deps.logger.info('run started', { runId: result.run.runId, enqueued: result.enqueued });
    return result;
  });
}

/** Dependencies from the Lambda environment (functions/commons/wiring.ts). */
export function defaultDeps(env: Record<string, string | undefined> = process.env): DispatchHandlerDeps {
  const wire = wiring(env);
  return {
    targets: wire.targets(),
    runs: wire.runs(),
    ledger: wire.ledger(),
    scanQueue: wire.queue('SCAN_QUEUE_URL'),
    config: { window: wire.window(), ruleSetVersion: requireEnv(env, 'RULE_SET_VERSION') },
    now: () => new Date(),
    logger: loggerFor('dispatch'),
  };
}

export const handler = makeHandler(() => defaultDeps());
