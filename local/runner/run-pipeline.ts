/**
 * One evaluation run on one machine: the local runner plays EventBridge (it invokes the
 * dispatch handler) and the Lambda SQS event-source mappings (it feeds the scan handler from the
 * embedded scan queue and, with a renderer, the render handler from the render queue, alongside
 * and then after the scans), with the same handlers and the handlers' own `defaultDeps` (the
 * composition root functions/commons/wiring.ts): the embedded stack's environment only swaps
 * the endpoints, and {@link LOCAL_TUNING} and the options only set variables a Lambda reads too.
 * The fetcher and the renderer are the caller's (the simulated web needs its host mappings).
 */
import type { SQSBatchResponse } from 'aws-lambda';
import type { HandlerLogger } from '../../functions/commons/logger.ts';
import { QUIET_TELEMETRY } from '../../functions/commons/telemetry.ts';
import { wiring, type Wiring } from '../../functions/commons/wiring.ts';
import { defaultDeps as dispatchDeps, makeHandler as makeDispatchHandler } from '../../functions/dispatch/handler.ts';
import { defaultDeps as renderDeps, makeHandler as makeRenderHandler } from '../../functions/render/handler.ts';
import { defaultDeps as scanDeps, makeHandler as makeScanHandler } from '../../functions/scan/handler.ts';
import { runCompletion } from '../../functions/core/pipeline/process-scan.ts';
import { siteMessage } from '../../functions/core/pipeline/politeness.ts';
import { parseScanMessage } from '../../functions/core/pipeline/scan-message.ts';
import type { QueueMessage, ScanMessage } from '../../functions/core/stores.ts';
import type { DeadLetter } from '../stack/embedded-stack.ts';
import type { PageRenderer } from '../../functions/core/render/observation.ts';
import type { StartRunResult } from '../../functions/core/pipeline/start-run.ts';
import type { FindingRecord, RunRecord } from '../../functions/core/records.ts';
import type { PageFetcher } from '../../functions/core/types.ts';
import { WorkerAnalyser } from '../../functions/adapters/analysis/worker-analyser.ts';
import type { StaticAnalyser } from '../../functions/core/static-analysis.ts';
import { scanRecordBudgetMs, renderRecordBudgetMs } from '../../lib/time-budgets.ts';
import { drainQueue, lambdaContext, type DrainStats } from './sqs-event-source.ts';

/** Render invocations at once in a local run, each with a browser of its own (local-renderer.ts). */
export const DEFAULT_RENDER_CONCURRENCY = 2;

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
  /**
   * Concurrent render invocations (default {@link DEFAULT_RENDER_CONCURRENCY}; one page at a
   * time each). They share `renderer`: give as many browsers (local-renderer.ts), or they wait
   * on one.
   */
  renderConcurrency?: number;
  /** Where parsing and checks run (default: worker threads under the production budget). */
  analyser?: StaticAnalyser;
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

/**
 * Retry settings of a run on one machine, where someone waits at the terminal: a transient
 * failure is retried after seconds, not the Lambdas' minutes (functions/commons/wiring.ts DEFAULTS).
 */
export const LOCAL_TUNING = { RETRY_BASE_SECONDS: '1', MAX_RETRY_DELAY_SECONDS: '300' } as const;

/** The environment of the handlers for one run: the stack's, the local tuning, then the options. */
function runEnv(options: Omit<PipelineOptions, 'trigger'>): Record<string, string> {
  const set = (name: string, value: number | undefined) => (value === undefined ? {} : { [name]: String(value) });
  return {
    ...LOCAL_TUNING,
    ...options.env,
    RULE_SET_VERSION: options.ruleSetVersion,
    ...set('SAMPLE_PAGES', options.samplePages),
    ...set('MAX_ATTEMPTS', options.maxAttempts),
    ...set('RENDER_MAX_ATTEMPTS', options.maxAttempts),
    ...set('RETRY_BASE_SECONDS', options.retryBaseSeconds),
    ...set('MAX_RETRY_DELAY_SECONDS', options.maxRetryDelaySeconds),
  };
}

