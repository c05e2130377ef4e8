/**
 * Port: the set of sites enqueued in a run. A host is claimed once per run (a conditional
 * write in DynamoDB), so a component linked from two portals, or a redelivered portal scan,
 * is scanned once. A claim is marked sent only once its message is in the queue: a sender that
 * failed in between (a send error, a timeout) leaves it claimed-but-unsent, and the next claim
 * of that host — the retried invocation — gets it again and sends it. A run is complete when
 * every claimed host has a finding: both counts are derived from stored items, never from
 * counters that a redelivery could double.
 */
import type { QueueMessage, ScanMessage, WorkQueue } from '../stores.ts';
import { siteMessage } from './politeness.ts';

export interface RunLedger {
  /**
   * Claims the hosts for the run; returns those the caller must send: the ones not claimed
   * before, and the ones claimed before but never marked sent.
   */
  claim(runId: string, hosts: readonly string[]): Promise<string[]>;
  /** Records that the hosts' messages are in the queue (a later claim no longer returns them). */
  markSent(runId: string, hosts: readonly string[]): Promise<void>;
  /** How many hosts the run has claimed (sent or not: each is expected to get a finding). */
  countClaimed(runId: string): Promise<number>;
}

/**
 * Messages sent, then marked sent, per step: a failed step leaves at most this many sites to be
 * sent again (one SQS SendMessageBatch holds 10).
 */
export const SEND_STEP = 10;

/**
 * Enqueues the sites of `messages` that the run has not sent yet: claim, then send and mark
 * sent step by step, in order. A failure leaves the unsent claims to the retry (which claims
 * them again); a resend of a message that did go out but was not yet marked is dropped by the
 * FIFO queue's de-duplication (same run and host, same id). Returns how many messages this
 * call sent.
 */
export async function enqueueUnsent(runId: string, messages: readonly ScanMessage[], deps: { ledger: RunLedger; queue: WorkQueue }): Promise<number> {
  if (messages.length === 0) return 0;
  const toSend = new Set(await deps.ledger.claim(runId, messages.map((m) => m.host)));
  const outgoing: QueueMessage<ScanMessage>[] = messages.filter((m) => toSend.has(m.host)).map(siteMessage);
  for (let from = 0; from < outgoing.length; from += SEND_STEP) {
    const step = outgoing.slice(from, from + SEND_STEP);
    await deps.queue.sendBatch(step);
    await deps.ledger.markSent(runId, step.map((m) => m.body.host));
  }
  return outgoing.length;
}
