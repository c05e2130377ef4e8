/**
 * Builds the round report model month by month: each window month is judged exactly as its
 * monthly report judges it ({@link buildReport}: latest finding per site, overrides in force on
 * the month's last day), reduced to verdicts and the deciding month's summary, then dropped, so
 * a season of 10,000 sites holds one month's model at a time. Pure: data in, data out.
 */
import type { EvaluationWindow } from '../../pipeline/evaluation-window.ts';
import type { FindingRecord, League, OverrideRecord, RunRecord, TargetRecord, TrafficRecord } from '../../records.ts';
import { CHECK_IDS, type CheckId, type Verdict } from '../../types.ts';
import { siteHost } from '../../url.ts';
import { addVerdict, buildReport, emptyCounts, finishCounts, lastDayOf } from '../build-report.ts';
import type { CellVerdict, Counts, SiteRow } from '../model.ts';
import { roundMonths } from '../report-period.ts';
import type { RuleSet } from '../rule-sets.ts';
import {
  ROUND_SCHEMA_ID,
  type OrganisationRoundSummary,
  type RoundCell,
  type RoundLeagueRanking,
  type RoundModel,
  type RoundSiteRow,
  type RoundSummary,
  type RoundTrend,
} from './model.ts';

/** One window month's inputs: the latest finding per site of its runs, its traffic, its runs. */
export interface RoundMonth {
  period: string;
  findings: FindingRecord[];
  traffic: TrafficRecord[];
  runs: RunRecord[];
}

export interface RoundSetup {
  year: number;
  window: EvaluationWindow;
  ruleSet: RuleSet;
  /** ISO time of generation (injected clock). */
  generatedAt: string;
  targets: TargetRecord[];
  overrides: OverrideRecord[];
}

const LEAGUE_ORDER: Record<League, number> = { ministry: 0, province: 1, other: 2 };
const ROLE_ORDER = { portal: 0, component: 1, standalone: 2 } as const;
const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });
/** Evidence in one line: enough to find it on the page, short enough for a table cell. */
const EVIDENCE_CHARS = 160;

interface SiteState {
  row: RoundSiteRow;
  first: Partial<Record<CheckId, Verdict>>;
}

/** Accumulates the round one month at a time ({@link addMonth} in window order), then {@link finish}. */
export class RoundBuilder {
  private readonly months: string[];
  private readonly sites = new Map<string, SiteState>();
  private readonly monthly = new Map<string, Record<CheckId, Counts[]>>();
  private readonly traffic = new Map<string, (number | null)[]>();
  private readonly monthsWithRuns: string[] = [];
  private readonly monthsWithTraffic: string[] = [];
  private readonly runs: RoundModel['runs'] = [];
  private added = 0;

  constructor(private readonly setup: RoundSetup) {
    this.months = roundMonths(setup.year, setup.window);
  }

  /** The window's months, in the order {@link addMonth} expects them. */
  get periods(): readonly string[] {
    return this.months;
  }

  addMonth(month: RoundMonth): void {
    const index = this.months.indexOf(month.period);
    if (index !== this.added) throw new Error(`Round months must be added in window order: expected ${this.months[this.added]}, got ${month.period}`);
    this.added += 1;
    const model = buildReport({
      period: month.period,
      ruleSet: this.setup.ruleSet,
      generatedAt: this.setup.generatedAt,
      overridesOn: lastDayOf(month.period),
      targets: this.setup.targets,
      findings: month.findings,
      previousFindings: [],
      traffic: [],
      previousTraffic: [],
      overrides: this.setup.overrides,
      runs: month.runs,
    });
    if (month.runs.length > 0) this.monthsWithRuns.push(month.period);
    if (month.traffic.length > 0) this.monthsWithTraffic.push(month.period);
    for (const run of month.runs) this.runs.push({ runId: run.runId, period: run.period, startedAt: run.startedAt });
    for (const site of [...model.portals, ...model.components.flatMap((g) => g.rows)]) this.addSite(site, month.period, index);
    const metric = this.setup.ruleSet.ranking.metric;
    const figures = new Map(month.traffic.map((t) => [siteHost(t.host), t[metric]]));
    for (const target of this.setup.targets) {
      if (target.role !== 'portal') continue;
      const key = siteHost(target.host);
      const series = this.traffic.get(key) ?? this.months.map(() => null);
      series[index] = figures.get(key) ?? null;
      this.traffic.set(key, series);
    }
  }

