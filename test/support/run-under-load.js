#!/usr/bin/env node
// `npm run test:stress`: the whole suite next to two CPU-burning processes, as on a shared
// 2-core machine. Tests must hold under load (no assertion on wall-clock time), so this must pass
// like `npm test` does. Exits with vitest's exit code; the burners are stopped in every case.
import { spawn } from 'node:child_process';

const BURNERS = Number(process.env.STRESS_BURNERS ?? 2);
const burn = 'for (;;) { Math.sqrt(Math.random()); }';
const burners = Array.from({ length: BURNERS }, () => spawn(process.execPath, ['-e', burn], { stdio: 'ignore' }));
const stopBurners = () => {
  for (const burner of burners) if (burner.exitCode === null) burner.kill('SIGKILL');
};
process.on('exit', stopBurners);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

process.stdout.write(`test:stress: ${BURNERS} CPU burners running (pids ${burners.map((b) => b.pid).join(', ')})\n`);
const vitest = spawn('npx', ['vitest', 'run', ...process.argv.slice(2)], { stdio: 'inherit' });
vitest.on('exit', (code, signal) => {
  stopBurners();
  process.exit(code ?? (signal ? 1 : 0));
});
