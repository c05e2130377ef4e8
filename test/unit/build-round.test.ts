import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW } from '../../functions/core/pipeline/evaluation-window.ts';
import { RoundBuilder } from '../../functions/core/report/round/build-round.ts';
import { roundMonths } from '../../functions/core/report/report-period.ts';
import { getRuleSet } from '../../functions/core/report/rule-sets.ts';
import { finding, override, portal, run } from '../../local/sim-records/report-factory.ts';

describe('roundMonths', () => {
  it('lists the window months of the year, and wraps a window over the year end', () => {
    // Act / Assess
    expect(roundMonths(2026, DEFAULT_WINDOW)).toEqual(['2026-08', '2026-09', '2026-10']);
    expect(roundMonths(2026, { ...DEFAULT_WINDOW, start: '11-15', end: '02-15' })).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
  });
});

describe('RoundBuilder', () => {
  const site = portal('hue.gov.vn', 'UBND thành phố Huế', 'province');
  const setup = { year: 2026, window: DEFAULT_WINDOW, ruleSet: getRuleSet('2026.1'), generatedAt: '2026-11-05T00:00:00.000Z', targets: [site] };

  it('refuses months out of window order (a round must read its months in order)', () => {
    // Prepare
    const builder = new RoundBuilder({ ...setup, overrides: [] });
    // Act / Assess
    expect(() => builder.addMonth({ period: '2026-09', findings: [], traffic: [], runs: [] })).toThrow('expected 2026-08, got 2026-09');
    expect(() => builder.finish()).toThrow('Round incomplete: 0 of 3 months added');
  });

  it('keeps an evaluator’s not-applicable when the site was never judged, and counts nothing as judged', () => {
    // Prepare: 2.2a overridden to not-applicable from August; the site never answered.
    const builder = new RoundBuilder({ ...setup, overrides: [override(site.host, 'emc-badge', 'not-applicable', { createdAt: '2026-08-02T00:00:00.000Z' })] });
    const unreachable = { kind: 'timeout', retryable: true, message: 'timeout', url: site.url } as const;
    // Act
    for (const period of builder.periods) {
      builder.addMonth({ period, findings: [finding(site, {}, { runId: `run-${period}`, transport: unreachable, recordedAt: `${period}-10T00:00:00.000Z` })], traffic: [], runs: [run(`run-${period}`, period)] });
    }
    const model = builder.finish();
    // Assess
    const cells = model.sites[0].checks;
    expect(cells['emc-badge']).toMatchObject({ verdict: 'not-applicable', trend: 'unjudged' });
    expect(cells['emc-tracking-code']).toMatchObject({ months: ['unknown', 'unknown', 'unknown'], verdict: 'unknown', trend: 'unjudged' });
    expect(model.summary.overall.checks['emc-tracking-code']).toMatchObject({ judged: 0, passRate: null, unknown: 1 });
  });
});