const SILENT: HandlerLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export async function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
  const started = performance.now();
  const env = runEnv(options);
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? SILENT;
  const dispatch = makeDispatchHandler(() => ({ ...dispatchDeps(env), now, logger }));
  const result = (await dispatch({ trigger: options.trigger, force: true }, lambdaContext())) as StartRunResult;
  if (result.status !== 'started') throw new Error('the run did not start');
  const { run } = result;

  const wire = wiring(env);
  let done = 0;
  const drained = await drainStages(options, env, wire, ({ records, failed }) => {
    done += records - failed;
    options.onProgress?.({ done, claimed: Math.max(done, result.enqueued) });
  });
  const { findings, claimed, complete, pendingRender } = await completionOf(wire, run.runId);
  return { run, findings, claimed, complete, pendingRender, ...drained, elapsedMs: performance.now() - started };
}

/** What {@link redrivePipeline} needs: the run's options less the trigger (the letters name their runs). */
export type RedriveOptions = Omit<PipelineOptions, 'trigger' | 'onProgress'> & { letters: readonly DeadLetter[] };

export interface RedriveResult {
  /** The letters sent back to their queue (by message id). */
  redriven: string[];
  /** The letters left where they are, each with why (a body that is not a site message; a render letter without a browser). */
  kept: { letter: DeadLetter; reason: string }[];
  /** Each run a redriven letter belongs to, as it stands after the drain. */
  runs: { runId: string; claimed: number; findings: number; complete: boolean; pendingRender: number }[];
  stats: DrainStats;
  renderStats: DrainStats;
}

/**
 * Sends dead letters back to the queue they died on and drains the queues through the same
 * handlers as a run (the local SQS lives in memory, so the drain happens in this process, as
 * `aws sqs start-message-move-task` followed by the event-source mappings on AWS). A letter is
 * resent with its site's message group and a new de-duplication id; its deliveries count afresh.
 */
export async function redrivePipeline(options: RedriveOptions): Promise<RedriveResult> {
  const env = runEnv(options);
  const renderMode = renderModeOf(options);
  const kept: RedriveResult['kept'] = [];
  const resend: Record<DeadLetter['queue'], QueueMessage<ScanMessage>[]> = { scan: [], render: [] };
  const redriven: string[] = [];
  for (const letter of options.letters) {
    const parsed = parseScanMessage(letter.body);
    if (!parsed.ok) kept.push({ letter, reason: parsed.error });
    else if (letter.queue === 'render' && renderMode === 'never') kept.push({ letter, reason: 'render letter: no browser tier in this redrive' });
    else {
      const message = siteMessage(parsed.value);
      resend[letter.queue].push({ ...message, id: `${message.id}#redrive:${letter.messageId}` });
      redriven.push(letter.messageId);
    }
  }
  const wire = wiring(env);
  if (resend.scan.length > 0) await wire.queue('SCAN_QUEUE_URL').sendBatch(resend.scan);
  if (resend.render.length > 0) await wire.queue('RENDER_QUEUE_URL').sendBatch(resend.render);
  const drained = await drainStages(options, env, wire);
  const runIds = [...new Set([...resend.scan, ...resend.render].map((m) => m.body.runId))].sort();
  const runs = await Promise.all(runIds.map(async (runId) => {
    const { findings, claimed, complete, pendingRender } = await completionOf(wire, runId);
    return { runId, claimed, findings: findings.length, complete, pendingRender };
  }));
  return { redriven, kept, runs, stats: drained.stats, renderStats: drained.renderStats };
}

function renderModeOf(options: Pick<PipelineOptions, 'renderer' | 'render'>): 'auto' | 'never' {
  return options.renderer === undefined ? 'never' : (options.render ?? 'auto');
}

async function completionOf(wire: Wiring, runId: string) {
  const [findings, claimed] = await Promise.all([wire.findings().listByRun(runId), wire.ledger().countClaimed(runId)]);
  return { findings, claimed, ...runCompletion(findings, claimed) };
}

