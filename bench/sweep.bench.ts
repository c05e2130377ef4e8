/**
 * bench:sweep — projects a national sweep on AWS with the stack's own settings (concurrency and
 * sample pages from cdk.json, batch sizes, memory, architecture and timeouts from lib/), from
 * per-site costs measured here against the simulated web:
 * 1. measures the static tier (homepage + samples: fetch, parse, checks) on a few reachable
 *    sites, and the browser tier (one homepage render) on a few more, after one warm-up launch
 *    whose time stands for a render container's cold start;
 * 2. turns them into Lambda seconds: CPU time scaled by the vCPU share of the configured memory
 *    (1 vCPU at 1769 MB), plus the network time of real sites (BENCH_PAGE_LATENCY_MS per page
 *    round, an assumption printed with the result: the simulated web answers in microseconds);
 * 3. simulates the sweep as SQS and Lambda run it: ~10,000 sites in 63 registrable domains
 *    (largest 400), FIFO groups = domains (one site of a domain at a time, in scan and in
 *    render), scan batches of one domain's sites, render one site per invocation, at most
 *    `scanConcurrency` and `renderConcurrency` invocations;
 * 4. prices one sweep and a month of them (Lambda GB-s and requests, SQS, DynamoDB, S3; the
 *    prices used are printed) and names the binding constraint.
 * Target: ≤ 2 h for the sweep, < 10 USD a month. Environment: BENCH_SEED (20260901),
 * BENCH_SAMPLES (6 static, 4 browser), BENCH_PAGE_LATENCY_MS (800). The last line is `BENCH {json}`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createChromiumRenderer } from '../functions/adapters/browser/chromium-renderer.ts';
import { findChromium } from '../functions/adapters/browser/launch.ts';
import { parseResolveMapping } from '../functions/adapters/net/resolve-mapping.ts';
import { auditSite } from '../functions/core/audit-site.ts';
import { auditTargetOf } from '../functions/core/pipeline/scan-plan.ts';
import { CONSUMER_SIZING, consumerTimings, PROJECT_ROOT, RENDER_BATCH_SIZE, SCAN_BATCH_SIZE } from '../lib/auditor-stack.ts';
import { parseAuditorConfig } from '../lib/config.ts';
import { FETCHES_PER_HOST } from '../lib/time-budgets.ts';
import { fetcherForSim } from '../local/runner/sim-registry.ts';
import { startSimWeb } from '../local/sim-web/index.ts';

const SEED = Number(process.env.BENCH_SEED ?? 20260901);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 6);
const PAGE_LATENCY_MS = Number(process.env.BENCH_PAGE_LATENCY_MS ?? 800);
const SITES = 10_000;
const DOMAINS = 63;
const LARGEST_DOMAIN = 400;
const TARGET = { wallHours: 2, monthlyUsd: 10 };
/** Lambda gives one full vCPU at 1769 MB, and CPU in proportion below that. */
const MB_PER_VCPU = 1769;

/**
 * Prices (USD) used, ap-southeast-1 on-demand list prices: Lambda per GB-second by architecture
 * and per million requests; SQS FIFO per million requests; DynamoDB on-demand per million
 * write/read request units; S3 Standard per 1000 PUTs and per GB-month.
 */
const PRICES = {
  lambdaGbSecond: { arm64: 0.0000133334, x86_64: 0.0000166667 },
  lambdaPerMillionRequests: 0.2,
  sqsFifoPerMillionRequests: 0.5,
  dynamoPerMillionWrites: 0.7125,
  dynamoPerMillionReads: 0.1425,
  s3PerThousandPuts: 0.005,
  s3PerGbMonth: 0.025,
};
/**
 * Requests per site per sweep: SQS (scan send, receive and delete shared by a batch of 5; render
 * send, receive, delete), DynamoDB (ledger claim and mark, target read, finding written by scan
 * and by render at ~4 KB each, finding read by render), S3 (homepage.html by scan and render,
 * two screenshots) and the evidence a site leaves (~0.4 MB).
 */
const PER_SITE = { sqsRequests: 1 + 2 / SCAN_BATCH_SIZE + 3, dynamoWrites: 2 + 4 + 4, dynamoReads: 2, s3Puts: 4, evidenceMb: 0.4 };

type Arch = keyof typeof PRICES.lambdaGbSecond;

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const cpuMs = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

