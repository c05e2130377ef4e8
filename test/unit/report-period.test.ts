import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW } from '../../functions/core/pipeline/evaluation-window.ts';
import { isWindowMonth, reportPeriodOf, roundYearOf } from '../../functions/core/report/report-period.ts';

describe('reportPeriodOf', () => {
  it.each([
    ['00:30 on 1 October in Hanoi (still 30 September UTC)', '2026-09-30T17:30:00.000Z', '2026-09'],
    ['in January covers December of the year before', '2027-01-01T02:00:00.000Z', '2026-12'],
  ] as const)('%s', (_name, instant, expected) => {
    // Act
    const period = reportPeriodOf(new Date(instant), DEFAULT_WINDOW);
    // Assess
    expect(period).toBe(expected);
  });
});

describe('roundYearOf', () => {
  it.each([
    ['07:00 on 5 November in Hanoi covers the window just ended', '2026-11-05T00:00:00.000Z', 2026],
    ['00:30 on 1 November in Hanoi (still 31 October UTC) covers this year', '2026-10-31T17:30:00.000Z', 2026],
    ['on 31 October the window has not ended: last season', '2026-10-31T10:00:00.000Z', 2025],
    ['in February covers last season', '2027-02-03T02:00:00.000Z', 2026],
  ] as const)('%s', (_name, instant, expected) => {
    // Act
    const year = roundYearOf(new Date(instant), DEFAULT_WINDOW);
    // Assess
    expect(year).toBe(expected);
  });
});

describe('isWindowMonth', () => {
  it('knows the window months (August–October) from the others', () => {
    // Act
    const months = ['2026-07', '2026-08', '2026-09', '2026-10', '2026-11'].map((p) => isWindowMonth(p, DEFAULT_WINDOW));
    // Assess
    expect(months).toEqual([false, true, true, true, false]);
  });

  it('handles a window that wraps the year end', () => {
    // Act
    const window = { ...DEFAULT_WINDOW, start: '11-15', end: '02-15' };
    // Assess
    expect(['2026-10', '2026-11', '2027-01', '2027-02', '2027-03'].map((p) => isWindowMonth(p, window))).toEqual([false, true, true, true, false]);
  });
});
