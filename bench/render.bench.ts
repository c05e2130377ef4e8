/**
 * bench:render — the browser tier's cost next to the static tier's, on the simulated fleet in
 * one run:
 * 1. per site, on the same reachable sites: the static audit (homepage + sampled pages, fetch,
 *    parse, checks) and one browser render of the homepage (navigation, settle wait,
 *    inspection, screenshots);
 * 2. the whole fleet swept in `auto` mode (two tiers: static for every page, the browser for
 *    each homepage and the inconclusive pages) and in `always` mode (every judged page rendered):
 *    wall time, pages rendered, whether the verdicts are equal (and equal to the manifest's
 *    `expect.rendered`). Target: auto ≤ 1/3 of always in wall time, at equal verdicts.
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
import { median } from './support/stats.ts';

const SEED = Number(process.env.BENCH_SEED ?? 20260901);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const TARGET_RATIO = 1 / 3;

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

    // 2. Fleet sweeps.
    const sweep = async (mode: RenderMode) => {
      const before = renders;
      const outcomes = new Map<string, AuditOutcome>();
      const limit = pLimit(CONCURRENCY);
      const t0 = performance.now();
      await Promise.all(hosts.map((truth) => limit(async () => {
        outcomes.set(truth.host, await auditSite(auditTargetOf(truth), { fetcher, now: () => new Date(), renderer }, { render: mode }));
      })));
      return { mode, wallMs: performance.now() - t0, rendered: renders - before, outcomes };
    };
    const auto = await sweep('auto');
    const always = await sweep('always');
    const differences = hosts.flatMap((h) => CHECK_IDS
      .filter((id) => auto.outcomes.get(h.host)!.audit.checks[id].verdict !== always.outcomes.get(h.host)!.audit.checks[id].verdict)
      .map((id) => `${h.host} ${id}: auto ${auto.outcomes.get(h.host)!.audit.checks[id].verdict} / always ${always.outcomes.get(h.host)!.audit.checks[id].verdict}`));
    const vsManifest = (s: typeof auto) => hosts.filter((h) => CHECK_IDS.every((id) => s.outcomes.get(h.host)!.audit.checks[id].verdict === h.expect.rendered[id])).length;
    const ratio = auto.wallMs / always.wallMs;
    console.log(`\nFleet sweep (${hosts.length} sites, ${reachable.length} reachable, ${CONCURRENCY} in flight, one browser):`);
    for (const s of [auto, always]) {
      console.log(`  ${s.mode.padEnd(6)}  wall ${ms(s.wallMs).padStart(9)}  pages rendered ${String(s.rendered).padStart(4)}  hosts matching expect.rendered ${vsManifest(s)}/${hosts.length}`);
    }
    console.log(`  verdicts equal: ${differences.length === 0 ? 'yes' : `no (${differences.length})`}`);
    for (const d of differences) console.log(`    ${d}`);
    console.log(`  auto / always wall time: ${ratio.toFixed(3)} (target ≤ ${TARGET_RATIO.toFixed(3)}) — ${ratio <= TARGET_RATIO && differences.length === 0 ? 'met' : 'NOT met'}`);

    console.log(`BENCH ${JSON.stringify({
      bench: 'render',
      seed: SEED,
      sites: hosts.length,
      reachable: reachable.length,
      perSite: { sites: perSite.length, staticMedianMs: Math.round(staticMedian), browserMedianMs: Math.round(browserMedian), browserOverStatic: Number((browserMedian / staticMedian).toFixed(2)) },
      sweep: {
        concurrency: CONCURRENCY,
        autoWallMs: Math.round(auto.wallMs),
        alwaysWallMs: Math.round(always.wallMs),
        autoRendered: auto.rendered,
        alwaysRendered: always.rendered,
        ratio: Number(ratio.toFixed(3)),
        target: Number(TARGET_RATIO.toFixed(3)),
        verdictsEqual: differences.length === 0,
        autoMatchesManifest: vsManifest(auto),
        alwaysMatchesManifest: vsManifest(always),
        met: ratio <= TARGET_RATIO && differences.length === 0,
      },
    })}`);
  } finally {
    await renderer.close();
    await fetcher.close();
    await sim.close();
  }
}

await main();
