/**
 * The report model: everything the writers (XLSX, HTML, CSV, JSON) render, computed once by
 * {@link buildReport}. Plain JSON-able data; the JSON writer emits it as is, so every field
 * here is part of the `gov-audit/report@1` schema (docs/reports.md). Add fields freely; rename
 * or remove one only with a new schema version.
 */
import type { EffectiveVerdict } from '../overrides.ts';
import type { DuplicateSiteIdGroup } from '../pipeline/duplicate-site-ids.ts';
import type { League, TargetSource, TargetStatus } from '../records.ts';
import type { CheckId, LocalizedText, PageRegion, SiteRole, TransportFailureKind, Verdict } from '../types.ts';
import type { Criterion } from '../criteria.ts';
import type { LegalCitation, RankingRule } from './rule-sets.ts';
import type { OrganisationTrend } from './trend.ts';

export const REPORT_SCHEMA_ID = 'gov-audit/report@1';

/** A pointer to the evidence of a verdict (page excerpts are untrusted text). */
export interface EvidenceRef {
  kind: string;
  pageUrl?: string;
  href?: string;
  text?: string;
  excerpt?: string;
  region?: PageRegion;
  /** Storage key of stored evidence (S3 `evidence/<runId>/<host>/…`). */
  key?: string;
}

/** One criterion of one site, after overrides. */
export interface CellVerdict {
  /** Effective verdict (after an evaluator's override, if any). */
  verdict: Verdict;
  /** What the tool decided. */
  auto: Verdict;
  summary: LocalizedText;
  hint?: LocalizedText;
  overridden?: EffectiveVerdict['overridden'];
  /** Why the verdict is unknown (unreachable site, not scanned, not decidable statically). */
  unknownReason?: LocalizedText;
  /** Evidence of a `fail` (at most a few items; the rest is under the site's evidence keys). */
  evidence: EvidenceRef[];
}

/** One site (portal or component) with its verdicts. */
export interface SiteRow {
  /** The site's own name in the registry (untrusted when imported). */
  name: string;
  /** The owning organisation (ministry or province): the portal's name, for components too. */
  organisation: string;
  league: League;
  host: string;
  url: string;
  role: SiteRole;
  status: TargetStatus;
  source: TargetSource;
  parentHost?: string;
  /** EMC site id found in the tracking code, else the registry's expected id. */
  siteId?: string;
  /** The registry marks the domain unconfirmed (`confidence: unverified`): the EMC site id is the check. */
  unconfirmedDomain?: boolean;
  scanned: boolean;
  scannedAt?: string;
  runId?: string;
  transport?: { kind: TransportFailureKind; reason: LocalizedText };
  pages: { judged: number; failed: number };
  /** Verdicts of the criteria that apply to the role (rule set), by check id. */
  checks: Partial<Record<CheckId, CellVerdict>>;
  evidenceKeys: string[];
}

export interface PortalRow extends SiteRow {
  role: 'portal';
  /** Components the homepage does not link to (criterion 2.2b), named. */
  missingComponents: { host: string; name?: string }[];
}

/** Component sites under one portal; standalone sites (no portal) form the group without `portalHost`. */
export interface ComponentGroup {
  /** Undefined for components whose portal is not in the registry. */
  portalHost?: string;
  organisation: string;
  league: League;
  rows: SiteRow[];
}

/** Verdict counts; rates are over judged sites (pass + fail), null when none was judged. */
export interface Counts {
  pass: number;
  fail: number;
  unknown: number;
  notApplicable: number;
  judged: number;
  passRate: number | null;
}

export interface ScopeSummary {
  /** Registered sites in scope (excluded ones left out). */
  sites: number;
  /** Sites with a finding this period. */
  scanned: number;
  /** Scanned sites whose homepage could not be loaded (every verdict unknown). */
  unreachable: number;
  portals: number;
  components: number;
  checks: Record<CheckId, Counts>;
  /** All criteria of all sites together. */
  all: Counts;
  /** The same counts for the previous period (month-over-month), when findings were given. */
  previous?: { checks: Record<CheckId, Counts>; all: Counts };
}

export interface OrganisationSummary extends ScopeSummary {
  organisation: string;
  league: League;
}

