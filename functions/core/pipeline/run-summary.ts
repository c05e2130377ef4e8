/**
 * The end-of-run summary: sites scanned and, per criterion, how many passed, failed, could not
 * be judged or did not apply. Derived from the stored findings.
 */
import type { FindingRecord } from '../records.ts';
import { CHECK_IDS, type CheckId, type Verdict } from '../types.ts';

export interface RunSummary {
  sites: number;
  /** Sites whose homepage could not be loaded, by failure kind. */
  unreachable: Record<string, number>;
  byCheck: Record<CheckId, Record<Verdict, number>>;
}

export function summariseFindings(findings: readonly FindingRecord[]): RunSummary {
  const byCheck = Object.fromEntries(
    CHECK_IDS.map((id) => [id, { pass: 0, fail: 0, unknown: 0, 'not-applicable': 0 }]),
  ) as Record<CheckId, Record<Verdict, number>>;
  const unreachable: Record<string, number> = {};
  for (const finding of findings) {
    const { audit } = finding;
    if (audit.transport.status === 'failed') {
      const { kind } = audit.transport.failure;
      unreachable[kind] = (unreachable[kind] ?? 0) + 1;
    }
    for (const id of CHECK_IDS) byCheck[id][audit.checks[id].verdict] += 1;
  }
  return { sites: findings.length, unreachable, byCheck };
}
