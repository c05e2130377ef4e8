/**
 * Politeness across workers. Each worker limits its own requests per host and per IP, but many
 * Lambda workers run at once, and the component sites of one province usually sit on the same
 * servers. The scan and render queues are therefore FIFO queues whose message group is the
 * site's registrable domain: SQS hands out a group's messages one batch at a time, so two sites
 * of one domain are never scanned at once, while different domains run in parallel.
 */
import type { QueueMessage, ScanMessage } from '../stores.ts';
import { hostnameOf, registrableDomain } from '../url.ts';

/**
 * The message group of a site: its registrable domain (`so-tttt.hanoi.gov.vn` → `hanoi.gov.vn`),
 * or its host name when it has none (an IP literal, a single label).
 */
export function politenessGroup(host: string): string {
  return registrableDomain(host) ?? hostnameOf(host);
}

/**
 * The queue message of one site in one run. The id names both, so that the FIFO queue's
 * de-duplication (five minutes, on this id) drops a resend within a run but never the same
 * site in the next run.
 */
export function siteMessage(body: ScanMessage): QueueMessage<ScanMessage> {
  return { id: `${body.runId}/${body.host}`, body, groupId: politenessGroup(body.host) };
}

/** The reason of a record that was not processed because an earlier record of its group failed. */
export class SkippedAfterGroupFailureError extends Error {
  constructor(readonly group: string) {
    super(`not processed: an earlier message of group ${group} failed in this batch`);
    this.name = 'SkippedAfterGroupFailureError';
  }
}

/**
 * Runs a batch of queue records as a FIFO event source requires: the records of one group one
 * after the other, in batch order; once one fails, the later records of that group are not run
 * and count as failed (so they return to the queue behind it, in order). Groups run in
 * parallel unless `parallel` is false. A record without a group (a standard queue) is a group
 * of its own. The results line up with `records`, as a partial batch response expects.
 */
export async function settleByGroup<T>(
  records: readonly T[],
  groupOf: (record: T) => string | undefined,
  run: (record: T) => Promise<void>,
  options: { parallel: boolean },
): Promise<PromiseSettledResult<void>[]> {
  const results: PromiseSettledResult<void>[] = new Array(records.length);
  const groups = new Map<string, number[]>();
  records.forEach((record, index) => {
    const key = groupOf(record) ?? `\u0000${index}`;
    groups.set(key, [...(groups.get(key) ?? []), index]);
  });
  const failed = new Set<string>();
  const runOne = async (group: string, index: number) => {
    if (failed.has(group)) {
      results[index] = { status: 'rejected', reason: new SkippedAfterGroupFailureError(group) };
      return;
    }
    try {
      await run(records[index]);
      results[index] = { status: 'fulfilled', value: undefined };
    } catch (reason) {
      failed.add(group);
      results[index] = { status: 'rejected', reason };
    }
  };
  if (options.parallel) {
    await Promise.all(
      [...groups].map(async ([group, indexes]) => {
        for (const index of indexes) await runOne(group, index);
      }),
    );
  } else {
    const groupOfIndex = new Map([...groups].flatMap(([group, indexes]) => indexes.map((index) => [index, group] as const)));
    for (let index = 0; index < records.length; index++) await runOne(groupOfIndex.get(index) as string, index);
  }
  return results;
}
