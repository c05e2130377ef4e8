/**
 * Fetch budgets for tests that scan the simulated web and must get every healthy host's verdict
 * right on a loaded machine (the simulated web shares the test's process and CPU). They are far
 * above what a loopback fetch needs, so load never turns a healthy host into a timeout; a host
 * that never answers is still cut at `totalTimeoutMs`, which tests assert as an outcome (the
 * failure names the limit), never as a measured duration.
 */
import type { HttpFetcherOptions } from '../../functions/adapters/http-fetcher.ts';

export const LOADED_MACHINE_BUDGETS = {
  connectTimeoutMs: 10_000,
  // Above the total, so a silent host is always cut by the page budget, the one asserted.
  headersTimeoutMs: 30_000,
  bodyTimeoutMs: 10_000,
  totalTimeoutMs: 8_000,
} as const satisfies HttpFetcherOptions;
