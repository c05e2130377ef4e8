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

/** The window's months (`YYYY-MM`) of the round that starts in `year`; a window may wrap the year end. */
export function roundMonths(year: number, window: EvaluationWindow): string[] {
  const start = Number(window.start.slice(0, 2));
  const end = Number(window.end.slice(0, 2));
  const count = end >= start ? end - start + 1 : 12 - start + end + 1;
  return Array.from({ length: count }, (_, i) => {
    const month = ((start - 1 + i) % 12) + 1;
    return `${year + Math.floor((start - 1 + i) / 12)}-${String(month).padStart(2, '0')}`;
  });
}

/** Whether a monthly period (`YYYY-MM`) has any day inside the window. */
export function isWindowMonth(period: string, window: EvaluationWindow): boolean {
  const month = period.slice(5, 7);
  const start = window.start.slice(0, 2);
  const end = window.end.slice(0, 2);
  return start <= end ? month >= start && month <= end : month >= start || month <= end;
}