  private addSite(site: SiteRow, period: string, index: number): void {
    const key = siteHost(site.host);
    let state = this.sites.get(key);
    if (!state) {
      state = {
        row: {
          name: site.name,
          organisation: site.organisation,
          league: site.league,
          host: site.host,
          role: site.role,
          status: site.status,
          ...(site.parentHost !== undefined && { parentHost: site.parentHost }),
          checks: {},
        },
        first: {},
      };
      this.sites.set(key, state);
    }
    for (const [id, cell] of Object.entries(site.checks) as [CheckId, CellVerdict][]) {
      const round = (state.row.checks[id] ??= { months: this.months.map(() => 'unknown'), verdict: 'unknown', summary: cell.summary, trend: 'unjudged' });
      round.months[index] = cell.verdict;
      const judged = cell.verdict === 'pass' || cell.verdict === 'fail';
      if (judged && state.first[id] === undefined) state.first[id] = cell.verdict;
      // latest-judged: a judged month replaces the decision; an unjudged one never undoes it.
      if (judged || round.decidedIn === undefined) {
        round.verdict = judged || cell.verdict === 'not-applicable' ? cell.verdict : 'unknown';
        round.summary = cell.summary;
        if (cell.hint) round.hint = cell.hint;
        else delete round.hint;
        const line = evidenceLine(cell);
        if (line) round.evidence = line;
        else delete round.evidence;
        if (judged) round.decidedIn = period;
      }
      const by = this.monthly.get(site.organisation) ?? emptyMonthly(this.months.length);
      addVerdict(by[id][index], cell.verdict);
      this.monthly.set(site.organisation, by);
    }
  }

  /** The round model (overall scope). Months not added count as not scanned. */
  finish(): RoundModel {
    if (this.added !== this.months.length) throw new Error(`Round incomplete: ${this.added} of ${this.months.length} months added`);
    const { ruleSet } = this.setup;
    const sites = [...this.sites.values()].map(({ row, first }) => {
      for (const [id, cell] of Object.entries(row.checks) as [CheckId, RoundCell][]) cell.trend = trendOf(first[id], cell);
      return row;
    });
    sites.sort(
      (a, b) =>
        ROLE_ORDER[a.role] - ROLE_ORDER[b.role] ||
        LEAGUE_ORDER[a.league] - LEAGUE_ORDER[b.league] ||
        collator.compare(a.organisation, b.organisation) ||
        collator.compare(a.host, b.host),
    );
    return {
      schema: ROUND_SCHEMA_ID,
      year: this.setup.year,
      window: this.setup.window,
      months: this.months,
      monthsWithRuns: this.monthsWithRuns,
      monthsWithTraffic: this.monthsWithTraffic,
      generatedAt: this.setup.generatedAt,
      scope: { kind: 'overall' },
      ruleSetVersion: ruleSet.version,
      rule: ruleSet.round,
      criteria: Object.fromEntries(CHECK_IDS.map((id) => [id, { section: ruleSet.criteria[id].section, appliesTo: ruleSet.criteria[id].appliesTo }])) as RoundModel['criteria'],
      summary: summariseRound(sites, this.monthly, this.months.length),
      rankings: ruleSet.ranking.leagues.map((league) => this.rankLeague(league)),
      sites,
      runs: [...this.runs].sort((a, b) => a.startedAt.localeCompare(b.startedAt)),
    };
  }

  private rankLeague(league: League): RoundLeagueRanking {
    const { ranking, round } = this.setup.ruleSet;
    const rows: RoundLeagueRanking['ranked'] = [];
    const noData: RoundLeagueRanking['noData'] = [];
    for (const target of this.setup.targets) {
      if (target.role !== 'portal' || target.league !== league || target.status === 'excluded') continue;
      const months = this.traffic.get(siteHost(target.host)) ?? this.months.map(() => null);
      const figures = months.filter((v): v is number => v !== null);
      if (figures.length === 0) {
        noData.push({ organisation: target.org, host: target.host });
        continue;
      }
      const total = figures.reduce((a, b) => a + b, 0);
      rows.push({
        rank: 0,
        organisation: target.org,
        host: target.host,
        value: round.ranking === 'total' ? total : Math.round(total / figures.length),
        months,
        missingMonths: this.months.filter((_, i) => months[i] === null),
      });
    }
    const sign = ranking.order === 'desc' ? -1 : 1;
    rows.sort(
      (a, b) =>
        sign * (a.value - b.value) ||
        (ranking.tieBreak === 'name' ? collator.compare(a.organisation, b.organisation) : 0) ||
        collator.compare(a.host, b.host),
    );
    rows.forEach((r, i) => (r.rank = i + 1));
    noData.sort((a, b) => collator.compare(a.organisation, b.organisation));
    return { league, metric: ranking.metric, aggregate: round.ranking, ranked: rows, noData };
  }
}

