import { describe, expect, it } from 'vitest';
import { latestFindingBySite } from '../../functions/core/latest-findings.ts';
import { finding, portal } from '../../local/sim-records/report-factory.ts';

describe('latestFindingBySite', () => {
  const hanoi = portal('hanoi.gov.vn', 'UBND thành phố Hà Nội', 'province');

  it('keeps the latest recordedAt of a site, then the highest attempt', () => {
    // Prepare
    const first = { ...finding(hanoi, { 'emc-tracking-code': 'fail' }, { recordedAt: '2026-09-01T01:00:00.000Z' }), attempt: 1 };
    const later = { ...finding(hanoi, {}, { recordedAt: '2026-09-01T02:00:00.000Z' }), attempt: 1 };
    const retried = { ...finding(hanoi, { 'emc-badge': 'unknown' }, { recordedAt: '2026-09-01T02:00:00.000Z' }), attempt: 2 };
    // Act
    const latest = latestFindingBySite([later, retried, first]);
    // Assess
    expect([...latest.keys()]).toEqual(['hanoi.gov.vn']);
    expect(latest.get('hanoi.gov.vn')).toBe(retried);
  });

  it('treats www. and letter case as the same site', () => {
    // Prepare
    const bare = finding(hanoi, {}, { recordedAt: '2026-09-01T01:00:00.000Z' });
    const www = { ...finding(hanoi, {}, { recordedAt: '2026-09-02T01:00:00.000Z' }), host: 'WWW.Hanoi.gov.vn' };
    // Act
    const latest = latestFindingBySite([bare, www]);
    // Assess
    expect(latest.size).toBe(1);
    expect(latest.get('hanoi.gov.vn')).toBe(www);
  });
});
