/**
 * The consumers' shared skeleton (scan and render): records of a group one after the other,
 * partial batch failures, and the deadline — no record starts with less time left than its
 * budget; it and the later records of its group are handed back at once (visibility 0); a
 * record whose processing throws comes back after its back-off, not a whole visibility timeout.
 */
import type { Context, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { makeSqsRecordHandler, type SqsRecordDeps } from '../../functions/commons/sqs-record-handler.ts';
import type { SweepMetric } from '../../functions/commons/telemetry.ts';
import type { ScanMessage } from '../../functions/core/stores.ts';

const BUDGET_MS = 100_000;

function record(id: string, host: string, group: string, receiveCount = 1): SQSRecord {
  const body: ScanMessage = { runId: '20260914T0100Z-schedule', url: `https://${host}/`, host, role: 'component', org: host, source: 'registry' };
  return {
    messageId: id,
    receiptHandle: `rh-${id}`,
    body: JSON.stringify(body),
    attributes: { ApproximateReceiveCount: String(receiveCount), SentTimestamp: '0', SenderId: 'local', ApproximateFirstReceiveTimestamp: '0', MessageGroupId: group },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:ap-southeast-1:000000000000:render.fifo',
    awsRegion: 'ap-southeast-1',
  };
}

/** A handler over a virtual clock: each processed record takes `costMs`; the invocation has `timeoutMs`. */
function harness(costMs: number, parallelGroups: boolean, failing = new Set<string>()) {
  let now = 0;
  const processed: string[] = [];
  const delays: [string, number][] = [];
  const counted: SweepMetric[] = [];
  const deps: SqsRecordDeps = {
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    recordBudgetMs: BUDGET_MS,
    config: { retryBaseSeconds: 30, maxRetryDelaySeconds: 100 },
    retryLater: async (r, delaySeconds) => void delays.push([r.messageId, delaySeconds]),
  };
  const handler = makeSqsRecordHandler(
    {
      name: 'render',
      parallelGroups,
      async process(message: ScanMessage) {
        processed.push(message.host);
        now += costMs;
        if (failing.has(message.host)) throw new TypeError(`bug while scanning ${message.host}`);
        return {};
      },
    },
    () => deps,
    { middlewares: [], count: (metric) => void counted.push(metric) },
  );
  const invoke = (records: SQSRecord[], timeoutMs: number) => {
    const deadline = now + timeoutMs;
    const context = { getRemainingTimeInMillis: () => deadline - now } as Context;
    return handler({ Records: records }, context) as unknown as Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
  };
  return { invoke, processed, delays, counted };
}

describe('the SQS record skeleton', () => {
  it('starts no record with less time left than its budget and hands it and its group back at once', async () => {
    // Prepare: three records of one domain, 80 s each, in an invocation of 250 s.
    const { invoke, processed, delays, counted } = harness(80_000, false);
    const records = [record('a', 'so-yte.hue.gov.vn', 'hue.gov.vn'), record('b', 'so-tc.hue.gov.vn', 'hue.gov.vn'), record('c', 'so-nv.hue.gov.vn', 'hue.gov.vn')];

    // Act
    const response = await invoke(records, 250_000);

    // Assess: a (250 s left) and b (170 s) start; c (90 s < 100 s) does not.
    expect(processed).toEqual(['so-yte.hue.gov.vn', 'so-tc.hue.gov.vn']);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'c' }]);
    expect(delays).toEqual([['c', 0]]);
    expect(counted).toEqual(['HandedBack']);
  });

  it('hands back the whole batch when the invocation starts with too little time, processing nothing', async () => {
    // Prepare
    const { invoke, processed, delays } = harness(10_000, true);
    const records = [record('a', 'a.hue.gov.vn', 'hue.gov.vn'), record('b', 'b.danang.gov.vn', 'danang.gov.vn')];

    // Act
    const response = await invoke(records, BUDGET_MS - 1);

    // Assess
    expect(processed).toEqual([]);
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['a', 'b']);
    expect(delays.sort()).toEqual([['a', 0], ['b', 0]]);
  });

  it('processes the whole batch when it fits', async () => {
    // Prepare
    const { invoke, processed, delays } = harness(50_000, false);
    const records = ['a', 'b', 'c'].map((id) => record(id, `${id}.hue.gov.vn`, 'hue.gov.vn'));

    // Act
    const response = await invoke(records, 3 * BUDGET_MS + 10_000);

    // Assess
    expect(processed).toHaveLength(3);
    expect(response.batchItemFailures).toEqual([]);
    expect(delays).toEqual([]);
  });

  it('returns a record whose processing threw after its back-off, holding back the later ones of its group only', async () => {
    // Prepare: a bug in the scan of one site, at its 1st and at its 3rd delivery.
    const { invoke, processed, delays } = harness(1_000, true, new Set(['so-yte.hue.gov.vn']));

    // Act
    const first = await invoke([record('a', 'so-yte.hue.gov.vn', 'hue.gov.vn'), record('b', 'so-tc.hue.gov.vn', 'hue.gov.vn'), record('c', 'c.danang.gov.vn', 'danang.gov.vn')], 3 * BUDGET_MS);
    const third = await invoke([record('a', 'so-yte.hue.gov.vn', 'hue.gov.vn', 3)], BUDGET_MS * 2);

    // Assess: base 30 s, then 4 × 30 s capped at 100 s; b waits behind a (at once), c is done.
    expect(first.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['a', 'b']);
    expect(third.batchItemFailures).toEqual([{ itemIdentifier: 'a' }]);
    expect(processed).toEqual(['so-yte.hue.gov.vn', 'c.danang.gov.vn', 'so-yte.hue.gov.vn']);
    expect(delays.sort()).toEqual([['a', 100], ['a', 30], ['b', 0]]);
  });
});
