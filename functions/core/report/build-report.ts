/**
 * Builds the monthly report model from stored records: traffic rankings per league,
 * compliance per criterion (portals, components grouped by portal), counts and rates per
 * organisation and overall, changes since the previous period, unknowns with reasons,
 * overrides with their audit trail, sites sharing one EMC site id, and the methodology. Pure: data in, data out; the time is
 * passed in as `generatedAt`. Linear in the input (Maps throughout) so 10,000 sites are cheap.
 */
import { duplicateSiteIds } from '../pipeline/duplicate-site-ids.ts';
import { activeOverrides, applyOverrides, overrideState, type EffectiveVerdict } from '../overrides.ts';
import type { FindingRecord, League, OverrideRecord, RunRecord, TargetRecord, TrafficRecord } from '../records.ts';
import { localDate } from '../local-time.ts';
import { latestFindingBySite } from '../latest-findings.ts';
import { DEFAULT_WINDOW, type EvaluationWindow } from '../pipeline/evaluation-window.ts';
import { isUnconfirmed } from '../registry/parse-registry.ts';
import { coverageOf } from './coverage.ts';
import { outsideWindowText } from './labels.ts';
import { isWindowMonth } from './report-period.ts';
import { siteHost } from '../url.ts';
import { describeTransportFailure } from '../transport-messages.ts';
import { CHECK_IDS, type CheckId, type CheckResult, type Evidence, type LocalizedText, type SiteAudit, type Verdict } from '../types.ts';
import {
  REPORT_SCHEMA_ID,
  type CellVerdict,
  type ChangeKind,
  type ChangeRow,
  type ComponentGroup,
  type Counts,
  type EvidenceRef,
  type LeagueRanking,
  type OrganisationSummary,
  type OverrideRow,
  type PortalRow,
  type RankingRow,
  type ReportModel,
  type ScopeSummary,
  type SiteRow,
  type UnknownRow,
} from './model.ts';
import type { RankingRule, RuleSet } from './rule-sets.ts';

export interface ReportInput {
  /** Evaluation period, `YYYY-MM`. */
  period: string;
  previousPeriod?: string;
  ruleSet: RuleSet;
  /** ISO time of generation (injected clock). */
  generatedAt: string;
  /** Local date (YYYY-MM-DD) on which overrides are evaluated; default: `generatedAt`'s date in Vietnam (UTC+7). */
  overridesOn?: string;
  targets: TargetRecord[];
  /** Findings of the period's run(s); for a host seen more than once the latest recorded wins. */
  findings: FindingRecord[];
  previousFindings: FindingRecord[];
  traffic: TrafficRecord[];
  previousTraffic: TrafficRecord[];
  overrides: OverrideRecord[];
  runs: RunRecord[];
  /** The evaluation window (coverage warns about a period outside it); default {@link DEFAULT_WINDOW}. */
  window?: EvaluationWindow;
}

/** Evidence items kept per verdict in the model; the full set stays under the evidence keys. */
const EVIDENCE_PER_VERDICT = 5;
const EXCERPT_CHARS = 300;
const LEAGUE_ORDER: Record<League, number> = { ministry: 0, province: 1, other: 2 };
const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

const NOT_SCANNED: LocalizedText = {
  vi: 'Chưa được quét trong kỳ đánh giá này',
  en: 'Not scanned in this evaluation period',
};

