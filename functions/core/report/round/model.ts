/**
 * The round report model (schema `gov-audit/round-report@1`, docs/reports.md "Round"): the
 * evaluation window's months together. Plain JSON-able data; the JSON writer emits it as is.
 * Add fields freely; rename or remove one only with a new schema version.
 */
import type { EvaluationWindow } from '../../pipeline/evaluation-window.ts';
import type { League, TargetStatus } from '../../records.ts';
import type { CheckId, LocalizedText, SiteRole, Verdict } from '../../types.ts';
import type { Counts } from '../model.ts';
import type { RankingMetric, RoundRule } from '../rule-sets.ts';

export const ROUND_SCHEMA_ID = 'gov-audit/round-report@1';

/** How a criterion of a site moved across the round: first judged month against the round verdict. */
export type RoundTrend = 'improved' | 'regressed' | 'unchanged' | 'unjudged';

/** One criterion of one site over the round. */
export interface RoundCell {
  /** The effective verdict of each window month (aligned with {@link RoundModel.months}); `unknown` when not judged that month. */
  months: Verdict[];
  /** The round verdict by the rule set's round rule. */
  verdict: Verdict;
  /** The month the round verdict was taken from; absent when never judged. */
  decidedIn?: string;
  /** Summary of the deciding month's verdict (of the latest month when never judged). */
  summary: LocalizedText;
  hint?: LocalizedText;
  /** The deciding month's first evidence item in one line (untrusted page text). */
  evidence?: string;
  trend: RoundTrend;
}

export interface RoundSiteRow {
  /** The site's registry name (untrusted when imported). */
  name: string;
  /** The owning organisation (the portal's name, for components too). */
  organisation: string;
  league: League;
  host: string;
  role: SiteRole;
  status: TargetStatus;
  parentHost?: string;
  checks: Partial<Record<CheckId, RoundCell>>;
}

export interface TrendCounts {
  improved: number;
  regressed: number;
}

export interface RoundSummary {
  sites: number;
  /** Round verdict counts per criterion. */
  checks: Record<CheckId, Counts>;
  /** Per criterion, the counts of each window month (aligned with {@link RoundModel.months}): the trend charts. */
  monthly: Record<CheckId, Counts[]>;
  /** Criteria of sites that improved (fail → pass) or regressed (pass → fail) across the round. */
  trend: Record<CheckId, TrendCounts>;
  /** Sites with at least one improved criterion and none regressed; sites with at least one regressed. */
  sitesTrend: TrendCounts;
}

export interface OrganisationRoundSummary extends RoundSummary {
  organisation: string;
  league: League;
}

export interface RoundRankingRow {
  rank: number;
  organisation: string;
  host: string;
  /** The aggregate figure ranked by (round rule over the metric). */
  value: number;
  /** The metric of each window month, null when EMC gave no figure that month. */
  months: (number | null)[];
  /** Window months without a figure (named: the ranking says what it is based on). */
  missingMonths: string[];
}

export interface RoundLeagueRanking {
  league: League;
  metric: RankingMetric;
  aggregate: RoundRule['ranking'];
  ranked: RoundRankingRow[];
  /** Portals without a figure in any window month. */
  noData: { organisation: string; host: string }[];
}

export interface RoundModel {
  schema: typeof ROUND_SCHEMA_ID;
  /** Year of the round (the window's first month). */
  year: number;
  window: EvaluationWindow;
  /** The window's months, `YYYY-MM`, in order. */
  months: string[];
  /** Months with at least one run; the others are shown as not scanned. */
  monthsWithRuns: string[];
  /** Months with imported traffic. */
  monthsWithTraffic: string[];
  generatedAt: string;
  scope: { kind: 'overall' } | { kind: 'organisation'; organisation: string };
  ruleSetVersion: string;
  rule: RoundRule;
  criteria: Record<CheckId, { section: string; appliesTo: SiteRole[] }>;
  summary: { overall: RoundSummary; organisations: OrganisationRoundSummary[] };
  rankings: RoundLeagueRanking[];
  /** Portals first, then components, by league, organisation and host. */
  sites: RoundSiteRow[];
  runs: { runId: string; period: string; startedAt: string }[];
}
