/**
 * Runs once before all test files. @sparticuz/chromium unpacks its browser into the temp
 * directory on first use; two test files starting Chromium at the same time on a fresh machine
 * would unpack it concurrently. Unpacking it here, once, removes that race.
 */
import { findChromium } from '../../functions/adapters/browser/launch.ts';

export default async function setup(): Promise<void> {
  await findChromium();
}
