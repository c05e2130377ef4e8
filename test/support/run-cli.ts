/**
 * Two ways to run gov-audit in tests, with exit code and both streams captured:
 * - `runMain(args)`: the CLI's `main(argv)` in this process — what behaviour tests use (no
 *   process start, no build needed; the exact code `bin/gov-audit.js` runs, minus the launcher).
 * - `runCli(args)`: `bin/gov-audit.js` as a user runs it, a child process without colours. It
 *   runs the build in dist/cli/ (test/support/global-setup.ts builds it before the tests), so
 *   the few tests that use it prove the launcher and the compiled JavaScript.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { main } from '../../bin/cli/main.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

const CLI = join(import.meta.dirname, '../../bin/gov-audit.js');

export function runCli(args: string[], options: { timeoutMs?: number; cwd?: string } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { timeout: options.timeoutMs ?? 90_000, cwd: options.cwd, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** One in-process run at a time: the streams are captured by replacing their `write`. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `main(args)` in this process with NO_COLOR set, as `runCli` would in a child. An error
 * `main` throws becomes exit code 1 with the error on stderr, as Node prints an uncaught one.
 */
export function runMain(args: string[]): Promise<CliRun> {
  const run = queue.then(() => captured(args));
  queue = run.catch(() => undefined);
  return run;
}

async function captured(args: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const originals = { stdout: process.stdout.write, stderr: process.stderr.write };
  const noColor = process.env.NO_COLOR;
  const sink = (into: string[]) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const callback = rest.find((r): r is () => void => typeof r === 'function');
      if (callback) queueMicrotask(callback);
      return true;
    }) as typeof process.stdout.write;
  process.env.NO_COLOR = '1';
  process.stdout.write = sink(out);
  process.stderr.write = sink(err);
  let code: number;
  try {
    code = await main(args);
  } catch (error) {
    err.push(`${(error as Error).stack ?? String(error)}\n`);
    code = 1;
  } finally {
    process.stdout.write = originals.stdout;
    process.stderr.write = originals.stderr;
    if (noColor === undefined) delete process.env.NO_COLOR;
    else process.env.NO_COLOR = noColor;
  }
  return { code, stdout: out.join(''), stderr: err.join('') };
}
