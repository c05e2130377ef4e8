/**
 * The publishable results of a round (December): per league the traffic ranking and each
 * organisation's compliance per criterion. Built from the round model by copying only public
 * facts — names, domains, counts, ranks — so evidence keys, override authors and reasons, and
 * internal notes cannot leak into the published pages by construction.
 */
import type { League } from '../../records.ts';
import { CHECK_IDS, type CheckId } from '../../types.ts';
import type { RoundModel } from './model.ts';

export const PUBLIC_SCHEMA_ID = 'gov-audit/public-results@1';

export interface PublicCompliance {
  /** Sites of the organisation the criterion applies to. */
  sites: number;
  pass: number;
  /** Pass + fail (unknowns are not judged). */
  judged: number;
  passRate: number | null;
}

export interface PublicLeague {
  league: League;
  ranking: { rank: number; organisation: string; host: string; value: number; missingMonths: string[] }[];
  /** Portals without any figure in the window. */
  unranked: { organisation: string; host: string }[];
  organisations: { organisation: string; checks: Partial<Record<CheckId, PublicCompliance>> }[];
}

export interface PublicResults {
  schema: typeof PUBLIC_SCHEMA_ID;
  year: number;
  months: string[];
  generatedAt: string;
  ruleSetVersion: string;
  rule: RoundModel['rule'];
  criteria: RoundModel['criteria'];
  leagues: PublicLeague[];
}

/**
 * An organisation's round verdicts per criterion over its registered sites: components found
 * but not yet confirmed in the registry are not published (they are listed for confirmation in
 * the self-review letters and the internal reports).
 */
function complianceOf(model: RoundModel, organisation: string): Partial<Record<CheckId, PublicCompliance>> {
  const checks: Partial<Record<CheckId, PublicCompliance>> = {};
  for (const site of model.sites) {
    if (site.organisation !== organisation || site.status === 'discovered') continue;
    for (const id of CHECK_IDS) {
      const cell = site.checks[id];
      if (!cell || cell.verdict === 'not-applicable') continue;
      const c = (checks[id] ??= { sites: 0, pass: 0, judged: 0, passRate: null });
      c.sites += 1;
      if (cell.verdict === 'pass') c.pass += 1;
      if (cell.verdict === 'pass' || cell.verdict === 'fail') c.judged += 1;
      c.passRate = c.judged === 0 ? null : c.pass / c.judged;
    }
  }
  return checks;
}

/** The public results of an overall round model. */
export function publicResults(model: RoundModel): PublicResults {
  const leagues = model.rankings.map((ranking): PublicLeague => ({
    league: ranking.league,
    ranking: ranking.ranked.map((r) => ({ rank: r.rank, organisation: r.organisation, host: r.host, value: r.value, missingMonths: r.missingMonths })),
    unranked: ranking.noData.map((r) => ({ organisation: r.organisation, host: r.host })),
    organisations: model.summary.organisations.filter((o) => o.league === ranking.league).map((o) => ({ organisation: o.organisation, checks: complianceOf(model, o.organisation) })),
  }));
  return {
    schema: PUBLIC_SCHEMA_ID,
    year: model.year,
    months: model.months,
    generatedAt: model.generatedAt,
    ruleSetVersion: model.ruleSetVersion,
    rule: model.rule,
    criteria: model.criteria,
    leagues,
  };
}