export interface RankingRow {
  rank: number;
  previousRank?: number;
  /** previousRank − rank: positive means moved up; absent when not ranked last period. */
  rankChange?: number;
  organisation: string;
  host: string;
  /** The figure ranked by (rule set metric). */
  value: number;
  visits: number;
  pageviews?: number;
  visitors?: number;
  previousValue?: number;
}

export interface LeagueRanking {
  league: League;
  metric: RankingRule['metric'];
  ranked: RankingRow[];
  /** Portals without the figure this period: listed, not ranked last. */
  noData: { organisation: string; host: string; reason: LocalizedText }[];
}

export type ChangeKind = 'new-failure' | 'fixed' | 'became-unknown';

export interface ChangeRow {
  kind: ChangeKind;
  organisation: string;
  name: string;
  host: string;
  role: SiteRole;
  check: CheckId;
  /** Previous effective verdict; absent when the site had no finding last period. */
  from?: Verdict;
  to: Verdict;
  evidence: EvidenceRef[];
  evidenceKeys: string[];
}

export interface UnknownRow {
  organisation: string;
  name: string;
  host: string;
  role: SiteRole;
  check: CheckId;
  reason: LocalizedText;
  hint?: LocalizedText;
}

export interface OverrideRow {
  organisation: string;
  host: string;
  check: CheckId;
  verdict: Verdict;
  /** The tool's verdict it replaced (present for active overrides of scanned sites). */
  from?: Verdict;
  reason: string;
  author: string;
  createdAt: string;
  until?: string;
  state: 'active' | 'superseded' | 'expired' | 'cleared';
  clearedAt?: string;
  clearedBy?: string;
}

export interface Methodology {
  ruleSetVersion: string;
  ranking: RankingRule;
  legal: LegalCitation[];
  criteria: Readonly<Record<CheckId, Criterion>>;
  trafficCriterion: Criterion;
  /** Earliest and latest audit start among the findings used. */
  scanDates: { from?: string; to?: string };
  runs: { runId: string; period: string; startedAt: string; trigger: string }[];
  sampledPages: { sitesScanned: number; pagesJudged: number; pagesFailed: number; maxPerSite: number };
  /** Local date (YYYY-MM-DD) on which overrides were evaluated. */
  overridesOn: string;
}

/** Why a report must not be read as complete (see functions/core/report/coverage.ts). */
export type CoverageWarning = 'no-run' | 'nothing-reachable' | 'low-coverage' | 'outside-window';

/** How complete the report is, shown before any figure. */
export interface ReportCoverage {
  registered: number;
  scanned: number;
  unreachable: number;
  /** Share of applicable verdicts that are unknown; null when there is no verdict. */
  unknownShare: number | null;
  /** Runs of the period. */
  runs: number;
  insideWindow: boolean;
  /** The share of registered sites that must be scanned and reached (below: `low-coverage`). */
  minCoverage: number;
  /** Most serious first; empty for a complete report. */
  warnings: CoverageWarning[];
}

export interface ReportModel {
  schema: typeof REPORT_SCHEMA_ID;
  period: string;
  previousPeriod?: string;
  generatedAt: string;
  scope: { kind: 'overall' } | { kind: 'organisation'; organisation: string };
  coverage: ReportCoverage;
  summary: { overall: ScopeSummary; organisations: OrganisationSummary[] };
  rankings: LeagueRanking[];
  portals: PortalRow[];
  components: ComponentGroup[];
  changes: ChangeRow[];
  changeCounts: Record<CheckId, Record<ChangeKind, number>>;
  unknowns: UnknownRow[];
  overrides: OverrideRow[];
  /**
   * Sites sharing one EMC site id (criterion 2.1's run-level rule, a likely copy-pasted
   * snippet): a warning to confirm with EMC, not a verdict.
   */
  duplicateSiteIds: DuplicateSiteIdGroup[];
  /** Each organisation's pass rates and traffic rank over the season's months (absent: not computed). */
  trends?: OrganisationTrend[];
  methodology: Methodology;
  /**
   * Set when the period has no day inside the evaluation window (the coverage's
   * `outside-window` warning, in words): the report monitors, it does not evaluate (the round
   * report is the evaluation, docs/reports.md "The evaluation round").
   */
  outsideWindow?: LocalizedText;
}
