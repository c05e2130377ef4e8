import { describe, expect, it } from 'vitest';
import { buildReport } from '../../functions/core/report/build-report.ts';
import { coverageWarningTexts } from '../../functions/core/report/labels.ts';
import { organisationSlug, organisationsOf, sliceForOrganisation } from '../../functions/core/report/slice.ts';
import { checkResult, component, finding, override, portal, reportInput, traffic } from '../../local/sim-records/report-factory.ts';

/** A small registry: two provinces with components, three ministries. */
const haiphong = portal('haiphong.gov.vn', 'UBND thành phố Hải Phòng', 'province');
const hanoi = portal('hanoi.gov.vn', 'UBND thành phố Hà Nội', 'province');
const hue = portal('hue.gov.vn', 'UBND thành phố Huế', 'province');
const sotp = component('sotp.haiphong.gov.vn', 'Sở Tư pháp Hải Phòng', haiphong);
const soyte = component('soyte.haiphong.gov.vn', 'Sở Y tế Hải Phòng', haiphong);
const sonv = component('sonv.hanoi.gov.vn', 'Sở Nội vụ Hà Nội', hanoi);
const mof = portal('mof.gov.vn', 'Bộ Tài chính', 'ministry');
const moh = portal('moh.gov.vn', 'Bộ Y tế', 'ministry');
const mst = portal('mst.gov.vn', 'Bộ Khoa học và Công nghệ', 'ministry');
const targets = [haiphong, hanoi, hue, sotp, soyte, sonv, mof, moh, mst];

describe('buildReport: rankings', () => {
  it('ranks by visits descending, ties by organisation name, with rank change, and lists portals without data', () => {
    // Prepare
    const input = reportInput({
      targets,
      traffic: [traffic(haiphong, 50_000), traffic(hanoi, 50_000), traffic(mof, 9_000), traffic(moh, 12_000), traffic(sotp, 999_999)],
      previousTraffic: [traffic(haiphong, 70_000, '2026-08'), traffic(hanoi, 10_000, '2026-08'), traffic(moh, 1, '2026-08'), traffic(mof, 2, '2026-08')],
    });
    // Act
    const model = buildReport(input);
    // Assess
    const provinces = model.rankings.find((r) => r.league === 'province')!;
    expect(provinces.ranked.map((r) => [r.rank, r.host, r.visits, r.previousRank, r.rankChange])).toEqual([
      // "Hà Nội" sorts before "Hải Phòng" in Vietnamese order (a < ả).
      [1, 'hanoi.gov.vn', 50_000, 2, 1],
      [2, 'haiphong.gov.vn', 50_000, 1, -1],
    ]);
    expect(provinces.noData).toEqual([
      { organisation: 'UBND thành phố Huế', host: 'hue.gov.vn', reason: expect.objectContaining({ vi: expect.stringContaining('Không có số liệu EMC') }) },
    ]);
    const ministries = model.rankings.find((r) => r.league === 'ministry')!;
    expect(ministries.ranked.map((r) => [r.rank, r.host, r.rankChange])).toEqual([
      [1, 'moh.gov.vn', 1],
      [2, 'mof.gov.vn', -1],
    ]);
    expect(ministries.noData.map((r) => r.host)).toEqual(['mst.gov.vn']);
  });
});

