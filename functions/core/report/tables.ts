/**
 * The report as tables: one per XLSX sheet and per CSV file. The spreadsheet and CSV writers
 * only lay these out, so both formats carry the same columns, in the same order, with the
 * same words. Strings here are raw (untrusted where they come from sites or files); the
 * writers neutralise them.
 */
import type { Lang } from '../types.ts';
import { CHECK_IDS, type CheckId } from '../types.ts';
import {
  CHANGE_LABELS,
  LEAGUE_LABELS,
  OVERRIDE_STATE_LABELS,
  ROLE_LABELS,
  SHEET_NAMES,
  SITE_ID_VIA_LABELS,
  VERDICT_LABELS,
  WORDS,
  criterionHeader,
  rankingRuleText,
  sampledPagesText,
} from './labels.ts';
import type { CellVerdict, Counts, ReportModel, ScopeSummary, SiteRow } from './model.ts';

/** A cell: text, a number, empty, or a link (the writer decides whether the URL is safe). */
export type TableCell = string | number | null | { text: string; link: string };

export interface TableColumn {
  header: string;
  /** Character width for spreadsheets. */
  width: number;
  format: 'text' | 'int' | 'pct' | 'signed';
}

export interface ReportTable {
  key: 'summary' | 'rankings' | 'portals' | 'components' | 'changes' | 'unknowns' | 'duplicate-site-ids' | 'overrides' | 'methodology';
  /** Sheet name (≤ 31 characters, Excel's limit). */
  name: string;
  columns: TableColumn[];
  rows: TableCell[][];
}

export interface TableOptions {
  lang?: Lang;
  /** URL of a stored evidence object (e.g. a presigned S3 link); when absent, the key is shown. */
  evidenceLink?: (key: string) => string;
}

