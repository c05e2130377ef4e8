import type { FindingRecord } from './records.ts';
import { siteHost } from './url.ts';

/**
 * The latest finding of each site, keyed by {@link siteHost} (so `www.` and case do not split
 * a site): the latest `recordedAt`, then the highest attempt. A run can hold several findings of
 * one site (a redelivered message, a render after the scan); the report and the run-level
 * rules judge the last word on it.
 */
export function latestFindingBySite(findings: readonly FindingRecord[]): Map<string, FindingRecord> {
  const latest = new Map<string, FindingRecord>();
  for (const finding of findings) {
    const key = siteHost(finding.host);
    const current = latest.get(key);
    if (
      !current ||
      finding.recordedAt > current.recordedAt ||
      (finding.recordedAt === current.recordedAt && finding.attempt > current.attempt)
    ) {
      latest.set(key, finding);
    }
  }
  return latest;
}
