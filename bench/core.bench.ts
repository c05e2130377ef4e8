/**
 * bench:core — the static tier's cost on realistic pages, next to two htmlparser2 baselines on
 * the same bytes in the same run: the bare tokenizer (no callbacks: a floor) and the tokenizer
 * with no-op tag, attribute and text callbacks (like for like: what any page model must at least
 * pay). Measured in CPU time; each round times the three on every page, in an order that
 * alternates from round to round; the figure is the median of the rounds' ratios with its
 * interquartile range. The whole measurement runs twice in a row and says whether the two
 * medians agree within 10 %. Then the scanner's peak memory while fetching the 50 MB and
 * gzip-bomb hosts of the simulated web (fetched by a child process, so the figure is the
 * scanner's own RSS, not the simulated web's), and the static tier on each hostile page (deep
 * nesting, deep tables, link flood, nesting bomb) next to an ordinary page of the same size,
 * each in a child of its own for its peak RSS.
 *
 * Prints figures and ratios; the last line is `BENCH {json}`.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Parser } from 'htmlparser2';
import { runChecks } from '../functions/core/checks/index.ts';
import { discoverComponents } from '../functions/core/discovery.ts';
import { parsePage } from '../functions/core/page/parse-page.ts';
import { fetcherForSim } from '../local/runner/sim-registry.ts';
import { startSimWeb } from '../local/sim-web/index.ts';
import { agree, cpuTime, spread } from './support/stats.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 31);
/** The static tier's target, as a multiple of the like-for-like baseline. */
const RATIO_TARGET = 1.5;

interface Page { url: string; html: string; bytes: number }

/** Static tier on one page: one parse, discovery and every check, as auditSite does it. */
function staticTier(page: Page): void {
  const model = parsePage(page.html, page.url);
  const discovered = discoverComponents({ host: model.host }, [model]);
  runChecks({ target: { url: page.url, role: 'portal' }, homepage: model, pages: [model], discovered });
}

/** The floor: htmlparser2 tokenising the same text with no callbacks. */
function bareParse(page: Page): void {
  const parser = new Parser({}, { decodeEntities: true });
  parser.end(page.html);
}

const noop = (): void => undefined;
/** Like for like: the tokenizer handing every tag, attribute and text run to a callback. */
const CALLBACKS = { onopentag: noop, onattribute: noop, ontext: noop, onclosetag: noop, oncomment: noop };

function callbackParse(page: Page): void {
  const parser = new Parser(CALLBACKS, { decodeEntities: true });
  parser.end(page.html);
}

const SIDES = { static: staticTier, bare: bareParse, callbacks: callbackParse } as const;
type Side = keyof typeof SIDES;

/** One measurement: ROUNDS rounds of the three sides over every page, the order alternating. */
function measure(pages: Page[]) {
  const orders: Side[][] = [['bare', 'callbacks', 'static'], ['static', 'callbacks', 'bare'], ['callbacks', 'static', 'bare']];
  const ms: Record<Side, number[]> = { static: [], bare: [], callbacks: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const side of orders[round % orders.length]) ms[side].push(cpuTime(() => pages.forEach(SIDES[side])));
  }
  const ratios = (base: Side) => spread(ms.static.map((x, i) => x / ms[base][i]));
  return { ms: { static: spread(ms.static), bare: spread(ms.bare), callbacks: spread(ms.callbacks) }, vsBare: ratios('bare'), vsCallbacks: ratios('callbacks') };
}

interface HostilePage { kind: string; bytes: number; outcome: string; hostileMs: number; normalMs: number; peakRssMb: number }

/** The static tier on one hostile page of hostile-pages.ts and an ordinary page of its size, in a child of its own. */
function hostilePageInChild(kind: string): Promise<HostilePage> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'support/hostile-static.ts'), JSON.stringify({ kind })], { maxBuffer: 1 << 20 }, (error, stdout) => {
      if (error) reject(error);
      else resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '{}'));
    });
  });
}

/** The hostile pages timed (hostile-pages.ts). */
const HOSTILE_PAGES = ['deep-nesting', 'deep-tables', 'link-flood', 'nesting-bomb'];

function fetchInChild(input: { urls: string[]; resolve: string[]; caPem: string }): Promise<{ baselineRss: number; peakRss: number; results: { kind: string; ms: number }[] }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'support/fetch-hostile.ts'), JSON.stringify(input)], { maxBuffer: 1 << 20 }, (error, stdout) => {
      if (error) reject(error);
      else resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '{}'));
    });
  });
}

