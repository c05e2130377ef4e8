/**
 * The report as tables: one per XLSX sheet and per CSV file. The spreadsheet and CSV writers
 * only lay these out, so both formats carry the same columns, in the same order, with the
 * same words. Strings here are raw (untrusted where they come from sites or files); the
 * writers neutralise them. Each table is built by its own named step below.
 */
import type { Lang, LocalizedText } from '../types.ts';
import { CHECK_IDS, type CheckId } from '../types.ts';
import {
  CHANGE_LABELS,
  coverageWarningTexts,
  EVIDENCE_LABELS,
  LEAGUE_LABELS,
  OVERRIDE_STATE_LABELS,
  ROLE_LABELS,
  SHEET_NAMES,
  SITE_ID_VIA_LABELS,
  VERDICT_LABELS,
  WORDS,
  coverageText,
  criterionHeader,
  rankingRuleText,
  sampledPagesText,
} from './labels.ts';
import type { CellVerdict, Counts, ReportModel, ScopeSummary, SiteRow } from './model.ts';

/**
 * A cell: text, a number, empty, a link (the writer decides whether the URL is safe; `key` is
 * the evidence key machines read in CSV), or a moment (`date`, ISO UTC: a typed date cell in
 * Viet Nam's time in the spreadsheet, ISO in the CSV).
 */
export type TableCell = string | number | null | { text: string; link: string; key?: string } | { date: string };

export interface TableColumn {
  header: string;
  /** Character width for spreadsheets. */
  width: number;
  format: 'text' | 'int' | 'pct' | 'signed' | 'datetime';
}

export type ReportTableKey =
  | 'coverage' | 'summary' | 'rankings' | 'portals' | 'components' | 'changes' | 'unknowns' | 'duplicate-site-ids' | 'overrides' | 'methodology';

export interface ReportTable {
  key: ReportTableKey;
  /** Sheet name (≤ 31 characters, Excel's limit). */
  name: string;
  columns: TableColumn[];
  rows: TableCell[][];
}

/** Where an evidence key's link points: a presigned URL on AWS, a relative path in a local report set. */
export type LinkFor = (evidenceKey: string) => string;

export interface TableOptions {
  lang?: Lang;
  /** The link of a stored evidence object; when absent, evidence is named without a link. */
  linkFor?: LinkFor;
}

/** The kind of an evidence file, from its key's file name (`homepage.html`, `viewport.png`, `badge.png`). */
export function evidenceKind(key: string): keyof typeof EVIDENCE_LABELS {
  const file = key.slice(key.lastIndexOf('/') + 1);
  if (file === 'homepage.html') return 'homepage';
  if (file === 'badge.png') return 'badge';
  if (file.endsWith('.png')) return 'screenshot';
  return 'file';
}

/** What every step shares: the language, the criteria and the cell builders. */
/** Headers of the two-column sheets (coverage, methodology). */
const KEY_VALUE_HEADERS = { item: { vi: 'Mục', en: 'Item' }, value: { vi: 'Nội dung', en: 'Value' } } satisfies Record<string, LocalizedText>;

interface Builder {
  lang: Lang;
  w: (label: LocalizedText) => string;
  /** A column; a header given as words is said in the report's language. */
  col: (header: string | LocalizedText, width: number, format?: TableColumn['format']) => TableColumn;
  crit: (id: CheckId) => string;
  criteria: ReportModel['methodology']['criteria'];
  linkFor?: LinkFor;
}

/** Every table of the report, in sheet order. */
export function reportTables(model: ReportModel, options: TableOptions = {}): ReportTable[] {
  const lang = options.lang ?? 'vi';
  const w = (label: LocalizedText) => label[lang];
  const criteria = model.methodology.criteria;
  const b: Builder = {
    lang,
    w,
    col: (header, width, format = 'text') => ({ header: typeof header === 'string' ? header : w(header), width, format }),
    crit: (id) => criterionHeader(criteria[id], lang),
    criteria,
    linkFor: options.linkFor,
  };
  return [
    coverageTable(model, b),
    summaryTable(model, b),
    rankingsTable(model, b),
    portalsTable(model, b),
    componentsTable(model, b),
    changesTable(model, b),
    unknownsTable(model, b),
    duplicateSiteIdsTable(model, b),
    overridesTable(model, b),
    methodologyTable(model, b),
  ];
}

/* ------------------------------------------------------------------ cells shared by steps */

const dateCell = (iso: string | undefined): TableCell => (iso ? { date: iso } : null);

/** One evidence column per kind (homepage, screenshot, badge): a short labelled link each. */
const EVIDENCE_COLUMNS = ['homepage', 'screenshot', 'badge'] as const;

function evidenceColumns(b: Builder): TableColumn[] {
  return EVIDENCE_COLUMNS.map((kind) => b.col(`${b.w(WORDS.evidence)}: ${b.w(EVIDENCE_LABELS[kind])}`, 14));
}

