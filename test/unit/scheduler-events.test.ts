/**
 * The dispatch and report events are validated by one schema each: what the scheduler sends
 * passes, a hand-typed event with a wrong field is refused with every wrong field named.
 */
import { describe, expect, it } from 'vitest';
import { DISPATCH_EVENT_SCHEMA, InvalidEventError, parseEvent, REPORT_EVENT_SCHEMA } from '../../functions/core/scheduler-events.ts';

describe('scheduler events', () => {
  it.each([
    ['the weekly sweep', DISPATCH_EVENT_SCHEMA, { trigger: 'schedule', scheduledTime: '2026-09-07T01:00:00+07:00' }],
    ['a forced manual sweep', DISPATCH_EVENT_SCHEMA, { trigger: 'manual', force: true }],
    ['the monthly report', REPORT_EVENT_SCHEMA, { kind: 'monthly', scheduledTime: '2026-10-01T00:00:00Z' }],
    ['a round report by hand', REPORT_EVENT_SCHEMA, { kind: 'round', year: 2026 }],
    ['one letter by hand', REPORT_EVENT_SCHEMA, { kind: 'self-review', runId: '20260901T0100Z-schedule', organisation: 'Bộ Tài chính' }],
    ['a period regenerated', REPORT_EVENT_SCHEMA, { period: '2026-09' }],
  ])('accepts %s', (_name, schema, event) => {
    // Prepare: the event above / Act
    const parsed = parseEvent(schema, event, 'test');
    // Assess
    expect(parsed).toEqual(event);
  });

  it('treats an absent event as the empty one and drops unknown fields', () => {
    // Prepare / Act
    const absent = parseEvent(DISPATCH_EVENT_SCHEMA, undefined, 'dispatch');
    const extra = parseEvent(REPORT_EVENT_SCHEMA, { kind: 'monthly', 'detail-type': 'Scheduled Event' }, 'report');
    // Assess
    expect(absent).toEqual({});
    expect(extra).toEqual({ kind: 'monthly' });
  });

  it('refuses a hand-typed event naming every wrong field', () => {
    // Prepare: the period as an official writes it, a year as text, a time that is not one
    const event = { kind: 'monthy', period: '09/2026', year: '2026', scheduledTime: 'thứ hai' };
    // Act
    const attempt = () => parseEvent(REPORT_EVENT_SCHEMA, event, 'report');
    // Assess
    expect(attempt).toThrow(InvalidEventError);
    expect(attempt).toThrow(/^report event: field kind: .*; field year: .*; field scheduledTime: not a time \(ISO 8601\); field period: not a period \(YYYY-MM\)$/);
  });

  it('refuses a sweep with an unknown trigger or a force that is not a boolean', () => {
    // Prepare / Act
    const attempt = () => parseEvent(DISPATCH_EVENT_SCHEMA, { trigger: 'weekly', force: 'yes' }, 'dispatch');
    // Assess
    expect(attempt).toThrow(/field trigger: .*; field force: /);
  });
});
