/**
 * The evaluation window (default 1 Aug – 31 Oct, Asia/Ho_Chi_Minh) and the period of a run.
 * Dates are read in the evaluation's time zone, never the machine's: a sweep scheduled at
 * 00:30 on 1 August in Hanoi is still 31 July in UTC.
 */
import { localDate, VIETNAM_TIME_ZONE } from '../local-time.ts';

export interface EvaluationWindow {
  /** First day, `MM-DD`, inclusive. */
  start: string;
  /** Last day, `MM-DD`, inclusive. */
  end: string;
  /** IANA time zone, e.g. `Asia/Ho_Chi_Minh`. */
  timeZone: string;
}

export const DEFAULT_WINDOW: EvaluationWindow = { start: '08-01', end: '10-31', timeZone: VIETNAM_TIME_ZONE };

const MM_DD = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Validates a window (configuration errors name the field). */
export function parseWindow(input: { start?: string; end?: string; timeZone?: string }): EvaluationWindow {
  const window = { ...DEFAULT_WINDOW, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v)) } as EvaluationWindow;
  for (const field of ['start', 'end'] as const) {
    if (!MM_DD.test(window[field])) throw new Error(`evaluation window ${field} must be MM-DD, got "${window[field]}"`);
  }
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: window.timeZone });
  } catch {
    throw new Error(`evaluation window timeZone is not an IANA time zone: "${window.timeZone}"`);
  }
  return window;
}

/** Whether an instant falls inside the window (inclusive), in the window's time zone. Windows may wrap the year end. */
export function isInsideWindow(instant: Date, window: EvaluationWindow): boolean {
  const monthDay = localDate(instant, window.timeZone).slice(5);
  return window.start <= window.end
    ? monthDay >= window.start && monthDay <= window.end
    : monthDay >= window.start || monthDay <= window.end;
}

/** The evaluation period (`YYYY-MM`) of an instant, in the window's time zone. */
export function periodOf(instant: Date, timeZone: string): string {
  return localDate(instant, timeZone).slice(0, 7);
}

/** The period before `YYYY-MM`. */
export function previousPeriod(period: string): string {
  const [year, month] = period.split('-').map(Number);
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}
