/**
 * The render handler on its own, through its public shape: an SQS event in,
 * `batchItemFailures` out, and the visibility changes it asks for (`retryLater`). Real stores
 * on the embedded stack, the real fetcher against the simulated government web, real Chromium
 * for the rendered case.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../functions/adapters/aws-clients.ts';
import { createChromiumRenderer } from '../../functions/adapters/browser/chromium-renderer.ts';
import { findChromium } from '../../functions/adapters/browser/launch.ts';
import { DynamoFindingStore } from '../../functions/adapters/dynamo/finding-store.ts';
import { DynamoRunLedger } from '../../functions/adapters/dynamo/run-ledger.ts';
import { DynamoTargetStore } from '../../functions/adapters/dynamo/target-store.ts';
import { createHttpFetcher } from '../../functions/adapters/http-fetcher.ts';
import { parseResolveMapping } from '../../functions/adapters/net/resolve-mapping.ts';
import { S3EvidenceStore } from '../../functions/adapters/s3/evidence-store.ts';
import { SqsWorkQueue } from '../../functions/adapters/sqs/work-queue.ts';
import { planDispatch } from '../../functions/core/pipeline/scan-plan.ts';
import type { PageRenderer } from '../../functions/core/render/observation.ts';
import type { PageFetcher } from '../../functions/core/types.ts';
import type { ScanMessage } from '../../functions/core/stores.ts';
import { makeHandler as makeRenderHandler } from '../../functions/render/handler.ts';
import { makeHandler as makeScanHandler } from '../../functions/scan/handler.ts';
import { fetcherForSim, registryOfSim } from '../../local/runner/sim-registry.ts';
import { startSimWeb, type SimWeb } from '../../local/sim-web/index.ts';
import type { SimHostTruth } from '../../local/sim-web/manifest.ts';
import { startEmbeddedStack, type EmbeddedStack } from '../../local/stack/embedded-stack.ts';
import { LOADED_MACHINE_BUDGETS } from '../support/budgets.ts';
import { failedRecords, sqsEvent, visibilityRecorder, type RecordSpec } from '../support/sqs-event.ts';

const RUN = 'run-2026-09-07-render-handler';
const RENDER_CONFIG = { samplePages: 0, mode: 'auto' as const, maxAttempts: 2, retryBaseSeconds: 60, maxRetryDelaySeconds: 43_200 };
const SILENT = { info: () => undefined, warn: () => undefined, error: () => undefined };
const browser = await findChromium();

let sim: SimWeb;
let stack: EmbeddedStack;
let fetcher: ReturnType<typeof fetcherForSim>;
let clients: ReturnType<typeof createAwsClients>;
let findings: DynamoFindingStore;
let evidence: S3EvidenceStore;

beforeAll(async () => {
  [sim, stack] = await Promise.all([startSimWeb({ seed: 20260908, portals: 2 }), startEmbeddedStack({ inMemory: true })]);
  fetcher = fetcherForSim(sim, LOADED_MACHINE_BUDGETS);
  clients = createAwsClients(stack.env);
  findings = new DynamoFindingStore({ client: clients.dynamo, tableName: stack.env.TABLE_NAME });
  evidence = new S3EvidenceStore({ client: clients.s3, bucket: stack.env.BUCKET_NAME });
}, 120_000);

afterAll(async () => {
  await fetcher?.close();
  await Promise.all([sim?.close(), stack?.stop()]);
});

const healthy = (): SimHostTruth[] => sim.manifest.hosts.filter((h) => h.role === 'component' && h.expect.transport === 'ok' && !h.scenario.includes('fault:slow'));
const messageFor = (truth: SimHostTruth): ScanMessage => planDispatch(registryOfSim({ ...sim.manifest, hosts: [truth] }, '2026-09-01T00:00:00Z'), RUN)[0];

async function render(specs: RecordSpec[], options: { renderer: PageRenderer; fetcher?: PageFetcher }) {
  const visibility = visibilityRecorder();
  const handler = makeRenderHandler(() => ({
    fetcher: options.fetcher ?? fetcher, renderer: options.renderer, findings, evidence, now: () => new Date(), config: RENDER_CONFIG, recordBudgetMs: 264_000, logger: SILENT,
    retryLater: visibility.retryLater,
  }));
  const failed = await failedRecords(handler, sqsEvent('arn:aws:sqs:ap-southeast-1:123456789012:render.fifo', specs), 'render');
  return { failed, visibility: visibility.calls };
}

/** The static finding the scan stores first (`renderMode: 'pending'`), by the real scan handler. */
async function scanFirst(truth: SimHostTruth): Promise<void> {
  const scan = makeScanHandler(() => ({
    fetcher, findings, evidence, now: () => new Date(), logger: SILENT,
    targets: new DynamoTargetStore({ client: clients.dynamo, tableName: stack.env.TABLE_NAME }),
    ledger: new DynamoRunLedger({ client: clients.dynamo, tableName: stack.env.TABLE_NAME }),
    scanQueue: new SqsWorkQueue({ client: clients.sqs, queueUrl: stack.env.SCAN_QUEUE_URL }),
    renderQueue: new SqsWorkQueue({ client: clients.sqs, queueUrl: stack.env.RENDER_QUEUE_URL }),
    config: { samplePages: 0, maxAttempts: 3, retryBaseSeconds: 60 },
    recordBudgetMs: 100_000,
    retryLater: async () => undefined,
  }));
  expect(await failedRecords(scan, sqsEvent('arn:aws:sqs:ap-southeast-1:123456789012:scan.fifo', [{ body: JSON.stringify(messageFor(truth)) }]), 'scan')).toEqual([]);
}