describe('buildReport: compliance', () => {
  it('names the components a portal does not link to, from the 2.2b check data and the registry', () => {
    // Prepare
    const linksFail = checkResult('portal-links-components', 'fail', {
      data: {
        components: [
          { host: 'sotp.haiphong.gov.vn', url: 'https://sotp.haiphong.gov.vn/', source: 'registry', linked: false },
          { host: 'soyte.haiphong.gov.vn', url: 'https://soyte.haiphong.gov.vn/', source: 'registry', linked: true, kind: 'a', region: 'footer' },
          { host: 'xa-an-lu.haiphong.gov.vn', url: 'https://xa-an-lu.haiphong.gov.vn/', source: 'discovered', linked: false },
        ],
        linked: 1,
        total: 3,
      },
    });
    const input = reportInput({ targets, findings: [finding(haiphong, { 'portal-links-components': linksFail })] });
    // Act
    const model = buildReport(input);
    // Assess
    const row = model.portals.find((p) => p.host === 'haiphong.gov.vn')!;
    expect(row.checks['portal-links-components']?.verdict).toBe('fail');
    expect(row.missingComponents).toEqual([
      { host: 'sotp.haiphong.gov.vn', name: 'Sở Tư pháp Hải Phòng' },
      { host: 'xa-an-lu.haiphong.gov.vn' },
    ]);
    expect(row.checks['component-links-portal']).toBeUndefined();
  });

  it('gives unknowns their reasons: unreachable site, not scanned, not decidable', () => {
    // Prepare
    const input = reportInput({
      targets,
      findings: [
        finding(hanoi, {}, { transport: { kind: 'timeout', retryable: true, message: 'headers timeout', url: 'https://hanoi.gov.vn/' } }),
        finding(haiphong, { 'emc-badge': 'unknown' }),
      ],
    });
    // Act
    const model = buildReport(input);
    // Assess
    const reasons = (host: string) => model.unknowns.filter((u) => u.host === host).map((u) => [u.check, u.reason.vi]);
    expect(reasons('hanoi.gov.vn')).toEqual([
      ['emc-tracking-code', 'Máy chủ không trả lời trong thời gian cho phép'],
      ['emc-badge', 'Máy chủ không trả lời trong thời gian cho phép'],
      ['portal-links-components', 'Máy chủ không trả lời trong thời gian cho phép'],
    ]);
    expect(reasons('haiphong.gov.vn')).toEqual([['emc-badge', 'Có mã, chưa xác minh được nhãn bằng phân tích tĩnh']]);
    expect(reasons('mst.gov.vn')).toEqual([
      ['emc-tracking-code', 'Chưa được quét trong kỳ đánh giá này'],
      ['emc-badge', 'Chưa được quét trong kỳ đánh giá này'],
      ['portal-links-components', 'Chưa được quét trong kỳ đánh giá này'],
    ]);
  });

  it('counts pass/fail/unknown per organisation and overall, rates over judged sites only', () => {
    // Prepare
    const input = reportInput({
      targets: [haiphong, sotp, soyte],
      findings: [
        finding(haiphong, { 'emc-badge': 'unknown' }),
        finding(sotp, { 'emc-tracking-code': 'fail', 'component-links-portal': 'fail' }),
        // soyte not scanned: unknown everywhere, never fail
      ],
    });
    // Act
    const model = buildReport(input);
    // Assess
    const org = model.summary.organisations[0];
    expect(org.organisation).toBe('UBND thành phố Hải Phòng');
    expect(org).toMatchObject({ sites: 3, portals: 1, components: 2 });
    expect(org.checks['emc-tracking-code']).toEqual({ pass: 1, fail: 1, unknown: 1, notApplicable: 0, judged: 2, passRate: 0.5 });
    expect(org.checks['emc-badge']).toEqual({ pass: 1, fail: 0, unknown: 2, notApplicable: 0, judged: 1, passRate: 1 });
    expect(org.checks['component-links-portal']).toEqual({ pass: 0, fail: 1, unknown: 1, notApplicable: 0, judged: 1, passRate: 0 });
    expect(model.summary.overall.all).toEqual({ pass: 3, fail: 2, unknown: 4, notApplicable: 0, judged: 5, passRate: 0.6 });
  });

  it('groups components under their portal and keeps fail evidence reachable from the row', () => {
    // Prepare
    const input = reportInput({ targets, findings: [finding(sotp, { 'emc-tracking-code': 'fail' }), finding(sonv)] });
    // Act
    const model = buildReport(input);
    // Assess
    expect(model.components.map((g) => [g.portalHost, g.rows.map((r) => r.host)])).toEqual([
      ['hanoi.gov.vn', ['sonv.hanoi.gov.vn']],
      ['haiphong.gov.vn', ['sotp.haiphong.gov.vn', 'soyte.haiphong.gov.vn']],
    ]);
    const row = model.components[1].rows[0];
    expect(row.checks['emc-tracking-code']?.evidence[0].kind).toBe('note');
    expect(row.evidenceKeys).toEqual(['evidence/run-2026-09/sotp.haiphong.gov.vn/homepage.html']);
    expect(Object.keys(row.checks)).toEqual(['emc-tracking-code', 'emc-badge', 'component-links-portal']);
  });

  it('shows overridden verdicts as such and keeps the audit trail of all overrides', () => {
    // Prepare
    const input = reportInput({
      targets,
      findings: [finding(haiphong, { 'emc-badge': 'unknown' })],
      overrides: [
        override('haiphong.gov.vn', 'emc-badge', 'fail', { createdAt: '2026-09-01T00:00:00Z' }),
        override('haiphong.gov.vn', 'emc-badge', 'pass', { createdAt: '2026-09-20T00:00:00Z', until: '2026-10-31' }),
        override('haiphong.gov.vn', 'emc-tracking-code', 'fail', { until: '2026-09-15' }),
      ],
    });
    // Act
    const model = buildReport(input);
    // Assess
    const cell = model.portals.find((p) => p.host === 'haiphong.gov.vn')!.checks['emc-badge']!;
    expect(cell).toMatchObject({ verdict: 'pass', auto: 'unknown', overridden: { from: 'unknown', author: 'nguyen.van.a@stttt.gov.vn', until: '2026-10-31' } });
    expect(model.overrides.map((o) => [o.check, o.verdict, o.state])).toEqual([
      ['emc-badge', 'fail', 'superseded'],
      ['emc-badge', 'pass', 'active'],
      ['emc-tracking-code', 'fail', 'expired'],
    ]);
    expect(model.methodology.overridesOn).toBe('2026-10-01');
  });
});