/**
 * The event-source mappings of one machine: feeds the scan handler from the scan queue and,
 * with a renderer, the render handler from the render queue, alongside and then after the
 * scans, until both queues are empty.
 */
async function drainStages(
  options: Omit<PipelineOptions, 'trigger'>,
  env: Record<string, string>,
  wire: Wiring,
  onScanBatch?: (batch: { records: number; failed: number }) => void,
): Promise<{ renderMode: 'auto' | 'never'; stats: DrainStats; renderStats: DrainStats }> {
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? SILENT;
  const renderMode = renderModeOf(options);
  if (renderMode === 'auto' && !env.RENDER_QUEUE_URL) throw new Error('rendering needs RENDER_QUEUE_URL in the stack environment');
  const { RENDER_QUEUE_URL: _renderQueue, ...staticOnly } = env;
  const { clients } = wire;
  // Idle workers do not hold the process: closed at the end, not on every error path.
  const ownAnalyser = options.analyser === undefined ? new WorkerAnalyser() : undefined;
  const analyser = options.analyser ?? (ownAnalyser as WorkerAnalyser);

  // Without the browser tier the scan hands nothing on: it sees no render queue. The per-record
  // budget is the stack's (lib/time-budgets.ts), as on AWS.
  const samplePages = options.samplePages ?? 3;
  const scanEnv = { ...(renderMode === 'auto' ? env : staticOnly), RECORD_BUDGET_MS: String(scanRecordBudgetMs(samplePages)) };
  const scan = makeScanHandler(() => ({ ...scanDeps(scanEnv), fetcher: options.fetcher, analyser, now, logger }), QUIET_TELEMETRY);
  const scanning = drainQueue({
    sqs: clients.sqs,
    queueUrl: env.SCAN_QUEUE_URL,
    batchSize: options.batchSize ?? 5,
    concurrency: options.concurrency ?? 8,
    handler: (event, context) => scan(event, context) as unknown as Promise<SQSBatchResponse>,
    onBatch: onScanBatch,
  });

  let renderStats: DrainStats = { invocations: 0, records: 0, failedRecords: 0, crashedInvocations: 0, timedOutInvocations: 0 };
  let stats: DrainStats;
  if (renderMode === 'auto' && options.renderer !== undefined) {
    const renderer = options.renderer;
    const renderEnv = { ...env, RECORD_BUDGET_MS: String(renderRecordBudgetMs(samplePages)) };
    const render = makeRenderHandler(() => ({ ...renderDeps(renderEnv), fetcher: options.fetcher, renderer, analyser, now, logger }), QUIET_TELEMETRY);
    const drainRenders = () => drainQueue({
      sqs: clients.sqs,
      queueUrl: env.RENDER_QUEUE_URL,
      // One page per invocation, as the stack's event-source mapping.
      batchSize: 1,
      concurrency: options.renderConcurrency ?? DEFAULT_RENDER_CONCURRENCY,
      handler: (event, context) => render(event, context) as unknown as Promise<SQSBatchResponse>,
    });
    // Renders start while scans run; a render drain that found the queue empty before the
    // scans were over is followed by a last one once they are.
    const [scanStats, early] = await Promise.all([scanning, drainUntilDone(scanning, drainRenders)]);
    stats = scanStats;
    renderStats = sumStats(early, await drainRenders());
  } else {
    stats = await scanning;
  }
  await ownAnalyser?.close();
  return { renderMode, stats, renderStats };
}

/** Drains renders again and again while the scans go on (each drain ends when the queue is momentarily empty). */
async function drainUntilDone(scanning: Promise<unknown>, drain: () => Promise<DrainStats>): Promise<DrainStats> {
  let over = false;
  const end = () => {
    over = true;
  };
  scanning.then(end, end);
  let total: DrainStats = { invocations: 0, records: 0, failedRecords: 0, crashedInvocations: 0, timedOutInvocations: 0 };
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
    timedOutInvocations: a.timedOutInvocations + b.timedOutInvocations,
  };
}
