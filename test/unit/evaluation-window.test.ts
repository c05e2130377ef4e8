import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW, isInsideWindow, parseWindow, periodOf, previousPeriod } from '../../functions/core/pipeline/evaluation-window.ts';

describe('evaluation window (Asia/Ho_Chi_Minh)', () => {
  it.each([
    ['2026-07-31T16:59:59Z', false, '2026-07'], // 23:59:59 on 31 July in Hanoi
    ['2026-07-31T17:00:00Z', true, '2026-08'], // 00:00 on 1 August in Hanoi, still 31 July in UTC
    ['2026-09-15T03:00:00Z', true, '2026-09'],
    ['2026-10-31T16:59:59Z', true, '2026-10'], // last second of 31 October in Hanoi
    ['2026-10-31T17:00:00Z', false, '2026-11'],
    ['2026-12-20T00:00:00Z', false, '2026-12'],
  ])('%s is inside: %s, period %s', (iso, inside, period) => {
    // Act & Assess
    expect(isInsideWindow(new Date(iso), DEFAULT_WINDOW)).toBe(inside);
    expect(periodOf(new Date(iso), DEFAULT_WINDOW.timeZone)).toBe(period);
  });

  it('handles a window that wraps the year end', () => {
    const window = parseWindow({ start: '12-01', end: '01-31' });
    expect(isInsideWindow(new Date('2026-12-15T05:00:00Z'), window)).toBe(true);
    expect(isInsideWindow(new Date('2027-01-20T05:00:00Z'), window)).toBe(true);
    expect(isInsideWindow(new Date('2027-02-01T05:00:00Z'), window)).toBe(false);
  });

  it.each([
    [{ start: '8-1' }, /start must be MM-DD/],
    [{ end: '10-32' }, /end must be MM-DD/],
    [{ timeZone: 'Asia/Hanoi-ish' }, /IANA time zone/],
  ])('rejects the bad configuration %j', (input, message) => {
    expect(() => parseWindow(input)).toThrow(message);
  });

  it('gives the previous period across a year boundary', () => {
    expect(previousPeriod('2026-01')).toBe('2025-12');
    expect(previousPeriod('2026-10')).toBe('2026-09');
  });
});
