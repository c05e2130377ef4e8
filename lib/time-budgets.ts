/**
 * How long one record may take, and the function timeouts sized from it (docs/infrastructure.md,
 * "Timeouts"). The handlers get the per-record budget as `RECORD_BUDGET_MS` and start no record
 * with less time left (functions/commons/sqs-record-handler.ts); the timeouts give a full batch
 * of worst-case sites room, so a hand-back happens only when sites exceed their bounds.
 *
 * The limits below are those of the adapters (the fetcher's per-page total, its connections per
 * host, the renderer's bounded waits, the browser launch); test/infra/time-budgets.test.ts
 * checks that they agree, so neither can change alone. Plain numbers (no CDK types), so the
 * local runner and the sweep bench use the very same budgets.
 */
/** The fetcher's hard limit per page, redirects and a Retry-After wait included. */
export const PAGE_FETCH_LIMIT_MS = 30_000;
/** The fetcher's concurrent requests per host: sample pages are fetched this many at a time. */
export const FETCHES_PER_HOST = 2;
/** The renderer's bound per page: navigation 15 s + settle 6 s + inspection 5 s + two screenshots 5 s each + wipe 5 s. */
export const RENDER_PAGE_LIMIT_MS = 41_000;
/** Launching Chromium at a cold start (unpacking @sparticuz/chromium included). */
export const BROWSER_LAUNCH_LIMIT_MS = 60_000;
/** Storing one site's finding and evidence and enqueueing what follows it (DynamoDB, S3, SQS). */
export const STORE_MARGIN_MS = 10_000;
/** Left at the end of an invocation to hand records back and answer the batch response. */
export const INVOCATION_MARGIN_MS = 10_000;
/** Lambda's longest timeout. */
export const LAMBDA_MAX_TIMEOUT_MS = 900_000;

/** Worst case of one site in the static tier: the homepage, then the samples a few at a time. */
export function scanRecordBudgetMs(samplePages: number): number {
  return (1 + Math.ceil(samplePages / FETCHES_PER_HOST)) * PAGE_FETCH_LIMIT_MS + STORE_MARGIN_MS;
}

/** Worst case of one render message: the static tier again, then the homepage and at most every sample rendered. */
export function renderRecordBudgetMs(samplePages: number): number {
  return scanRecordBudgetMs(samplePages) + (1 + samplePages) * RENDER_PAGE_LIMIT_MS;
}

/**
 * A consumer's timeout in seconds: `batchSize` records of `recordBudgetMs` one after the other (a batch
 * may hold one domain only, whose sites run serially), plus `startupMs` and the margin, capped
 * at Lambda's 15 minutes (beyond it the deadline check hands the rest of a batch back).
 *
 * @throws Error when not even one record fits in 15 minutes (too many sample pages).
 */
export function consumerTimeoutSeconds(recordBudgetMs: number, batchSize: number, startupMs = 0): number {
  const oneRecord = startupMs + recordBudgetMs + INVOCATION_MARGIN_MS;
  if (oneRecord > LAMBDA_MAX_TIMEOUT_MS) {
    throw new Error(`one record may take ${oneRecord / 1000} s, more than Lambda's 900 s: lower evaluation.samplePages`);
  }
  const batch = startupMs + batchSize * recordBudgetMs + INVOCATION_MARGIN_MS;
  return Math.ceil(Math.min(batch, LAMBDA_MAX_TIMEOUT_MS) / 1000);
}
