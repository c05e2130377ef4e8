import { describe, expect, it } from 'vitest';
import { formatLocalDay, formatLocalTime, isPeriod, localDate, vietnamWallClock } from '../../functions/core/local-time.ts';

describe('Viet Nam time for people', () => {
  it('shows 17:56 UTC on 2 December as 00:56 on 3 December, Vietnamese format', () => {
    expect(formatLocalTime('2026-12-02T17:56:56.830Z', 'vi')).toBe('00:56 ngày 03/12/2026');
    expect(formatLocalTime('2026-12-02T17:56:56.830Z', 'en')).toBe('03/12/2026 00:56 (Viet Nam time)');
    expect(localDate(new Date('2026-12-02T17:56:56.830Z'))).toBe('2026-12-03');
    expect(formatLocalDay('2026-10-31')).toBe('31/10/2026');
  });

  it('gives spreadsheets the Viet Nam wall clock (their dates have no zone)', () => {
    expect(vietnamWallClock('2026-12-02T17:56:56.830Z')?.toISOString()).toBe('2026-12-03T00:56:00.000Z');
    expect(vietnamWallClock('not a date')).toBeUndefined();
  });

  it('checks periods with one pattern', () => {
    expect(['2026-09', '2026-12'].map(isPeriod)).toEqual([true, true]);
    expect(['2026-13', '2026-9', '2026-09-01', ''].map(isPeriod)).toEqual([false, false, false, false]);
  });
});
