/**
 * Joins validated traffic rows to registry targets: by host (scheme, `www.`, port and case
 * ignored) first, then by EMC site id. Rows that match nothing are returned for the import
 * report, never dropped silently.
 */
import type { TargetRecord, TrafficRecord } from '../records.ts';
import { siteHost } from '../url.ts';
import type { ParsedTrafficRow } from './parse-traffic.ts';

export interface TrafficMatch {
  matched: TrafficRecord[];
  /** Rows whose host and site id match no (non-excluded) target. */
  unmatched: ParsedTrafficRow[];
  /** Rows that matched a target another row had already matched (kept out of `matched`). */
  duplicates: { row: ParsedTrafficRow; host: string; firstRow: number }[];
}

/**
 * Matches rows to targets for one period. Excluded targets are ignored (their traffic is not
 * ranked). The record takes the target's host, so later joins use the registry's spelling.
 */
export function matchTraffic(rows: ParsedTrafficRow[], targets: TargetRecord[], period: string): TrafficMatch {
  const byHost = new Map<string, TargetRecord>();
  const bySiteId = new Map<string, TargetRecord>();
  for (const target of targets) {
    if (target.status === 'excluded') continue;
    byHost.set(siteHost(target.host), target);
    if (target.expectedSiteId) bySiteId.set(target.expectedSiteId, target);
  }
  const firstRowOf = new Map<string, number>();
  const result: TrafficMatch = { matched: [], unmatched: [], duplicates: [] };
  for (const row of rows) {
    const target =
      (row.host !== undefined ? byHost.get(siteHost(row.host)) : undefined) ??
      (row.siteId !== undefined ? bySiteId.get(row.siteId) : undefined);
    if (!target) {
      result.unmatched.push(row);
      continue;
    }
    const firstRow = firstRowOf.get(target.host);
    if (firstRow !== undefined) {
      result.duplicates.push({ row, host: target.host, firstRow });
      continue;
    }
    firstRowOf.set(target.host, row.row);
    result.matched.push({
      period,
      host: target.host,
      ...(row.org !== undefined && { org: row.org }),
      ...((row.siteId ?? target.expectedSiteId) !== undefined && { siteId: row.siteId ?? target.expectedSiteId }),
      visits: row.visits,
      ...(row.pageviews !== undefined && { pageviews: row.pageviews }),
      ...(row.visitors !== undefined && { visitors: row.visitors }),
      sourceFile: row.sheet ? `${row.sourceFile}#${row.sheet}` : row.sourceFile,
      sourceRow: row.row,
    });
  }
  return result;
}
