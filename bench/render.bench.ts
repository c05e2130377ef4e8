/**
 * bench:render — the browser tier's cost next to the static tier's, on the simulated fleet in
 * one run:
 * 1. per site, on the same reachable sites: the static audit (homepage + sampled pages, fetch,
 *    parse, checks) and one browser render of the homepage (navigation, settle wait,
 *    inspection, screenshots);
 * 2. the whole fleet swept in `auto` mode (two tiers: static for every page, the browser for
 *    each homepage and the inconclusive pages) and in `always` mode (every judged page
 *    rendered), BENCH_ROUNDS (≥ 2) times each, the mode that goes first alternating: wall time
 *    (median, and per round), pages rendered, and what each run found — every site's verdict
 *    per check, the pages judged, the evidence per page (where it was found: page, check, kind,
 *    target) — compared run by run with the first `always` run, and with the manifest's
 *    `expect.rendered`. Target: auto ≤ 1/4 of always in wall time, with coverage at least equal
 *    (same verdicts, same pages judged, no page-content evidence that `always` found and `auto`
 *    missed; the EMC requests a browser sees on pages `auto` settles statically are counted
 *    apart, since not rendering those pages is the point of the two tiers).
 *
 * Chromium is launched and warmed up before anything is timed. Environment: BENCH_SEED
 * (20260901), BENCH_CONCURRENCY (sites in flight, 4). Prints figures; the last line is
 * `BENCH {json}`.
 */
import { performance } from 'node:perf_hooks';
import pLimit from 'p-limit';
import { createChromiumRenderer } from '../functions/adapters/browser/chromium-renderer.ts';
import { findChromium } from '../functions/adapters/browser/launch.ts';
import { parseResolveMapping } from '../functions/adapters/net/resolve-mapping.ts';
import { auditSite, type AuditOutcome, type RenderMode } from '../functions/core/audit-site.ts';
import type { PageRenderer } from '../functions/core/render/observation.ts';
import { CHECK_IDS } from '../functions/core/types.ts';
import { auditTargetOf } from '../functions/core/pipeline/scan-plan.ts';
import { fetcherForSim } from '../local/runner/sim-registry.ts';
import { startSimWeb } from '../local/sim-web/index.ts';
import { agree, median } from './support/stats.ts';

const SEED = Number(process.env.BENCH_SEED ?? 20260901);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const TARGET_RATIO = 1 / 4;
const ROUNDS = Math.max(2, Number(process.env.BENCH_ROUNDS ?? 2));

interface Sweep {
  mode: RenderMode;
  wallMs: number;
  rendered: number;
  outcomes: Map<string, AuditOutcome>;
}

/** What one sweep found: each site's verdict per check, the pages judged, the evidence per page. */
interface Coverage {
  /** `host check` → verdict. */
  verdicts: Map<string, string>;
  /** `host page-url` of every page judged. */
  pages: Set<string>;
  /**
   * `host page-url check kind target` of every evidence item (where it was found, not how it
   * reads): from the pages' content (scripts, links, styles…), and the EMC requests a browser saw.
   */
  content: Set<string>;
  requests: Set<string>;
}

const evidenceItems = (c: Coverage): number => c.content.size + c.requests.size;

function coverageOf(sweep: Sweep): Coverage {
  const coverage: Coverage = { verdicts: new Map(), pages: new Set(), content: new Set(), requests: new Set() };
  for (const [host, { audit }] of sweep.outcomes) {
    for (const page of audit.pages) if (page.ok) coverage.pages.add(`${host} ${page.url}`);
    for (const id of CHECK_IDS) {
      const check = audit.checks[id];
      coverage.verdicts.set(`${host} ${id}`, check.verdict);
      for (const e of check.evidence) {
        if (e.kind === 'screenshot' || e.kind === 'note') continue;
        (e.kind === 'request' ? coverage.requests : coverage.content).add(`${host} ${e.pageUrl ?? audit.finalUrl ?? audit.url} ${id} ${e.kind} ${e.href ?? e.text ?? ''}`);
      }
    }
  }
  return coverage;
}

/** The verdicts of `other` that differ from `reference`'s. */
function verdictsDiffering(reference: Coverage, other: Coverage): string[] {
  return [...reference.verdicts].filter(([key, verdict]) => other.verdicts.get(key) !== verdict).map(([key, verdict]) => `${key}: ${verdict} / ${other.verdicts.get(key)}`);
}

