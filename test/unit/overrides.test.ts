import { describe, expect, it } from 'vitest';
import { activeOverrides, applyOverrides } from '../../functions/core/overrides.ts';
import { finding, override, portal } from '../../local/sim-records/report-factory.ts';

const HOST = 'haiphong.gov.vn';

describe('activeOverrides', () => {
  it.each([
    ['before until', '2026-10-30', true],
    ['on until (inclusive)', '2026-10-31', true],
    ['the day after until', '2026-11-01', false],
  ])('an override %s applies: %s', (_name, onDate, applies) => {
    // Prepare
    const records = [override(HOST, 'emc-badge', 'pass', { until: '2026-10-31' })];
    // Act
    const active = activeOverrides(records, onDate);
    // Assess
    expect(active.get(HOST)?.has('emc-badge') ?? false).toBe(applies);
  });

  it('ignores cleared overrides, kept for the audit trail', () => {
    // Prepare
    const records = [override(HOST, 'emc-badge', 'pass', { clearedAt: '2026-09-25T00:00:00Z', clearedBy: 'tran.b' })];
    // Act
    const active = activeOverrides(records, '2026-09-30');
    // Assess
    expect(active.size).toBe(0);
  });

  it('the latest non-cleared, unexpired override wins, whatever the input order', () => {
    // Prepare
    const older = override(HOST, 'emc-badge', 'fail', { createdAt: '2026-09-01T00:00:00Z' });
    const latest = override(HOST, 'emc-badge', 'pass', { createdAt: '2026-09-10T00:00:00Z' });
    const clearedNewest = override(HOST, 'emc-badge', 'unknown', { createdAt: '2026-09-20T00:00:00Z', clearedAt: '2026-09-21T00:00:00Z' });
    const expiredNewest = override(HOST, 'emc-badge', 'fail', { createdAt: '2026-09-22T00:00:00Z', until: '2026-09-25' });
    // Act
    const active = activeOverrides([latest, clearedNewest, older, expiredNewest], '2026-09-30');
    // Assess
    expect(active.get(HOST)?.get('emc-badge')).toBe(latest);
  });

  it('keys hosts without www. and case, like every other join', () => {
    // Prepare
    const records = [override('WWW.HaiPhong.gov.vn', 'emc-tracking-code', 'pass')];
    // Act
    const active = activeOverrides(records, '2026-09-30');
    // Assess
    expect([...active.keys()]).toEqual([HOST]);
  });
});

describe('applyOverrides', () => {
  it('replaces the verdict and remembers what the tool said, who decided and why', () => {
    // Prepare
    const audit = finding(portal(HOST, 'UBND thành phố Hải Phòng', 'province'), { 'emc-badge': 'unknown' }).audit;
    const record = override(HOST, 'emc-badge', 'pass', { until: '2026-12-31' });
    // Act
    const effective = applyOverrides(audit, new Map([['emc-badge', record]]));
    // Assess
    expect(effective['emc-badge']).toEqual({
      verdict: 'pass',
      overridden: {
        from: 'unknown',
        reason: record.reason,
        author: record.author,
        createdAt: record.createdAt,
        until: '2026-12-31',
      },
    });
    expect(effective['emc-tracking-code']).toEqual({ verdict: 'pass' });
  });

  it('leaves every verdict as it is when the host has no override', () => {
    // Prepare
    const audit = finding(portal(HOST, 'UBND thành phố Hải Phòng', 'province'), { 'emc-tracking-code': 'fail' }).audit;
    // Act
    const effective = applyOverrides(audit, undefined);
    // Assess
    expect(effective['emc-tracking-code']).toEqual({ verdict: 'fail' });
    expect(effective['component-links-portal']).toEqual({ verdict: 'not-applicable' });
  });
});
