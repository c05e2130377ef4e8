/**
 * The schedules derived from the evaluation settings, so that they cannot disagree with the
 * window: the sweep at a frequency, the monthly report only in the months that follow an
 * evaluation month (window Aug–Oct → reports on 1 Sep, 1 Oct and 1 Nov, each about the month
 * before). EventBridge Scheduler cron: minutes hours day-of-month month day-of-week year.
 */
import type { EvaluationConfig, SweepFrequency } from './config.ts';

/** Local time (in the window's time zone) at which sweeps start: night, when the portals are quiet. */
export const SWEEP_TIME = { hour: 1, minute: 0 } as const;
/** Local time of the monthly report, on the 1st: after the night's work, before office hours. */
export const MONTHLY_REPORT_TIME = { hour: 7, minute: 0 } as const;

/** The sweep cron: Mondays for `weekly`, every day for `daily`. */
export function sweepCron(frequency: SweepFrequency): string {
  const { hour, minute } = SWEEP_TIME;
  return frequency === 'weekly' ? `cron(${minute} ${hour} ? * MON *)` : `cron(${minute} ${hour} * * ? *)`;
}

/** The months (1–12) that follow an evaluation month, in calendar order. */
export function reportMonths(window: Pick<EvaluationConfig, 'windowStart' | 'windowEnd'>): number[] {
  const first = Number(window.windowStart.slice(0, 2));
  const last = Number(window.windowEnd.slice(0, 2));
  const months = new Set<number>();
  for (let month = first; month <= last; month++) months.add((month % 12) + 1);
  return [...months].sort((a, b) => a - b);
}

/** The monthly report cron: the 1st of each month that follows an evaluation month. */
export function monthlyReportCron(window: Pick<EvaluationConfig, 'windowStart' | 'windowEnd'>): string {
  const { hour, minute } = MONTHLY_REPORT_TIME;
  return `cron(${minute} ${hour} 1 ${reportMonths(window).join(',')} ? *)`;
}

/**
 * The self-review letters go out at 07:00 on the first day of the month before the window
 * opens (1 July for a window from 1 August), so agencies can answer before it starts.
 */
export function selfReviewCron(windowStart: string): string {
  const month = Number(windowStart.slice(0, 2));
  return `cron(0 7 1 ${month === 1 ? 12 : month - 1} ? *)`;
}