async function main() {
  const sim = await startSimWeb({ seed: 11 });
  const fetcher = fetcherForSim(sim, { totalTimeoutMs: 30_000 });
  try {
    // Realistic pages: every reachable homepage of the simulated fleet plus the test fixtures.
    const pages: Page[] = [];
    for (const truth of sim.manifest.hosts.filter((h) => h.expect.transport === 'ok')) {
      const outcome = await fetcher.fetchPage(truth.url);
      if (outcome.ok) pages.push({ url: outcome.page.finalUrl, html: outcome.page.html, bytes: outcome.page.bodyBytes });
    }
    const fixtureDir = join(import.meta.dirname, '../test/fixtures/pages');
    for (const name of (await readdir(fixtureDir)).filter((n) => n.endsWith('.html'))) {
      const html = await readFile(join(fixtureDir, name), 'utf8');
      pages.push({ url: `https://${name.replace(/\.html$/, '')}.example.gov.vn/`, html, bytes: Buffer.byteLength(html) });
    }
    const totalBytes = pages.reduce((sum, p) => sum + p.bytes, 0);

    // Warm up every path, then measure twice in a row.
    for (const fn of Object.values(SIDES)) pages.forEach(fn);
    const first = measure(pages);
    const second = measure(pages);
    const perPage = (msPerRound: number) => ({
      msPerPage: msPerRound / pages.length,
      pagesPerSecond: pages.length / (msPerRound / 1000),
      mbPerSecond: totalBytes / 1e6 / (msPerRound / 1000),
    });
    const checks = perPage(first.ms.static.median);
    const bare = perPage(first.ms.bare.median);
    const callbacks = perPage(first.ms.callbacks.median);
    const ratio = first.vsCallbacks.median;
    const stable = agree(first.vsCallbacks.median, second.vsCallbacks.median) && agree(first.vsBare.median, second.vsBare.median);

    // Memory: a child process fetches the hostile hosts and samples its own RSS.
    const hostile = sim.manifest.hosts.filter((h) => h.expect.transport === 'too-large');
    const child = await fetchInChild({ urls: hostile.map((h) => h.url), resolve: sim.resolve, caPem: sim.caPem });
    const baseline = child.baselineRss;
    const peak = child.peakRss;
    const hostileResults = child.results.map((r, i) => ({ host: hostile[i].host, kind: r.kind, ms: r.ms }));

    const hostilePages: HostilePage[] = [];
    for (const kind of HOSTILE_PAGES) hostilePages.push(await hostilePageInChild(kind));

    const mb = (n: number) => Math.round((n / 1048576) * 10) / 10;
    console.log(`pages: ${pages.length}, ${(totalBytes / 1e6).toFixed(1)} MB, ${ROUNDS} rounds`);
    const range = (r: { q1: number; q3: number }) => `IQR ${r.q1.toFixed(2)}–${r.q3.toFixed(2)}`;
    console.log(`CPU time per page, median of ${ROUNDS} rounds:`);
    console.log(`  static tier (parse + discovery + all checks): ${checks.msPerPage.toFixed(2)} ms/page, ${checks.pagesPerSecond.toFixed(0)} pages/s, ${checks.mbPerSecond.toFixed(1)} MB/s`);
    console.log(`  htmlparser2 with no-op callbacks:             ${callbacks.msPerPage.toFixed(2)} ms/page, ${callbacks.pagesPerSecond.toFixed(0)} pages/s, ${callbacks.mbPerSecond.toFixed(1)} MB/s`);
    console.log(`  bare htmlparser2 tokenisation:                ${bare.msPerPage.toFixed(2)} ms/page, ${bare.pagesPerSecond.toFixed(0)} pages/s, ${bare.mbPerSecond.toFixed(1)} MB/s`);
    console.log(`ratio static / callbacks (like for like): ${first.vsCallbacks.median.toFixed(2)} (${range(first.vsCallbacks)}), then ${second.vsCallbacks.median.toFixed(2)} (${range(second.vsCallbacks)}); target ≤ ${RATIO_TARGET}: ${ratio <= RATIO_TARGET ? 'met' : 'not met'}`);
    console.log(`ratio static / bare (floor):               ${first.vsBare.median.toFixed(2)} (${range(first.vsBare)}), then ${second.vsBare.median.toFixed(2)} (${range(second.vsBare)})`);
    console.log(`the two measurements ${stable ? 'agree' : 'DO NOT agree'} within 10 %`);
    console.log(`hostile hosts: ${hostileResults.map((r) => `${r.host} → ${r.kind} in ${r.ms} ms`).join(', ')}`);
    console.log(`scanner's peak RSS while fetching them: ${mb(peak)} MB (baseline ${mb(baseline)} MB; target < 200 MB)`);
    for (const h of hostilePages) {
      console.log(`hostile page ${h.kind}: ${(h.bytes / 1e6).toFixed(2)} MB → ${h.outcome} in ${h.hostileMs.toFixed(0)} ms CPU (median of 5; ${(h.hostileMs / h.normalMs).toFixed(1)}× an ordinary page of that size, ${h.normalMs.toFixed(0)} ms), peak RSS ${h.peakRssMb.toFixed(0)} MB (target < 200 MB)`);
    }
    console.log(`BENCH ${JSON.stringify({
      bench: 'core',
      pages: pages.length,
      megabytes: totalBytes / 1e6,
      cpu: true,
      rounds: ROUNDS,
      static: checks,
      bare,
      callbacks,
      ratio,
      ratioIqr: [first.vsCallbacks.q1, first.vsCallbacks.q3],
      ratioSecond: second.vsCallbacks.median,
      ratioVsBare: first.vsBare.median,
      ratioVsBareSecond: second.vsBare.median,
      stable,
      ratioTarget: RATIO_TARGET,
      ratioMet: ratio <= RATIO_TARGET,
      hostile: hostileResults,
      peakRssMb: mb(peak),
      peakRssTargetMb: 200,
      hostilePages,
    })}`);
  } finally {
    await fetcher.close();
    await sim.close();
  }
}

await main();
