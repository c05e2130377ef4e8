/**
 * Report generation at national scale: BENCH_SITES sites (default 10,000: BENCH_ORGS portals,
 * default 200, the rest their components), built with the report tests' factories (no
 * DynamoDB): the cost measured is the model and the writers, not storage.
 *
 * Part `season` (what sizes the report Lambda): a season of weekly runs — 13 runs over the
 * window August–October, ~4 per month, 130,000 findings — served by a finding store that
 * generates each run's findings as they are streamed (the store holds none), as DynamoDB pages
 * would arrive. Stages: the October monthly report (`generateReports`, 9 runs streamed: October
 * and September) and the round (`generateRoundReports`, all 13 runs, plus public pages). Its
 * peak RSS and time give the function's memory and timeout (lib/auditor-stack.ts).
 *
 * Part `monthly`: 12 monthly runs of findings and traffic kept in memory; model building
 * (`buildReport` on the latest period and the one before), each writer on the overall model,
 * and the whole `generateReports`.
 *
 * BENCH_PART=season|monthly|all (default all). Peak RSS is sampled every 20 ms per stage.
 * Targets: every stage under 1 GB and 60 s (season stages: 300 s, half the function's
 * timeout). The last line is `BENCH {json}`.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { writeReportCsvFiles } from '../functions/adapters/report/csv-writer.ts';
import { writeReportHtml } from '../functions/adapters/report/html-writer.ts';
import { writeReportJson } from '../functions/adapters/report/json-writer.ts';
import { writeReportXlsx } from '../functions/adapters/report/xlsx-writer.ts';
import { buildReport } from '../functions/core/report/build-report.ts';
import { generateReports, type GenerateReportsDeps } from '../functions/core/report/generate-report.ts';
import { getRuleSet } from '../functions/core/report/rule-sets.ts';
import type { FindingRecord, OverrideRecord, RunRecord, TargetRecord, TrafficRecord } from '../functions/core/records.ts';
import type { CheckId, Verdict } from '../functions/core/types.ts';
import { REPORT_WRITERS, ROUND_WRITERS } from '../functions/report/writers.ts';
import { DEFAULT_WINDOW } from '../functions/core/pipeline/evaluation-window.ts';
import { generateRoundReports, type RoundDeps } from '../functions/core/report/round/generate-round.ts';
import { component, finding, override, portal, traffic } from '../local/sim-records/report-factory.ts';

const SITES = Number(process.env.BENCH_SITES ?? 10_000);
const PART = process.env.BENCH_PART ?? 'all';
/** Weekly runs of the season: Mondays from 4 August to 27 October 2025. */
const SEASON_RUNS = Array.from({ length: 13 }, (_, i) => new Date(Date.UTC(2025, 7, 4 + 7 * i)).toISOString().slice(0, 10));
const ORGS = Number(process.env.BENCH_ORGS ?? 200);
const MONTHS = 12;
const LIMIT_MS = 60_000;
/** A season stage must finish well inside the report Lambda's timeout (10 min, lib/auditor-stack.ts). */
const LIMIT_SEASON_MS = 300_000;
const LIMIT_RSS = 1024 * 1024 * 1024;

