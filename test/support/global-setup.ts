/**
 * Runs once before all test files.
 * - Builds the CLI (bin/build-cli.js, well under a second), so the tests that spawn
 *   bin/gov-audit.js run the compiled JavaScript users run, never a stale build.
 * - @sparticuz/chromium unpacks its browser into the temp directory on first use; two test
 *   files starting Chromium at the same time on a fresh machine would unpack it concurrently.
 *   Unpacking it here, once, removes that race.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { findChromium } from '../../functions/adapters/browser/launch.ts';

export default async function setup(): Promise<void> {
  execFileSync(process.execPath, [join(import.meta.dirname, '../../bin/build-cli.js')], { stdio: 'inherit' });
  await findChromium();
}
