/**
 * Generation of the round's documents over the storage ports, the same path for the report
 * Lambda (kinds `round` and `self-review`), the CLI and the demo:
 *
 *   reports/dot-<year>/tong-hop.{xlsx,html,json}              round report, overall
 *   reports/dot-<year>/don-vi/<slug>/bao-cao.{xlsx,html,json}  round report per organisation
 *   reports/dot-<year>/index.{json,html}
 *   public/<year>/index.html, public/<year>/<league>.html     public results (to publish in December)
 *   reports/tu-danh-gia/<period>/<slug>.docx                   self-review letter drafts
 *   reports/tu-danh-gia/<period>/index.{json,html}
 *
 * Findings are streamed per window month and only the latest per site kept (latestFindingsOf);
 * each month is reduced by the RoundBuilder before the next is read.
 */
import type { EvaluationWindow } from '../../pipeline/evaluation-window.ts';
import { previousPeriod } from '../../pipeline/evaluation-window.ts';
import type { RunRecord } from '../../records.ts';
import type { Lang } from '../../types.ts';
import { BoundedPuts } from '../bounded-puts.ts';
import { buildReport } from '../build-report.ts';
import { store, storeIndex, uniqueSlug, type GenerateReportsDeps, type ReportFile, type ReportIndex } from '../generate-report.ts';
import { latestFindingsOf } from '../../latest-findings.ts';
import { DEFAULT_RULE_SET_VERSION, getRuleSet } from '../rule-sets.ts';
import { organisationSlug } from '../slice.ts';
import { roundMonths } from '../report-period.ts';
import { RoundBuilder, sliceRound } from './build-round.ts';
import type { RoundModel } from './model.ts';
import { publicResults, type PublicResults } from './public-results.ts';
import { selfReviewLetters, type SelfReviewLetter } from './self-review.ts';

/** The writers of the round's documents (functions/adapters/report), passed in: the core imports no adapter. */
export interface RoundWriters {
  xlsx(model: RoundModel, options: { lang: Lang }): Promise<Uint8Array>;
  html(model: RoundModel, options: { lang: Lang }): string;
  json(model: RoundModel): string;
  /** The public pages: `index.html` and one page per league, by file name. */
  publicPages(results: PublicResults, options: { lang: Lang }): { name: string; html: string }[];
  docx(letter: SelfReviewLetter, options: { lang: Lang }): Promise<Uint8Array>;
}

export type RoundDeps = Omit<GenerateReportsDeps, 'writers' | 'links' | 'evidenceLinks'> & { writers: RoundWriters };

/** Key prefix of a round's reports. */
export function roundPrefix(year: number): string {
  return `reports/dot-${year}/`;
}

/** Key prefix of a round's public results (what is published in December). */
export function publicPrefix(year: number): string {
  return `public/${year}/`;
}

/** Key prefix of the self-review letters drawn from a run of `period`. */
export function selfReviewPrefix(period: string): string {
  return `reports/tu-danh-gia/${period}/`;
}

export interface GeneratedRound {
  model: RoundModel;
  publicResults: PublicResults;
  files: ReportFile[];
  index: ReportIndex;
  /** Keys of the public pages (not in the index: they are published, not e-mailed). */
  publicKeys: string[];
}

/** Builds, renders and stores the round report of the window starting in `year` and its public results. */
export async function generateRoundReports(
  request: { year: number; window: EvaluationWindow; lang?: Lang; generatedAt: string },
  deps: RoundDeps,
): Promise<GeneratedRound> {
  const lang = request.lang ?? 'vi';
  const months = roundMonths(request.year, request.window);
  const allRuns = await deps.runs.list();
  const windowRuns = allRuns.filter((r) => months.includes(r.period));
  // The newest run of the window names the rules (runs are listed newest first).
  const ruleSet = getRuleSet(windowRuns[0]?.ruleSetVersion ?? DEFAULT_RULE_SET_VERSION);
  const [targets, overrides] = await Promise.all([deps.targets.list(), deps.overrides.listAll()]);
  const builder = new RoundBuilder({ year: request.year, window: request.window, ruleSet, generatedAt: request.generatedAt, targets, overrides });
  for (const period of months) {
    const runs = windowRuns.filter((r) => r.period === period);
    const [findings, traffic] = await Promise.all([latestFindingsOf(runs, deps.findings), deps.traffic.listPeriod(period)]);
    builder.addMonth({ period, findings, traffic, runs });
  }
  const model = builder.finish();

  const puts = new BoundedPuts(deps.files);
  const prefix = roundPrefix(request.year);
  const files: ReportFile[] = await renderRoundSet(model, `${prefix}tong-hop`, undefined, puts, deps.writers, lang);
  const slugs = new Set<string>();
  for (const { organisation } of model.summary.organisations) {
    const dir = `${prefix}don-vi/${uniqueSlug(organisationSlug(organisation), slugs)}/`;
    files.push(...(await renderRoundSet(sliceRound(model, organisation), `${dir}bao-cao`, organisation, puts, deps.writers, lang)));
  }

  const results = publicResults(model);
  const encoder = new TextEncoder();
  const publicKeys: string[] = [];
  for (const page of deps.writers.publicPages(results, { lang })) {
    const key = `${publicPrefix(request.year)}${page.name}`;
    await puts.put(key, encoder.encode(page.html), 'text/html; charset=utf-8');
    publicKeys.push(key);
  }
  const index = await storeIndex(puts, prefix, files, {
    period: String(request.year),
    kind: 'round',
    lang,
    generatedAt: request.generatedAt,
    ruleSetVersion: ruleSet.version,
    runs: model.runs.map((r) => r.runId),
  });
  return { model, publicResults: results, files, index, publicKeys };
}

