/**
 * Report generation over the storage ports: reads what the period's runs found, the traffic
 * and the overrides, builds the model once ({@link buildReport}), renders the overall set and
 * one set per organisation through the writers it is given, stores every file under
 * `reports/<period>/` and an index of them. Pure apart from the ports: the writers (XLSX needs
 * exceljs, an adapter) and the time come from the caller.
 *
 * S3 layout (docs/reports.md):
 *   reports/<period>/tong-hop.{xlsx,html,json}        overall set
 *   reports/<period>/csv/<table>.csv                  overall tables as CSV
 *   reports/<period>/don-vi/<slug>/bao-cao.{xlsx,html,json}, …/csv/<table>.csv
 *   reports/<period>/index.{json,html}                every file above
 */
import type { RunRecord } from '../records.ts';
import { linksOf, type DownloadLinks } from '../links/download-links.ts';
import type { EvidenceStore, FindingStore, OverrideStore, RunStore, TargetStore, TrafficStore } from '../stores.ts';
import type { Lang } from '../types.ts';
import { isPeriod } from '../local-time.ts';
import { DEFAULT_WINDOW, previousPeriod as periodBefore, type EvaluationWindow } from '../pipeline/evaluation-window.ts';
import { BoundedPuts } from './bounded-puts.ts';
import { buildReport, type ReportInput } from './build-report.ts';
import { latestFindingsOf } from '../latest-findings.ts';
import { seasonPeriods, trendPointsOf, trendsOf, type OrganisationTrend, type TrendPoint } from './trend.ts';
import { WORDS } from './labels.ts';
import type { ReportModel } from './model.ts';
import { DEFAULT_RULE_SET_VERSION, getRuleSet } from './rule-sets.ts';
import { escapeHtml, htmlPage } from './safe-text.ts';
import { organisationSlug, organisationsOf, sliceForOrganisation } from './slice.ts';
import type { LinkFor, TableOptions } from './tables.ts';

/**
 * Why a report set is generated: the monthly schedule, the round report (November), the
 * agencies' self-review letters (before the window), or by hand.
 */
export type ReportKind = 'monthly' | 'round' | 'self-review' | 'manual';

/**
 * The report writers (functions/adapters/report), passed in because the XLSX writer needs
 * exceljs and the core imports no adapter.
 */
export interface ReportWriters {
  xlsx(model: ReportModel, options: TableOptions): Promise<Uint8Array>;
  html(model: ReportModel, options: TableOptions): string;
  csv(model: ReportModel, options: TableOptions): { name: string; bytes: Uint8Array }[];
  json(model: ReportModel): string;
}

export interface GenerateReportsRequest {
  /** Evaluation period, `YYYY-MM`. */
  period: string;
  kind: ReportKind;
  lang?: Lang;
  /** ISO time of generation (injected clock). */
  generatedAt: string;
  /** The evaluation window: a period outside it is marked as monitoring, not evaluation. */
  window?: EvaluationWindow;
}

export interface GenerateReportsDeps {
  targets: TargetStore;
  runs: RunStore;
  findings: FindingStore;
  traffic: TrafficStore;
  overrides: OverrideStore;
  /** Where report files are written (the S3 bucket). */
  files: EvidenceStore;
  /** The links to evidence written into the reports. */
  links: DownloadLinks;
  writers: ReportWriters;
  /**
   * How each report set links the evidence it cites. Default: {@link downloadEvidenceLinks}
   * over `links` (the link service's expiring links on AWS); a local set uses
   * {@link copiedEvidenceLinks} so it carries its evidence.
   */
  evidenceLinks?: EvidenceLinker;
}

/** How a report set links the evidence it cites. */
export interface EvidenceLinker {
  /**
   * Prepares the links of one set: `setDir` is the set's folder key (`reports/<period>/` or
   * `reports/<period>/don-vi/<slug>/`), `evidenceKeys` every key the set cites. Returns the
   * set's {@link LinkFor}, which the writers call for each key they show.
   */
  linksFor(setDir: string, evidenceKeys: string[]): Promise<LinkFor>;
}

/** Folder of a set's copied evidence, relative to the set. */
export const SET_EVIDENCE_DIR = 'bang-chung/';

