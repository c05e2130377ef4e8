/**
 * The pipeline with the browser tier on the embedded stack: dispatch → scan queue → scan (static
 * finding, `pending`) → render queue → render (combined finding, screenshots in S3), with the
 * real handlers, SDK clients, Chromium and the simulated government web over real sockets.
 */
import { DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../functions/adapters/browser/launch.ts';
import { createAwsClients } from '../../functions/adapters/aws-clients.ts';
import { DynamoTargetStore } from '../../functions/adapters/dynamo/target-store.ts';
import { parseResolveMapping } from '../../functions/adapters/net/resolve-mapping.ts';
import { S3EvidenceStore } from '../../functions/adapters/s3/evidence-store.ts';
import type { PageRenderer } from '../../functions/core/render/observation.ts';
import { CHECK_IDS } from '../../functions/core/types.ts';
import { localRenderer } from '../../local/runner/local-renderer.ts';
import { runPipeline } from '../../local/runner/run-pipeline.ts';
import { fetcherForSim, registryOfSim } from '../../local/runner/sim-registry.ts';
import { startEmbeddedStack, type EmbeddedStack } from '../../local/stack/embedded-stack.ts';
import { startSimWeb, type SimWeb } from '../../local/sim-web/index.ts';
import { LOADED_MACHINE_BUDGETS } from '../support/budgets.ts';

const browser = await findChromium();
let sim: SimWeb;
let fetcher: ReturnType<typeof fetcherForSim>;
let renderer: PageRenderer;

beforeAll(async () => {
  sim = await startSimWeb({ seed: 20260902 });
  fetcher = fetcherForSim(sim, LOADED_MACHINE_BUDGETS);
  // A browser per render worker of the runner, as each render Lambda has its own.
  renderer = localRenderer({ resolve: sim.resolve.map(parseResolveMapping), ca: sim.caPem });
}, 60_000);

afterAll(async () => {
  await renderer?.close();
  await fetcher?.close();
  await sim?.close();
});

async function withStack<T>(fn: (stack: EmbeddedStack) => Promise<T>, options: { maxReceiveCount?: number; visibilityTimeoutSeconds?: number } = {}): Promise<T> {
  const stack = await startEmbeddedStack({ inMemory: true, visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 60, maxReceiveCount: options.maxReceiveCount ?? 4 });
  try {
    return await fn(stack);
  } finally {
    await stack.stop();
  }
}

/**
 * Every body in a dead-letter queue. The DLQ of a FIFO queue is FIFO: a group's next message
 * shows only once the one before it is deleted, so one receive is not enough.
 */
async function drainDlq(sqs: SQSClient, queueUrl: string): Promise<string[]> {
  const bodies: string[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
    if (Messages.length === 0) return bodies;
    for (const message of Messages) {
      bodies.push(message.Body!);
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle! }));
    }
  }
}

const PNG = '\x89PNG';