function evidenceCells(keys: readonly string[], b: Builder): TableCell[] {
  return EVIDENCE_COLUMNS.map((kind) => {
    const key = keys.find((k) => evidenceKind(k) === kind);
    if (!key) return null;
    const text = b.w(EVIDENCE_LABELS[kind]);
    return b.linkFor ? { text, link: b.linkFor(key), key } : key;
  });
}

function verdictText(cell: CellVerdict | undefined, b: Builder): string {
  if (!cell) return b.w(VERDICT_LABELS['not-applicable']);
  const base = b.w(VERDICT_LABELS[cell.verdict]);
  return cell.overridden ? `${base} (${b.w(WORDS.overridden).toLowerCase()})` : base;
}

function reasonsText(site: SiteRow, b: Builder): string | null {
  return (
    (Object.entries(site.checks) as [CheckId, CellVerdict][])
      .filter(([, c]) => c.verdict !== 'pass')
      .map(([id, c]) => `${b.criteria[id].section}: ${b.w(c.verdict === 'unknown' ? (c.unknownReason ?? c.summary) : c.summary)}`)
      .join('\n') || null
  );
}

function overrideText(site: SiteRow, b: Builder): string | null {
  return (
    (Object.entries(site.checks) as [CheckId, CellVerdict][])
      .filter(([, c]) => c.overridden)
      .map(([id, c]) => {
        const o = c.overridden!;
        const until = o.until ? `, ${b.w(WORDS.until).toLowerCase()} ${o.until}` : '';
        return `${b.criteria[id].section}: ${b.w(VERDICT_LABELS[o.from])} → ${b.w(VERDICT_LABELS[c.verdict])}; ${o.reason} (${o.author}${until})`;
      })
      .join('\n') || null
  );
}

/** The columns every site row ends with: why not passed, overrides, evidence, when scanned. */
function siteTrailerColumns(b: Builder): TableColumn[] {
  return [b.col(WORDS.reason, 50), b.col(WORDS.overridden, 40), ...evidenceColumns(b), b.col(WORDS.scannedAt, 18, 'datetime')];
}

function siteTrailerCells(site: SiteRow, b: Builder): TableCell[] {
  return [reasonsText(site, b), overrideText(site, b), ...evidenceCells(site.evidenceKeys, b), dateCell(site.scannedAt)];
}

const domainConfirmedText = (site: SiteRow, b: Builder): string => b.w(site.unconfirmedDomain ? WORDS.unconfirmedDomain : WORDS.yes);

/* ------------------------------------------------------------------------------- steps */

/** Coverage first: what the figures rest on, and every warning, before any figure. */
function coverageTable(model: ReportModel, b: Builder): ReportTable {
  const c = model.coverage;
  return {
    key: 'coverage',
    name: b.w(SHEET_NAMES.coverage),
    columns: [b.col(KEY_VALUE_HEADERS.item, 30), b.col(KEY_VALUE_HEADERS.value, 110)],
    rows: [
      [b.w(WORDS.period), model.period],
      [b.w(WORDS.coverage), coverageText(c, b.lang)],
      ...coverageWarningTexts(model).map((warning): TableCell[] => [b.w(WORDS.warning), b.w(warning)]),
      [b.w(WORDS.generatedAt), dateCell(model.generatedAt)],
    ],
  };
}

function countColumns(id: CheckId | 'all', b: Builder): TableColumn[] {
  const label = id === 'all' ? b.w(WORDS.allCriteria) : b.criteria[id].section;
  return [
    b.col(`${label} ${b.w(WORDS.pass)}`, 10, 'int'),
    b.col(`${label} ${b.w(WORDS.fail)}`, 10, 'int'),
    b.col(`${label} ${b.w(WORDS.unknown)}`, 12, 'int'),
    b.col(`${label} ${b.w(WORDS.passRate)}`, 12, 'pct'),
  ];
}

const countCells = (c: Counts): TableCell[] => [c.pass, c.fail, c.unknown, c.passRate];

function summaryRow(name: string, league: string, s: ScopeSummary): TableCell[] {
  return [
    name, league, s.sites, s.portals, s.components,
    ...CHECK_IDS.flatMap((id) => countCells(s.checks[id])),
    ...countCells(s.all),
    s.previous ? s.previous.all.passRate : null,
  ];
}