/** Links through the download-link port: every key of a set once, in bounded batches. */
export function downloadEvidenceLinks(port: DownloadLinks): EvidenceLinker {
  return {
    async linksFor(_setDir, keys) {
      const links = await linksOf(keys, port);
      return (key) => links.get(key) ?? '';
    },
  };
}

/**
 * Evidence copied into the set's folder (`<set>/bang-chung/<runId>/<host>/<file>`, HTML as `.txt`), linked by
 * relative path: a zipped local report folder sent by e-mail still proves its verdicts. A key
 * whose object is gone is left without a link (never a dangling one).
 */
export function copiedEvidenceLinks(files: EvidenceStore): EvidenceLinker {
  return {
    async linksFor(setDir, keys) {
      const links = new Map<string, string>();
      for (const key of keys) {
        const object = await files.getObject(key);
        if (!object) continue;
        // A stored homepage is the site's own HTML, scripts included: opened from a local folder it
        // would run. Its copy is plain text (the same bytes, shown as source), never a live page.
        const html = /\.html?$/i.test(key);
        const relative = `${SET_EVIDENCE_DIR}${key.replace(/^evidence\//, '')}${html ? '.txt' : ''}`;
        await files.putObject(`${setDir}${relative}`, object.body, html ? 'text/plain; charset=utf-8' : (object.contentType ?? 'application/octet-stream'));
        links.set(key, relative);
      }
      return (key) => links.get(key) ?? '';
    },
  };
}

export type ReportFormat = 'xlsx' | 'html' | 'json' | 'csv' | 'docx';

/** One stored report file. */
/** A report file as stored (its bytes went to the store as soon as it was rendered). */
export interface ReportFile {
  key: string;
  contentType: string;
  /** Size in bytes. */
  size: number;
  format: ReportFormat;
  /** Absent for the overall set. */
  organisation?: string;
}

/** One line of the index (`reports/<period>/index.json`). */
export interface ReportIndexEntry {
  key: string;
  /** Path relative to `reports/<period>/` (what the HTML index links to). */
  path: string;
  format: ReportFormat;
  contentType: string;
  size: number;
  organisation?: string;
}

/** The index of one generation, schema `gov-audit/report-index@1`. */
export interface ReportIndex {
  schema: 'gov-audit/report-index@1';
  /** The set's period: `YYYY-MM` (monthly, self-review: the run's month) or `YYYY` (round). */
  period: string;
  /** The period compared with (monthly sets). */
  previousPeriod?: string;
  kind: ReportKind;
  lang: Lang;
  generatedAt: string;
  ruleSetVersion: string;
  runs: string[];
  /** Every report file, overall set first, then organisations in report order. */
  files: ReportIndexEntry[];
  /** Keys of the index itself (JSON, HTML). */
  indexKeys: { json: string; html: string };
}

export interface GeneratedReports {
  model: ReportModel;
  /** Every file written, the two index files last. */
  files: ReportFile[];
  index: ReportIndex;
}

const CONTENT_TYPES: Record<ReportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** The key prefix of a period's reports. */
export function reportPrefix(period: string): string {
  return `reports/${period}/`;
}

