/**
 * Stored records (the pipeline's data model). Plain data; the storage ports are in
 * `stores.ts` and the DynamoDB key layout lives with the adapter
 * (functions/adapters/dynamo/keys.ts).
 */
import type { CheckId, SiteAudit, SiteRole, Verdict } from './types.ts';

export type League = 'ministry' | 'province' | 'other';
export type TargetSource = 'registry' | 'discovered' | 'manual';
export type TargetStatus = 'confirmed' | 'discovered' | 'excluded';

/** A portal or component site known to the registry. */
export interface TargetRecord {
  host: string;
  /** Homepage URL (scheme matters: some sites only answer on http). */
  url: string;
  /** Organisation name, Vietnamese. */
  org: string;
  league: League;
  /** `standalone`: a site audited on its own (neither a portal nor one of a portal's components). */
  role: SiteRole;
  /** Parent portal host, for components. */
  parentHost?: string;
  /** Explicit component hosts, for portals (registry list). */
  components?: string[];
  expectedSiteId?: string;
  source: TargetSource;
  status: TargetStatus;
  /** Registry confidence note (e.g. `seen-in-public-code`, `unverified`). */
  confidence?: string;
  updatedAt: string;
}

/** One evaluation run (a sweep of the registry). */
export interface RunRecord {
  runId: string;
  /** Evaluation period, `YYYY-MM`. */
  period: string;
  ruleSetVersion: string;
  trigger: 'schedule' | 'manual' | 'demo';
  startedAt: string;
  /**
   * Sites dispatched when the run started. Progress is `FindingStore.countByRun / targetCount`
   * (components discovered during the run add findings beyond it).
   */
  targetCount?: number;
}

/** The stored result of one site in one run. */
export interface FindingRecord {
  runId: string;
  host: string;
  audit: SiteAudit;
  /** Delivery attempt that produced it (1 = first). */
  attempt: number;
  /** S3 keys of large evidence (HTML snapshot, screenshots). */
  evidenceKeys: string[];
  recordedAt: string;
  /**
   * Set when lists were cut: by the pipeline, which keeps every list of a finding bounded (the
   * full lists in the evidence bucket), and by the store when the item was still too large:
   * how many excerpts, evidence entries, discovered candidates and 2.2b component statuses were dropped.
   */
  trimmed?: { excerpts: number; evidence: number; discovered: number; components?: number };
}

/** Visits of one site in one period, imported from EMC's export. */
export interface TrafficRecord {
  period: string;
  host: string;
  org?: string;
  siteId?: string;
  visits: number;
  pageviews?: number;
  visitors?: number;
  sourceFile: string;
  sourceRow: number;
}

/** An evaluator's override of a verdict (semi-automatic evaluation). */
export interface OverrideRecord {
  host: string;
  check: CheckId;
  verdict: Verdict;
  reason: string;
  author: string;
  createdAt: string;
  /** Last day (YYYY-MM-DD, inclusive) it applies; open-ended when absent. */
  until?: string;
  /** Set when cleared; kept for the audit trail. */
  clearedAt?: string;
  clearedBy?: string;
}
