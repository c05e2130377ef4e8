import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW } from '../../functions/core/pipeline/evaluation-window.ts';
import { seasonPeriods } from '../../functions/core/report/trend.ts';

describe('seasonPeriods', () => {
  it('runs from the window’s first month to the report’s period', () => {
    expect(seasonPeriods('2026-10', DEFAULT_WINDOW)).toEqual(['2026-08', '2026-09', '2026-10']);
    expect(seasonPeriods('2026-08', DEFAULT_WINDOW)).toEqual(['2026-08']);
  });

  it('is the period alone outside the window, and follows a window across the year end', () => {
    expect(seasonPeriods('2026-12', DEFAULT_WINDOW)).toEqual(['2026-12']);
    expect(seasonPeriods('2027-01', { start: '11-15', end: '02-10', timeZone: 'Asia/Ho_Chi_Minh' })).toEqual(['2026-11', '2026-12', '2027-01']);
  });
});
