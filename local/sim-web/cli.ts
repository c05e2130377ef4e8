/**
 * Runs the simulated government web until Ctrl-C, so that a person can point the auditor (or
 * curl) at it:
 *
 *   npx tsx local/sim-web/cli.ts [--seed N] [--portals N] [--components MIN,MAX] [--no-faults]
 *                                [--latency MIN,MAX] [--json]
 *
 * Prints the ports, the `--resolve` arguments and where the manifest and CA were written.
 *
 * With `--json` it is a child process for programs (the pipeline benchmark serves the fleet
 * from another process, so that page generation neither competes with the scanner's event loop
 * nor counts in its memory): one line `{httpPort, httpsPort, caPem, resolve, manifest}` on
 * stdout once listening; then each line `stats` on stdin is answered by one line
 * `{stats, rssBytes, peakRssBytes, cpu}`; it stops when stdin closes (its parent is gone).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { startSimWeb, type SimWeb } from './index.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    portals: { type: 'string' },
    components: { type: 'string' },
    latency: { type: 'string' },
    'no-faults': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});

function usageError(message: string): never {
  console.error(message);
  process.exit(2);
}

function intOption(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n)) usageError(`--${name} phải là số nguyên / must be an integer: ${raw}`);
  return n;
}

function rangeOption(name: string, raw: string | undefined): [number, number] | undefined {
  if (raw === undefined) return undefined;
  const parts = raw.split(',').map(Number);
  if (parts.length !== 2 || !parts.every((n) => Number.isInteger(n) && n >= 0) || parts[0] > parts[1]) {
    usageError(`--${name} phải có dạng MIN,MAX / must be MIN,MAX (integers, MIN ≤ MAX): ${raw}`);
  }
  return [parts[0], parts[1]];
}

const sim = await startSimWeb({
  seed: intOption('seed', values.seed),
  portals: intOption('portals', values.portals),
  componentsPerPortal: rangeOption('components', values.components),
  latencyMs: rangeOption('latency', values.latency),
  faults: !values['no-faults'],
});

if (values.json) serveJson(sim);
else printForPeople(sim);

function serveJson(web: SimWeb): void {
  const { httpPort, httpsPort, caPem, resolve, manifest } = web;
  process.stdout.write(`${JSON.stringify({ httpPort, httpsPort, caPem, resolve, manifest })}\n`);
  let peakRssBytes = process.memoryUsage.rss();
  const sampler = setInterval(() => (peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss())), 100);
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    if (line.trim() !== 'stats') return;
    const rssBytes = process.memoryUsage.rss();
    peakRssBytes = Math.max(peakRssBytes, rssBytes);
    process.stdout.write(`${JSON.stringify({ stats: web.stats, rssBytes, peakRssBytes, cpu: process.cpuUsage() })}\n`);
  });
  lines.once('close', () => {
    clearInterval(sampler);
    void web.close().then(() => process.exit(0));
  });
}

function printForPeople(web: SimWeb): void {
  const dir = mkdtempSync(join(tmpdir(), 'sim-web-'));
  const manifestPath = join(dir, 'manifest.json');
  const caPath = join(dir, 'ca.pem');
  writeFileSync(manifestPath, `${JSON.stringify(web.manifest, null, 2)}\n`);
  writeFileSync(caPath, web.caPem);

  const first = web.manifest.hosts.find((h) => h.role === 'portal');
  console.log(`Mạng mô phỏng đang chạy / simulated web running: seed ${web.manifest.seed}, ${web.manifest.hosts.length} sites`);
  console.log(`HTTP  port: ${web.httpPort}`);
  console.log(`HTTPS port: ${web.httpsPort}`);
  console.log(`Manifest:   ${manifestPath}`);
  console.log(`CA (PEM):   ${caPath}`);
  console.log('\n--resolve arguments:');
  console.log(web.resolve.map((r) => `--resolve ${r}`).join(' '));
  if (first) {
    console.log(`\nExample: curl --cacert ${caPath} ${web.resolve.filter((r) => r.startsWith(`${first.host}:`)).map((r) => `--resolve ${r}`).join(' ')} ${first.url}`);
  }
  console.log('\nCtrl-C để dừng / to stop.');

  process.once('SIGINT', () => {
    void web.close().then(() => process.exit(0));
  });
}