/** Builds the overall report model. */
export function buildReport(input: ReportInput): ReportModel {
  const { ruleSet } = input;
  const overridesOn = input.overridesOn ?? localDate(new Date(input.generatedAt));
  const targets = input.targets.filter((t) => t.status !== 'excluded');
  const targetByKey = new Map(targets.map((t) => [siteHost(t.host), t]));
  const ownerOf = (t: TargetRecord): TargetRecord =>
    t.role === 'component' && t.parentHost ? (targetByKey.get(siteHost(t.parentHost)) ?? t) : t;

  const findings = latestFindingBySite(input.findings);
  const active = activeOverrides(input.overrides, overridesOn);
  const sites = targets.map((t) => buildSiteRow(t, ownerOf(t), findings.get(siteHost(t.host)), active.get(siteHost(t.host)), ruleSet, targetByKey));

  const hasPrevious = input.previousFindings.length > 0;
  const previousFindings = latestFindingBySite(input.previousFindings);
  const previousActive = activeOverrides(input.overrides, input.previousPeriod ? lastDayOf(input.previousPeriod) : overridesOn);
  const previousVerdicts = new Map<string, Partial<Record<CheckId, Verdict>>>();
  if (hasPrevious) {
    for (const site of sites) {
      const finding = previousFindings.get(siteHost(site.host));
      previousVerdicts.set(siteHost(site.host), finding ? effectiveOf(finding, previousActive.get(siteHost(site.host)), site.checks) : {});
    }
  }

  const portals = sites.filter((s): s is PortalRow => s.role === 'portal').sort(bySiteOrder);
  const components = groupComponents(sites.filter((s) => s.role !== 'portal'), targetByKey);
  const summary = summarise(sites, hasPrevious ? previousVerdicts : undefined);
  const runsOfPeriod = input.runs.filter((r) => r.period === input.period).length;
  const window = input.window ?? DEFAULT_WINDOW;
  const insideWindow = isWindowMonth(input.period, window);

  return {
    schema: REPORT_SCHEMA_ID,
    period: input.period,
    ...(input.previousPeriod !== undefined && { previousPeriod: input.previousPeriod }),
    generatedAt: input.generatedAt,
    scope: { kind: 'overall' },
    coverage: coverageOf(summary.overall, runsOfPeriod, insideWindow),
    ...(!insideWindow && { outsideWindow: outsideWindowText(window) }),
    summary,
    rankings: ruleSet.ranking.leagues.map((league) =>
      rankLeague(league, targets, input.traffic, input.previousTraffic, ruleSet.ranking),
    ),
    portals,
    components,
    ...changesOf(sites, hasPrevious ? previousVerdicts : undefined),
    unknowns: unknownsOf(sites),
    overrides: overrideRows(input.overrides, overridesOn, targetByKey, ownerOf, findings),
    duplicateSiteIds: duplicateSiteIds([...findings.values()], targets),
    methodology: {
      ruleSetVersion: ruleSet.version,
      ranking: ruleSet.ranking,
      legal: ruleSet.legal,
      criteria: ruleSet.criteria,
      trafficCriterion: ruleSet.trafficCriterion,
      scanDates: scanDates(findings),
      runs: runsUsed(findings, input.runs),
      sampledPages: sampledPages(sites),
      overridesOn,
    },
  };
}

/* ---------------------------------------------------------------------------------------- */
/* Sites                                                                                    */
/* ---------------------------------------------------------------------------------------- */

function buildSiteRow(
  target: TargetRecord,
  owner: TargetRecord,
  finding: FindingRecord | undefined,
  overrides: Map<CheckId, OverrideRecord> | undefined,
  ruleSet: RuleSet,
  targetByKey: Map<string, TargetRecord>,
): SiteRow | PortalRow {
  const applicable = CHECK_IDS.filter((id) => ruleSet.criteria[id].appliesTo.includes(target.role));
  const audit = finding?.audit;
  const transport = audit ? transportOf(audit) : undefined;
  const effective = audit ? applyOverrides(audit, overrides) : undefined;
  const checks: Partial<Record<CheckId, CellVerdict>> = {};
  for (const id of applicable) {
    checks[id] = audit && effective ? cellOf(audit.checks[id], effective[id], transport?.reason) : notScannedCell(id, overrides);
  }
  const foundSiteId = audit?.checks['emc-tracking-code']?.data?.siteId;
  const siteId =
    typeof foundSiteId === 'string' || typeof foundSiteId === 'number' ? String(foundSiteId) : target.expectedSiteId;
  const row: SiteRow = {
    name: target.org,
    organisation: owner.org,
    league: owner.league,
    host: target.host,
    url: target.url,
    role: target.role,
    status: target.status,
    source: target.source,
    ...(target.parentHost !== undefined && { parentHost: target.parentHost }),
    ...(siteId !== undefined && { siteId }),
    ...(isUnconfirmed(target) && { unconfirmedDomain: true }),
    scanned: audit !== undefined,
    ...(audit && { scannedAt: audit.startedAt }),
    ...(finding && { runId: finding.runId }),
    ...(transport && { transport }),
    pages: {
      judged: audit ? audit.pages.filter((p) => p.ok).length : 0,
      failed: audit ? audit.pages.filter((p) => !p.ok).length : 0,
    },
    checks,
    evidenceKeys: finding ? uniqueEvidenceKeys(finding) : [],
  };
  if (target.role !== 'portal') return row;
  return { ...row, role: 'portal', missingComponents: missingComponents(audit?.checks['portal-links-components'], targetByKey) };
}

