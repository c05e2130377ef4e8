/**
 * Runs the simulated government web until Ctrl-C, so that a person can point the auditor (or
 * curl) at it:
 *
 *   npx tsx local/sim-web/cli.ts [--seed N] [--portals N] [--no-faults]
 *
 * Prints the ports, the `--resolve` arguments and where the manifest and CA were written.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startSimWeb } from './index.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    portals: { type: 'string' },
    'no-faults': { type: 'boolean', default: false },
  },
});

function intOption(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n)) {
    console.error(`--${name} phải là số nguyên / must be an integer: ${raw}`);
    process.exit(2);
  }
  return n;
}

const sim = await startSimWeb({
  seed: intOption('seed', values.seed),
  portals: intOption('portals', values.portals),
  faults: !values['no-faults'],
});
const dir = mkdtempSync(join(tmpdir(), 'sim-web-'));
const manifestPath = join(dir, 'manifest.json');
const caPath = join(dir, 'ca.pem');
writeFileSync(manifestPath, `${JSON.stringify(sim.manifest, null, 2)}\n`);
writeFileSync(caPath, sim.caPem);

const first = sim.manifest.hosts.find((h) => h.role === 'portal');
console.log(`Mạng mô phỏng đang chạy / simulated web running: seed ${sim.manifest.seed}, ${sim.manifest.hosts.length} sites`);
console.log(`HTTP  port: ${sim.httpPort}`);
console.log(`HTTPS port: ${sim.httpsPort}`);
console.log(`Manifest:   ${manifestPath}`);
console.log(`CA (PEM):   ${caPath}`);
console.log('\n--resolve arguments:');
console.log(sim.resolve.map((r) => `--resolve ${r}`).join(' '));
if (first) {
  console.log(`\nExample: curl --cacert ${caPath} ${sim.resolve.filter((r) => r.startsWith(`${first.host}:`)).map((r) => `--resolve ${r}`).join(' ')} ${first.url}`);
}
console.log('\nCtrl-C để dừng / to stop.');

process.once('SIGINT', () => {
  void sim.close().then(() => process.exit(0));
});
