/**
 * An organisation's trend over the evaluation season: each criterion's pass rate and its
 * portal's traffic rank, month by month, from the reports of the season's months. Pure: the
 * caller reads each month's points off its model ({@link trendPointsOf}) and passes them oldest first.
 */
import { CHECK_IDS, type CheckId } from '../types.ts';
import type { EvaluationWindow } from '../pipeline/evaluation-window.ts';
import type { ReportModel } from './model.ts';
import { isWindowMonth, roundMonths } from './report-period.ts';

/** One month of an organisation's trend. */
export interface TrendPoint {
  period: string;
  /** Pass rate per criterion; null when nothing was judged (or no run that month). */
  passRates: Record<CheckId, number | null>;
  /** The portal's traffic rank in its league; absent when unranked. */
  rank?: number;
}

export interface OrganisationTrend {
  organisation: string;
  /** Oldest first, one per month of the season up to the report's period. */
  points: TrendPoint[];
}

/**
 * The months of the season up to `period`: from the window's first month of the same season to
 * `period` (`2026-08`…`2026-10` for October with the default window); only `period` itself when
 * it lies outside the window.
 */
export function seasonPeriods(period: string, window: EvaluationWindow): string[] {
  if (!isWindowMonth(period, window)) return [period];
  const [year, month] = period.split('-').map(Number);
  // A window that wraps the year end started the year before for its months after New Year.
  const startYear = month >= Number(window.start.slice(0, 2)) ? year : year - 1;
  const months = roundMonths(startYear, window);
  return months.slice(0, months.indexOf(period) + 1);
}

/** Each organisation's point of one month, read off that month's report model. */
export function trendPointsOf(model: ReportModel): ReadonlyMap<string, TrendPoint> {
  const ranks = new Map<string, number>();
  for (const ranked of model.rankings.flatMap((r) => r.ranked)) if (!ranks.has(ranked.organisation)) ranks.set(ranked.organisation, ranked.rank);
  return new Map(
    model.summary.organisations.map((summary) => {
      const rank = ranks.get(summary.organisation);
      const point: TrendPoint = {
        period: model.period,
        passRates: Object.fromEntries(CHECK_IDS.map((id) => [id, summary.checks[id].passRate ?? null])) as Record<CheckId, number | null>,
        ...(rank !== undefined && { rank }),
      };
      return [summary.organisation, point];
    }),
  );
}

/**
 * Each organisation's trend, from the months' points oldest first (so that a caller keeps the
 * few figures of each month, not its whole model); an organisation absent from a month has no
 * judged criterion and no rank there.
 */
export function trendsOf(organisations: readonly string[], months: readonly { period: string; points: ReadonlyMap<string, TrendPoint> }[]): OrganisationTrend[] {
  return organisations.map((organisation) => ({
    organisation,
    points: months.map(({ period, points }) => points.get(organisation) ?? { period, passRates: Object.fromEntries(CHECK_IDS.map((id) => [id, null])) as Record<CheckId, number | null> }),
  }));
}