/** The transport failure that made the site uncheckable, if any. */
function transportOf(audit: SiteAudit): SiteRow['transport'] {
  if (audit.transport.status === 'ok') return undefined;
  const { failure } = audit.transport;
  return { kind: failure.kind, reason: describeTransportFailure(failure) };
}

function cellOf(result: CheckResult | undefined, effective: EffectiveVerdict, transportReason?: LocalizedText): CellVerdict {
  const auto = result?.verdict ?? 'unknown';
  const summary = result?.summary ?? transportReason ?? NOT_SCANNED;
  const cell: CellVerdict = {
    verdict: effective.verdict,
    auto,
    summary,
    ...(result?.hint && { hint: result.hint }),
    ...(effective.overridden && { overridden: effective.overridden }),
    evidence: effective.verdict === 'fail' || auto === 'fail' ? evidenceRefs(result?.evidence ?? []) : [],
  };
  if (effective.verdict === 'unknown') cell.unknownReason = transportReason ?? summary;
  return cell;
}

/** A site without a finding: unknown ("not scanned"), unless an evaluator decided it. */
function notScannedCell(id: CheckId, overrides: Map<CheckId, OverrideRecord> | undefined): CellVerdict {
  const effective = applyOverrides({ checks: {} as Record<CheckId, CheckResult> }, overrides)[id];
  return {
    verdict: effective.verdict,
    auto: 'unknown',
    summary: NOT_SCANNED,
    ...(effective.overridden && { overridden: effective.overridden }),
    ...(effective.verdict === 'unknown' && { unknownReason: NOT_SCANNED }),
    evidence: [],
  };
}

function evidenceRefs(evidence: Evidence[]): EvidenceRef[] {
  return evidence.slice(0, EVIDENCE_PER_VERDICT).map((e) => ({
    kind: e.kind,
    ...(e.pageUrl !== undefined && { pageUrl: e.pageUrl }),
    ...(e.href !== undefined && { href: e.href }),
    ...(e.text !== undefined && { text: e.text }),
    ...(e.excerpt !== undefined && { excerpt: e.excerpt.slice(0, EXCERPT_CHARS) }),
    ...(e.region !== undefined && { region: e.region }),
    ...(e.key !== undefined && { key: e.key }),
  }));
}

function uniqueEvidenceKeys(finding: FindingRecord): string[] {
  const keys = new Set(finding.evidenceKeys);
  for (const id of CHECK_IDS) for (const e of finding.audit.checks[id]?.evidence ?? []) if (e.key) keys.add(e.key);
  return [...keys];
}

/**
 * The components a portal's homepage does not link to, named from the registry when known.
 * The 2.2b check lists every candidate in `data.components` (`{ host, linked, … }`).
 */
function missingComponents(result: CheckResult | undefined, targetByKey: Map<string, TargetRecord>): { host: string; name?: string }[] {
  if (!result || result.verdict !== 'fail') return [];
  const components = result.data?.components;
  if (!Array.isArray(components)) return [];
  const missing: { host: string; name?: string }[] = [];
  for (const item of components as { host?: unknown; linked?: unknown }[]) {
    if (!item || typeof item.host !== 'string' || item.linked !== false) continue;
    const name = targetByKey.get(siteHost(item.host))?.org;
    missing.push({ host: item.host, ...(name !== undefined && { name }) });
  }
  return missing;
}

function effectiveOf(
  finding: FindingRecord,
  overrides: Map<CheckId, OverrideRecord> | undefined,
  applicable: Partial<Record<CheckId, CellVerdict>>,
): Partial<Record<CheckId, Verdict>> {
  const effective = applyOverrides(finding.audit, overrides);
  const result: Partial<Record<CheckId, Verdict>> = {};
  for (const id of Object.keys(applicable) as CheckId[]) result[id] = effective[id].verdict;
  return result;
}