describe.skipIf(browser === undefined)('pipeline with the browser tier on the embedded stack', () => {
  it('stores combined findings matching expect.rendered for every host, with screenshots in S3', async () => {
    await withStack(async (stack) => {
      // Prepare
      const clients = createAwsClients(stack.env);
      await new DynamoTargetStore({ client: clients.dynamo, tableName: stack.env.TABLE_NAME }).putMany(registryOfSim(sim.manifest, '2026-09-01T00:00:00Z'));
      const evidence = new S3EvidenceStore({ client: clients.s3, bucket: stack.env.BUCKET_NAME });
      // Act
      const result = await runPipeline({ env: stack.env, fetcher, renderer, trigger: 'manual', ruleSetVersion: 'test', concurrency: 4, retryBaseSeconds: 0, maxRetryDelaySeconds: 1 });
      // Assess: complete, nothing pending, every verdict as the manifest says with the browser.
      expect(result.renderMode).toBe('auto');
      expect(result.complete).toBe(true);
      expect(result.pendingRender).toBe(0);
      expect(result.findings).toHaveLength(sim.manifest.hosts.length);
      const byHost = new Map(result.findings.map((f) => [f.host, f]));
      const problems = sim.manifest.hosts.flatMap((truth) => CHECK_IDS
        .filter((id) => byHost.get(truth.host)?.audit.checks[id].verdict !== truth.expect.rendered[id])
        .map((id) => `${truth.host} ${id}: ${byHost.get(truth.host)?.audit.checks[id].verdict} ≠ ${truth.expect.rendered[id]}`));
      expect(problems).toEqual([]);
      // Every reachable site was rendered once: its viewport screenshot is in S3 and named as evidence.
      const reachable = sim.manifest.hosts.filter((h) => h.expect.transport === 'ok');
      expect(result.renderStats.records).toBeGreaterThanOrEqual(reachable.length);
      for (const truth of reachable) {
        const finding = byHost.get(truth.host)!;
        const key = `evidence/${result.run.runId}/${truth.host}/viewport.png`;
        expect(finding.audit.renderMode, truth.host).toBe('auto');
        expect(finding.evidenceKeys, truth.host).toEqual(expect.arrayContaining([`evidence/${result.run.runId}/${truth.host}/homepage.html`, key]));
        expect(finding.audit.checks['emc-badge'].evidence.some((e) => e.kind === 'screenshot' && e.key === key), truth.host).toBe(true);
        const stored = await evidence.getObject(key);
        expect(Buffer.from(stored!.body.subarray(0, 4)).toString('latin1'), truth.host).toBe(PNG);
        expect(stored!.contentType).toBe('image/png');
      }
      // A badge that passed has its crop stored too.
      const passed = reachable.filter((h) => h.expect.rendered['emc-badge'] === 'pass');
      expect(passed.length).toBeGreaterThan(0);
      for (const truth of passed) {
        expect(await evidence.getObject(`evidence/${result.run.runId}/${truth.host}/badge.png`), truth.host).toBeDefined();
      }
      // An unreachable site is not rendered: its finding is final as the scan wrote it.
      for (const truth of sim.manifest.hosts.filter((h) => h.expect.transport !== 'ok')) {
        expect(byHost.get(truth.host)!.audit.renderMode, truth.host).toBe('auto');
        expect(byHost.get(truth.host)!.evidenceKeys.some((k) => k.endsWith('.png')), truth.host).toBe(false);
      }
    });
  }, 600_000);

  it('is not complete while a render failed for good: the static finding stays pending and the message reaches the render DLQ', async () => {
    await withStack(async (stack) => {
      // Prepare: two reachable components and a browser that cannot start.
      const clients = createAwsClients(stack.env);
      const sites = sim.manifest.hosts.filter((h) => h.role === 'component' && h.expect.transport === 'ok').slice(0, 2);
      await new DynamoTargetStore({ client: clients.dynamo, tableName: stack.env.TABLE_NAME }).putMany(registryOfSim({ ...sim.manifest, hosts: sites }, '2026-09-01T00:00:00Z'));
      const broken: PageRenderer = {
        render: () => Promise.reject(new Error('browser not available')),
        close: () => Promise.resolve(),
      };
      // Act
      const result = await runPipeline({ env: stack.env, fetcher, renderer: broken, trigger: 'manual', ruleSetVersion: 'test', retryBaseSeconds: 0 });
      // Assess
      expect(result.claimed).toBe(2);
      expect(result.findings).toHaveLength(2);
      expect(result.complete).toBe(false);
      expect(result.pendingRender).toBe(2);
      expect(result.findings.every((f) => f.audit.renderMode === 'pending' && f.audit.checks['emc-badge'].verdict === 'unknown')).toBe(true);
      expect((await drainDlq(clients.sqs, stack.env.RENDER_DLQ_URL)).map((body) => JSON.parse(body).host).sort()).toEqual(sites.map((s) => s.host).sort());
    }, { maxReceiveCount: 2, visibilityTimeoutSeconds: 1 });
  }, 120_000);

  it('keeps the static tier only with render: never', async () => {
    await withStack(async (stack) => {
      // Prepare
      const clients = createAwsClients(stack.env);
      const site = sim.manifest.hosts.find((h) => h.role === 'component' && h.expect.transport === 'ok')!;
      await new DynamoTargetStore({ client: clients.dynamo, tableName: stack.env.TABLE_NAME }).putMany(registryOfSim({ ...sim.manifest, hosts: [site] }, '2026-09-01T00:00:00Z'));
      // Act
      const result = await runPipeline({ env: stack.env, fetcher, renderer, render: 'never', trigger: 'manual', ruleSetVersion: 'test' });
      // Assess
      expect(result.complete).toBe(true);
      expect(result.renderStats.records).toBe(0);
      expect(result.findings[0].audit.renderMode).toBe('never');
      for (const id of CHECK_IDS) expect(result.findings[0].audit.checks[id].verdict).toBe(site.expect.static[id]);
    });
  }, 120_000);
});