/** Builds, renders and stores the reports of `request.period`. */
export async function generateReports(request: GenerateReportsRequest, deps: GenerateReportsDeps): Promise<GeneratedReports> {
  const { period, generatedAt } = request;
  if (!isPeriod(period)) throw new RangeError(`Report period must be YYYY-MM, got "${period}"`);
  const lang = request.lang ?? 'vi';
  const window = request.window ?? DEFAULT_WINDOW;
  const previous = periodBefore(period);

  const allRuns = await deps.runs.list();
  const runs = allRuns.filter((r) => r.period === period);
  const previousRuns = allRuns.filter((r) => r.period === previous);
  // Only the latest finding per site of each period is kept while the runs stream in.
  const [targets, findings, previousFindings, traffic, previousTraffic, overrides] = await Promise.all([
    deps.targets.list(),
    latestFindingsOf(runs, deps.findings),
    latestFindingsOf(previousRuns, deps.findings),
    deps.traffic.listPeriod(period),
    deps.traffic.listPeriod(previous),
    deps.overrides.listAll(),
  ]);
  // The newest run's rule set judges the period; a period without runs uses the default.
  const ruleSet = getRuleSet(runs[0]?.ruleSetVersion ?? DEFAULT_RULE_SET_VERSION);
  const model = buildReport({
    period,
    previousPeriod: previous,
    ruleSet,
    generatedAt,
    targets,
    findings,
    previousFindings,
    traffic,
    previousTraffic,
    overrides,
    runs: [...runs, ...previousRuns],
    window,
  });
  model.trends = await seasonTrends(model, allRuns, { targets, overrides, ruleSet, generatedAt, window }, deps);

  const linker = deps.evidenceLinks ?? downloadEvidenceLinks(deps.links);
  const optionsFor = async (setDir: string, set: ReportModel): Promise<TableOptions> => ({
    lang,
    linkFor: await linker.linksFor(setDir, evidenceKeysOf(set)),
  });
  const prefix = reportPrefix(period);

  // Each file goes to the store as soon as it is rendered, a few writes in flight at a time:
  // thousands of files for a national sweep are never all held in memory at once.
  const puts = new BoundedPuts(deps.files);
  const files: ReportFile[] = await renderSet(model, `${prefix}tong-hop`, `${prefix}csv/`, undefined, { puts, writers: deps.writers }, await optionsFor(prefix, model));
  const slugs = new Set<string>();
  for (const organisation of organisationsOf(model)) {
    const slug = uniqueSlug(organisationSlug(organisation), slugs);
    const dir = `${prefix}don-vi/${slug}/`;
    const set = sliceForOrganisation(model, organisation);
    files.push(...(await renderSet(set, `${dir}bao-cao`, `${dir}csv/`, organisation, { puts, writers: deps.writers }, await optionsFor(dir, set))));
  }
  const index = await storeIndex(puts, prefix, files, {
    period,
    previousPeriod: previous,
    kind: request.kind,
    lang,
    generatedAt,
    ruleSetVersion: ruleSet.version,
    runs: runs.map((r) => r.runId),
  });
  return { model, files, index };
}

/**
 * Stores the index of a generation (`<prefix>index.json` and `.html`) once its files are
 * written, and appends the two index files to `files`. Shared by every kind of report set.
 */
export async function storeIndex(
  puts: BoundedPuts,
  prefix: string,
  files: ReportFile[],
  meta: Omit<ReportIndex, 'schema' | 'files' | 'indexKeys'>,
): Promise<ReportIndex> {
  await puts.drain();
  const index: ReportIndex = {
    schema: 'gov-audit/report-index@1',
    ...meta,
    files: files.map((f) => ({
      key: f.key,
      path: f.key.slice(prefix.length),
      format: f.format,
      contentType: f.contentType,
      size: f.size,
      ...(f.organisation !== undefined && { organisation: f.organisation }),
    })),
    indexKeys: { json: `${prefix}index.json`, html: `${prefix}index.html` },
  };
  const encoder = new TextEncoder();
  files.push(
    await store(puts, index.indexKeys.json, 'json', encoder.encode(`${JSON.stringify(index, null, 2)}\n`)),
    await store(puts, index.indexKeys.html, 'html', encoder.encode(indexHtml(index))),
  );
  await puts.drain();
  return index;
}

/**
 * The trend of each organisation over the season's months up to the report's period: each
 * earlier month's model (its runs, findings and traffic) is built, read for its pass rates and
 * ranks, and dropped before the next one, so a national report holds one extra model at a time.
 */
async function seasonTrends(
  model: ReportModel,
  allRuns: RunRecord[],
  shared: Pick<ReportInput, 'targets' | 'overrides' | 'ruleSet' | 'generatedAt' | 'window'>,
  deps: Pick<GenerateReportsDeps, 'findings' | 'traffic'>,
): Promise<OrganisationTrend[]> {
  const months: { period: string; points: ReadonlyMap<string, TrendPoint> }[] = [];
  for (const month of seasonPeriods(model.period, shared.window ?? DEFAULT_WINDOW)) {
    if (month === model.period) {
      months.push({ period: month, points: trendPointsOf(model) });
      continue;
    }
    const runs = allRuns.filter((r) => r.period === month);
    const [findings, traffic] = await Promise.all([latestFindingsOf(runs, deps.findings), deps.traffic.listPeriod(month)]);
    const monthModel = buildReport({ ...shared, period: month, findings, previousFindings: [], traffic, previousTraffic: [], runs });
    months.push({ period: month, points: trendPointsOf(monthModel) });
  }
  return trendsOf(model.summary.organisations.map((o) => o.organisation), months);
}