function groupComponents(rows: SiteRow[], targetByKey: Map<string, TargetRecord>): ComponentGroup[] {
  const groups = new Map<string, ComponentGroup>();
  for (const row of rows) {
    const portal = row.parentHost ? targetByKey.get(siteHost(row.parentHost)) : undefined;
    const key = portal ? siteHost(portal.host) : '';
    let group = groups.get(key);
    if (!group) {
      group = { ...(portal && { portalHost: portal.host }), organisation: row.organisation, league: row.league, rows: [] };
      groups.set(key, group);
    }
    group.rows.push(row);
  }
  for (const group of groups.values()) group.rows.sort((a, b) => collator.compare(a.host, b.host));
  return [...groups.values()].sort(
    (a, b) =>
      Number(a.portalHost === undefined) - Number(b.portalHost === undefined) ||
      LEAGUE_ORDER[a.league] - LEAGUE_ORDER[b.league] ||
      collator.compare(a.organisation, b.organisation),
  );
}

function bySiteOrder(a: SiteRow, b: SiteRow): number {
  return LEAGUE_ORDER[a.league] - LEAGUE_ORDER[b.league] || collator.compare(a.organisation, b.organisation) || collator.compare(a.host, b.host);
}

/* ---------------------------------------------------------------------------------------- */
/* Counts                                                                                   */
/* ---------------------------------------------------------------------------------------- */

/** Counting helpers, shared with the round report. */
export function emptyCounts(): Counts {
  return { pass: 0, fail: 0, unknown: 0, notApplicable: 0, judged: 0, passRate: null };
}

export function addVerdict(counts: Counts, verdict: Verdict): void {
  if (verdict === 'pass') counts.pass += 1;
  else if (verdict === 'fail') counts.fail += 1;
  else if (verdict === 'unknown') counts.unknown += 1;
  else counts.notApplicable += 1;
}

export function finishCounts(counts: Counts): Counts {
  counts.judged = counts.pass + counts.fail;
  counts.passRate = counts.judged === 0 ? null : counts.pass / counts.judged;
  return counts;
}

interface Tally {
  sites: number;
  scanned: number;
  unreachable: number;
  portals: number;
  components: number;
  checks: Record<CheckId, Counts>;
  all: Counts;
  previous?: { checks: Record<CheckId, Counts>; all: Counts };
}

function newTally(withPrevious: boolean): Tally {
  const checks = () => Object.fromEntries(CHECK_IDS.map((id) => [id, emptyCounts()])) as Record<CheckId, Counts>;
  return {
    sites: 0,
    scanned: 0,
    unreachable: 0,
    portals: 0,
    components: 0,
    checks: checks(),
    all: emptyCounts(),
    ...(withPrevious && { previous: { checks: checks(), all: emptyCounts() } }),
  };
}

function finishTally(tally: Tally): ScopeSummary {
  for (const id of CHECK_IDS) finishCounts(tally.checks[id]);
  finishCounts(tally.all);
  if (tally.previous) {
    for (const id of CHECK_IDS) finishCounts(tally.previous.checks[id]);
    finishCounts(tally.previous.all);
  }
  return tally;
}

/** Counts per organisation and overall; previous-period counts over the same sites (not scanned = unknown). */
function summarise(
  sites: SiteRow[],
  previous: Map<string, Partial<Record<CheckId, Verdict>>> | undefined,
): { overall: ScopeSummary; organisations: OrganisationSummary[] } {
  const overall = newTally(previous !== undefined);
  const byOrg = new Map<string, Tally & { organisation: string; league: League }>();
  for (const site of sites) {
    let org = byOrg.get(site.organisation);
    if (!org) {
      org = { ...newTally(previous !== undefined), organisation: site.organisation, league: site.league };
      byOrg.set(site.organisation, org);
    }
    const before = previous?.get(siteHost(site.host));
    for (const tally of [overall, org]) {
      tally.sites += 1;
      if (site.scanned) tally.scanned += 1;
      if (site.transport) tally.unreachable += 1;
      if (site.role === 'portal') tally.portals += 1;
      else tally.components += 1;
      for (const [id, cell] of Object.entries(site.checks) as [CheckId, CellVerdict][]) {
        addVerdict(tally.checks[id], cell.verdict);
        addVerdict(tally.all, cell.verdict);
        if (tally.previous) {
          const verdict = before?.[id] ?? 'unknown';
          addVerdict(tally.previous.checks[id], verdict);
          addVerdict(tally.previous.all, verdict);
        }
      }
    }
  }
  const organisations = [...byOrg.values()]
    .sort((a, b) => LEAGUE_ORDER[a.league] - LEAGUE_ORDER[b.league] || collator.compare(a.organisation, b.organisation))
    .map((t) => ({ ...finishTally(t), organisation: t.organisation, league: t.league }));
  return { overall: finishTally(overall), organisations };
}

