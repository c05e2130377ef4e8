/**
 * What an operator sees of a sweep: Powertools Logger with the Lambda context injected (request
 * id, cold start) and Powertools Metrics (EMF) for sites scanned, unknowns by reason, retries,
 * renders and records handed back before the deadline, both through middy middlewares. The
 * handlers count through {@link HandlerTelemetry.count}, so tests can read the counts.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { MiddlewareObj } from '@middy/core';

/** The metrics of a sweep (namespace `POWERTOOLS_METRICS_NAMESPACE`, set by the stack). */
export type SweepMetric =
  /** A site's static finding was stored. */
  | 'SitesScanned'
  /** A site was recorded `unknown` because it could not be fetched; dimension `reason` (the failure kind). */
  | 'UnknownSites'
  /** A transient failure will be tried again later. */
  | 'Retries'
  /** A render message finished; dimension `status` (`rendered` or `static-kept`). */
  | 'Renders'
  /** A record was not started because the invocation had too little time left; it was handed back at once. */
  | 'HandedBack';

/** Logging and metrics of one handler. */
export interface HandlerTelemetry {
  /** The middy middlewares that inject the Lambda context and flush the metrics. */
  readonly middlewares: readonly MiddlewareObj[];
  /** Adds one to `metric`, with optional dimensions (e.g. `{ reason: 'timeout' }`). */
  count(metric: SweepMetric, dimensions?: Record<string, string>): void;
}

/**
 * Powertools telemetry of a function: `logger` gets the Lambda context at each invocation,
 * metrics are flushed at its end (with a `ColdStart` metric at the first).
 */
export function powertoolsTelemetry(logger: Logger): HandlerTelemetry {
  const metrics = new Metrics();
  return {
    middlewares: [injectLambdaContext(logger), logMetrics(metrics, { captureColdStartMetric: true })],
    count(metric, dimensions) {
      if (dimensions === undefined) {
        metrics.addMetric(metric, MetricUnit.Count, 1);
        return;
      }
      // A metric with its own dimensions goes out on its own (the others share the function's).
      const single = metrics.singleMetric();
      for (const [name, value] of Object.entries(dimensions)) single.addDimension(name, value);
      single.addMetric(metric, MetricUnit.Count, 1);
    },
  };
}

/** No middlewares and no metrics: for handlers run in-process (the local runner), whose stdout is the user's. */
export const QUIET_TELEMETRY: HandlerTelemetry = { middlewares: [], count: () => undefined };