/** A port on 127.0.0.1 that nothing listens on: connecting there is refused. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const unusedBrowser: PageRenderer = {
  render: () => Promise.reject(new Error('the renderer must not be reached')),
  close: () => Promise.resolve(),
};

describe('render handler (makeHandler)', () => {
  it('returns a malformed message at once (visibility 0)', async () => {
    const result = await render([{ body: 'not json' }], { renderer: unusedBrowser });
    expect(result).toEqual({ failed: ['message-1'], visibility: [{ receiptHandle: 'receipt-1', delaySeconds: 0 }] });
  });

  it('retries a site that no longer loads, then keeps its static finding on the last attempt', async () => {
    // Prepare: the scan stored a static finding; then the site stops answering.
    const [site] = healthy();
    await scanFirst(site);
    const port = await closedPort();
    const refused = createHttpFetcher({ resolve: [parseResolveMapping(`${site.host}:${port}:127.0.0.1`)] });
    const { protocol, hostname } = new URL(site.url);
    const body = JSON.stringify({ ...messageFor(site), url: `${protocol}//${hostname}:${port}/` });
    try {
      // Act
      const first = await render([{ body, receive: 1 }], { renderer: unusedBrowser, fetcher: refused });
      const last = await render([{ body, receive: 2 }], { renderer: unusedBrowser, fetcher: refused });
      // Assess
      expect(first).toEqual({ failed: ['message-1'], visibility: [{ receiptHandle: 'receipt-1', delaySeconds: 60 }] });
      expect(last).toEqual({ failed: [], visibility: [] });
      const kept = await findings.get(RUN, site.host);
      expect(kept?.audit.transport).toEqual({ status: 'ok' });
      expect(kept?.audit.renderMode).toBe('never');
      expect(kept?.audit.checks['emc-badge'].warnings.at(-1)?.en).toContain('The browser tier could not run');
    } finally {
      await refused.close();
    }
  });

  it('returns the message after its back-off when the browser cannot start', async () => {
    // Prepare
    const [, site] = healthy();
    const broken: PageRenderer = { render: () => Promise.reject(new Error('browser not available')), close: () => Promise.resolve() };
    // Act
    const result = await render([{ body: JSON.stringify(messageFor(site)) }], { renderer: broken });
    // Assess: it comes back after the first back-off (not a whole visibility timeout, which would
    // hold its domain's group), and reaches the DLQ after maxReceiveCount tries if it never starts.
    expect(result).toEqual({ failed: ['message-1'], visibility: [{ receiptHandle: 'receipt-1', delaySeconds: 60 }] });
  });

  it.skipIf(browser === undefined)('renders a site and stores the combined finding with its screenshot', async () => {
    // Prepare
    const site = healthy()[2];
    await scanFirst(site);
    const chromium = createChromiumRenderer({ resolve: sim.resolve.map(parseResolveMapping), ca: sim.caPem });
    try {
      // Act
      const result = await render([{ body: JSON.stringify(messageFor(site)) }], { renderer: chromium });
      // Assess
      expect(result).toEqual({ failed: [], visibility: [] });
      const stored = await findings.get(RUN, site.host);
      expect(stored?.audit.renderMode).toBe('auto');
      expect(stored?.audit.checks['emc-badge'].verdict).toBe(site.expect.rendered['emc-badge']);
      expect(stored?.evidenceKeys).toContain(`evidence/${RUN}/${site.host}/viewport.png`);
    } finally {
      await chromium.close();
    }
  }, 120_000);
});