/* ---------------------------------------------------------------------------------------- */
/* Rankings                                                                                 */
/* ---------------------------------------------------------------------------------------- */

const NO_TRAFFIC: LocalizedText = {
  vi: 'Không có số liệu EMC cho kỳ này: không xếp hạng',
  en: 'No EMC figures for this period: not ranked',
};

function rankLeague(
  league: League,
  targets: TargetRecord[],
  traffic: TrafficRecord[],
  previousTraffic: TrafficRecord[],
  rule: RankingRule,
): LeagueRanking {
  const portals = targets.filter((t) => t.role === 'portal' && t.league === league);
  const current = rankPortals(portals, traffic, rule);
  const previous = rankPortals(portals, previousTraffic, rule);
  const previousByHost = new Map(previous.ranked.map((r) => [r.target.host, r]));
  return {
    league,
    metric: rule.metric,
    ranked: current.ranked.map(({ target, record, value }, index): RankingRow => {
      const before = previousByHost.get(target.host);
      return {
        rank: index + 1,
        ...(before && { previousRank: before.rank, rankChange: before.rank - (index + 1), previousValue: before.value }),
        organisation: target.org,
        host: target.host,
        value,
        visits: record.visits,
        ...(record.pageviews !== undefined && { pageviews: record.pageviews }),
        ...(record.visitors !== undefined && { visitors: record.visitors }),
      };
    }),
    noData: current.noData.map(({ target, reason }) => ({ organisation: target.org, host: target.host, reason })),
  };
}

function rankPortals(portals: TargetRecord[], traffic: TrafficRecord[], rule: RankingRule) {
  const byHost = new Map(traffic.map((r) => [siteHost(r.host), r]));
  const ranked: { target: TargetRecord; record: TrafficRecord; value: number; rank: number }[] = [];
  const noData: { target: TargetRecord; reason: LocalizedText }[] = [];
  for (const target of portals) {
    const record = byHost.get(siteHost(target.host));
    const value = record?.[rule.metric];
    if (record && typeof value === 'number') ranked.push({ target, record, value, rank: 0 });
    else noData.push({ target, reason: record ? metricMissing(rule.metric) : NO_TRAFFIC });
  }
  const sign = rule.order === 'desc' ? -1 : 1;
  ranked.sort(
    (a, b) =>
      sign * (a.value - b.value) ||
      (rule.tieBreak === 'name' ? collator.compare(a.target.org, b.target.org) : 0) ||
      collator.compare(a.target.host, b.target.host),
  );
  ranked.forEach((r, i) => (r.rank = i + 1));
  noData.sort((a, b) => collator.compare(a.target.org, b.target.org));
  return { ranked, noData };
}

function metricMissing(metric: RankingRule['metric']): LocalizedText {
  const names = { visits: ['lượt truy cập', 'visits'], pageviews: ['lượt xem trang', 'pageviews'], visitors: ['người dùng', 'visitors'] };
  return {
    vi: `Số liệu EMC không có ${names[metric][0]}: không xếp hạng`,
    en: `EMC figures have no ${names[metric][1]}: not ranked`,
  };
}

/* ---------------------------------------------------------------------------------------- */
/* Changes, unknowns, overrides, methodology                                                */
/* ---------------------------------------------------------------------------------------- */

function changesOf(
  sites: SiteRow[],
  previous: Map<string, Partial<Record<CheckId, Verdict>>> | undefined,
): Pick<ReportModel, 'changes' | 'changeCounts'> {
  const changeCounts = Object.fromEntries(
    CHECK_IDS.map((id) => [id, { 'new-failure': 0, fixed: 0, 'became-unknown': 0 }]),
  ) as ReportModel['changeCounts'];
  const changes: ChangeRow[] = [];
  if (!previous) return { changes, changeCounts };
  for (const site of sites) {
    const before = previous.get(siteHost(site.host)) ?? {};
    for (const [id, cell] of Object.entries(site.checks) as [CheckId, CellVerdict][]) {
      const from = before[id];
      const kind = changeKind(from, cell.verdict);
      if (!kind) continue;
      changeCounts[id][kind] += 1;
      changes.push({
        kind,
        organisation: site.organisation,
        name: site.name,
        host: site.host,
        role: site.role,
        check: id,
        ...(from !== undefined && { from }),
        to: cell.verdict,
        evidence: cell.evidence,
        evidenceKeys: site.evidenceKeys,
      });
    }
  }
  const kindOrder: Record<ChangeKind, number> = { 'new-failure': 0, fixed: 1, 'became-unknown': 2 };
  changes.sort(
    (a, b) => kindOrder[a.kind] - kindOrder[b.kind] || collator.compare(a.organisation, b.organisation) || collator.compare(a.host, b.host),
  );
  return { changes, changeCounts };
}

