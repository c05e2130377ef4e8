/**
 * Start time of the CLI as a user sees it: `gov-audit --help` and `gov-audit check --help`,
 * each a fresh `node bin/gov-audit.js` process, next to a bare `node -e 0`. The launcher runs
 * the build in dist/cli/, so the CLI is built first. Median of BENCH_ROUNDS runs (default 9).
 * Target (issue 13): `--help` within 0.3 s of bare Node.
 * Prints figures and ratios; the last line is `BENCH {json}`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin/gov-audit.js');
const TARGET_MS = 300;

/** Median wall time of each command, run in turns (one of each per round) so load affects all alike. */
function medianMs(commands: string[][]): number[] {
  const times = commands.map((): number[] => []);
  for (let round = 0; round < ROUNDS; round++) {
    commands.forEach((args, i) => {
      const started = performance.now();
      const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      times[i].push(performance.now() - started);
      if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
    });
  }
  return times.map((t) => Math.round(t.sort((a, b) => a - b)[Math.floor(t.length / 2)]));
}

execFileSync(process.execPath, [join(ROOT, 'bin/build-cli.js')], { stdio: 'inherit' });
const [nodeMs, helpMs, checkHelpMs] = medianMs([['-e', '0'], [CLI, '--help'], [CLI, 'check', '--help']]);
const result = {
  rounds: ROUNDS,
  nodeMs,
  helpMs,
  checkHelpMs,
  helpRatio: Number((helpMs / nodeMs).toFixed(2)),
  checkHelpRatio: Number((checkHelpMs / nodeMs).toFixed(2)),
  helpOverNodeMs: helpMs - nodeMs,
  targetOverNodeMs: TARGET_MS,
  meetsTarget: helpMs - nodeMs <= TARGET_MS,
};
console.log(`node -e 0            ${String(nodeMs).padStart(6)} ms`);
console.log(`gov-audit --help     ${String(helpMs).padStart(6)} ms  (×${result.helpRatio}, +${result.helpOverNodeMs} ms; target ≤ +${TARGET_MS} ms)`);
console.log(`gov-audit check --help ${String(checkHelpMs).padStart(4)} ms  (×${result.checkHelpRatio})`);
console.log(`BENCH ${JSON.stringify(result)}`);