/** Every table of the report, in sheet order. */
export function reportTables(model: ReportModel, options: TableOptions = {}): ReportTable[] {
  const lang = options.lang ?? 'vi';
  const w = (label: { vi: string; en: string }) => label[lang];
  const col = (header: string, width: number, format: TableColumn['format'] = 'text'): TableColumn => ({ header, width, format });
  const criteria = model.methodology.criteria;
  const crit = (id: CheckId) => criterionHeader(criteria[id], lang);
  const evidenceCell = (keys: string[]): TableCell => {
    if (keys.length === 0) return null;
    const text = keys.join('\n');
    return options.evidenceLink ? { text, link: options.evidenceLink(keys[0]) } : text;
  };
  const verdictText = (cell: CellVerdict | undefined): string => {
    if (!cell) return w(VERDICT_LABELS['not-applicable']);
    const base = w(VERDICT_LABELS[cell.verdict]);
    return cell.overridden ? `${base} (${w(WORDS.overridden).toLowerCase()})` : base;
  };
  const reasonsText = (site: SiteRow): string =>
    (Object.entries(site.checks) as [CheckId, CellVerdict][])
      .filter(([, c]) => c.verdict !== 'pass')
      .map(([id, c]) => `${criteria[id].section}: ${w(c.verdict === 'unknown' ? (c.unknownReason ?? c.summary) : c.summary)}`)
      .join('\n');
  const overrideText = (site: SiteRow): string =>
    (Object.entries(site.checks) as [CheckId, CellVerdict][])
      .filter(([, c]) => c.overridden)
      .map(([id, c]) => {
        const o = c.overridden!;
        const until = o.until ? `, ${w(WORDS.until).toLowerCase()} ${o.until}` : '';
        return `${criteria[id].section}: ${w(VERDICT_LABELS[o.from])} → ${w(VERDICT_LABELS[c.verdict])}; ${o.reason} (${o.author}${until})`;
      })
      .join('\n');

  const countColumns = (id: CheckId | 'all'): TableColumn[] => {
    const label = id === 'all' ? w(WORDS.allCriteria) : criteria[id].section;
    return [
      col(`${label} ${w(WORDS.pass)}`, 10, 'int'),
      col(`${label} ${w(WORDS.fail)}`, 10, 'int'),
      col(`${label} ${w(WORDS.unknown)}`, 12, 'int'),
      col(`${label} ${w(WORDS.passRate)}`, 12, 'pct'),
    ];
  };
  const countCells = (c: Counts): TableCell[] => [c.pass, c.fail, c.unknown, c.passRate];
  const summaryRow = (name: string, league: string, s: ScopeSummary): TableCell[] => [
    name,
    league,
    s.sites,
    s.portals,
    s.components,
    ...CHECK_IDS.flatMap((id) => countCells(s.checks[id])),
    ...countCells(s.all),
    s.previous ? s.previous.all.passRate : null,
  ];
  const summary: ReportTable = {
    key: 'summary',
    name: w(SHEET_NAMES.summary),
    columns: [
      col(w(WORDS.organisation), 40),
      col(w(WORDS.league), 24),
      col(w(WORDS.sites), 10, 'int'),
      col(w(WORDS.portals), 10, 'int'),
      col(w(WORDS.components), 12, 'int'),
      ...CHECK_IDS.flatMap(countColumns),
      ...countColumns('all'),
      col(w(WORDS.previousPassRate), 14, 'pct'),
    ],
    rows: [
      summaryRow(
        model.scope.kind === 'overall' ? w(WORDS.overall) : model.scope.organisation,
        '',
        model.summary.overall,
      ),
      ...(model.scope.kind === 'overall'
        ? model.summary.organisations.map((o) => summaryRow(o.organisation, w(LEAGUE_LABELS[o.league]), o))
        : []),
    ],
  };

  const rankings: ReportTable = {
    key: 'rankings',
    name: w(SHEET_NAMES.rankings),
    columns: [
      col(w(WORDS.league), 24),
      col(w(WORDS.rank), 8, 'int'),
      col(w(WORDS.organisation), 40),
      col(w(WORDS.host), 28),
      col(w(WORDS.visits), 14, 'int'),
      col(w(WORDS.pageviews), 14, 'int'),
      col(w(WORDS.visitors), 14, 'int'),
      col(w(WORDS.previousRank), 12, 'int'),
      col(w(WORDS.rankChange), 12, 'signed'),
      col(w(WORDS.reason), 40),
    ],
    rows: model.rankings.flatMap((r) => [
      ...r.ranked.map((row): TableCell[] => [
        w(LEAGUE_LABELS[r.league]),
        row.rank,
        row.organisation,
        row.host,
        row.visits,
        row.pageviews ?? null,
        row.visitors ?? null,
        row.previousRank ?? null,
        row.rankChange ?? null,
        null,
      ]),
      ...r.noData.map((row): TableCell[] => [
        w(LEAGUE_LABELS[r.league]),
        null,
        row.organisation,
        row.host,
        null,
        null,
        null,
        null,
        null,
        w(row.reason),
      ]),
    ]),
  };

  const portalChecks = CHECK_IDS.filter((id) => criteria[id].appliesTo.includes('portal'));
  const portals: ReportTable = {
    key: 'portals',
    name: w(SHEET_NAMES.portals),
    columns: [
      col(w(WORDS.organisation), 36),
      col(w(WORDS.league), 20),
      col(w(WORDS.host), 28),
      col(w(WORDS.siteId), 12),
      ...portalChecks.map((id) => col(crit(id), 22)),
      col(w(WORDS.missingComponents), 40),
      col(w(WORDS.reason), 50),
      col(w(WORDS.overridden), 40),
      col(w(WORDS.evidence), 40),
      col(w(WORDS.scannedAt), 20),
    ],
    rows: model.portals.map((p) => [
      p.organisation,
      w(LEAGUE_LABELS[p.league]),
      p.host,
      p.siteId ?? null,
      ...portalChecks.map((id) => verdictText(p.checks[id])),
      p.missingComponents.map((m) => (m.name ? `${m.name} (${m.host})` : m.host)).join('\n') || null,
      reasonsText(p) || null,
      overrideText(p) || null,
      evidenceCell(p.evidenceKeys),
      p.scannedAt ?? null,
    ]),
  };

  const componentChecks = CHECK_IDS.filter(
    (id) => criteria[id].appliesTo.includes('component') || criteria[id].appliesTo.includes('standalone'),
  );
  const components: ReportTable = {
    key: 'components',
    name: w(SHEET_NAMES.components),
    columns: [
      col(w(WORDS.portal), 28),
      col(w(WORDS.organisation), 36),
      col(w(WORDS.name), 36),
      col(w(WORDS.host), 30),
      col(w(WORDS.role), 16),
      col(w(WORDS.status), 14),
      ...componentChecks.map((id) => col(crit(id), 22)),
      col(w(WORDS.reason), 50),
      col(w(WORDS.overridden), 40),
      col(w(WORDS.evidence), 40),
      col(w(WORDS.scannedAt), 20),
    ],
    rows: model.components.flatMap((g) =>
      g.rows.map((c): TableCell[] => [
        g.portalHost ?? w(WORDS.noPortal),
        c.organisation,
        c.name,
        c.host,
        w(ROLE_LABELS[c.role]),
        c.status,
        ...componentChecks.map((id) => verdictText(c.checks[id])),
        reasonsText(c) || null,
        overrideText(c) || null,
        evidenceCell(c.evidenceKeys),
        c.scannedAt ?? null,
      ]),
    ),
  };

  const changes: ReportTable = {
    key: 'changes',
    name: w(SHEET_NAMES.changes),
    columns: [
      col(w(WORDS.change), 22),
      col(w(WORDS.organisation), 36),
      col(w(WORDS.name), 36),
      col(w(WORDS.host), 28),
      col(w(WORDS.criterion), 36),
      col(w(WORDS.from), 16),
      col(w(WORDS.to), 16),
      col(w(WORDS.evidence), 40),
    ],
    rows: model.changes.map((c) => [
      w(CHANGE_LABELS[c.kind]),
      c.organisation,
      c.name,
      c.host,
      crit(c.check),
      c.from ? w(VERDICT_LABELS[c.from]) : null,
      w(VERDICT_LABELS[c.to]),
      evidenceCell(c.evidenceKeys),
    ]),
  };

  const unknowns: ReportTable = {
    key: 'unknowns',
    name: w(SHEET_NAMES.unknowns),
    columns: [
      col(w(WORDS.organisation), 36),
      col(w(WORDS.name), 36),
      col(w(WORDS.host), 28),
      col(w(WORDS.role), 16),
      col(w(WORDS.criterion), 36),
      col(w(WORDS.reason), 50),
      col(w(WORDS.hint), 50),
    ],
    rows: model.unknowns.map((u) => [
      u.organisation,
      u.name,
      u.host,
      w(ROLE_LABELS[u.role]),
      crit(u.check),
      w(u.reason),
      u.hint ? w(u.hint) : null,
    ]),
  };

  const duplicates: ReportTable = {
    key: 'duplicate-site-ids',
    name: w(SHEET_NAMES.duplicateSiteIds),
    columns: [
      col(w(WORDS.siteId), 12),
      col(w(WORDS.host), 30),
      col(w(WORDS.name), 36),
      col(w(WORDS.siteIdVia), 36),
      col(w(WORDS.sameSiteIdAs), 40),
    ],
    rows: model.duplicateSiteIds.flatMap((g) =>
      g.hosts.map((h): TableCell[] => [
        g.siteId,
        h.host,
        h.org ?? null,
        w(SITE_ID_VIA_LABELS[h.via]),
        g.hosts.filter((other) => other !== h).map((other) => other.host).join('\n'),
      ]),
    ),
  };

  const overrides: ReportTable = {
    key: 'overrides',
    name: w(SHEET_NAMES.overrides),
    columns: [
      col(w(WORDS.organisation), 36),
      col(w(WORDS.host), 28),
      col(w(WORDS.criterion), 36),
      col(w(WORDS.verdict), 14),
      col(w(WORDS.autoVerdict), 16),
      col(w(WORDS.reason), 50),
      col(w(WORDS.author), 20),
      col(w(WORDS.createdAt), 20),
      col(w(WORDS.until), 14),
      col(w(WORDS.state), 16),
    ],
    rows: model.overrides.map((o) => [
      o.organisation,
      o.host,
      crit(o.check),
      w(VERDICT_LABELS[o.verdict]),
      o.from ? w(VERDICT_LABELS[o.from]) : null,
      o.reason,
      o.author,
      o.createdAt,
      o.until ?? null,
      w(OVERRIDE_STATE_LABELS[o.state]) + (o.clearedAt ? ` (${o.clearedAt}${o.clearedBy ? `, ${o.clearedBy}` : ''})` : ''),
    ]),
  };

  const m = model.methodology;
  const methodology: ReportTable = {
    key: 'methodology',
    name: w(SHEET_NAMES.methodology),
    columns: [col(lang === 'vi' ? 'Mục' : 'Item', 30), col(lang === 'vi' ? 'Nội dung' : 'Value', 100)],
    rows: [
      [w(WORDS.period), model.period],
      [w(WORDS.previousPeriod), model.previousPeriod ?? null],
      [w(WORDS.generatedAt), model.generatedAt],
      [w(WORDS.ruleSet), m.ruleSetVersion],
      [w(WORDS.rankingRule), rankingRuleText(m.ranking, lang)],
      ...m.legal.map((l): TableCell[] => [w(WORDS.legal), l[lang]]),
      ...CHECK_IDS.map((id): TableCell[] => [w(WORDS.criterion), crit(id)]),
      [w(WORDS.criterion), criterionHeader(m.trafficCriterion, lang)],
      [w(WORDS.scanDates), [m.scanDates.from, m.scanDates.to].filter(Boolean).join(' – ') || null],
      [w(WORDS.runs), m.runs.map((r) => `${r.runId} (${r.startedAt})`).join('\n') || null],
      [w(WORDS.sampledPages), sampledPagesText(m.sampledPages, lang)],
      [w(WORDS.overridesOn), m.overridesOn],
      [w(WORDS.passRate), w(WORDS.ratesNote)],
    ],
  };

  return [summary, rankings, portals, components, changes, unknowns, duplicates, overrides, methodology];
}
