import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW } from '../../functions/core/pipeline/evaluation-window.ts';
import { reportPeriodOf } from '../../functions/core/report/report-period.ts';

describe('reportPeriodOf', () => {
  it.each([
    ['monthly, 00:30 on 1 October in Hanoi (still 30 September UTC)', 'monthly', '2026-09-30T17:30:00.000Z', '2026-09'],
    ['monthly in January covers December of the year before', 'monthly', '2027-01-01T02:00:00.000Z', '2026-12'],
    ['final on 1 November covers October', 'final', '2026-10-31T18:00:00.000Z', '2026-10'],
    ['final on 31 October covers October', 'final', '2026-10-31T10:00:00.000Z', '2026-10'],
    ['final run in February covers last season', 'final', '2027-02-03T02:00:00.000Z', '2026-10'],
  ] as const)('%s', (_name, kind, instant, expected) => {
    // Act
    const period = reportPeriodOf(kind, new Date(instant), DEFAULT_WINDOW);
    // Assess
    expect(period).toBe(expected);
  });
});
