/**
 * A batch never outlives its function: a simulated domain of slow sites (every page at the
 * fetcher's 30 s limit, on a virtual clock) arrives in one scan batch. The scan handler stops
 * starting sites when the invocation has less time left than one site's budget and hands the
 * rest back at once; the event source plays Lambda, killing an invocation still running at its
 * timeout. No site may be lost and none may reach the DLQ. Real handler skeleton, DynamoDB
 * (dynalite), S3 (s3rver), SQS FIFO (fauxqs) and the simulated web over sockets; only time is
 * virtual (no wall-clock assertion).
 */
import { ReceiveMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../functions/adapters/aws-clients.ts';
import { DynamoFindingStore } from '../../functions/adapters/dynamo/finding-store.ts';
import { DynamoRunLedger } from '../../functions/adapters/dynamo/run-ledger.ts';
import { DynamoTargetStore } from '../../functions/adapters/dynamo/target-store.ts';
import { S3EvidenceStore } from '../../functions/adapters/s3/evidence-store.ts';
import { SqsVisibility } from '../../functions/adapters/sqs/visibility.ts';
import { SqsWorkQueue } from '../../functions/adapters/sqs/work-queue.ts';
import type { HandlerTelemetry, SweepMetric } from '../../functions/commons/telemetry.ts';
import { politenessGroup, siteMessage } from '../../functions/core/pipeline/politeness.ts';
import type { ScanMessage } from '../../functions/core/stores.ts';
import type { PageFetcher } from '../../functions/core/types.ts';
import { makeHandler } from '../../functions/scan/handler.ts';
import { consumerTimings, MAX_RECEIVE_COUNT, SCAN_BATCH_SIZE } from '../../lib/auditor-stack.ts';
import { PAGE_FETCH_LIMIT_MS } from '../../lib/time-budgets.ts';
import { fetcherForSim } from '../../local/runner/sim-registry.ts';
import { drainQueue } from '../../local/runner/sqs-event-source.ts';
import { startEmbeddedStack, type EmbeddedStack } from '../../local/stack/embedded-stack.ts';
import { startSimWeb, type SimWeb } from '../../local/sim-web/index.ts';

const SAMPLE_PAGES = 3;
const RUN_ID = '20260914T0100Z-schedule';
let sim: SimWeb;
let stack: EmbeddedStack;

beforeAll(async () => {
  sim = await startSimWeb({ seed: 20260901 });
  // The stack's redrive (maxReceiveCount) and a short visibility timeout, so that a batch that
  // timed out would come back (and head for the DLQ) within the test.
  stack = await startEmbeddedStack({ inMemory: true, visibilityTimeoutSeconds: 2, maxReceiveCount: MAX_RECEIVE_COUNT.scan });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await sim?.close();
});

/** The largest registrable domain of reachable non-portal sites in the simulated web. */
function slowDomain(): ScanMessage[] {
  const byGroup = new Map<string, ScanMessage[]>();
  for (const h of sim.manifest.hosts) {
    if (h.role === 'portal' || h.expect.transport !== 'ok' || h.scenario.some((tag) => tag.startsWith('fault:'))) continue;
    const message: ScanMessage = { runId: RUN_ID, url: h.url, host: h.host, role: h.role, org: h.org, source: 'registry', ...(h.parentUrl ? { parentUrl: h.parentUrl } : {}) };
    const group = politenessGroup(h.host);
    byGroup.set(group, [...(byGroup.get(group) ?? []), message]);
  }
  return [...byGroup.values()].sort((a, b) => b.length - a.length)[0];
}

/** The batch as SQS delivers one domain's messages: every record in the domain's group, in order. */
function asOneDomain(event: SQSEvent): SQSEvent {
  return { Records: event.Records.map((r) => ({ ...r, attributes: { ...r.attributes, MessageGroupId: r.attributes.MessageGroupId?.split('#')[0] } })) };
}

describe('a scan batch of slow sites of one domain', () => {
  it('hands back what does not fit in the invocation: every site recorded once, none in the DLQ, no invocation timed out', async () => {
    // Prepare: a virtual clock that every page fetch moves on by the fetcher's per-page limit.
    let virtualNow = 0;
    const real = fetcherForSim(sim);
    const slow: PageFetcher = {
      fetchPage: async (url, options) => {
        const outcome = await real.fetchPage(url, options);
        virtualNow += PAGE_FETCH_LIMIT_MS;
        return outcome;
      },
    };
    const sites = slowDomain();
    expect(sites.length).toBeGreaterThan(SCAN_BATCH_SIZE);
    const clients = createAwsClients(stack.env);
    const { TABLE_NAME: tableName, BUCKET_NAME: bucket, SCAN_QUEUE_URL: queueUrl } = stack.env;
    const findings = new DynamoFindingStore({ client: clients.dynamo, tableName });
    for (let i = 0; i < sites.length; i += 10) {
      await clients.sqs.send(new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: sites.slice(i, i + 10).map((site, j) => {
          // Each in a group of its own: fauxqs hands out one message per FIFO group per receive,
          // where SQS hands a Lambda mapping up to the batch size of one group, in order. The
          // handler below sees them as the one domain they are (see `asOneDomain`).
          const message = siteMessage(site);
          return { Id: `m${j}`, MessageBody: JSON.stringify(message.body), MessageGroupId: `${message.groupId}#${i + j}`, MessageDeduplicationId: `${i + j}` };
        }),
      }));
    }
    const counted: SweepMetric[] = [];
    const telemetry: HandlerTelemetry = { middlewares: [], count: (metric) => void counted.push(metric) };
    const timings = consumerTimings(SAMPLE_PAGES);
    const scan = makeHandler(() => ({
      fetcher: slow,
      findings,
      targets: new DynamoTargetStore({ client: clients.dynamo, tableName }),
      ledger: new DynamoRunLedger({ client: clients.dynamo, tableName }),
      evidence: new S3EvidenceStore({ client: clients.s3, bucket }),
      scanQueue: new SqsWorkQueue({ client: clients.sqs, queueUrl }),
      now: () => new Date('2026-09-14T01:00:00Z'),
      config: { samplePages: SAMPLE_PAGES, maxAttempts: 3, retryBaseSeconds: 1, maxRetryDelaySeconds: 5 },
      recordBudgetMs: timings.scan.recordBudgetMs,
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
      retryLater: (record, delaySeconds) => new SqsVisibility({ client: clients.sqs, queueUrl }).delay(record.receiptHandle, delaySeconds),
    }), telemetry);

    // Act: the stack's batch size and scan timeout, on the virtual clock.
    const stats = await drainQueue({
      sqs: clients.sqs,
      queueUrl,
      batchSize: SCAN_BATCH_SIZE,
      concurrency: 1,
      timeoutMs: timings.scan.timeout.toMilliseconds(),
      clock: () => virtualNow,
      handler: (event, context) => scan(asOneDomain(event), context) as never,
    }).finally(() => real.close());

    // Assess
    const recorded = (await findings.listByRun(RUN_ID)).map((f) => f.host).sort();
    expect(recorded).toEqual(sites.map((s) => s.host).sort());
    const dlq = await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: stack.env.SCAN_DLQ_URL, MaxNumberOfMessages: 10 }));
    expect(dlq.Messages ?? []).toEqual([]);
    expect(stats.timedOutInvocations).toBe(0);
    expect(stats.crashedInvocations).toBe(0);
    // The batch did not fit: some sites were handed back and done by a later invocation.
    expect(counted.filter((m) => m === 'HandedBack').length).toBeGreaterThan(0);
    expect(counted.filter((m) => m === 'SitesScanned')).toHaveLength(sites.length);
  }, 180_000);
});
