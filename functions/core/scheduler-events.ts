/**
 * The payloads EventBridge Scheduler (lib/schedules.ts) or an operator sends to the dispatch and
 * report functions, validated by one schema each — like the queue messages
 * (pipeline/scan-message.ts): an event may be typed by hand in the console, so a wrong field is
 * refused with its name before anything starts, instead of becoming a run of the wrong period.
 * The schemas are checked against the handlers' event types at compile time (`satisfies`).
 * Unknown fields are dropped: EventBridge adds none, a newer sender might.
 */
import { z } from 'zod';
import { isPeriod } from './local-time.ts';

const isoTime = z.string().refine((text) => !Number.isNaN(new Date(text).getTime()), { message: 'not a time (ISO 8601)' });

/** The dispatch function's event: a sweep opened by the schedule or by hand. */
export const DISPATCH_EVENT_SCHEMA = z.object({
  trigger: z.enum(['schedule', 'manual', 'demo']).optional(),
  /** ISO time; the scheduler passes `<aws.scheduler.scheduled-time>`. */
  scheduledTime: isoTime.optional(),
  force: z.boolean().optional(),
});

/** The report function's event: a monthly set, the round report, self-review letters, or a period by hand. */
export const REPORT_EVENT_SCHEMA = z.object({
  kind: z.enum(['monthly', 'round', 'self-review']).optional(),
  /** Round year (kind `round`); default: the window that ended last. */
  year: z.number().int().min(2000).max(2100).optional(),
  /** Run to draw the self-review letters from (kind `self-review`); default: the newest. */
  runId: z.string().min(1).optional(),
  /** Only this organisation's self-review letter. */
  organisation: z.string().min(1).optional(),
  /** ISO time; the scheduler passes `<aws.scheduler.scheduled-time>`. */
  scheduledTime: isoTime.optional(),
  /** `YYYY-MM`: generate this period (manual re-generation). */
  period: z.string().refine(isPeriod, { message: 'not a period (YYYY-MM)' }).optional(),
});

export type DispatchEvent = z.infer<typeof DISPATCH_EVENT_SCHEMA>;
export type ReportEvent = z.infer<typeof REPORT_EVENT_SCHEMA>;

/** Raised for an event that does not fit its schema; the message names every wrong field. */
export class InvalidEventError extends Error {
  override name = 'InvalidEventError';
}

/** The event, validated (an absent event is `{}`); throws {@link InvalidEventError}. */
export function parseEvent<S extends z.ZodType>(schema: S, event: unknown, name: string): z.infer<S> {
  const parsed = schema.safeParse(event ?? {});
  if (parsed.success) return parsed.data;
  throw new InvalidEventError(`${name} event: ${problemsOf(parsed.error)}`);
}

/** Every issue of a failed parse as `field <path>: <message>`, joined (queue messages and events). */
export function problemsOf(error: z.ZodError): string {
  return error.issues.map((issue) => `field ${issue.path.join('.') || '(body)'}: ${issue.message}`).join('; ');
}
