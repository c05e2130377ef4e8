/**
 * The scan handler on its own, through its public shape: an SQS event in, `batchItemFailures`
 * out, and the visibility changes it asks for (`retryLater`). Real stores on the embedded
 * stack, the real fetcher against the simulated government web; only the clock of SQS (the
 * visibility change itself) is recorded instead of performed, so the test can read it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../functions/adapters/aws-clients.ts';
import { DynamoFindingStore } from '../../functions/adapters/dynamo/finding-store.ts';
import { DynamoRunLedger } from '../../functions/adapters/dynamo/run-ledger.ts';
import { DynamoTargetStore } from '../../functions/adapters/dynamo/target-store.ts';
import { S3EvidenceStore } from '../../functions/adapters/s3/evidence-store.ts';
import { SqsWorkQueue } from '../../functions/adapters/sqs/work-queue.ts';
import { planDispatch } from '../../functions/core/pipeline/scan-plan.ts';
import type { ScanMessage } from '../../functions/core/stores.ts';
import { makeHandler, type ScanHandlerDeps } from '../../functions/scan/handler.ts';
import { fetcherForSim, registryOfSim } from '../../local/runner/sim-registry.ts';
import { startSimWeb, type SimWeb } from '../../local/sim-web/index.ts';
import type { SimHostTruth } from '../../local/sim-web/manifest.ts';
import { startEmbeddedStack, type EmbeddedStack } from '../../local/stack/embedded-stack.ts';
import { LOADED_MACHINE_BUDGETS } from '../support/budgets.ts';
import { failedRecords, sqsEvent, visibilityRecorder, type RecordSpec } from '../support/sqs-event.ts';

const RUN = 'run-2026-09-07-scan-handler';
const CONFIG = { samplePages: 1, maxAttempts: 3, retryBaseSeconds: 60, maxRetryDelaySeconds: 43_200 };
const SILENT = { info: () => undefined, warn: () => undefined, error: () => undefined };

let sim: SimWeb;
let stack: EmbeddedStack;
let fetcher: ReturnType<typeof fetcherForSim>;
let findings: DynamoFindingStore;
let deps: Omit<ScanHandlerDeps, 'retryLater'>;

beforeAll(async () => {
  [sim, stack] = await Promise.all([startSimWeb({ seed: 20260907, portals: 2 }), startEmbeddedStack({ inMemory: true })]);
  fetcher = fetcherForSim(sim, LOADED_MACHINE_BUDGETS);
  const clients = createAwsClients(stack.env);
  const tableName = stack.env.TABLE_NAME;
  findings = new DynamoFindingStore({ client: clients.dynamo, tableName });
  deps = {
    fetcher,
    findings,
    targets: new DynamoTargetStore({ client: clients.dynamo, tableName }),
    ledger: new DynamoRunLedger({ client: clients.dynamo, tableName }),
    evidence: new S3EvidenceStore({ client: clients.s3, bucket: stack.env.BUCKET_NAME }),
    scanQueue: new SqsWorkQueue({ client: clients.sqs, queueUrl: stack.env.SCAN_QUEUE_URL }),
    now: () => new Date(),
    config: CONFIG,
    recordBudgetMs: 100_000,
    logger: SILENT,
  };
}, 120_000);

afterAll(async () => {
  await fetcher?.close();
  await Promise.all([sim?.close(), stack?.stop()]);
});

function host(predicate: (truth: SimHostTruth) => boolean, what: string): SimHostTruth {
  const found = sim.manifest.hosts.find(predicate);
  if (!found) throw new Error(`the simulated web has no ${what}`);
  return found;
}
const healthyComponent = () => host((h) => h.role === 'component' && h.expect.transport === 'ok' && !h.scenario.includes('fault:slow'), 'healthy component');
const failingWith500 = () => host((h) => h.scenario.includes('fault:http-500'), 'HTTP 500 host');

/** The message the dispatcher would send for this host. */
function messageFor(truth: SimHostTruth): ScanMessage {
  return planDispatch(registryOfSim({ ...sim.manifest, hosts: [truth] }, '2026-09-01T00:00:00Z'), RUN)[0];
}

