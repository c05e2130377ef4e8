/**
 * Which period a scheduled report covers. The monthly report runs early in a month and covers
 * the month before; the round report (November) covers the window of its year. Dates are read
 * in the window's time zone (00:30 on 1 October in Hanoi is still 30 September in UTC).
 */
import { localDate } from '../local-time.ts';
import { previousPeriod, type EvaluationWindow } from '../pipeline/evaluation-window.ts';

/** The period (`YYYY-MM`) a monthly report scheduled at `instant` covers: the month before. */
export function reportPeriodOf(instant: Date, window: EvaluationWindow): string {
  return previousPeriod(localDate(instant, window.timeZone).slice(0, 7));
}

/** The year of the round a round report scheduled at `instant` covers: the window that ended last. */
export function roundYearOf(instant: Date, window: EvaluationWindow): number {
  const today = localDate(instant, window.timeZone);
  const year = Number(today.slice(0, 4));
  // A round report run before the window has ended (e.g. in February) is last season's.
  return today.slice(5) > window.end ? year : year - 1;
}

/** Whether a monthly period (`YYYY-MM`) has any day inside the window. */
export function isWindowMonth(period: string, window: EvaluationWindow): boolean {
  const month = period.slice(5, 7);
  const start = window.start.slice(0, 2);
  const end = window.end.slice(0, 2);
  return start <= end ? month >= start && month <= end : month >= start || month <= end;
}
