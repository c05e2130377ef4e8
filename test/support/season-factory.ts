/**
 * A season of the evaluation round (window 1 Aug – 31 Oct 2026) with fixed clocks: weekly
 * runs in each window month, findings that change across the round (a fix, a regression, a
 * site that became unreachable, one never scanned), a discovered component, three months of
 * EMC traffic with gaps, and an evaluator's override carrying an internal note. The expected
 * round results are stated next to the data they follow from.
 */
import type { FindingRecord, OverrideRecord, RunRecord, TargetRecord, TrafficRecord } from '../../functions/core/records.ts';
import type { TransportFailure } from '../../functions/core/types.ts';
import { checkResult, component, finding, override, portal, traffic } from '../../local/sim-records/report-factory.ts';

export const HOSTILE = '<script>window.__pwned=1</script>';
export const INTERNAL_NOTE = 'Ghi chú nội bộ: đã gọi điện cho quản trị viên';
export const OVERRIDE_AUTHOR = 'tran.thi.b@stttt.gov.vn';

export const haiphong = portal('haiphong.gov.vn', 'UBND thành phố Hải Phòng', 'province');
export const hanoi = portal('hanoi.gov.vn', 'UBND thành phố Hà Nội', 'province');
export const mof = portal('mof.gov.vn', 'Bộ Tài chính', 'ministry');
export const moh = portal('moh.gov.vn', 'Bộ Y tế', 'ministry');
export const sotp = component('sotp.haiphong.gov.vn', 'Sở Tư pháp Hải Phòng', haiphong);
export const sodulich = component('sodulich.haiphong.gov.vn', 'Sở Du lịch Hải Phòng', haiphong, { source: 'discovered', status: 'discovered' });
export const kbnn = component('kbnn.mof.gov.vn', 'Kho bạc Nhà nước', mof);

/** Weekly runs (Monday 08:00 in Hanoi): two in August, two in September, one in October. */
export const RUN_DAYS = ['2026-08-03', '2026-08-17', '2026-09-07', '2026-09-21', '2026-10-05'] as const;

function runOf(day: string): RunRecord {
  return { runId: `run-${day}`, period: day.slice(0, 7), ruleSetVersion: '2026.1', trigger: 'schedule', startedAt: `${day}T01:00:00.000Z` };
}

const unreachable: TransportFailure = { kind: 'timeout', retryable: true, message: 'connect timeout after 30000 ms', url: 'https://mof.gov.vn/' };

/** What each run found; `moh` is never scanned. */
function findingsOf(day: string): FindingRecord[] {
  const month = day.slice(0, 7);
  const at = { runId: `run-${day}`, startedAt: `${day}T02:00:00.000Z`, recordedAt: `${day}T02:05:00.000Z` };
  const noCode = checkResult('emc-tracking-code', 'fail', {
    evidence: [{ kind: 'note', pageUrl: 'https://haiphong.gov.vn/', excerpt: '<!-- <script src="https://f-emc.ngsp.gov.vn/gov-tracking.min.js"></script> -->', key: `evidence/run-${day}/haiphong.gov.vn/homepage.html` }],
  });
  // The page's own text, hostile, in the evidence of the October regression.
  const noBadge = checkResult('emc-badge', 'fail', {
    evidence: [{ kind: 'note', pageUrl: 'https://hanoi.gov.vn/', excerpt: `Không thấy nhãn EMC ${HOSTILE}`, key: `evidence/run-${day}/hanoi.gov.vn/viewport.png` }],
  });
  return [
    // 2.1 fails in August, passes from September: improved, round verdict pass (October).
    finding(haiphong, month === '2026-08' ? { 'emc-tracking-code': noCode } : {}, at),
    // 2.2a passes until the October run fails it: regressed, round verdict fail.
    finding(hanoi, month === '2026-10' ? { 'emc-badge': noBadge } : {}, at),
    // Unreachable in October: the round keeps September's judged verdict.
    finding(mof, {}, month === '2026-10' ? { ...at, transport: unreachable } : at),
    // 2.2c fails in the first August run only: the month's latest run (pass) counts.
    finding(sotp, day === '2026-08-03' ? { 'component-links-portal': 'fail' } : {}, at),
    finding(sodulich, { 'component-links-portal': 'fail' }, at),
    finding(kbnn, {}, at),
  ];
}

export interface Season {
  targets: TargetRecord[];
  runs: RunRecord[];
  findings: FindingRecord[];
  traffic: TrafficRecord[];
  overrides: OverrideRecord[];
}

/** The season's records, ready to store. */
export function season(): Season {
  return {
    targets: [haiphong, hanoi, mof, moh, sotp, sodulich, kbnn],
    runs: RUN_DAYS.map(runOf),
    findings: RUN_DAYS.flatMap(findingsOf),
    traffic: [
      traffic(haiphong, 300_000, '2026-08'),
      traffic(hanoi, 500_000, '2026-08'),
      traffic(mof, 200_000, '2026-08'),
      traffic(haiphong, 400_000, '2026-09'),
      traffic(hanoi, 100_000, '2026-09'),
      traffic(mof, 220_000, '2026-09'),
      traffic(haiphong, 500_000, '2026-10'),
      traffic(sotp, 12_345, '2026-10'),
    ],
    // The badge of kbnn checked by hand in September; its reason and author are internal.
    overrides: [override(kbnn.host, 'emc-badge', 'pass', { reason: INTERNAL_NOTE, author: OVERRIDE_AUTHOR, createdAt: '2026-09-10T03:00:00.000Z' })],
  };
}