describe('buildReport: changes since the previous period', () => {
  it('lists new failures and fixes per check, with effective verdicts', () => {
    // Prepare
    const previous = [
      finding(haiphong, { 'emc-tracking-code': 'fail' }, { runId: 'run-2026-08' }),
      finding(hanoi, {}, { runId: 'run-2026-08' }),
      finding(mof, { 'emc-badge': 'fail' }, { runId: 'run-2026-08' }),
    ];
    const current = [
      finding(haiphong),
      finding(hanoi, { 'emc-tracking-code': 'fail' }),
      finding(mof, {}, { transport: { kind: 'dns', retryable: false, message: 'ENOTFOUND', url: 'https://mof.gov.vn/' } }),
      finding(sotp, { 'component-links-portal': 'fail' }),
    ];
    const input = reportInput({ targets, findings: current, previousFindings: previous });
    // Act
    const model = buildReport(input);
    // Assess
    expect(model.changes.map((c) => [c.kind, c.host, c.check, c.from, c.to])).toEqual([
      // Vietnamese order: "Hà Nội" before "Hải Phòng".
      ['new-failure', 'hanoi.gov.vn', 'emc-tracking-code', 'pass', 'fail'],
      ['new-failure', 'sotp.haiphong.gov.vn', 'component-links-portal', undefined, 'fail'],
      ['fixed', 'haiphong.gov.vn', 'emc-tracking-code', 'fail', 'pass'],
      ['became-unknown', 'mof.gov.vn', 'emc-tracking-code', 'pass', 'unknown'],
      ['became-unknown', 'mof.gov.vn', 'emc-badge', 'fail', 'unknown'],
      ['became-unknown', 'mof.gov.vn', 'portal-links-components', 'pass', 'unknown'],
    ]);
    expect(model.changeCounts['emc-tracking-code']).toEqual({ 'new-failure': 1, fixed: 1, 'became-unknown': 1 });
    expect(model.summary.overall.previous?.checks['emc-tracking-code']).toMatchObject({ pass: 2, fail: 1 });
  });

  it('reports no changes when there is no previous period', () => {
    // Prepare
    const input = reportInput({ targets, findings: [finding(hanoi, { 'emc-tracking-code': 'fail' })] });
    // Act
    const model = buildReport(input);
    // Assess
    expect(model.changes).toEqual([]);
    expect(model.summary.overall.previous).toBeUndefined();
  });

  it('takes the latest finding of a host when a run delivered it twice', () => {
    // Prepare
    const first = finding(hanoi, { 'emc-tracking-code': 'fail' }, { recordedAt: '2026-09-15T02:00:00Z' });
    const retry = finding(hanoi, {}, { recordedAt: '2026-09-15T02:05:00Z' });
    // Act
    const model = buildReport(reportInput({ targets, findings: [retry, first] }));
    // Assess
    expect(model.portals.find((p) => p.host === 'hanoi.gov.vn')!.checks['emc-tracking-code']?.verdict).toBe('pass');
  });
});

