/**
 * Which period a scheduled report covers. The monthly report runs early in a month and covers
 * the month before; the final report covers the evaluation window's last month. Dates are read
 * in the window's time zone (00:30 on 1 October in Hanoi is still 30 September in UTC).
 */
import { localDate } from '../local-time.ts';
import { previousPeriod, type EvaluationWindow } from '../pipeline/evaluation-window.ts';

/** The period (`YYYY-MM`) a report of `kind` scheduled at `instant` covers. */
export function reportPeriodOf(kind: 'monthly' | 'final', instant: Date, window: EvaluationWindow): string {
  const today = localDate(instant, window.timeZone);
  if (kind === 'monthly') return previousPeriod(today.slice(0, 7));
  const year = Number(today.slice(0, 4));
  const endMonth = window.end.slice(0, 2);
  // A final report run before the window's last month (e.g. in January) is last season's.
  return `${today.slice(5, 7) < endMonth ? year - 1 : year}-${endMonth}`;
}
