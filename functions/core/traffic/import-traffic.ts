/**
 * The whole import of one EMC export, as data: validate every row, match the good ones to the
 * registry, and summarise what happened for the evaluator (the import report).
 */
import type { TargetRecord, TrafficRecord } from '../records.ts';
import type { TrafficField } from './headers.ts';
import { matchTraffic, type TrafficMatch } from './match-traffic.ts';
import { parseTrafficTable, type RejectedTrafficRow } from './parse-traffic.ts';

export interface TrafficImportReport {
  period: string;
  file: string;
  sheet?: string;
  headerRow?: number;
  columns: Partial<Record<TrafficField, number>>;
  /** Records to store (matched rows). */
  accepted: TrafficRecord[];
  rejected: RejectedTrafficRow[];
  unmatched: TrafficMatch['unmatched'];
  duplicates: TrafficMatch['duplicates'];
  domainDiffers: TrafficMatch['domainDiffers'];
  /** Rows recognised as a totals row ("Tổng cộng") and skipped: not a site, not an error. */
  skipped: RejectedTrafficRow[];
  /** False when no run of the period exists yet: the figures wait for one (absent: not checked). */
  periodHasRun?: boolean;
  counts: { accepted: number; rejectedRows: number; unmatched: number; duplicates: number };
}

/**
 * Validates and matches one table (from CSV or XLSX) for `period` (`YYYY-MM`); `foundSiteIds`
 * (site id → host, from the period's scan) lets rows be matched by the id a site really sends.
 */
export function importTrafficTable(
  rows: string[][],
  source: { file: string; sheet?: string },
  targets: TargetRecord[],
  period: string,
  foundSiteIds?: ReadonlyMap<string, string>,
): TrafficImportReport {
  const parsed = parseTrafficTable(rows, source);
  const match = matchTraffic(parsed.rows, targets, period, foundSiteIds);
  return {
    period,
    file: source.file,
    ...(source.sheet !== undefined && { sheet: source.sheet }),
    ...(parsed.headerRow !== undefined && { headerRow: parsed.headerRow }),
    columns: parsed.columns,
    accepted: match.matched,
    rejected: parsed.rejected,
    unmatched: match.unmatched,
    duplicates: match.duplicates,
    domainDiffers: match.domainDiffers,
    skipped: parsed.skipped,
    counts: {
      accepted: match.matched.length,
      rejectedRows: new Set(parsed.rejected.map((r) => r.row)).size,
      unmatched: match.unmatched.length,
      duplicates: match.duplicates.length,
    },
  };
}