/** Domain sizes: a power law with the largest at LARGEST_DOMAIN, summing to SITES. */
function domainSizes(): number[] {
  const total = (alpha: number) => Array.from({ length: DOMAINS }, (_, i) => LARGEST_DOMAIN * (i + 1) ** -alpha).reduce((a, b) => a + b, 0);
  let [lo, hi] = [0, 3];
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (total(mid) > SITES) lo = mid;
    else hi = mid;
  }
  const sizes = Array.from({ length: DOMAINS }, (_, i) => Math.max(1, Math.round(LARGEST_DOMAIN * (i + 1) ** -lo)));
  sizes[DOMAINS - 1] += SITES - sizes.reduce((a, b) => a + b, 0);
  return sizes;
}

interface Stage {
  concurrency: number;
  batchSize: number;
  /** Seconds per record. */
  recordS: number;
  /** Extra seconds of a container's first invocation. */
  coldStartS: number;
}

/**
 * Discrete-event simulation of the two FIFO stages. A group (domain) has at most one batch in
 * flight per queue; a free invocation takes the group with the most work left (SQS spreads
 * groups; this is the best case for the largest one, so the politeness bound is not
 * understated); a site enters the render queue when its scan record ends.
 */
function simulate(sizes: number[], scan: Stage, render: Stage): { wallS: number; scanEndS: number } {
  const scanLeft = [...sizes];
  const renderReady: number[][] = sizes.map(() => []);
  const scanBusy = new Set<number>();
  const renderBusy = new Set<number>();
  type Event = { at: number; run: () => void };
  const events: Event[] = [];
  const schedule = (at: number, run: () => void) => {
    events.push({ at, run });
    events.sort((a, b) => a.at - b.at);
  };
  let now = 0;
  let scanSlots = scan.concurrency;
  let renderSlots = render.concurrency;
  let scanContainers = 0;
  let renderContainers = 0;
  let scanEnd = 0;
  let done = 0;
  const pick = (busy: Set<number>, work: (g: number) => number) => {
    let best = -1;
    for (let g = 0; g < sizes.length; g++) if (!busy.has(g) && work(g) > 0 && (best < 0 || work(g) > work(best))) best = g;
    return best;
  };
  const dispatch = () => {
    for (;;) {
      if (scanSlots === 0) break;
      const g = pick(scanBusy, (x) => scanLeft[x]);
      if (g < 0) break;
      const records = Math.min(scan.batchSize, scanLeft[g]);
      scanLeft[g] -= records;
      scanSlots--;
      scanBusy.add(g);
      const cold = scanContainers < scan.concurrency ? (scanContainers++, scan.coldStartS) : 0;
      for (let r = 1; r <= records; r++) schedule(now + cold + r * scan.recordS, () => renderReady[g].push(now));
      schedule(now + cold + records * scan.recordS, () => {
        scanSlots++;
        scanBusy.delete(g);
        scanEnd = Math.max(scanEnd, now);
      });
    }
    for (;;) {
      if (renderSlots === 0) break;
      const g = pick(renderBusy, (x) => renderReady[x].length);
      if (g < 0) break;
      renderReady[g].splice(0, render.batchSize);
      renderSlots--;
      renderBusy.add(g);
      const cold = renderContainers < render.concurrency ? (renderContainers++, render.coldStartS) : 0;
      schedule(now + cold + render.recordS, () => {
        renderSlots++;
        renderBusy.delete(g);
        done++;
      });
    }
  };
  dispatch();
  while (events.length > 0) {
    const event = events.shift() as Event;
    now = event.at;
    event.run();
    dispatch();
  }
  if (done !== SITES) throw new Error(`simulation rendered ${done} of ${SITES} sites`);
  return { wallS: now, scanEndS: scanEnd };
}

