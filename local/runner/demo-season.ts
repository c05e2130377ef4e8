/**
 * The calendar of `gov-audit demo`: one evaluation round played on fixed clocks. A run a week
 * before the window opens (the self-review letters are drawn from it), then one run in each
 * window month, the monthly report of each window month on the 1st of the next, and the round
 * report (with the public results) five days after the window closes. The window is the
 * configured one (its months, days and time zone), never a fixed August–October. Pure: the
 * year comes in, instants come out.
 */
import { periodOf, type EvaluationWindow } from '../../functions/core/pipeline/evaluation-window.ts';
import { roundMonths } from '../../functions/core/report/report-period.ts';

/** One run of the season. */
export interface SeasonStep {
  /** 0: the run before the window; 1…n: the window months, in order (the simulated web's step). */
  step: number;
  /** The run's instant (what a scheduled sweep would pass as its scheduled time). */
  at: Date;
  /** The run's period (`YYYY-MM`), in the window's time zone. */
  period: string;
  /** Window months get a monthly report, generated at this instant. */
  reportAt?: Date;
}

export interface DemoSeason {
  year: number;
  window: EvaluationWindow;
  steps: SeasonStep[];
  /** When the self-review letters are drawn from step 0's run. */
  selfReviewAt: Date;
  /** When the round report and the public results are generated. */
  roundAt: Date;
  /** The steps the simulated web changes at (local/sim-web/season.ts): the second window month (gains) and the last (losses). */
  changeSteps: { gain: number; loss: number };
  /** The window month whose traffic export lacks one portal. */
  trafficGapStep: number;
}

/** Day of the month the window-month runs fall on (inside the window when it starts later or ends earlier). */
const RUN_DAY = 10;

/**
 * Noon UTC of a calendar day: the same calendar day in every time zone from UTC−11 to UTC+11,
 * so periods read in the window's zone are the ones meant. Days past a month's end roll over.
 */
const noonUtc = (year: number, month: number, day: number) => new Date(Date.UTC(year, month - 1, day, 12));

/** The season of the round that starts in `year` under `window`. */
export function demoSeason(year: number, window: EvaluationWindow): DemoSeason {
  const months = roundMonths(year, window);
  const [startMonth, startDay] = window.start.split('-').map(Number);
  const [endMonth, endDay] = window.end.split('-').map(Number);
  const before = noonUtc(year, startMonth, startDay - 7);
  const steps: SeasonStep[] = [{ step: 0, at: before, period: periodOf(before, window.timeZone) }];
  months.forEach((period, i) => {
    const [y, m] = period.split('-').map(Number);
    const low = i === 0 ? startDay : 1;
    const high = i === months.length - 1 ? endDay : 31;
    const at = noonUtc(y, m, Math.min(Math.max(RUN_DAY, low), high));
    steps.push({ step: i + 1, at, period: periodOf(at, window.timeZone), reportAt: noonUtc(y, m + 1, 1) });
  });
  const [lastYear] = months[months.length - 1].split('-').map(Number);
  const last = months.length;
  return {
    year,
    window,
    steps,
    selfReviewAt: noonUtc(before.getUTCFullYear(), before.getUTCMonth() + 1, before.getUTCDate() + 1),
    roundAt: noonUtc(lastYear, endMonth, endDay + 5),
    changeSteps: { gain: Math.min(2, last), loss: last },
    trafficGapStep: Math.min(2, last),
  };
}

/**
 * A clock for one run that starts at `at` and moves one millisecond a reading: findings of one
 * run keep their order (a render recorded after its scan) without reading the machine's time.
 */
export function steppingClock(at: Date): () => Date {
  let ticks = 0;
  return () => new Date(at.getTime() + ticks++);
}