function summaryTable(model: ReportModel, b: Builder): ReportTable {
  const overallName = model.scope.kind === 'overall' ? b.w(WORDS.overall) : model.scope.organisation;
  const organisations = model.scope.kind === 'overall' ? model.summary.organisations : [];
  return {
    key: 'summary',
    name: b.w(SHEET_NAMES.summary),
    columns: [
      b.col(WORDS.organisation, 40),
      b.col(WORDS.league, 24),
      b.col(WORDS.sites, 10, 'int'),
      b.col(WORDS.portals, 10, 'int'),
      b.col(WORDS.components, 12, 'int'),
      ...CHECK_IDS.flatMap((id) => countColumns(id, b)),
      ...countColumns('all', b),
      b.col(WORDS.previousPassRate, 14, 'pct'),
    ],
    rows: [
      summaryRow(overallName, '', model.summary.overall),
      ...organisations.map((o) => summaryRow(o.organisation, b.w(LEAGUE_LABELS[o.league]), o)),
    ],
  };
}

function rankingsTable(model: ReportModel, b: Builder): ReportTable {
  return {
    key: 'rankings',
    name: b.w(SHEET_NAMES.rankings),
    columns: [
      b.col(WORDS.league, 24),
      b.col(WORDS.rank, 8, 'int'),
      b.col(WORDS.organisation, 40),
      b.col(WORDS.host, 28),
      b.col(WORDS.visits, 14, 'int'),
      b.col(WORDS.pageviews, 14, 'int'),
      b.col(WORDS.visitors, 14, 'int'),
      b.col(WORDS.previousRank, 12, 'int'),
      b.col(WORDS.rankChange, 12, 'signed'),
      b.col(WORDS.reason, 40),
    ],
    rows: model.rankings.flatMap((r) => {
      const league = b.w(LEAGUE_LABELS[r.league]);
      return [
        ...r.ranked.map((row): TableCell[] => [
          league, row.rank, row.organisation, row.host, row.visits, row.pageviews ?? null, row.visitors ?? null,
          row.previousRank ?? null, row.rankChange ?? null, null,
        ]),
        ...r.noData.map((row): TableCell[] => [league, null, row.organisation, row.host, null, null, null, null, null, b.w(row.reason)]),
      ];
    }),
  };
}

function portalsTable(model: ReportModel, b: Builder): ReportTable {
  const checks = CHECK_IDS.filter((id) => b.criteria[id].appliesTo.includes('portal'));
  return {
    key: 'portals',
    name: b.w(SHEET_NAMES.portals),
    columns: [
      b.col(WORDS.organisation, 36),
      b.col(WORDS.league, 20),
      b.col(WORDS.host, 28),
      b.col(WORDS.domainConfirmed, 20),
      b.col(WORDS.siteId, 12),
      ...checks.map((id) => b.col(b.crit(id), 22)),
      b.col(WORDS.missingComponents, 40),
      ...siteTrailerColumns(b),
    ],
    rows: model.portals.map((p) => [
      p.organisation,
      b.w(LEAGUE_LABELS[p.league]),
      p.host,
      domainConfirmedText(p, b),
      p.siteId ?? null,
      ...checks.map((id) => verdictText(p.checks[id], b)),
      p.missingComponents.map((m) => (m.name ? `${m.name} (${m.host})` : m.host)).join('\n') || null,
      ...siteTrailerCells(p, b),
    ]),
  };
}

function componentsTable(model: ReportModel, b: Builder): ReportTable {
  const checks = CHECK_IDS.filter((id) => b.criteria[id].appliesTo.includes('component') || b.criteria[id].appliesTo.includes('standalone'));
  return {
    key: 'components',
    name: b.w(SHEET_NAMES.components),
    columns: [
      b.col(WORDS.portal, 28),
      b.col(WORDS.organisation, 36),
      b.col(WORDS.name, 36),
      b.col(WORDS.host, 30),
      b.col(WORDS.role, 16),
      b.col(WORDS.status, 14),
      ...checks.map((id) => b.col(b.crit(id), 22)),
      ...siteTrailerColumns(b),
    ],
    rows: model.components.flatMap((g) =>
      g.rows.map((c): TableCell[] => [
        g.portalHost ?? b.w(WORDS.noPortal),
        c.organisation,
        c.name,
        c.host,
        b.w(ROLE_LABELS[c.role]),
        c.status,
        ...checks.map((id) => verdictText(c.checks[id], b)),
        ...siteTrailerCells(c, b),
      ]),
    ),
  };
}

function changesTable(model: ReportModel, b: Builder): ReportTable {
  return {
    key: 'changes',
    name: b.w(SHEET_NAMES.changes),
    columns: [
      b.col(WORDS.change, 22),
      b.col(WORDS.organisation, 36),
      b.col(WORDS.name, 36),
      b.col(WORDS.host, 28),
      b.col(WORDS.criterion, 36),
      b.col(WORDS.from, 16),
      b.col(WORDS.to, 16),
      ...evidenceColumns(b),
    ],
    rows: model.changes.map((c) => [
      b.w(CHANGE_LABELS[c.kind]),
      c.organisation,
      c.name,
      c.host,
      b.crit(c.check),
      c.from ? b.w(VERDICT_LABELS[c.from]) : null,
      b.w(VERDICT_LABELS[c.to]),
      ...evidenceCells(c.evidenceKeys, b),
    ]),
  };
}