async function measure(): Promise<{ staticWallMs: number; staticCpuMs: number; renderWallMs: number; launchMs: number; pagesPerSite: number }> {
  if ((await findChromium()) === undefined) throw new Error('bench:sweep needs Chromium (@sparticuz/chromium, GOV_AUDIT_CHROMIUM or the system package)');
  const sim = await startSimWeb({ seed: SEED });
  const fetcher = fetcherForSim(sim, { totalTimeoutMs: 8000 });
  const renderer = createChromiumRenderer({ resolve: sim.resolve.map(parseResolveMapping), ca: sim.caPem });
  try {
    const reachable = sim.manifest.hosts.filter((h) => h.expect.transport === 'ok' && !h.scenario.some((t) => t.startsWith('fault:')));
    const staticRuns: { wall: number; cpu: number; pages: number }[] = [];
    for (const host of reachable.slice(0, SAMPLES)) {
      const [t0, c0] = [performance.now(), process.cpuUsage()];
      const outcome = await auditSite(auditTargetOf(host), { fetcher, now: () => new Date() }, { render: 'never' });
      staticRuns.push({ wall: performance.now() - t0, cpu: cpuMs(c0), pages: outcome.audit.pages.length });
    }
    const l0 = performance.now();
    await renderer.render(reachable[0].url);
    const launchMs = performance.now() - l0;
    const renders: number[] = [];
    for (const host of reachable.slice(1, 1 + Math.max(2, Math.round(SAMPLES / 1.5)))) {
      const t0 = performance.now();
      await renderer.render(host.url);
      renders.push(performance.now() - t0);
    }
    return {
      staticWallMs: median(staticRuns.map((r) => r.wall)),
      staticCpuMs: median(staticRuns.map((r) => r.cpu)),
      renderWallMs: median(renders),
      launchMs: Math.max(0, launchMs - median(renders)),
      pagesPerSite: median(staticRuns.map((r) => r.pages)),
    };
  } finally {
    await renderer.close();
    await fetcher.close();
    await sim.close();
  }
}

