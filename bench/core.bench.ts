/**
 * bench:core — the static tier's cost on realistic pages, next to a bare htmlparser2
 * tokenisation of the same bytes measured in the same run, plus the scanner's peak memory while
 * fetching the 50 MB and gzip-bomb hosts of the simulated web (fetched by a child process, so
 * the figure is the scanner's own RSS, not the simulated web's), and the static tier on each
 * hostile page (deep nesting, deep tables, link flood, nesting bomb) next to an ordinary page of
 * the same size, each in a child of its own for its peak RSS.
 *
 * Prints figures and ratios; the last line is `BENCH {json}`.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Parser } from 'htmlparser2';
import { runChecks } from '../functions/core/checks/index.ts';
import { discoverComponents } from '../functions/core/discovery.ts';
import { parsePage } from '../functions/core/page/parse-page.ts';
import { fetcherForSim } from '../local/runner/sim-registry.ts';
import { startSimWeb } from '../local/sim-web/index.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);

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

function time(pages: Page[], fn: (p: Page) => void): number {
  const start = performance.now();
  for (const page of pages) fn(page);
  return performance.now() - start;
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

    // Warm up both paths, then interleave rounds so both see the same machine state.
    time(pages, staticTier);
    time(pages, bareParse);
    // Each round times both on the same pages back to back; the ratio reported is the median of
    // the rounds' ratios, which a busy machine disturbs far less than a ratio of totals.
    let staticMs = 0;
    let bareMs = 0;
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const bareRound = time(pages, bareParse);
      const staticRound = time(pages, staticTier);
      bareMs += bareRound;
      staticMs += staticRound;
      ratios.push(staticRound / bareRound);
    }
    const perRound = (ms: number) => ms / ROUNDS;
    const figures = (ms: number) => ({
      msPerPage: perRound(ms) / pages.length,
      pagesPerSecond: pages.length / (perRound(ms) / 1000),
      mbPerSecond: totalBytes / 1e6 / (perRound(ms) / 1000),
    });
    const checks = figures(staticMs);
    const bare = figures(bareMs);
    const ratio = [...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)];

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
    console.log(`static tier (parse + discovery + all checks): ${checks.msPerPage.toFixed(2)} ms/page, ${checks.pagesPerSecond.toFixed(0)} pages/s, ${checks.mbPerSecond.toFixed(1)} MB/s`);
    console.log(`bare htmlparser2 tokenisation:               ${bare.msPerPage.toFixed(2)} ms/page, ${bare.pagesPerSecond.toFixed(0)} pages/s, ${bare.mbPerSecond.toFixed(1)} MB/s`);
    console.log(`ratio checks / bare parse: ${ratio.toFixed(2)} (median of ${ROUNDS} rounds, range ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}; target ≤ 2)`);
    console.log(`hostile hosts: ${hostileResults.map((r) => `${r.host} → ${r.kind} in ${r.ms} ms`).join(', ')}`);
    console.log(`scanner's peak RSS while fetching them: ${mb(peak)} MB (baseline ${mb(baseline)} MB; target < 200 MB)`);
    for (const h of hostilePages) {
      console.log(`hostile page ${h.kind}: ${(h.bytes / 1e6).toFixed(2)} MB → ${h.outcome} in ${h.hostileMs.toFixed(0)} ms (${(h.hostileMs / h.normalMs).toFixed(1)}× an ordinary page of that size, ${h.normalMs.toFixed(0)} ms), peak RSS ${h.peakRssMb.toFixed(0)} MB (target < 200 MB)`);
    }
    console.log(`BENCH ${JSON.stringify({
      bench: 'core',
      pages: pages.length,
      megabytes: totalBytes / 1e6,
      static: checks,
      bare,
      ratio,
      ratioTarget: 2,
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
