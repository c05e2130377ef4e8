/**
 * Simulated records for the report tests and the report benchmark: registry targets, findings
 * with realistic check results, traffic and overrides. Defaults describe a healthy site; callers
 * override what they examine. In local/ (not test/) because bench/ uses it too and bench/ must
 * not import test/.
 */
import { criterionApplies, VERDICT_LABELS } from '../../functions/core/criteria.ts';
import type { FindingRecord, OverrideRecord, RunRecord, TargetRecord, TrafficRecord } from '../../functions/core/records.ts';
import { getRuleSet } from '../../functions/core/report/rule-sets.ts';
import type { ReportInput } from '../../functions/core/report/build-report.ts';
import { CHECK_IDS, type CheckId, type CheckResult, type SiteAudit, type TransportFailure, type Verdict } from '../../functions/core/types.ts';

export const GENERATED_AT = '2026-09-30T17:30:00.000Z';

export function portal(host: string, org: string, league: TargetRecord['league'], extra: Partial<TargetRecord> = {}): TargetRecord {
  return {
    host,
    url: `https://${host}/`,
    org,
    league,
    role: 'portal',
    source: 'registry',
    status: 'confirmed',
    updatedAt: '2026-08-01T00:00:00.000Z',
    ...extra,
  };
}

export function component(host: string, org: string, parent: TargetRecord, extra: Partial<TargetRecord> = {}): TargetRecord {
  return {
    host,
    url: `https://${host}/`,
    org,
    league: parent.league,
    role: 'component',
    parentHost: parent.host,
    source: 'registry',
    status: 'confirmed',
    updatedAt: '2026-08-01T00:00:00.000Z',
    ...extra,
  };
}

const SUMMARIES: Record<Verdict, { vi: string; en: string }> = {
  pass: VERDICT_LABELS.pass,
  fail: { vi: 'Không có mã theo dõi EMC trên trang chủ', en: 'No EMC tracking code on the homepage' },
  unknown: { vi: 'Có mã, chưa xác minh được nhãn bằng phân tích tĩnh', en: 'Code present, badge not verifiable statically' },
  'not-applicable': VERDICT_LABELS['not-applicable'],
};

export function checkResult(id: CheckId, verdict: Verdict, extra: Partial<CheckResult> = {}): CheckResult {
  return {
    id,
    verdict,
    summary: SUMMARIES[verdict],
    warnings: [],
    evidence:
      verdict === 'fail'
        ? [{ kind: 'note', pageUrl: 'https://example/', excerpt: '<!-- <script src="https://f-emc.ngsp.gov.vn/gov-tracking.min.js"></script> -->' }]
        : [],
    ...extra,
  };
}

/**
 * A site id of its own for each host (FNV-1a of the host), as on the real web: a shared
 * default would make every passing site a copy-pasted snippet of every other.
 */
function defaultSiteId(host: string): string {
  let hash = 0x811c9dc5;
  for (const char of host.replace(/^www\./, '')) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return String(hash);
}

/** A finding whose checks default to pass (or not-applicable by role). */
export function finding(
  target: TargetRecord,
  verdicts: Partial<Record<CheckId, Verdict | CheckResult>> = {},
  extra: { runId?: string; recordedAt?: string; transport?: TransportFailure; startedAt?: string; siteId?: string } = {},
): FindingRecord {
  const runId = extra.runId ?? 'run-2026-09';
  const checks = Object.fromEntries(
    CHECK_IDS.map((id) => {
      const given = verdicts[id];
      if (given && typeof given === 'object') return [id, given];
      const verdict: Verdict = extra.transport ? (criterionApplies(id, target.role) ? 'unknown' : 'not-applicable') : (given ?? (criterionApplies(id, target.role) ? 'pass' : 'not-applicable'));
      const result = checkResult(id, verdict);
      if (id === 'emc-tracking-code' && verdict === 'pass') result.data = { siteId: extra.siteId ?? defaultSiteId(target.host) };
      return [id, result];
    }),
  ) as Record<CheckId, CheckResult>;
  const audit: SiteAudit = {
    url: target.url,
    host: target.host,
    role: target.role,
    transport: extra.transport ? { status: 'failed', failure: extra.transport } : { status: 'ok' },
    checks,
    pages: extra.transport
      ? [{ url: target.url, ok: false, failure: extra.transport.kind }]
      : [
          { url: target.url, ok: true },
          { url: `${target.url}lien-ket-website`, ok: true },
          { url: `${target.url}gioi-thieu`, ok: false, failure: 'timeout' },
        ],
    discovered: [],
    info: {},
    startedAt: extra.startedAt ?? '2026-09-15T02:00:00.000Z',
    elapsedMs: 900,
  };
  return {
    runId,
    host: target.host,
    audit,
    attempt: 1,
    evidenceKeys: [`evidence/${runId}/${target.host}/homepage.html`],
    recordedAt: extra.recordedAt ?? audit.startedAt,
  };
}

export function traffic(target: TargetRecord, visits: number, period = '2026-09', extra: Partial<TrafficRecord> = {}): TrafficRecord {
  return { period, host: target.host, visits, sourceFile: `emc-${period}.xlsx`, sourceRow: 2, ...extra };
}

export function override(host: string, check: CheckId, verdict: Verdict, extra: Partial<OverrideRecord> = {}): OverrideRecord {
  return {
    host,
    check,
    verdict,
    reason: 'Nhãn EMC hiển thị khi kiểm tra bằng trình duyệt',
    author: 'nguyen.van.a@stttt.gov.vn',
    createdAt: '2026-09-20T03:00:00.000Z',
    ...extra,
  };
}

export function run(runId = 'run-2026-09', period = '2026-09'): RunRecord {
  return { runId, period, ruleSetVersion: '2026.1', trigger: 'schedule', startedAt: '2026-09-15T01:59:00.000Z' };
}

/** A complete report input with sensible empty defaults. */
export function reportInput(extra: Partial<ReportInput>): ReportInput {
  return {
    period: '2026-09',
    previousPeriod: '2026-08',
    ruleSet: getRuleSet('2026.1'),
    generatedAt: GENERATED_AT,
    targets: [],
    findings: [],
    previousFindings: [],
    traffic: [],
    previousTraffic: [],
    overrides: [],
    runs: [run()],
    ...extra,
  };
}
