import { describe, expect, it } from 'vitest';
import { BoundedPuts } from '../../functions/core/report/bounded-puts.ts';
import { latestFindingsOf } from '../../functions/core/latest-findings.ts';
import type { FindingRecord, RunRecord } from '../../functions/core/records.ts';
import { finding, portal } from '../../local/sim-records/report-factory.ts';

/** A store whose writes finish only when released, counting how many are in flight. */
function gatedStore() {
  const pending: (() => void)[] = [];
  const stored: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  return {
    stored,
    get maxInFlight() {
      return maxInFlight;
    },
    releaseAll() {
      while (pending.length > 0) pending.shift()?.();
    },
    putObject(key: string) {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      return new Promise<void>((resolve, reject) => {
        pending.push(() => {
          inFlight -= 1;
          if (key === 'bad') reject(new Error('S3 refused bad'));
          else {
            stored.push(key);
            resolve();
          }
        });
      });
    },
  };
}

describe('BoundedPuts', () => {
  it('writes in parallel but never more than the limit at once, and drains every write', async () => {
    // Prepare
    const store = gatedStore();
    const puts = new BoundedPuts(store, 3);
    const releaser = setInterval(() => store.releaseAll(), 1);
    // Act
    for (let i = 0; i < 20; i += 1) await puts.put(`k${i}`, new Uint8Array([i]), 'text/plain');
    await puts.drain();
    clearInterval(releaser);
    // Assess
    expect(store.maxInFlight).toBe(3);
    expect(store.stored.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `k${i}`).sort());
  });

  it('rethrows a failed write instead of losing it', async () => {
    // Prepare
    const store = gatedStore();
    const puts = new BoundedPuts(store, 2);
    await puts.put('good', new Uint8Array(), 'text/plain');
    await puts.put('bad', new Uint8Array(), 'text/plain');
    // Act
    store.releaseAll();
    // Assess
    await expect(puts.drain()).rejects.toThrow('S3 refused bad');
  });
});

describe('latestFindingsOf', () => {
  it('streams every run and keeps one finding per site: the latest recorded, then the later attempt', async () => {
    // Prepare
    const site = portal('hanoi.gov.vn', 'UBND thành phố Hà Nội', 'province');
    const other = portal('www.mof.gov.vn', 'Bộ Tài chính', 'ministry');
    const early = finding(site, { 'emc-badge': 'fail' }, { runId: 'r1', recordedAt: '2026-09-07T02:00:00.000Z' });
    const late = finding(site, {}, { runId: 'r2', recordedAt: '2026-09-21T02:00:00.000Z' });
    const retried = { ...finding(other, {}, { runId: 'r2', recordedAt: '2026-09-21T02:00:00.000Z' }), attempt: 2 };
    const first = finding({ ...other, host: 'mof.gov.vn' }, { 'emc-tracking-code': 'fail' }, { runId: 'r2', recordedAt: '2026-09-21T02:00:00.000Z' });
    const byRun: Record<string, FindingRecord[]> = { r1: [early], r2: [first, late, retried] };
    const streamed: string[] = [];
    const store = {
      async *streamByRun(runId: string) {
        streamed.push(runId);
        yield* byRun[runId];
      },
    };
    // Act
    const latest = await latestFindingsOf([{ runId: 'r1' }, { runId: 'r2' }] as RunRecord[], store);
    // Assess: www.mof.gov.vn and mof.gov.vn are one site; its second attempt wins.
    expect(streamed).toEqual(['r1', 'r2']);
    expect(latest).toHaveLength(2);
    expect(latest.find((f) => f.host === 'hanoi.gov.vn')).toBe(late);
    expect(latest.find((f) => f.host.endsWith('mof.gov.vn'))).toBe(retried);
  });
});