async function main(): Promise<void> {
  const context = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')).context;
  const config = parseAuditorConfig({ evaluation: context.evaluation, region: context.region });
  const { samplePages, scanConcurrency, renderConcurrency, sweepFrequency } = config.evaluation;
  const timings = consumerTimings(samplePages);
  const m = await measure();

  // Lambda seconds per record: CPU scaled to the configured memory, plus real sites' network time.
  const cpuFactor = (memoryMb: number) => Math.max(1, MB_PER_VCPU / memoryMb);
  const pageRounds = 1 + Math.ceil(samplePages / FETCHES_PER_HOST);
  const scanS = (m.staticCpuMs * cpuFactor(CONSUMER_SIZING.scan.memoryMb) + Math.max(0, m.staticWallMs - m.staticCpuMs) + pageRounds * PAGE_LATENCY_MS) / 1000;
  // A render message runs the static tier again, then the homepage in Chromium, whose own
  // resources (scripts, styles, EMC's script and beacon) cost about two more page rounds.
  const renderS = scanS * cpuFactor(CONSUMER_SIZING.render.memoryMb) / cpuFactor(CONSUMER_SIZING.scan.memoryMb) + (m.renderWallMs + 2 * PAGE_LATENCY_MS) / 1000;
  const sizes = domainSizes();
  const scanStage: Stage = { concurrency: scanConcurrency, batchSize: SCAN_BATCH_SIZE, recordS: scanS, coldStartS: 1 };
  const renderStage: Stage = { concurrency: renderConcurrency, batchSize: RENDER_BATCH_SIZE, recordS: renderS, coldStartS: m.launchMs / 1000 + 1 };
  const { wallS, scanEndS } = simulate(sizes, scanStage, renderStage);

  // Lower bounds, to name what binds: politeness (the largest domain, one site at a time in each
  // stage, the stages overlapping) and each stage's throughput at its concurrency.
  const bounds = {
    politeness: Math.max(...sizes) * Math.max(scanS, renderS) + Math.min(scanS, renderS),
    scanConcurrency: (SITES * scanS) / scanConcurrency,
    renderConcurrency: (SITES * renderS) / renderConcurrency,
  };
  const binding = (Object.entries(bounds) as [keyof typeof bounds, number][]).sort((a, b) => b[1] - a[1])[0][0];

  const sweepsPerMonth = sweepFrequency === 'weekly' ? 52 / 12 : 365 / 12;
  const gbS = {
    scan: (SITES * scanS * CONSUMER_SIZING.scan.memoryMb) / 1024,
    render: (SITES * renderS * CONSUMER_SIZING.render.memoryMb) / 1024,
  };
  const arch = (name: string) => name as Arch;
  const perSweep = {
    lambda:
      gbS.scan * PRICES.lambdaGbSecond[arch(CONSUMER_SIZING.scan.architecture.name)] +
      gbS.render * PRICES.lambdaGbSecond[arch(CONSUMER_SIZING.render.architecture.name)] +
      ((SITES / SCAN_BATCH_SIZE + SITES) / 1e6) * PRICES.lambdaPerMillionRequests,
    sqs: ((SITES * PER_SITE.sqsRequests) / 1e6) * PRICES.sqsFifoPerMillionRequests,
    dynamodb: ((SITES * PER_SITE.dynamoWrites) / 1e6) * PRICES.dynamoPerMillionWrites + ((SITES * PER_SITE.dynamoReads) / 1e6) * PRICES.dynamoPerMillionReads,
    s3: ((SITES * PER_SITE.s3Puts) / 1000) * PRICES.s3PerThousandPuts,
  };
  const sweepUsd = Object.values(perSweep).reduce((a, b) => a + b, 0);
  // Evidence of a month's sweeps, stored for the month (it is kept 400 days; this is the month's increment).
  const storageUsd = ((SITES * PER_SITE.evidenceMb * sweepsPerMonth) / 1024) * PRICES.s3PerGbMonth;
  const monthlyUsd = sweepUsd * sweepsPerMonth + storageUsd;
  const wallHours = wallS / 3600;

  const round = (x: number, digits = 2) => Number(x.toFixed(digits));
  console.log(`Measured on the simulated web (median of ${SAMPLES} static, ${Math.max(2, Math.round(SAMPLES / 1.5))} browser): static ${round(m.staticWallMs, 0)} ms (CPU ${round(m.staticCpuMs, 0)} ms, ${m.pagesPerSite} pages), render ${round(m.renderWallMs, 0)} ms, browser launch ${round(m.launchMs, 0)} ms`);
  console.log(`Assumed network time of a real site: ${PAGE_LATENCY_MS} ms per page round (${pageRounds} rounds for a homepage and ${samplePages} samples, ${FETCHES_PER_HOST} at a time)`);
  console.log(`Per site on Lambda: scan ${round(scanS)} s at ${CONSUMER_SIZING.scan.memoryMb} MB ${CONSUMER_SIZING.scan.architecture.name}, render ${round(renderS)} s at ${CONSUMER_SIZING.render.memoryMb} MB ${CONSUMER_SIZING.render.architecture.name}`);
  console.log(`Stack: scan concurrency ${scanConcurrency} × batch ${SCAN_BATCH_SIZE} (timeout ${timings.scan.timeout.toSeconds()} s), render concurrency ${renderConcurrency} × batch ${RENDER_BATCH_SIZE} (timeout ${timings.render.timeout.toSeconds()} s), ${sweepFrequency} sweeps`);
  console.log(`Sweep: ${SITES} sites in ${DOMAINS} domains (largest ${Math.max(...sizes)}): scans done at ${round(scanEndS / 3600)} h, all renders at ${round(wallHours)} h (target ≤ ${TARGET.wallHours} h)`);
  console.log(`Lower bounds: politeness (largest domain serial) ${round(bounds.politeness / 3600)} h, scan throughput ${round(bounds.scanConcurrency / 3600)} h, render throughput ${round(bounds.renderConcurrency / 3600)} h → binding: ${binding}`);
  console.log(`Cost per sweep: Lambda ${round(perSweep.lambda)} + SQS ${round(perSweep.sqs)} + DynamoDB ${round(perSweep.dynamodb)} + S3 ${round(perSweep.s3)} = ${round(sweepUsd)} USD; per month (${round(sweepsPerMonth, 1)} sweeps + ${round(storageUsd)} USD evidence storage): ${round(monthlyUsd)} USD (target < ${TARGET.monthlyUsd})`);
  console.log(`Prices (USD, ap-southeast-1): ${JSON.stringify(PRICES)}`);
  console.log(`BENCH ${JSON.stringify({
    sites: SITES,
    domains: DOMAINS,
    largestDomain: Math.max(...sizes),
    pageLatencyMs: PAGE_LATENCY_MS,
    measured: { staticMs: round(m.staticWallMs, 0), staticCpuMs: round(m.staticCpuMs, 0), renderMs: round(m.renderWallMs, 0), launchMs: round(m.launchMs, 0) },
    perSiteSeconds: { scan: round(scanS), render: round(renderS) },
    settings: { scanConcurrency, renderConcurrency, scanBatch: SCAN_BATCH_SIZE, renderBatch: RENDER_BATCH_SIZE, scanTimeoutS: timings.scan.timeout.toSeconds(), renderTimeoutS: timings.render.timeout.toSeconds(), sweepFrequency },
    wallHours: round(wallHours),
    scanHours: round(scanEndS / 3600),
    boundsHours: Object.fromEntries(Object.entries(bounds).map(([k, v]) => [k, round(v / 3600)])),
    binding,
    usd: { perSweep: round(sweepUsd), monthly: round(monthlyUsd), ...Object.fromEntries(Object.entries(perSweep).map(([k, v]) => [k, round(v, 3)])) },
    meetsTarget: wallHours <= TARGET.wallHours && monthlyUsd < TARGET.monthlyUsd,
  })}`);
}

await main();