function changeKind(from: Verdict | undefined, to: Verdict): ChangeKind | undefined {
  if (to === 'fail' && from !== 'fail') return 'new-failure';
  if (to === 'pass' && from === 'fail') return 'fixed';
  if (to === 'unknown' && (from === 'pass' || from === 'fail')) return 'became-unknown';
  return undefined;
}

function unknownsOf(sites: SiteRow[]): UnknownRow[] {
  const rows: UnknownRow[] = [];
  for (const site of [...sites].sort(bySiteOrder)) {
    for (const [id, cell] of Object.entries(site.checks) as [CheckId, CellVerdict][]) {
      if (cell.verdict !== 'unknown') continue;
      rows.push({
        organisation: site.organisation,
        name: site.name,
        host: site.host,
        role: site.role,
        check: id,
        reason: cell.unknownReason ?? cell.summary,
        ...(cell.hint && { hint: cell.hint }),
      });
    }
  }
  return rows;
}

/** Every override record of a registered site, with its state on the date (the audit trail). */
function overrideRows(
  all: OverrideRecord[],
  onDate: string,
  targetByKey: Map<string, TargetRecord>,
  ownerOf: (t: TargetRecord) => TargetRecord,
  findings: Map<string, FindingRecord>,
): OverrideRow[] {
  const active = activeOverrides(all, onDate);
  const rows: OverrideRow[] = [];
  for (const record of all) {
    const target = targetByKey.get(siteHost(record.host));
    if (!target) continue;
    const state = overrideState(record, onDate);
    const inForce = active.get(siteHost(record.host))?.get(record.check) === record;
    const from = findings.get(siteHost(record.host))?.audit.checks[record.check]?.verdict;
    rows.push({
      organisation: ownerOf(target).org,
      host: target.host,
      check: record.check,
      verdict: record.verdict,
      ...(inForce && from !== undefined && { from }),
      reason: record.reason,
      author: record.author,
      createdAt: record.createdAt,
      ...(record.until !== undefined && { until: record.until }),
      state: state === 'active' && !inForce ? 'superseded' : state,
      ...(record.clearedAt !== undefined && { clearedAt: record.clearedAt }),
      ...(record.clearedBy !== undefined && { clearedBy: record.clearedBy }),
    });
  }
  return rows.sort((a, b) => collator.compare(a.organisation, b.organisation) || collator.compare(a.host, b.host) || a.createdAt.localeCompare(b.createdAt));
}

function scanDates(findings: Map<string, FindingRecord>): { from?: string; to?: string } {
  let from: string | undefined;
  let to: string | undefined;
  for (const { audit } of findings.values()) {
    if (from === undefined || audit.startedAt < from) from = audit.startedAt;
    if (to === undefined || audit.startedAt > to) to = audit.startedAt;
  }
  return { ...(from !== undefined && { from }), ...(to !== undefined && { to }) };
}

function runsUsed(findings: Map<string, FindingRecord>, runs: RunRecord[]): ReportModel['methodology']['runs'] {
  const used = new Set([...findings.values()].map((f) => f.runId));
  return runs
    .filter((r) => used.has(r.runId))
    .map((r) => ({ runId: r.runId, period: r.period, startedAt: r.startedAt, trigger: r.trigger }))
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

function sampledPages(sites: SiteRow[]): ReportModel['methodology']['sampledPages'] {
  const stats = { sitesScanned: 0, pagesJudged: 0, pagesFailed: 0, maxPerSite: 0 };
  for (const site of sites) {
    if (!site.scanned) continue;
    stats.sitesScanned += 1;
    stats.pagesJudged += site.pages.judged;
    stats.pagesFailed += site.pages.failed;
    stats.maxPerSite = Math.max(stats.maxPerSite, site.pages.judged + site.pages.failed);
  }
  return stats;
}

/** Last day (YYYY-MM-DD) of a `YYYY-MM` period. */
export function lastDayOf(period: string): string {
  const [year, month] = period.split('-').map(Number);
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}