function unknownsTable(model: ReportModel, b: Builder): ReportTable {
  return {
    key: 'unknowns',
    name: b.w(SHEET_NAMES.unknowns),
    columns: [
      b.col(WORDS.organisation, 36),
      b.col(WORDS.name, 36),
      b.col(WORDS.host, 28),
      b.col(WORDS.role, 16),
      b.col(WORDS.criterion, 36),
      b.col(WORDS.reason, 50),
      b.col(WORDS.hint, 50),
    ],
    rows: model.unknowns.map((u) => [u.organisation, u.name, u.host, b.w(ROLE_LABELS[u.role]), b.crit(u.check), b.w(u.reason), u.hint ? b.w(u.hint) : null]),
  };
}

function duplicateSiteIdsTable(model: ReportModel, b: Builder): ReportTable {
  return {
    key: 'duplicate-site-ids',
    name: b.w(SHEET_NAMES.duplicateSiteIds),
    columns: [
      b.col(WORDS.siteId, 12),
      b.col(WORDS.host, 30),
      b.col(WORDS.name, 36),
      b.col(WORDS.siteIdVia, 36),
      b.col(WORDS.sameSiteIdAs, 40),
    ],
    rows: model.duplicateSiteIds.flatMap((g) =>
      g.hosts.map((h): TableCell[] => [
        g.siteId,
        h.host,
        h.org ?? null,
        b.w(SITE_ID_VIA_LABELS[h.via]),
        g.hosts.filter((other) => other !== h).map((other) => other.host).join('\n'),
      ]),
    ),
  };
}

function overridesTable(model: ReportModel, b: Builder): ReportTable {
  return {
    key: 'overrides',
    name: b.w(SHEET_NAMES.overrides),
    columns: [
      b.col(WORDS.organisation, 36),
      b.col(WORDS.host, 28),
      b.col(WORDS.criterion, 36),
      b.col(WORDS.verdict, 14),
      b.col(WORDS.autoVerdict, 16),
      b.col(WORDS.reason, 50),
      b.col(WORDS.author, 20),
      b.col(WORDS.createdAt, 18, 'datetime'),
      b.col(WORDS.until, 14),
      b.col(WORDS.state, 16),
    ],
    rows: model.overrides.map((o) => [
      o.organisation,
      o.host,
      b.crit(o.check),
      b.w(VERDICT_LABELS[o.verdict]),
      o.from ? b.w(VERDICT_LABELS[o.from]) : null,
      o.reason,
      o.author,
      dateCell(o.createdAt),
      o.until ?? null,
      b.w(OVERRIDE_STATE_LABELS[o.state]) + (o.clearedAt ? ` (${o.clearedAt}${o.clearedBy ? `, ${o.clearedBy}` : ''})` : ''),
    ]),
  };
}

function methodologyTable(model: ReportModel, b: Builder): ReportTable {
  const m = model.methodology;
  const unconfirmed = [...model.portals, ...model.components.flatMap((g) => g.rows)].filter((s) => s.unconfirmedDomain).map((s) => s.host);
  return {
    key: 'methodology',
    name: b.w(SHEET_NAMES.methodology),
    columns: [b.col(KEY_VALUE_HEADERS.item, 30), b.col(KEY_VALUE_HEADERS.value, 100)],
    rows: [
      [b.w(WORDS.period), model.period],
      [b.w(WORDS.previousPeriod), model.previousPeriod ?? null],
      [b.w(WORDS.generatedAt), dateCell(model.generatedAt)],
      [b.w(WORDS.ruleSet), m.ruleSetVersion],
      [b.w(WORDS.rankingRule), rankingRuleText(m.ranking, b.lang)],
      ...m.legal.map((l): TableCell[] => [b.w(WORDS.legal), l[b.lang]]),
      ...CHECK_IDS.map((id): TableCell[] => [b.w(WORDS.criterion), b.crit(id)]),
      [b.w(WORDS.criterion), criterionHeader(m.trafficCriterion, b.lang)],
      [b.w(WORDS.scanFrom), dateCell(m.scanDates.from)],
      [b.w(WORDS.scanTo), dateCell(m.scanDates.to)],
      ...m.runs.map((r): TableCell[] => [`${b.w(WORDS.runs)}: ${r.runId}`, dateCell(r.startedAt)]),
      [b.w(WORDS.sampledPages), sampledPagesText(m.sampledPages, b.lang)],
      [b.w(WORDS.unconfirmedDomains), unconfirmed.join('\n') || b.w(WORDS.none)],
      [b.w(WORDS.overridesOn), m.overridesOn],
      [b.w(WORDS.passRate), b.w(WORDS.ratesNote)],
    ],
  };
}
