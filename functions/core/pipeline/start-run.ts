/**
 * Opens an evaluation run and enqueues its targets: portals first, so their scans can add the
 * components they link to. Acts only inside the evaluation window unless forced (an evaluator's
 * manual run, the demo).
 */
import type { RunRecord } from '../records.ts';
import type { RunStore, ScanMessage, TargetStore, WorkQueue } from '../stores.ts';
import { isInsideWindow, periodOf, type EvaluationWindow } from './evaluation-window.ts';
import { enqueueUnsent, type RunLedger } from './run-ledger.ts';
import { planDispatch, runIdFor } from './scan-plan.ts';

export interface StartRunDeps {
  targets: TargetStore;
  runs: RunStore;
  ledger: RunLedger;
  scanQueue: WorkQueue<ScanMessage>;
}

export interface StartRunRequest {
  trigger: RunRecord['trigger'];
  /** The scheduled time (EventBridge) or now: also fixes the run id, so a retried invocation reopens the same run. */
  at: Date;
  /** Run even outside the window. */
  force?: boolean;
}

export type StartRunResult =
  | { status: 'outside-window'; period: string }
  | { status: 'started'; run: RunRecord; enqueued: number; targets: number };

export async function startRun(request: StartRunRequest, deps: StartRunDeps, config: { window: EvaluationWindow; ruleSetVersion: string }): Promise<StartRunResult> {
  const period = periodOf(request.at, config.window.timeZone);
  if (!request.force && !isInsideWindow(request.at, config.window)) return { status: 'outside-window', period };

  const run: RunRecord = {
    runId: runIdFor(request.at, request.trigger),
    period,
    ruleSetVersion: config.ruleSetVersion,
    trigger: request.trigger,
    startedAt: request.at.toISOString(),
  };
  await deps.runs.create(run);
  const messages = planDispatch(await deps.targets.list(), run.runId);
  // A retried invocation (same scheduled time, same run) sends what the failed one did not.
  const enqueued = await enqueueUnsent(run.runId, messages, { ledger: deps.ledger, queue: deps.scanQueue });
  return { status: 'started', run, enqueued, targets: messages.length };
}
