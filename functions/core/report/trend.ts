/**
 * An organisation's trend over the evaluation season: each criterion's pass rate and its
 * portal's traffic rank, month by month, from the reports of the season's months. Pure: the
 * caller builds one model per month ({@link buildReport}) and passes them oldest first.
 */
import { CHECK_IDS, type CheckId } from '../types.ts';
import type { EvaluationWindow } from '../pipeline/evaluation-window.ts';
import type { ReportModel } from './model.ts';

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
  const [year, month] = period.split('-').map(Number);
  const start = Number(window.start.slice(0, 2));
  const end = Number(window.end.slice(0, 2));
  const inside = start <= end ? month >= start && month <= end : month >= start || month <= end;
  if (!inside) return [period];
  const periods: string[] = [];
  let [y, m] = [start <= end || month >= start ? year : year - 1, start];
  for (;;) {
    periods.push(`${y}-${String(m).padStart(2, '0')}`);
    if (y === year && m === month) return periods;
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
}

/** Each organisation's trend (organisations of the last model), from monthly models oldest first. */
export function trendsOf(models: readonly ReportModel[]): OrganisationTrend[] {
  const last = models[models.length - 1];
  if (!last) return [];
  return last.summary.organisations.map(({ organisation }) => ({
    organisation,
    points: models.map((model) => {
      const summary = model.summary.organisations.find((o) => o.organisation === organisation);
      const rank = model.rankings.flatMap((r) => r.ranked).find((r) => r.organisation === organisation)?.rank;
      return {
        period: model.period,
        passRates: Object.fromEntries(CHECK_IDS.map((id) => [id, summary?.checks[id].passRate ?? null])) as Record<CheckId, number | null>,
        ...(rank !== undefined && { rank }),
      };
    }),
  }));
}