async function invoke(specs: RecordSpec[]) {
  const visibility = visibilityRecorder();
  const handler = makeHandler(() => ({ ...deps, retryLater: visibility.retryLater }));
  const failed = await failedRecords(handler, sqsEvent('arn:aws:sqs:ap-southeast-1:123456789012:scan.fifo', specs), 'scan');
  return { failed, visibility: visibility.calls };
}

describe('scan handler (makeHandler)', () => {
  it('records a reachable site and reports no failure', async () => {
    // Prepare
    const site = healthyComponent();
    // Act
    const { failed, visibility } = await invoke([{ body: JSON.stringify(messageFor(site)), group: 'a' }]);
    // Assess
    expect(failed).toEqual([]);
    expect(visibility).toEqual([]);
    const stored = await findings.get(RUN, site.host);
    expect(stored?.audit.transport).toEqual({ status: 'ok' });
    expect(stored?.audit.checks['emc-tracking-code'].verdict).toBe(site.expect.static['emc-tracking-code']);
  });

  it('returns a malformed message at once (visibility 0), so it reaches the DLQ without waiting', async () => {
    // Act
    const { failed, visibility } = await invoke([{ body: '{"runId":"r","url":"javascript:alert(1)"}' }]);
    // Assess
    expect(failed).toEqual(['message-1']);
    expect(visibility).toEqual([{ receiptHandle: 'receipt-1', delaySeconds: 0 }]);
  });

  it('retries a transient failure with back-off, and records it on the last attempt', async () => {
    // Prepare
    const site = failingWith500();
    const body = JSON.stringify(messageFor(site));
    // Act
    const first = await invoke([{ body, receive: 1 }]);
    const second = await invoke([{ body, receive: 2 }]);
    const afterFirst = await findings.get(RUN, site.host);
    const last = await invoke([{ body, receive: 3 }]);
    // Assess: base, then 2 × base; nothing stored until the last attempt records the failure.
    expect(first).toEqual({ failed: ['message-1'], visibility: [{ receiptHandle: 'receipt-1', delaySeconds: 60 }] });
    expect(second).toEqual({ failed: ['message-1'], visibility: [{ receiptHandle: 'receipt-1', delaySeconds: 120 }] });
    expect(afterFirst).toBeUndefined();
    expect(last).toEqual({ failed: [], visibility: [] });
    const stored = await findings.get(RUN, site.host);
    expect(stored).toMatchObject({ attempt: 3, audit: { transport: { status: 'failed', failure: { kind: 'http-status', status: 500 } } } });
    expect(stored?.audit.checks['emc-tracking-code'].verdict).toBe('unknown');
  });

  it("returns a failed site's later group members unprocessed and at once; other groups go on", async () => {
    // Prepare: one FIFO group (one registrable domain) whose first site fails, and another group.
    const failing = failingWith500();
    const [behind, elsewhere] = sim.manifest.hosts.filter((h) => h.role === 'component' && h.expect.transport === 'ok' && !h.scenario.includes('fault:slow')).slice(1, 3);
    // Act
    const { failed, visibility } = await invoke([
      { body: JSON.stringify(messageFor(failing)), group: 'tinh-mo-phong.gov.vn' },
      { body: JSON.stringify(messageFor(behind)), group: 'tinh-mo-phong.gov.vn' },
      { body: JSON.stringify(messageFor(elsewhere)), group: 'tinh-khac.gov.vn' },
    ]);
    // Assess
    expect(failed.sort()).toEqual(['message-1', 'message-2']);
    expect(visibility).toEqual(expect.arrayContaining([
      { receiptHandle: 'receipt-1', delaySeconds: 60 },
      { receiptHandle: 'receipt-2', delaySeconds: 0 },
    ]));
    expect(visibility).toHaveLength(2);
    expect(await findings.get(RUN, behind.host)).toBeUndefined();
    expect((await findings.get(RUN, elsewhere.host))?.audit.transport).toEqual({ status: 'ok' });
  });
});
