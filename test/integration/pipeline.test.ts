/**
 * The scheduled pipeline on the embedded stack: dispatch → SQS → scan → DynamoDB/S3, with the
 * real handlers, the real SDK clients and the simulated government web over real sockets.
 */
import { SendMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../functions/adapters/aws-clients.ts';
import { DynamoFindingStore } from '../../functions/adapters/dynamo/finding-store.ts';
import { DynamoTargetStore } from '../../functions/adapters/dynamo/target-store.ts';
import { politenessGroup } from '../../functions/core/pipeline/politeness.ts';
import type { ScanMessage } from '../../functions/core/stores.ts';
import type { PageFetcher } from '../../functions/core/types.ts';
import { runPipeline } from '../../local/runner/run-pipeline.ts';
import { drainQueue } from '../../local/runner/sqs-event-source.ts';
import { compareWithManifest, fetcherForSim, registryOfSim } from '../../local/runner/sim-registry.ts';
import { startEmbeddedStack, type EmbeddedStack } from '../../local/stack/embedded-stack.ts';
import { startSimWeb, type SimWeb } from '../../local/sim-web/index.ts';
import { LOADED_MACHINE_BUDGETS } from '../support/budgets.ts';

let sim: SimWeb;
let fetcher: ReturnType<typeof fetcherForSim>;

beforeAll(async () => {
  sim = await startSimWeb({ seed: 20260901 });
  fetcher = fetcherForSim(sim, LOADED_MACHINE_BUDGETS);
}, 60_000);

afterAll(async () => {
  await fetcher?.close();
  await sim?.close();
});

/**
 * A fresh in-memory stack per test. The visibility timeout must outlast a batch (as on AWS,
 * where it is 6× the function timeout); tests that need a crashed batch back soon shorten it.
 */
async function withStack<T>(fn: (stack: EmbeddedStack) => Promise<T>, options: { maxReceiveCount?: number; visibilityTimeoutSeconds?: number } = {}): Promise<T> {
  const stack = await startEmbeddedStack({ inMemory: true, visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 30, maxReceiveCount: options.maxReceiveCount ?? 4 });
  try {
    return await fn(stack);
  } finally {
    await stack.stop();
  }
}

function stores(stack: EmbeddedStack) {
  const clients = createAwsClients(stack.env);
  return {
    clients,
    targets: new DynamoTargetStore({ client: clients.dynamo, tableName: stack.env.TABLE_NAME }),
    findings: new DynamoFindingStore({ client: clients.dynamo, tableName: stack.env.TABLE_NAME }),
  };
}

describe('pipeline on the embedded stack', () => {
  it('scans the whole simulated web and the findings match the manifest for every host', async () => {
    await withStack(async (stack) => {
      // Prepare
      const { targets } = stores(stack);
      await targets.putMany(registryOfSim(sim.manifest, '2026-09-01T00:00:00Z'));
      // Act
      const result = await runPipeline({ env: stack.env, fetcher, trigger: 'manual', ruleSetVersion: 'test', concurrency: 6, retryBaseSeconds: 0, maxRetryDelaySeconds: 1 });
      // Assess
      expect(result.complete).toBe(true);
      expect(result.findings).toHaveLength(sim.manifest.hosts.length);
      expect(compareWithManifest(result.findings, sim.manifest)).toEqual([]);
      const unreachable = result.findings.filter((f) => f.audit.transport.status === 'failed');
      expect(unreachable.length).toBeGreaterThan(5);
      for (const f of unreachable) {
        expect(Object.values(f.audit.checks).map((c) => c.verdict)).not.toContain('fail');
        expect(f.audit.checks['emc-tracking-code'].summary.vi).not.toBe('');
      }
      // Evidence: the homepage snapshot of every reachable site is in S3.
      const reachable = result.findings.filter((f) => f.audit.transport.status === 'ok');
      expect(reachable.every((f) => f.evidenceKeys.length === 1 && f.evidenceKeys[0].startsWith(`evidence/${result.run.runId}/${f.host}/`))).toBe(true);
    });
  }, 180_000);

  it('discovers components from a portal, remembers them, and scans each host once', async () => {
    await withStack(async (stack) => {
      // Prepare: only the portals are registered, without component lists.
      const { targets } = stores(stack);
      const portals = registryOfSim(sim.manifest, '2026-09-01T00:00:00Z').filter((t) => t.role === 'portal').map(({ components: _c, ...t }) => t);
      await targets.putMany(portals);
      // Act
      const result = await runPipeline({ env: stack.env, fetcher, trigger: 'manual', ruleSetVersion: 'test', concurrency: 4, retryBaseSeconds: 0, maxRetryDelaySeconds: 1 });
      // Assess
      const expected = new Set(sim.manifest.hosts.filter((h) => h.role === 'portal').flatMap((h) => h.expect.discovered ?? []));
      const scanned = new Set(result.findings.map((f) => f.host));
      for (const host of expected) expect(scanned.has(host), host).toBe(true);
      expect(result.findings.length).toBe(scanned.size);
      const remembered = await targets.list({ status: 'discovered' });
      expect(remembered.map((t) => t.host)).toEqual(expect.arrayContaining([...expected]));
    });
  }, 180_000);

  it('turns a duplicate delivery into one finding', async () => {
    await withStack(async (stack) => {
      // Prepare: a run with one site, then the same message delivered a second time.
      const { targets, findings, clients } = stores(stack);
      const site = sim.manifest.hosts.find((h) => h.role === 'component' && h.expect.transport === 'ok')!;
      await targets.putMany(registryOfSim({ ...sim.manifest, hosts: [site] }, '2026-09-01T00:00:00Z'));
      const first = await runPipeline({ env: stack.env, fetcher, trigger: 'manual', ruleSetVersion: 'test' });
      const duplicate: ScanMessage = { runId: first.run.runId, url: site.url, host: site.host, role: site.role, parentUrl: site.parentUrl, source: 'registry' };
      // A new de-duplication id: an at-least-once redelivery, not a resend the FIFO queue drops.
      await clients.sqs.send(new SendMessageCommand({ QueueUrl: stack.env.SCAN_QUEUE_URL, MessageBody: JSON.stringify(duplicate), MessageGroupId: politenessGroup(site.host), MessageDeduplicationId: 'redelivery' }));
      // Act: drain again (runPipeline opens a new run; the duplicate belongs to the first one).
      await runPipeline({ env: stack.env, fetcher, trigger: 'manual', ruleSetVersion: 'test', now: () => new Date(Date.now() + 60_000) });
      // Assess
      expect(await findings.countByRun(first.run.runId)).toBe(1);
      expect((await findings.listByRun(first.run.runId))[0].host).toBe(site.host);
    });
  }, 120_000);

  it('retries a record whose scan threw mid-batch (partial batch failure), and completes the run', async () => {
    await withStack(async (stack) => {
      // Prepare: the first fetch of the run throws (the worker "crashes" mid-batch).
      const { targets } = stores(stack);
      const sites = sim.manifest.hosts.filter((h) => h.role === 'component' && h.expect.transport === 'ok').slice(0, 6);
      await targets.putMany(registryOfSim({ ...sim.manifest, hosts: sites }, '2026-09-01T00:00:00Z'));
      let crashes = 0;
      const crashing: PageFetcher = {
        fetchPage: (url, options) => {
          if (crashes === 0) {
            crashes++;
            throw new Error('worker crashed');
          }
          return fetcher.fetchPage(url, options);
        },
      };
      // Act
      const result = await runPipeline({ env: stack.env, fetcher: crashing, trigger: 'manual', ruleSetVersion: 'test', concurrency: 1, batchSize: 3 });
      // Assess
      expect(crashes).toBe(1);
      expect(result.stats.failedRecords).toBeGreaterThanOrEqual(1);
      expect(result.complete).toBe(true);
      expect(result.findings.map((f) => f.host).sort()).toEqual(sites.map((s) => s.host).sort());
      expect(result.findings.some((f) => f.attempt === 2)).toBe(true);
    }, { visibilityTimeoutSeconds: 3 });
  }, 120_000);

  it('records a permanently failing host as unknown with its reason, and the DLQ holds only what exceeded maxReceiveCount', async () => {
    await withStack(async (stack) => {
      // Prepare: a DNS-fault host, a timeout host (transient: retried, then recorded), and one poison message.
      const { targets, clients } = stores(stack);
      const dns = sim.manifest.hosts.find((h) => h.expect.transport === 'dns')!;
      const slow = sim.manifest.hosts.find((h) => h.expect.transport === 'timeout')!;
      await targets.putMany(registryOfSim({ ...sim.manifest, hosts: [dns, slow] }, '2026-09-01T00:00:00Z'));
      await clients.sqs.send(new SendMessageCommand({ QueueUrl: stack.env.SCAN_QUEUE_URL, MessageBody: '{"not":"a scan message"}', MessageGroupId: 'poison', MessageDeduplicationId: 'poison' }));
      // Act
      const quick = fetcherForSim(sim, { connectTimeoutMs: 1000, headersTimeoutMs: 1000, totalTimeoutMs: 1500 });
      const result = await runPipeline({ env: stack.env, fetcher: quick, trigger: 'manual', ruleSetVersion: 'test', maxAttempts: 2, retryBaseSeconds: 0 }).finally(() => quick.close());
      // Assess
      const byHost = new Map(result.findings.map((f) => [f.host, f]));
      const dnsFinding = byHost.get(dns.host)!;
      expect(dnsFinding.attempt).toBe(1);
      expect(dnsFinding.audit.transport).toMatchObject({ status: 'failed', failure: { kind: 'dns', retryable: false } });
      expect(dnsFinding.audit.checks['emc-tracking-code']).toMatchObject({ verdict: 'unknown' });
      const slowFinding = byHost.get(slow.host)!;
      expect(slowFinding.attempt).toBe(2);
      expect(slowFinding.audit.transport).toMatchObject({ status: 'failed', failure: { kind: 'timeout' } });
      const dlq = await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: stack.env.SCAN_DLQ_URL, MaxNumberOfMessages: 10 }));
      expect((dlq.Messages ?? []).map((m) => m.Body)).toEqual(['{"not":"a scan message"}']);
    }, { maxReceiveCount: 3, visibilityTimeoutSeconds: 6 });
  }, 120_000);

  it('redelivers every record of an invocation that crashed as a whole, as Lambda does', async () => {
    await withStack(async (stack) => {
      // Prepare
      const { clients } = stores(stack);
      for (const body of ['a', 'b', 'c']) {
        await clients.sqs.send(new SendMessageCommand({ QueueUrl: stack.env.SCAN_QUEUE_URL, MessageBody: body, MessageGroupId: body, MessageDeduplicationId: body }));
      }
      const seen: string[][] = [];
      let invocations = 0;
      // Act: the first invocation dies before answering; later ones succeed.
      const stats = await drainQueue({
        sqs: clients.sqs,
        queueUrl: stack.env.SCAN_QUEUE_URL,
        batchSize: 10,
        concurrency: 1,
        handler: async (event) => {
          invocations++;
          seen.push(event.Records.map((r) => `${r.body}:${r.attributes.ApproximateReceiveCount}`));
          if (invocations === 1) throw new Error('out of memory');
          return { batchItemFailures: [] };
        },
      });
      // Assess
      expect(stats.crashedInvocations).toBe(1);
      expect(seen[0].map((r) => r.split(':')[1])).toEqual(['1', '1', '1']);
      expect(seen.slice(1).flat().map((r) => r.split(':')).sort()).toEqual([['a', '2'], ['b', '2'], ['c', '2']]);
    }, { visibilityTimeoutSeconds: 1 });
  }, 60_000);
});