/** The pages judged by one of the two runs only. */
function pagesDiffering(reference: Coverage, other: Coverage): string[] {
  return [...new Set([...reference.pages, ...other.pages])].filter((page) => reference.pages.has(page) !== other.pages.has(page)).map((page) => `${page}: judged in ${reference.pages.has(page) ? 'the first always run only' : 'this run only'}`);
}

/** The items of `reference` that `other` lacks. */
const missing = (reference: ReadonlySet<string>, other: ReadonlySet<string>): string[] => [...reference].filter((item) => !other.has(item));

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const ms = (x: number) => `${Math.round(x)} ms`;

async function main(): Promise<void> {
  if ((await findChromium()) === undefined) throw new Error('bench:render needs Chromium (system package, GOV_AUDIT_CHROMIUM or @sparticuz/chromium)');
  const sim = await startSimWeb({ seed: SEED });
  const fetcher = fetcherForSim(sim, { totalTimeoutMs: 8000 });
  const chromium = createChromiumRenderer({ resolve: sim.resolve.map(parseResolveMapping), ca: sim.caPem });
  let renders = 0;
  const renderer: PageRenderer = { render: (url, o) => (renders++, chromium.render(url, o)), close: () => chromium.close() };
  try {
    const hosts = sim.manifest.hosts;
    const reachable = hosts.filter((h) => h.expect.transport === 'ok');
    // Warm-up: the browser's cold start is paid once, outside every measurement.
    await renderer.render(reachable[0].url);

    // 1. Per site, same sites, same run.
    const perSite: { host: string; staticMs: number; browserMs: number }[] = [];
    for (const truth of reachable) {
      const t0 = performance.now();
      const { audit } = await auditSite(auditTargetOf(truth), { fetcher, now: () => new Date() }, { render: 'never' });
      const t1 = performance.now();
      await renderer.render(audit.finalUrl ?? truth.url);
      perSite.push({ host: truth.host, staticMs: t1 - t0, browserMs: performance.now() - t1 });
    }
    const staticMedian = median(perSite.map((s) => s.staticMs));
    const browserMedian = median(perSite.map((s) => s.browserMs));
    console.log(`Per site (${perSite.length} reachable sites, static = homepage + 3 sampled pages; browser = one homepage render):`);
    console.log(`  static tier   median ${ms(staticMedian)}  mean ${ms(sum(perSite.map((s) => s.staticMs)) / perSite.length)}`);
    console.log(`  browser tier  median ${ms(browserMedian)}  mean ${ms(sum(perSite.map((s) => s.browserMs)) / perSite.length)}`);
    console.log(`  one homepage render costs ${(browserMedian / staticMedian).toFixed(1)}× a whole static audit`);

    // 2. Fleet sweeps: ROUNDS rounds of both modes, which mode goes first alternating.
    const sweep = async (mode: RenderMode): Promise<Sweep> => {
      const before = renders;
      const outcomes = new Map<string, AuditOutcome>();
      const limit = pLimit(CONCURRENCY);
      const t0 = performance.now();
      await Promise.all(hosts.map((truth) => limit(async () => {
        outcomes.set(truth.host, await auditSite(auditTargetOf(truth), { fetcher, now: () => new Date(), renderer }, { render: mode }));
      })));
      return { mode, wallMs: performance.now() - t0, rendered: renders - before, outcomes };
    };
    const runs: Record<'auto' | 'always', Sweep[]> = { auto: [], always: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const mode of round % 2 === 0 ? (['auto', 'always'] as const) : (['always', 'auto'] as const)) runs[mode].push(await sweep(mode));
    }
    const ratios = runs.auto.map((a, i) => a.wallMs / runs.always[i].wallMs);
    const ratio = median(ratios);
    const wall = (mode: 'auto' | 'always') => median(runs[mode].map((r) => r.wallMs));
    // What each mode found, run by run: the verdicts per site, the pages judged, the evidence per page.
    const coverage = (mode: 'auto' | 'always') => runs[mode].map(coverageOf);
    const auto = coverage('auto');
    const always = coverage('always');
    const verdictDifferences = [...auto, ...always].flatMap((c) => verdictsDiffering(always[0], c));
    const pageDifferences = [...auto, ...always].flatMap((c) => pagesDiffering(always[0], c));
    // Evidence always found and auto did not: of the pages' content, and the EMC requests a
    // browser saw on pages auto judged without one (by design: the static tier settled them;
    // the homepage's requests are seen in both modes).
    const evidenceMissed = auto.map((c) => missing(always[0].content, c.content));
    const requestsOnlyAlways = auto.map((c) => missing(always[0].requests, c.requests).length);
    const vsManifest = (c: Coverage) => hosts.filter((h) => CHECK_IDS.every((id) => c.verdicts.get(`${h.host} ${id}`) === h.expect.rendered[id])).length;
    const equalCoverage = verdictDifferences.length === 0 && pageDifferences.length === 0 && evidenceMissed.every((m) => m.length === 0);
    const met = ratio <= TARGET_RATIO && equalCoverage;
    console.log(`\nFleet sweep (${hosts.length} sites, ${reachable.length} reachable, ${CONCURRENCY} in flight, one browser), ${ROUNDS} rounds per mode, the first mode alternating:`);
    for (const mode of ['auto', 'always'] as const) {
      const c = coverage(mode)[0];
      console.log(`  ${mode.padEnd(6)}  wall median ${ms(wall(mode)).padStart(9)} (runs ${runs[mode].map((r) => ms(r.wallMs)).join(', ')})  pages rendered ${runs[mode].map((r) => r.rendered).join('/')}  pages judged ${c.pages.size}  evidence items ${evidenceItems(c)}  sites matching expect.rendered ${vsManifest(c)}/${hosts.length}`);
    }
    console.log(`  verdicts (site × check) equal in every run of both modes: ${verdictDifferences.length === 0 ? 'yes' : `no (${verdictDifferences.length})`}`);
    for (const d of verdictDifferences.slice(0, 20)) console.log(`    ${d}`);
    console.log(`  pages judged equal in every run: ${pageDifferences.length === 0 ? 'yes' : `no (${pageDifferences.length})`}`);
    for (const d of pageDifferences.slice(0, 20)) console.log(`    ${d}`);
    console.log(`  page-content evidence found by always and missed by auto: ${evidenceMissed.map((m) => m.length).join(', ')} item(s) per run`);
    console.log(`  EMC requests seen by always on pages auto judged statically (not rendered by design): ${requestsOnlyAlways.join(', ')} per run`);
    for (const item of evidenceMissed.flat().slice(0, 20)) console.log(`    ${item}`);
    console.log(`  auto / always wall time: median ${ratio.toFixed(3)} (per round ${ratios.map((r) => r.toFixed(3)).join(', ')}; target ≤ ${TARGET_RATIO.toFixed(3)} at equal coverage) — ${met ? 'met' : 'NOT met'}`);

    console.log(`BENCH ${JSON.stringify({
      bench: 'render',
      seed: SEED,
      sites: hosts.length,
      reachable: reachable.length,
      perSite: { sites: perSite.length, staticMedianMs: Math.round(staticMedian), browserMedianMs: Math.round(browserMedian), browserOverStatic: Number((browserMedian / staticMedian).toFixed(2)) },
      sweep: {
        concurrency: CONCURRENCY,
        rounds: ROUNDS,
        autoWallMs: runs.auto.map((r) => Math.round(r.wallMs)),
        alwaysWallMs: runs.always.map((r) => Math.round(r.wallMs)),
        autoRendered: runs.auto.map((r) => r.rendered),
        alwaysRendered: runs.always.map((r) => r.rendered),
        pagesJudged: { auto: auto.map((c) => c.pages.size), always: always.map((c) => c.pages.size) },
        evidenceItems: { auto: auto.map(evidenceItems), always: always.map(evidenceItems) },
        verdictDifferences: verdictDifferences.length,
        pageDifferences: pageDifferences.length,
        evidenceMissedByAuto: evidenceMissed.map((m) => m.length),
        requestsSeenOnlyByAlways: requestsOnlyAlways,
        ratios: ratios.map((r) => Number(r.toFixed(3))),
        ratio: Number(ratio.toFixed(3)),
        ratiosAgree: ratios.every((r) => agree(r, ratio)),
        target: Number(TARGET_RATIO.toFixed(3)),
        autoMatchesManifest: auto.map(vsManifest),
        alwaysMatchesManifest: always.map(vsManifest),
        met,
      },
    })}`);
  } finally {
    await renderer.close();
    await fetcher.close();
    await sim.close();
  }
}

await main();