/** Every evidence key the model shows: site rows, verdict evidence, changes. */
export function evidenceKeysOf(model: ReportModel): string[] {
  const keys = new Set<string>();
  const addSite = (site: { evidenceKeys: string[]; checks: Partial<Record<string, { evidence: { key?: string }[] }>> }) => {
    for (const key of site.evidenceKeys) keys.add(key);
    for (const cell of Object.values(site.checks)) for (const e of cell?.evidence ?? []) if (e.key) keys.add(e.key);
  };
  for (const portal of model.portals) addSite(portal);
  for (const group of model.components) for (const row of group.rows) addSite(row);
  for (const change of model.changes) {
    for (const key of change.evidenceKeys) keys.add(key);
    for (const e of change.evidence) if (e.key) keys.add(e.key);
  }
  return [...keys];
}

/** Starts storing one file and returns what the index needs to know of it. */
export async function store(puts: BoundedPuts, key: string, format: ReportFormat, bytes: Uint8Array, organisation?: string): Promise<ReportFile> {
  await puts.put(key, bytes, CONTENT_TYPES[format]);
  return { key, format, contentType: CONTENT_TYPES[format], size: bytes.byteLength, ...(organisation !== undefined && { organisation }) };
}

/** Renders one set (XLSX, HTML, JSON, CSV files), storing each file as soon as it exists. */
async function renderSet(
  model: ReportModel,
  base: string,
  csvDir: string,
  organisation: string | undefined,
  deps: { puts: BoundedPuts; writers: ReportWriters },
  options: TableOptions,
): Promise<ReportFile[]> {
  const { puts: files, writers } = deps;
  const encoder = new TextEncoder();
  const stored = [
    await store(files, `${base}.xlsx`, 'xlsx', await writers.xlsx(model, options), organisation),
    await store(files, `${base}.html`, 'html', encoder.encode(writers.html(model, options)), organisation),
    await store(files, `${base}.json`, 'json', encoder.encode(writers.json(model)), organisation),
  ];
  for (const c of writers.csv(model, options)) stored.push(await store(files, `${csvDir}${c.name}`, 'csv', c.bytes, organisation));
  return stored;
}

/** Two organisations folding to the same ASCII slug get `-2`, `-3`… in report order. */
export function uniqueSlug(slug: string, taken: Set<string>): string {
  let candidate = slug;
  for (let n = 2; taken.has(candidate); n += 1) candidate = `${slug}-${n}`;
  taken.add(candidate);
  return candidate;
}

const FORMAT_NAMES: Record<ReportFormat, string> = { xlsx: 'Excel (XLSX)', html: 'HTML', json: 'JSON', csv: 'CSV', docx: 'Word (DOCX)' };

/**
 * A small HTML page listing the files with relative links, so it works in a downloaded copy of
 * `reports/<period>/`. Organisation names are escaped; there is no script.
 */
export function indexHtml(index: ReportIndex): string {
  const w = (label: { vi: string; en: string }) => label[index.lang];
  const groups = new Map<string, ReportIndexEntry[]>();
  for (const entry of index.files) {
    const name = entry.organisation ?? w(WORDS.overall);
    groups.set(name, [...(groups.get(name) ?? []), entry]);
  }
  const sections = [...groups].map(([name, entries]) => {
    const items = entries
      .map((e) => `<li><a href="${escapeHtml(e.path)}">${escapeHtml(e.path)}</a> <span class="small">${FORMAT_NAMES[e.format]}, ${e.size.toLocaleString('en-US')} B</span></li>`)
      .join('\n');
    return `<h2>${escapeHtml(name)}</h2>\n<ul>\n${items}\n</ul>`;
  });
  const title = `${w(WORDS.title)} — ${index.period}`;
  return htmlPage({
    lang: index.lang,
    title,
    style: 'body{font-family:"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;max-width:900px;margin:0 auto;padding:16px}h2{font-size:13pt;color:#1f4e8c}.small{color:#555;font-size:9pt}',
    body: `<p class="small">${escapeHtml(w(WORDS.generatedAt))}: ${escapeHtml(index.generatedAt)} · ${escapeHtml(w(WORDS.ruleSet))}: ${escapeHtml(index.ruleSetVersion)}</p>
${sections.join('\n')}`,
  });
}