function emptyMonthly(count: number): Record<CheckId, Counts[]> {
  return Object.fromEntries(CHECK_IDS.map((id) => [id, Array.from({ length: count }, emptyCounts)])) as Record<CheckId, Counts[]>;
}

/** A verdict's first evidence item in one line, cut for a table cell (untrusted page text). */
export function evidenceLine(cell: CellVerdict): string | undefined {
  const first = cell.evidence[0];
  if (!first) return undefined;
  const what = first.excerpt ?? first.text ?? first.href ?? first.kind;
  const line = `${what}${first.pageUrl ? ` (${first.pageUrl})` : ''}`.replace(/\s+/g, ' ').trim();
  return line.length > EVIDENCE_CHARS ? `${line.slice(0, EVIDENCE_CHARS - 1)}…` : line;
}

function trendOf(first: Verdict | undefined, cell: RoundCell): RoundTrend {
  if (first === undefined) return 'unjudged';
  if (first === 'fail' && cell.verdict === 'pass') return 'improved';
  if (first === 'pass' && cell.verdict === 'fail') return 'regressed';
  return 'unchanged';
}

function summariseRound(sites: RoundSiteRow[], monthly: Map<string, Record<CheckId, Counts[]>>, monthCount: number): RoundModel['summary'] {
  const newSummary = (): RoundSummary => ({
    sites: 0,
    checks: Object.fromEntries(CHECK_IDS.map((id) => [id, emptyCounts()])) as Record<CheckId, Counts>,
    monthly: emptyMonthly(monthCount),
    trend: Object.fromEntries(CHECK_IDS.map((id) => [id, { improved: 0, regressed: 0 }])) as RoundSummary['trend'],
    sitesTrend: { improved: 0, regressed: 0 },
  });
  const overall = newSummary();
  const byOrg = new Map<string, OrganisationRoundSummary>();
  for (const site of sites) {
    let org = byOrg.get(site.organisation);
    if (!org) {
      org = { ...newSummary(), organisation: site.organisation, league: site.league };
      byOrg.set(site.organisation, org);
    }
    const cells = Object.entries(site.checks) as [CheckId, RoundCell][];
    const improved = cells.some(([, c]) => c.trend === 'improved');
    const regressed = cells.some(([, c]) => c.trend === 'regressed');
    for (const summary of [overall, org]) {
      summary.sites += 1;
      for (const [id, cell] of cells) {
        addVerdict(summary.checks[id], cell.verdict);
        if (cell.trend === 'improved') summary.trend[id].improved += 1;
        if (cell.trend === 'regressed') summary.trend[id].regressed += 1;
      }
      if (regressed) summary.sitesTrend.regressed += 1;
      else if (improved) summary.sitesTrend.improved += 1;
    }
  }
  for (const [organisation, counts] of monthly) {
    const org = byOrg.get(organisation);
    for (const id of CHECK_IDS) {
      counts[id].forEach((c, i) => {
        for (const target of org ? [org.monthly, overall.monthly] : [overall.monthly]) {
          const into = target[id][i];
          into.pass += c.pass;
          into.fail += c.fail;
          into.unknown += c.unknown;
          into.notApplicable += c.notApplicable;
        }
      });
    }
  }
  const finish = (s: RoundSummary) => {
    for (const id of CHECK_IDS) {
      finishCounts(s.checks[id]);
      s.monthly[id].forEach(finishCounts);
    }
  };
  finish(overall);
  const organisations = [...byOrg.values()].sort((a, b) => LEAGUE_ORDER[a.league] - LEAGUE_ORDER[b.league] || collator.compare(a.organisation, b.organisation));
  organisations.forEach(finish);
  return { overall, organisations };
}

/** The round restricted to one organisation: its sites and summary; rankings stay whole. */
export function sliceRound(model: RoundModel, organisation: string): RoundModel {
  const summary = model.summary.organisations.find((o) => o.organisation === organisation);
  if (!summary) throw new Error(`No organisation "${organisation}" in the round report`);
  return {
    ...model,
    scope: { kind: 'organisation', organisation },
    summary: { overall: summary, organisations: [summary] },
    sites: model.sites.filter((s) => s.organisation === organisation),
  };
}
