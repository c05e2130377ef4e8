import { describe, expect, it } from 'vitest';
import { politenessGroup, settleByGroup, siteMessage, SkippedAfterGroupFailureError } from '../../functions/core/pipeline/politeness.ts';
import type { ScanMessage } from '../../functions/core/stores.ts';
import { withLaterRecordsOfFailedGroups } from '../../local/runner/sqs-event-source.ts';

describe('politenessGroup', () => {
  it.each([
    { host: 'so-tttt.hanoi.gov.vn', group: 'hanoi.gov.vn' },
    { host: 'hanoi.gov.vn', group: 'hanoi.gov.vn' },
    { host: 'WWW.Hanoi.gov.vn.', group: 'hanoi.gov.vn' },
    { host: 'sotttt.laocai.gov.vn:8443', group: 'laocai.gov.vn' },
    { host: 'mic.gov.vn', group: 'mic.gov.vn' },
    { host: 'cong-an.bocongan.gov.vn', group: 'bocongan.gov.vn' },
    { host: 'dulich.quangninh.gov.vn', group: 'quangninh.gov.vn' },
    { host: '203.113.1.7', group: '203.113.1.7' },
    { host: 'intranet', group: 'intranet' },
  ])('$host → $group', ({ host, group }) => {
    // Prepare, Act
    const actual = politenessGroup(host);
    // Assess
    expect(actual).toBe(group);
  });
});

describe('siteMessage', () => {
  it('groups by registrable domain and names the run in the id, so the next run is not de-duplicated away', () => {
    // Prepare
    const body: ScanMessage = { runId: '20260907T0100Z-schedule', url: 'https://so-yte.hanoi.gov.vn/', host: 'so-yte.hanoi.gov.vn', role: 'component', source: 'registry' };
    // Act
    const first = siteMessage(body);
    const next = siteMessage({ ...body, runId: '20261007T0100Z-schedule' });
    // Assess
    expect(first).toEqual({ id: '20260907T0100Z-schedule/so-yte.hanoi.gov.vn', body, groupId: 'hanoi.gov.vn' });
    expect(next.id).not.toBe(first.id);
    expect(next.groupId).toBe(first.groupId);
  });
});

interface Rec {
  id: string;
  group?: string;
}

/** Runs a batch, failing the listed ids, and records the order and overlap of the runs. */
async function settle(records: Rec[], failing: string[], parallel: boolean) {
  const ran: string[] = [];
  const running = new Map<string, number>();
  let maxPerGroup = 0;
  let maxTotal = 0;
  const results = await settleByGroup(
    records,
    (r) => r.group,
    async (r) => {
      const key = r.group ?? r.id;
      running.set(key, (running.get(key) ?? 0) + 1);
      maxPerGroup = Math.max(maxPerGroup, running.get(key)!);
      maxTotal = Math.max(maxTotal, [...running.values()].reduce((a, b) => a + b, 0));
      await new Promise((resolve) => setTimeout(resolve, 5));
      ran.push(r.id);
      running.set(key, running.get(key)! - 1);
      if (failing.includes(r.id)) throw new Error(`${r.id} failed`);
    },
    { parallel },
  );
  return { results, ran, maxPerGroup, maxTotal };
}

describe('settleByGroup', () => {
  const batch: Rec[] = [
    { id: 'a1', group: 'hanoi.gov.vn' },
    { id: 'b1', group: 'laocai.gov.vn' },
    { id: 'a2', group: 'hanoi.gov.vn' },
    { id: 'b2', group: 'laocai.gov.vn' },
    { id: 'a3', group: 'hanoi.gov.vn' },
  ];

  it('runs the records of one group one at a time and in order, different groups at once', async () => {
    // Prepare, Act
    const { results, ran, maxPerGroup, maxTotal } = await settle(batch, [], true);
    // Assess
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(maxPerGroup).toBe(1);
    expect(maxTotal).toBe(2);
    expect(ran.filter((id) => id.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
  });

  it.each([true, false])('after a failure, returns the later records of that group unprocessed as failed, other groups untouched (parallel %s)', async (parallel) => {
    // Prepare, Act
    const { results, ran } = await settle(batch, ['a2'], parallel);
    // Assess
    expect(ran).not.toContain('a3');
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect((results[2] as PromiseRejectedResult).reason).toEqual(new Error('a2 failed'));
    expect((results[4] as PromiseRejectedResult).reason).toBeInstanceOf(SkippedAfterGroupFailureError);
  });

  it('keeps records without a group (a standard queue) independent and parallel', async () => {
    // Prepare
    const standard: Rec[] = [{ id: 'x' }, { id: 'y' }, { id: 'z' }];
    // Act
    const { results, maxTotal } = await settle(standard, ['x'], true);
    // Assess
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(maxTotal).toBe(3);
  });

  it('runs one record at a time, in batch order, when not parallel', async () => {
    // Prepare, Act
    const { ran, maxTotal } = await settle(batch, [], false);
    // Assess
    expect(ran).toEqual(['a1', 'b1', 'a2', 'b2', 'a3']);
    expect(maxTotal).toBe(1);
  });
});

describe('withLaterRecordsOfFailedGroups (the local FIFO event source)', () => {
  const message = (id: string, group?: string) => ({ MessageId: id, ...(group ? { Attributes: { MessageGroupId: group } } : {}) });

  it.each([
    { name: 'a later record of a failed group fails too', failed: ['a1'], expected: ['a1', 'a2'] },
    { name: 'an earlier record of a failed group stands', failed: ['a2'], expected: ['a2'] },
    { name: 'no failure, nothing added', failed: [], expected: [] },
    { name: 'standard-queue records stay independent', failed: ['s1'], expected: ['s1'] },
  ])('$name', ({ failed, expected }) => {
    // Prepare
    const messages = [message('a1', 'hanoi.gov.vn'), message('b1', 'laocai.gov.vn'), message('s1'), message('a2', 'hanoi.gov.vn'), message('s2')];
    // Act
    const result = withLaterRecordsOfFailedGroups(messages, new Set(failed));
    // Assess
    expect([...result].sort()).toEqual(expected);
  });
});