async function renderRoundSet(model: RoundModel, base: string, organisation: string | undefined, puts: BoundedPuts, writers: RoundWriters, lang: Lang): Promise<ReportFile[]> {
  const encoder = new TextEncoder();
  return [
    await store(puts, `${base}.xlsx`, 'xlsx', await writers.xlsx(model, { lang }), organisation),
    await store(puts, `${base}.html`, 'html', encoder.encode(writers.html(model, { lang })), organisation),
    await store(puts, `${base}.json`, 'json', encoder.encode(writers.json(model)), organisation),
  ];
}

export interface GeneratedSelfReviews {
  letters: SelfReviewLetter[];
  files: ReportFile[];
  index: ReportIndex;
  run: RunRecord;
}

/**
 * Writes one self-review letter (DOCX) per organisation, or for `organisation` only, from the
 * run `runId` (default: the newest run). The traffic shown is the run's month's, else the
 * month before's, when imported.
 */
export async function generateSelfReviews(
  request: { runId?: string; organisation?: string; lang?: Lang; generatedAt: string },
  deps: RoundDeps,
): Promise<GeneratedSelfReviews> {
  const lang = request.lang ?? 'vi';
  const run = request.runId === undefined ? (await deps.runs.list({ limit: 1 }))[0] : await deps.runs.get(request.runId);
  if (!run) throw new Error(request.runId === undefined ? 'No run recorded yet: run a sweep before writing self-review letters' : `Unknown run "${request.runId}"`);
  const [targets, findings, overrides] = await Promise.all([deps.targets.list(), latestFindingsOf([run], deps.findings), deps.overrides.listAll()]);
  let trafficPeriod = run.period;
  let traffic = await deps.traffic.listPeriod(trafficPeriod);
  if (traffic.length === 0) {
    trafficPeriod = previousPeriod(run.period);
    traffic = await deps.traffic.listPeriod(trafficPeriod);
  }
  const model = buildReport({
    period: run.period,
    ruleSet: getRuleSet(run.ruleSetVersion),
    generatedAt: request.generatedAt,
    targets,
    findings,
    previousFindings: [],
    traffic: [],
    previousTraffic: [],
    overrides,
    runs: [run],
  });
  const byHost = new Map(traffic.map((t) => [t.host, { visits: t.visits, ...(t.pageviews !== undefined && { pageviews: t.pageviews }), ...(t.visitors !== undefined && { visitors: t.visitors }) }]));
  const letters = selfReviewLetters(model, {
    ...(request.organisation !== undefined && { organisation: request.organisation }),
    ...(traffic.length > 0 && { traffic: { period: trafficPeriod, byHost } }),
  });
  const puts = new BoundedPuts(deps.files);
  const prefix = selfReviewPrefix(run.period);
  const slugs = new Set<string>();
  const files: ReportFile[] = [];
  for (const letter of letters) {
    const key = `${prefix}${uniqueSlug(organisationSlug(letter.organisation), slugs)}.docx`;
    files.push(await store(puts, key, 'docx', await deps.writers.docx(letter, { lang }), letter.organisation));
  }
  const index = await storeIndex(puts, prefix, files, {
    period: run.period,
    kind: 'self-review',
    lang,
    generatedAt: request.generatedAt,
    ruleSetVersion: run.ruleSetVersion,
    runs: [run.runId],
  });
  return { letters, files, index, run };
}
