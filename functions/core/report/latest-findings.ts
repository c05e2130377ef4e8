/**
 * The latest finding per site over several runs, read as a stream: a season of weekly runs
 * holds ~13 findings per site, and a report needs only the latest of each period. Holding one
 * finding per host (not every finding of every run) is what keeps the report Lambda's memory
 * flat (docs/reports.md, "Scale").
 */
import type { FindingRecord, RunRecord } from '../records.ts';
import type { FindingStore } from '../stores.ts';
import { siteHost } from '../url.ts';

/** Whether `candidate` replaces `current` as a host's finding: recorded later, or a later attempt of the same moment. */
export function isNewerFinding(candidate: FindingRecord, current: FindingRecord | undefined): boolean {
  return (
    !current ||
    candidate.recordedAt > current.recordedAt ||
    (candidate.recordedAt === current.recordedAt && candidate.attempt > current.attempt)
  );
}

/** The latest finding per host (by {@link siteHost}) of `runs`, streamed run by run. */
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
