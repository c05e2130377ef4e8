/**
 * Time as people in Viet Nam read it, and the evaluation period's format. Machine formats (JSON,
 * stored records) keep ISO UTC; everything a person reads (HTML, XLSX, CLI) shows the time in
 * Asia/Ho_Chi_Minh — 17:56 UTC on 2 December is already 00:56 on 3 December in Hanoi.
 */
import type { Lang } from './types.ts';

/** The evaluation's time zone (the default window's, docs/checks.md). */
export const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** An evaluation period, `YYYY-MM`. The one pattern every entry point checks periods with. */
export const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Whether a string is a period `YYYY-MM`. */
export function isPeriod(text: string): boolean {
  return PERIOD_PATTERN.test(text);
}

/** The calendar date (`YYYY-MM-DD`) of an instant in a time zone (default: Viet Nam). */
export function localDate(instant: Date, timeZone: string = VIETNAM_TIME_ZONE): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** The wall-clock fields of an instant in Viet Nam. */
function vietnamParts(instant: Date): Record<'year' | 'month' | 'day' | 'hour' | 'minute', string> {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: VIETNAM_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute') };
}

/**
 * An ISO instant as a person reads it, in Viet Nam's time: `00:56 ngày 03/12/2026` (vi) or
 * `03/12/2026 00:56 (Viet Nam time)` (en). An unreadable value is returned as given.
 */
export function formatLocalTime(iso: string, lang: Lang): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  const p = vietnamParts(instant);
  return lang === 'vi' ? `${p.hour}:${p.minute} ngày ${p.day}/${p.month}/${p.year}` : `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute} (Viet Nam time)`;
}

/** A calendar date `YYYY-MM-DD` as a person reads it: `03/12/2026`. */
export function formatLocalDay(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : day;
}

/**
 * The instant's Viet Nam wall-clock time as a `Date` whose UTC fields carry it: what a
 * spreadsheet date cell needs (spreadsheets have no time zones, they show the fields as stored).
 */
export function vietnamWallClock(iso: string): Date | undefined {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return undefined;
  const p = vietnamParts(instant);
  return new Date(Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute)));
}