describe('buildReport: methodology', () => {
  it('states the rule set, citations, scan dates and sampled pages', () => {
    // Prepare
    const input = reportInput({
      targets,
      findings: [finding(hanoi, {}, { startedAt: '2026-09-14T01:00:00Z' }), finding(hue, {}, { startedAt: '2026-09-16T01:00:00Z' })],
    });
    // Act
    const m = buildReport(input).methodology;
    // Assess
    expect(m.ruleSetVersion).toBe('2026.1');
    expect(m.legal.map((l) => l.citation).join(' ')).toMatch(/22\/2023\/TT-BTTTT.*2820.*1612\/STTTT-CNTT.*224\/2026/);
    expect(m.scanDates).toEqual({ from: '2026-09-14T01:00:00Z', to: '2026-09-16T01:00:00Z' });
    expect(m.sampledPages).toEqual({ sitesScanned: 2, pagesJudged: 4, pagesFailed: 2, maxPerSite: 3 });
    expect(m.runs.map((r) => r.runId)).toEqual(['run-2026-09']);
  });
});

describe('buildReport: the evaluation window', () => {
  it('names the configured window, not the default one, when the period lies outside it', () => {
    // Prepare: a window of 15 September – 30 November; August is outside, October inside.
    const window = { start: '09-15', end: '11-30', timeZone: 'Asia/Ho_Chi_Minh' };
    // Act
    const august = buildReport(reportInput({ targets, period: '2026-08', previousPeriod: '2026-07', window }));
    const october = buildReport(reportInput({ targets, period: '2026-10', window }));
    // Assess
    expect(august.coverage.warnings).toContain('outside-window');
    expect(august.outsideWindow).toEqual({
      vi: 'Kỳ này nằm ngoài thời gian đánh giá (15/09–30/11): kết quả chỉ để tham khảo.',
      en: 'This period lies outside the evaluation window (15 Sep – 30 Nov): results are for reference only.',
    });
    expect(coverageWarningTexts(august)).toContainEqual(august.outsideWindow);
    expect(october.outsideWindow).toBeUndefined();
    expect(coverageWarningTexts(october)).not.toContainEqual(expect.objectContaining({ vi: expect.stringContaining('ngoài thời gian') }));
  });
});

describe('sliceForOrganisation', () => {
  it('keeps one organisation’s sites, changes and unknowns, and the whole league ranking', () => {
    // Prepare
    const model = buildReport(
      reportInput({
        targets,
        findings: [finding(haiphong), finding(sotp, { 'emc-tracking-code': 'fail' }), finding(hanoi, { 'emc-badge': 'fail' })],
        previousFindings: [finding(haiphong, {}, { runId: 'run-2026-08' })],
        traffic: [traffic(haiphong, 10), traffic(hanoi, 20)],
      }),
    );
    // Act
    const slice = sliceForOrganisation(model, 'UBND thành phố Hải Phòng');
    // Assess
    expect(slice.scope).toEqual({ kind: 'organisation', organisation: 'UBND thành phố Hải Phòng' });
    expect(slice.portals.map((p) => p.host)).toEqual(['haiphong.gov.vn']);
    expect(slice.components.flatMap((g) => g.rows.map((r) => r.host))).toEqual(['sotp.haiphong.gov.vn', 'soyte.haiphong.gov.vn']);
    expect(slice.summary.overall.sites).toBe(3);
    expect(slice.changes.every((c) => c.organisation === 'UBND thành phố Hải Phòng')).toBe(true);
    expect(slice.changes.some((c) => c.host === 'hanoi.gov.vn')).toBe(false);
    expect(slice.changeCounts['emc-tracking-code']['new-failure']).toBe(1);
    expect(slice.unknowns.every((u) => u.organisation === 'UBND thành phố Hải Phòng')).toBe(true);
    expect(slice.rankings.find((r) => r.league === 'province')!.ranked).toHaveLength(2);
    expect(organisationsOf(model)).toContain('UBND thành phố Hải Phòng');
    expect(organisationSlug('UBND thành phố Hải Phòng')).toBe('ubnd-thanh-pho-hai-phong');
    expect(() => sliceForOrganisation(model, 'Không tồn tại')).toThrow(/Không tồn tại/);
  });
  it('gives each standalone site to its own organisation, not to the first of the standalone group', () => {
    // Prepare: two standalone sites of two organisations (no portal): one group in the model.
    const museum = portal('baotang.gov.vn', 'Bảo tàng Dân tộc học Việt Nam', 'other', { role: 'standalone' });
    const library = portal('nlv.gov.vn', 'Thư viện Quốc gia Việt Nam', 'other', { role: 'standalone' });
    const model = buildReport(reportInput({ targets: [...targets, museum, library], findings: [finding(museum, { 'emc-tracking-code': 'fail' }), finding(library)] }));
    // Act
    const museumSlice = sliceForOrganisation(model, museum.org);
    const librarySlice = sliceForOrganisation(model, library.org);
    // Assess
    expect(model.components.find((g) => g.portalHost === undefined)?.rows.map((r) => r.host)).toEqual(['baotang.gov.vn', 'nlv.gov.vn']);
    expect(museumSlice.components.flatMap((g) => g.rows.map((r) => r.host))).toEqual(['baotang.gov.vn']);
    expect(librarySlice.components.flatMap((g) => g.rows.map((r) => r.host))).toEqual(['nlv.gov.vn']);
    expect(librarySlice.components.map((g) => g.organisation)).toEqual([library.org]);
  });
});

