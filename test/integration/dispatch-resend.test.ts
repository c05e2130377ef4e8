/**
 * Dispatch never loses a site: a send that fails midway leaves the unsent sites claimed but not
 * sent, and the retried invocation (same scheduled time, same run) sends exactly those. Real
 * handler, real DynamoDB ledger (dynalite) and SQS FIFO queue (fauxqs) through the SDK; only the
 * N-th send is made to fail.
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../functions/adapters/aws-clients.ts';
import { DynamoRunLedger } from '../../functions/adapters/dynamo/run-ledger.ts';
import { DynamoRunStore } from '../../functions/adapters/dynamo/run-store.ts';
import { DynamoTargetStore } from '../../functions/adapters/dynamo/target-store.ts';
import { SqsWorkQueue } from '../../functions/adapters/sqs/work-queue.ts';
import { makeHandler, type DispatchHandlerDeps } from '../../functions/dispatch/handler.ts';
import { DEFAULT_WINDOW } from '../../functions/core/pipeline/evaluation-window.ts';
import type { StartRunResult } from '../../functions/core/pipeline/start-run.ts';
import type { TargetRecord } from '../../functions/core/records.ts';
import type { ScanMessage, WorkQueue } from '../../functions/core/stores.ts';
import { startEmbeddedStack, type EmbeddedStack } from '../../local/stack/embedded-stack.ts';

let stack: EmbeddedStack;

beforeEach(async () => {
  stack = await startEmbeddedStack({ inMemory: true, visibilityTimeoutSeconds: 30 });
});

afterEach(async () => {
  await stack?.stop();
});

/** 3 provincial portals with 8 components each, and 6 standalone sites: 33 targets. */
function registry(): TargetRecord[] {
  const updatedAt = '2026-08-20T00:00:00Z';
  const sites: TargetRecord[] = [];
  for (const province of ['hanoi', 'danang', 'cantho']) {
    const portal = `${province}.gov.vn`;
    const components = Array.from({ length: 8 }, (_, i) => `so${['tttt', 'gtvt', 'yte', 'gddt', 'tc', 'nv', 'tp', 'ct'][i]}.${province}.gov.vn`);
    sites.push({ host: portal, url: `https://${portal}/`, org: `UBND ${province}`, league: 'province', role: 'portal', components, source: 'registry', status: 'confirmed', updatedAt });
    for (const host of components) {
      sites.push({ host, url: `https://${host}/`, org: host, league: 'province', role: 'component', parentHost: portal, source: 'registry', status: 'confirmed', updatedAt });
    }
  }
  for (const name of ['mic', 'moh', 'moet', 'mof', 'moj', 'mpi']) {
    sites.push({ host: `${name}.gov.vn`, url: `https://${name}.gov.vn/`, org: name, league: 'ministry', role: 'standalone', source: 'registry', status: 'confirmed', updatedAt });
  }
  return sites;
}

/** The real queue, except that its `failAt`-th send (1-based) throws, as a throttled or cut-off SQS call would. */
function failingAt(queue: WorkQueue, failAt: number): WorkQueue & { sends: number } {
  const wrapper = {
    sends: 0,
    async sendBatch(messages: Parameters<WorkQueue['sendBatch']>[0]) {
      wrapper.sends++;
      if (wrapper.sends === failAt) throw new Error('SQS: connection reset');
      return queue.sendBatch(messages);
    },
  };
  return wrapper;
}

/** Every message in the queue (received and deleted until it is empty), as scan messages. */
async function drain(queueUrl: string): Promise<ScanMessage[]> {
  const { sqs } = createAwsClients(stack.env);
  const bodies: ScanMessage[] = [];
  for (let empty = 0; empty < 3; ) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    if (Messages.length === 0) {
      empty++;
      continue;
    }
    bodies.push(...Messages.map((m) => JSON.parse(m.Body ?? '{}') as ScanMessage));
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
  }
  return bodies;
}

const SILENT = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('dispatch with a send that fails midway', () => {
  it.each([1, 2, 4])('enqueues every target exactly once after the retry when send %i fails, and the run expects them all', async (failAt) => {
    // Prepare
    const clients = createAwsClients(stack.env);
    const tableName = stack.env.TABLE_NAME;
    const targets = new DynamoTargetStore({ client: clients.dynamo, tableName });
    const ledger = new DynamoRunLedger({ client: clients.dynamo, tableName });
    const sites = registry();
    await targets.putMany(sites);
    const queue = failingAt(new SqsWorkQueue({ client: clients.sqs, queueUrl: stack.env.SCAN_QUEUE_URL }), failAt);
    const deps: DispatchHandlerDeps = {
      targets,
      runs: new DynamoRunStore({ client: clients.dynamo, tableName }),
      ledger,
      scanQueue: queue,
      config: { window: DEFAULT_WINDOW, ruleSetVersion: '2026.1' },
      now: () => new Date('2026-09-07T01:00:00Z'),
      logger: SILENT,
    };
    const dispatch = makeHandler(() => deps);
    const event = { trigger: 'schedule' as const, scheduledTime: '2026-09-07T01:00:00Z' };

    // Act: the scheduler's invocation fails; its retry carries the same scheduled time.
    const first = dispatch(event, {} as never);
    await expect(first).rejects.toThrow('connection reset');
    const retry = (await dispatch(event, {} as never)) as StartRunResult;

    // Assess
    expect(retry.status).toBe('started');
    if (retry.status !== 'started') return;
    const queued = await drain(stack.env.SCAN_QUEUE_URL);
    const hosts = queued.map((m) => m.host).sort();
    expect(hosts).toEqual(sites.map((s) => s.host).sort());
    expect(new Set(queued.map((m) => m.runId))).toEqual(new Set([retry.run.runId]));
    expect(await ledger.countClaimed(retry.run.runId)).toBe(sites.length);
    expect(retry.targets).toBe(sites.length);
    // The retry sent what the failed invocation had not (10 per step before the failure).
    expect(retry.enqueued).toBe(sites.length - 10 * (failAt - 1));
  });

  it('sends nothing twice when it is simply invoked again after a complete dispatch', async () => {
    // Prepare
    const clients = createAwsClients(stack.env);
    const tableName = stack.env.TABLE_NAME;
    const targets = new DynamoTargetStore({ client: clients.dynamo, tableName });
    await targets.putMany(registry());
    const dispatch = makeHandler(() => ({
      targets,
      runs: new DynamoRunStore({ client: clients.dynamo, tableName }),
      ledger: new DynamoRunLedger({ client: clients.dynamo, tableName }),
      scanQueue: new SqsWorkQueue({ client: clients.sqs, queueUrl: stack.env.SCAN_QUEUE_URL }),
      config: { window: DEFAULT_WINDOW, ruleSetVersion: '2026.1' },
      now: () => new Date('2026-09-07T01:00:00Z'),
      logger: SILENT,
    }));
    const event = { trigger: 'schedule' as const, scheduledTime: '2026-09-07T01:00:00Z' };

    // Act
    const first = (await dispatch(event, {} as never)) as StartRunResult;
    const again = (await dispatch(event, {} as never)) as StartRunResult;

    // Assess
    expect(first.status === 'started' && first.enqueued).toBe(33);
    expect(again.status === 'started' && again.enqueued).toBe(0);
    expect((await drain(stack.env.SCAN_QUEUE_URL)).length).toBe(33);
  });
});
