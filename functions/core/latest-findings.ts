/**
 * The latest finding of each site, keyed by {@link siteHost} (so `www.` and case do not split
 * a site): the latest `recordedAt`, then the highest attempt. A run can hold several findings of
 * one site (a redelivered message, a render after the scan) and a season of weekly runs ~13 per
 * period; the report and the run-level rules judge the last word on each site.
 */
import type { FindingRecord, RunRecord } from './records.ts';
import type { FindingStore } from './stores.ts';
import { siteHost } from './url.ts';

/** Whether `candidate` replaces `current` as a site's finding: recorded later, or a later attempt of the same moment. */
export function isNewerFinding(candidate: FindingRecord, current: FindingRecord | undefined): boolean {
  return (
    !current ||
    candidate.recordedAt > current.recordedAt ||
    (candidate.recordedAt === current.recordedAt && candidate.attempt > current.attempt)
  );
}

/** The latest finding of each site among `findings`. */
export function latestFindingBySite(findings: Iterable<FindingRecord>): Map<string, FindingRecord> {
  const latest = new Map<string, FindingRecord>();
  for (const finding of findings) {
    const key = siteHost(finding.host);
    if (isNewerFinding(finding, latest.get(key))) latest.set(key, finding);
  }
  return latest;
}

/**
 * The latest finding of each site over several runs, read as a stream: holding one finding per
 * site (not every finding of every run) keeps the report Lambda's memory flat
 * (docs/reports.md, "Scale").
 */
export async function latestFindingsOf(runs: readonly RunRecord[], store: Pick<FindingStore, 'streamByRun'>): Promise<FindingRecord[]> {
  const latest = new Map<string, FindingRecord>();
  for (const run of runs) {
    for await (const finding of store.streamByRun(run.runId)) {
      const key = siteHost(finding.host);
      if (isNewerFinding(finding, latest.get(key))) latest.set(key, finding);
    }
  }
  return [...latest.values()];
}