describe('buildReport: sites sharing one EMC site id', () => {
  it('lists the groups in the model and keeps, per organisation, only groups involving its sites', () => {
    // Prepare: Hải Phòng's justice department carries Hà Nội's home affairs id; Huế carries Bộ Y tế's registered id.
    const model = buildReport(
      reportInput({
        targets: [...targets.filter((t) => t !== moh), { ...moh, expectedSiteId: '4410' }],
        findings: [
          finding(sotp, {}, { siteId: '227' }),
          finding(sonv, {}, { siteId: '227' }),
          finding(hue, {}, { siteId: '4410' }),
          finding(haiphong),
          finding(mof),
        ],
      }),
    );
    // Act
    const haiphongSlice = sliceForOrganisation(model, 'UBND thành phố Hải Phòng');
    const mofSlice = sliceForOrganisation(model, 'Bộ Tài chính');
    const mohSlice = sliceForOrganisation(model, 'Bộ Y tế');
    // Assess
    expect(model.duplicateSiteIds).toEqual([
      {
        siteId: '227',
        hosts: [
          { host: 'sonv.hanoi.gov.vn', org: 'Sở Nội vụ Hà Nội', via: 'found' },
          { host: 'sotp.haiphong.gov.vn', org: 'Sở Tư pháp Hải Phòng', via: 'found' },
        ],
      },
      {
        siteId: '4410',
        hosts: [
          { host: 'hue.gov.vn', org: 'UBND thành phố Huế', via: 'found' },
          { host: 'moh.gov.vn', org: 'Bộ Y tế', via: 'registered' },
        ],
      },
    ]);
    expect(haiphongSlice.duplicateSiteIds.map((g) => g.siteId)).toEqual(['227']);
    expect(haiphongSlice.duplicateSiteIds[0].hosts.map((h) => h.host)).toContain('sonv.hanoi.gov.vn');
    expect(mohSlice.duplicateSiteIds.map((g) => g.siteId)).toEqual(['4410']);
    expect(mofSlice.duplicateSiteIds).toEqual([]);
  });
});

describe('buildReport at scale', () => {
  it('handles 10,000 sites with current and previous findings, traffic and overrides', () => {
    // Prepare
    const portals = Array.from({ length: 100 }, (_, i) => portal(`p${i}.gov.vn`, `Tỉnh ${i}`, i % 3 === 0 ? 'ministry' : 'province'));
    const comps = Array.from({ length: 9_900 }, (_, i) => component(`c${i}.p${i % 100}.gov.vn`, `Sở ${i}`, portals[i % 100]));
    const all = [...portals, ...comps];
    const input = reportInput({
      targets: all,
      findings: all.map((t, i) => finding(t, i % 7 === 0 ? { 'emc-tracking-code': 'fail' } : {})),
      previousFindings: all.map((t, i) => finding(t, i % 5 === 0 ? { 'emc-tracking-code': 'fail' } : {}, { runId: 'run-2026-08' })),
      traffic: portals.map((p, i) => traffic(p, 1000 + i)),
      previousTraffic: portals.map((p, i) => traffic(p, 2000 - i, '2026-08')),
      overrides: all.slice(0, 500).map((t) => override(t.host, 'emc-badge', 'fail')),
    });
    // Act
    const model = buildReport(input);
    // Assess
    expect(model.summary.overall.sites).toBe(10_000);
    expect(model.rankings.reduce((n, r) => n + r.ranked.length, 0)).toBe(100);
    expect(model.overrides).toHaveLength(500);
    expect(model.changes.length).toBeGreaterThan(0);
  });
});