/** A small deterministic generator (mulberry32) so two runs measure the same data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function periodOf(index: number): string {
  const month = index + 1;
  return `2025-${String(month).padStart(2, '0')}`;
}

function buildTargets(): TargetRecord[] {
  const targets: TargetRecord[] = [];
  for (let o = 0; o < ORGS; o += 1) {
    const league = o < ORGS * 0.3 ? 'ministry' : 'province';
    targets.push(portal(`org${o}.gov.vn`, `${league === 'ministry' ? 'Bộ' : 'UBND tỉnh'} số ${o} — Đơn vị mô phỏng`, league));
  }
  for (let c = 0; targets.length < SITES; c += 1) {
    const parent = targets[c % ORGS];
    targets.push(component(`so${c}.${parent.host}`, `Sở số ${c} thuộc ${parent.org}`, parent));
  }
  return targets;
}

function verdictsOf(target: TargetRecord, next: () => number): Partial<Record<CheckId, Verdict>> {
  const verdict = (): Verdict => {
    const x = next();
    return x < 0.7 ? 'pass' : x < 0.9 ? 'fail' : 'unknown';
  };
  const checks: Partial<Record<CheckId, Verdict>> = { 'emc-tracking-code': verdict(), 'emc-badge': verdict() };
  if (target.role === 'portal') checks['portal-links-components'] = verdict();
  else checks['component-links-portal'] = verdict();
  return checks;
}

function buildData() {
  const next = random(2026);
  const targets = buildTargets();
  const runs: RunRecord[] = [];
  const findings: FindingRecord[] = [];
  const trafficRows: TrafficRecord[] = [];
  for (let m = 0; m < MONTHS; m += 1) {
    const period = periodOf(m);
    const runId = `run-${period}`;
    const startedAt = `${period}-15T01:00:00.000Z`;
    runs.push({ runId, period, ruleSetVersion: '2026.1', trigger: 'schedule', startedAt });
    for (const target of targets) {
      findings.push(finding(target, verdictsOf(target, next), { runId, startedAt, recordedAt: startedAt }));
      if (target.role === 'portal') trafficRows.push(traffic(target, Math.floor(next() * 5_000_000), period, { pageviews: Math.floor(next() * 9_000_000) }));
    }
  }
  const overrides: OverrideRecord[] = targets
    .filter((_, i) => i % 97 === 0)
    .map((t) => override(t.host, 'emc-badge', 'pass', { createdAt: `${periodOf(MONTHS - 1)}-20T03:00:00.000Z` }));
  return { targets, runs, findings, traffic: trafficRows, overrides };
}

// A full collection between stages, so one stage's garbage is not billed to the next.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

interface Stage {
  name: string;
  ms: number;
  peakRssMb: number;
}

async function measure<T>(name: string, stages: Stage[], work: () => Promise<T> | T): Promise<T> {
  collect();
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const started = performance.now();
  try {
    return await work();
  } finally {
    const ms = performance.now() - started;
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    stages.push({ name, ms: Math.round(ms), peakRssMb: Math.round(peak / 1024 / 1024) });
    console.log(`${name.padEnd(26)} ${String(Math.round(ms)).padStart(8)} ms   peak RSS ${String(Math.round(peak / 1024 / 1024)).padStart(5)} MB`);
  }
}

type Data = ReturnType<typeof buildData>;

const link = (key: string) => `https://bucket.example/${key}?X-Amz-Signature=0`;

/** The model and each writer on it; the model is dropped on return, before the next stage. */
async function measureModelAndWriters(data: Data, stages: Stage[], period: string, previous: string): Promise<Record<string, number>> {
  const model = await measure('model (buildReport)', stages, () =>
    buildReport({
      period,
      previousPeriod: previous,
      ruleSet: getRuleSet('2026.1'),
      generatedAt: `${period}-30T17:00:00.000Z`,
      targets: data.targets,
      findings: data.findings.filter((f) => f.runId === `run-${period}`),
      previousFindings: data.findings.filter((f) => f.runId === `run-${previous}`),
      traffic: data.traffic.filter((t) => t.period === period),
      previousTraffic: data.traffic.filter((t) => t.period === previous),
      overrides: data.overrides,
      runs: data.runs,
    }),
  );
  const sizes: Record<string, number> = {};
  sizes.xlsx = (await measure('writer XLSX', stages, () => writeReportXlsx(model, { linkFor: link }))).byteLength;
  sizes.html = (await measure('writer HTML', stages, () => writeReportHtml(model, { linkFor: link }))).length;
  sizes.csv = (await measure('writer CSV', stages, () => writeReportCsvFiles(model, {}))).reduce((n, f) => n + f.bytes.byteLength, 0);
  sizes.json = (await measure('writer JSON', stages, () => writeReportJson(model))).length;
  return sizes;
}

/**
 * The season's ports: runs and traffic in memory (small), findings generated per run as they
 * are streamed (seeded by the run, so a run streams the same findings each time).
 */
function seasonDeps(targets: TargetRecord[], sink: { files: number; bytes: number }) {
  const runs: RunRecord[] = SEASON_RUNS.map((day) => ({ runId: `run-${day}`, period: day.slice(0, 7), ruleSetVersion: '2026.1', trigger: 'schedule', startedAt: `${day}T01:00:00.000Z` }));
  const next = random(7);
  const trafficRows = ['2025-08', '2025-09', '2025-10'].flatMap((period) =>
    targets.filter((t) => t.role === 'portal').map((t) => traffic(t, Math.floor(next() * 5_000_000), period, { pageviews: Math.floor(next() * 9_000_000) })),
  );
  return {
    targets: { list: async () => targets },
    runs: { list: async () => [...runs].reverse() },
    findings: {
      async *streamByRun(runId: string) {
        const run = runs.find((r) => r.runId === runId);
        if (!run) return;
        const draw = random(run.startedAt.length * 31 + SEASON_RUNS.indexOf(run.startedAt.slice(0, 10)));
        for (const target of targets) yield finding(target, verdictsOf(target, draw), { runId, startedAt: run.startedAt, recordedAt: run.startedAt });
      },
    },
    traffic: { listPeriod: async (p: string) => trafficRows.filter((t) => t.period === p) },
    overrides: { listAll: async () => [] },
    files: {
      putObject: async (_key: string, body: string | Uint8Array) => {
        sink.bytes += typeof body === 'string' ? body.length : body.byteLength;
        sink.files += 1;
      },
      presign: async (key: string) => link(key),
    },
  };
}

