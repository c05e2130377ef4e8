/**
 * Joins validated traffic rows to registry targets: by host (scheme, `www.`, port and case
 * ignored) first, then by EMC site id — the registry's expected id, or the id the period's scan
 * found in the site's live tracking code. EMC's export may name a body by another domain than
 * the registry (`ttxvn.org.vn` for `vnanet.vn`): the site id is the check, so such a row is
 * matched and the difference reported for the evaluator to confirm. Rows that match nothing are
 * returned for the import report, never dropped silently.
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
  /** Rows matched by site id whose domain differs from the registry's: the registry's domain may need correcting. */
  domainDiffers: DomainDifference[];
}

/** A row EMC files under another domain than the registry, matched by its site id. */
export interface DomainDifference {
  row: number;
  siteId: string;
  /** The domain in EMC's export. */
  exportHost: string;
  /** The registry's domain, which the record keeps. */
  registeredHost: string;
  /** Where the id that matched comes from: the registry, or the site's live tracking code. */
  via: 'registry' | 'found';
}

/**
 * Matches rows to targets for one period. Excluded targets are ignored (their traffic is not
 * ranked). The record takes the target's host, so later joins use the registry's spelling.
 */
export function matchTraffic(
  rows: ParsedTrafficRow[],
  targets: TargetRecord[],
  period: string,
  foundSiteIds: ReadonlyMap<string, string> = new Map(),
): TrafficMatch {
  const byHost = new Map<string, TargetRecord>();
  const bySiteId = new Map<string, { target: TargetRecord; via: DomainDifference['via'] }>();
  for (const target of targets) {
    if (target.status === 'excluded') continue;
    byHost.set(siteHost(target.host), target);
  }
  // The registry's id wins over one found on a site (a copied snippet carries another site's id).
  for (const [siteId, host] of foundSiteIds) {
    const target = byHost.get(siteHost(host));
    if (target) bySiteId.set(siteId, { target, via: 'found' });
  }
  for (const target of byHost.values()) if (target.expectedSiteId) bySiteId.set(target.expectedSiteId, { target, via: 'registry' });
  const firstRowOf = new Map<string, number>();
  const result: TrafficMatch = { matched: [], unmatched: [], duplicates: [], domainDiffers: [] };
  for (const row of rows) {
    const byDomain = row.host !== undefined ? byHost.get(siteHost(row.host)) : undefined;
    const byId = byDomain || row.siteId === undefined ? undefined : bySiteId.get(row.siteId);
    const target = byDomain ?? byId?.target;
    if (!target) {
      result.unmatched.push(row);
      continue;
    }
    if (byId && row.host !== undefined && row.siteId !== undefined) {
      result.domainDiffers.push({ row: row.row, siteId: row.siteId, exportHost: row.host, registeredHost: target.host, via: byId.via });
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
