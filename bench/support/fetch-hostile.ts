/**
 * Child process of bench:core: fetches the given URLs with the production fetcher and reports
 * its own peak RSS, so the figure is the scanner's alone (the simulated web runs in the parent).
 * Input: one JSON argument `{ urls, resolve, caPem }`. Output: one JSON line.
 */
import { fetcherForSim } from '../../local/runner/sim-registry.ts';

const input = JSON.parse(process.argv[2]) as { urls: string[]; resolve: string[]; caPem: string };
const fetcher = fetcherForSim(input, { totalTimeoutMs: 30_000 });
const baseline = process.memoryUsage.rss();
let peak = baseline;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage.rss());
}, 2);
const results = [];
for (const url of input.urls) {
  const started = performance.now();
  const outcome = await fetcher.fetchPage(url);
  results.push({ url, kind: outcome.ok ? 'ok' : outcome.failure.kind, ms: Math.round(performance.now() - started) });
}
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage.rss());
await fetcher.close();
process.stdout.write(`${JSON.stringify({ baselineRss: baseline, peakRss: peak, results })}\n`);