/** The report Lambda's two heaviest jobs on a season of weekly runs. */
async function measureSeason(stages: Stage[]): Promise<{ files: number; bytes: number }> {
  const targets = buildTargets();
  const sink = { files: 0, bytes: 0 };
  const deps = seasonDeps(targets, sink);
  console.log(`season: ${targets.length} sites, ${SEASON_RUNS.length} weekly runs (${SEASON_RUNS[0]} … ${SEASON_RUNS.at(-1)}), ${targets.length * SEASON_RUNS.length} findings streamed`);
  await measure('season: monthly 2025-10', stages, () =>
    generateReports({ period: '2025-10', kind: 'monthly', generatedAt: '2025-11-01T00:30:00.000Z' }, { ...deps, writers: REPORT_WRITERS } as unknown as GenerateReportsDeps),
  );
  await measure('season: round 2025', stages, () =>
    generateRoundReports({ year: 2025, window: DEFAULT_WINDOW, generatedAt: '2025-11-05T00:00:00.000Z' }, { ...deps, writers: ROUND_WRITERS } as unknown as RoundDeps),
  );
  console.log(`season wrote ${sink.files} files, ${(sink.bytes / 1024 / 1024).toFixed(1)} MB`);
  return sink;
}

async function main(): Promise<void> {
  const stages: Stage[] = [];
  const season = PART === 'monthly' ? undefined : await measureSeason(stages);
  if (PART === 'season') return finish(stages, { season });
  const data = await measure('synthetic data', stages, buildData);
  console.log(`${data.targets.length} sites, ${ORGS} organisations, ${data.findings.length} findings over ${MONTHS} months, ${data.traffic.length} traffic rows`);
  const period = periodOf(MONTHS - 1);
  const previous = periodOf(MONTHS - 2);
  const sizes = await measureModelAndWriters(data, stages, period, previous);

  let stored = 0;
  let files = 0;
  const deps = {
    targets: { list: async () => data.targets },
    runs: { list: async () => [...data.runs].reverse() },
    findings: {
      async *streamByRun(runId: string) {
        yield* data.findings.filter((f) => f.runId === runId);
      },
    },
    traffic: { listPeriod: async (p: string) => data.traffic.filter((t) => t.period === p) },
    overrides: { listAll: async () => data.overrides },
    files: {
      putObject: async (_key: string, body: string | Uint8Array) => {
        stored += typeof body === 'string' ? body.length : body.byteLength;
        files += 1;
      },
    },
    links: { expiresAt: `${period}-30T17:00:00.000Z`, linkFor: async (key: string) => link(key) },
    writers: REPORT_WRITERS,
  } as unknown as GenerateReportsDeps;
  await measure('generateReports (all sets)', stages, () => generateReports({ period, kind: 'monthly', generatedAt: `${period}-30T17:00:00.000Z` }, deps));
  console.log(`generateReports wrote ${files} files, ${(stored / 1024 / 1024).toFixed(1)} MB`);

  finish(stages, { season, sizes, files, storedBytes: stored, months: MONTHS });
}

function finish(stages: Stage[], extra: Record<string, unknown>): void {
  const measured = stages.filter((s) => s.name !== 'synthetic data');
  const withinTargets = measured.every((s) => s.ms < (s.name.startsWith('season') ? LIMIT_SEASON_MS : LIMIT_MS) && s.peakRssMb * 1024 * 1024 < LIMIT_RSS);
  console.log(withinTargets ? 'Within targets (< 1 GB per stage; < 60 s, season stages < 300 s).' : 'OVER TARGET: see the stages above.');
  const peakRssMb = Math.max(...measured.map((s) => s.peakRssMb));
  console.log(`peak RSS of all stages: ${peakRssMb} MB`);
  console.log(`BENCH ${JSON.stringify({ bench: 'report', part: PART, sites: SITES, organisations: ORGS, stages, peakRssMb, ...extra, withinTargets })}`);
  if (!withinTargets) process.exitCode = 1;
}

await main();
