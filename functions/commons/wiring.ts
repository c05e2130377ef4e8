/**
 * The composition root: every store, queue, publisher, fetcher and setting a handler needs,
 * built from one environment with one set of defaults. The Lambdas pass their environment
 * (set by lib/); the local runner and the CLI pass the embedded stack's, which differs only in
 * the endpoints (`AWS_ENDPOINT_URL_<SERVICE>`) and the settings it chooses to give (see
 * local/runner/run-pipeline.ts). Each handler's `defaultDeps` picks what it needs from here.
 *
 * Variables (docs/infrastructure.md lists them per function):
 *   TABLE_NAME, BUCKET_NAME, SCAN_QUEUE_URL, RENDER_QUEUE_URL, REPORT_TOPIC_ARN   resources
 *   SAMPLE_PAGES, MAX_ATTEMPTS, RENDER_MAX_ATTEMPTS, RETRY_BASE_SECONDS,
 *   MAX_RETRY_DELAY_SECONDS, RENDER_MODE                                         scan/render tuning
 *   EVAL_WINDOW_START, EVAL_WINDOW_END, TIME_ZONE, RULE_SET_VERSION, REPORT_LANG  evaluation
 *   LINK_BASE_URL, LINK_SECRET_ARN | LINK_SIGNING_KEY, LINK_VALIDITY_DAYS         download links
 *   FETCH_RESOLVE, FETCH_CA_PEM                                                   operator host mappings
 */
import { createAwsClients, type AwsClients } from '../adapters/aws-clients.ts';
import { DynamoFindingStore } from '../adapters/dynamo/finding-store.ts';
import { DynamoOverrideStore } from '../adapters/dynamo/override-store.ts';
import { DynamoRunLedger } from '../adapters/dynamo/run-ledger.ts';
import { DynamoRunStore } from '../adapters/dynamo/run-store.ts';
import { DynamoTargetStore } from '../adapters/dynamo/target-store.ts';
import { DynamoTrafficStore } from '../adapters/dynamo/traffic-store.ts';
import { DEFAULT_ANALYSIS_BUDGET_MS, WorkerAnalyser } from '../adapters/analysis/worker-analyser.ts';
import { createHttpFetcher, type HttpFetcher } from '../adapters/http-fetcher.ts';
import { parseResolveMapping, type ResolveMapping } from '../adapters/net/resolve-mapping.ts';
import { S3EvidenceStore } from '../adapters/s3/evidence-store.ts';
import { fixedLinkKey, secretLinkKey, type LinkKeySource } from '../adapters/secrets/link-key.ts';
import { SnsReportPublisher } from '../adapters/sns/report-publisher.ts';
import { SqsVisibility } from '../adapters/sqs/visibility.ts';
import { SqsWorkQueue } from '../adapters/sqs/work-queue.ts';
import { tokenLinks, type DownloadLinks } from '../core/links/download-links.ts';
import { parseWindow, type EvaluationWindow } from '../core/pipeline/evaluation-window.ts';
import type { RenderConfig, ScanConfig } from '../core/pipeline/process-scan.ts';
import type { Lang } from '../core/types.ts';
import { ConfigError, intEnv, requireEnv } from './config.ts';

type Env = Record<string, string | undefined>;

/** The one set of defaults of the tuning variables (production values). */
export const DEFAULTS = {
  samplePages: 3,
  maxAttempts: 3,
  // Below the render queue's maxReceiveCount (3), so the last delivery records instead of failing.
  renderMaxAttempts: 2,
  retryBaseSeconds: 60,
  // SQS's longest visibility timeout.
  maxRetryDelaySeconds: 43_200,
  linkValidityDays: 30,
} as const;

/** Everything built from one environment; stores and clients are made on demand, once per call. */
export interface Wiring {
  readonly env: Env;
  readonly clients: AwsClients;
  targets(): DynamoTargetStore;
  runs(): DynamoRunStore;
  findings(): DynamoFindingStore;
  ledger(): DynamoRunLedger;
  traffic(): DynamoTrafficStore;
  overrides(): DynamoOverrideStore;
  /** The bucket (evidence, reports, imports). */
  files(): S3EvidenceStore;
  queue(name: 'SCAN_QUEUE_URL' | 'RENDER_QUEUE_URL'): SqsWorkQueue;
  /** Delays redeliveries on the queue at `queueUrl`. */
  visibility(queueUrl: string): SqsVisibility;
  publisher(): SnsReportPublisher;
  /** The operator's host mappings and extra CA (`FETCH_RESOLVE`, `FETCH_CA_PEM`), for the fetcher and the renderer. */
  fetchOptions(): { resolve?: ResolveMapping[]; ca?: string };
  /** The static-tier fetcher, with {@link Wiring.fetchOptions}. */
  fetcher(): HttpFetcher;
  /** The static tier's parse and judgement in worker threads, each under `ANALYSIS_BUDGET_MS`. */
  analyser(): WorkerAnalyser;
  /** The link signing key: `LINK_SIGNING_KEY` (local runs) or the secret `LINK_SECRET_ARN`, read once. */
  linkKey(): LinkKeySource;
  /** Download links through the link service (`LINK_BASE_URL`), valid `LINK_VALIDITY_DAYS` from `now`. */
  links(now: Date): Promise<DownloadLinks>;
  window(): EvaluationWindow;
  scanConfig(): ScanConfig;
  renderConfig(): RenderConfig;
  lang(): Lang;
}

/** The composition root over `env` (the process environment by default). */
/** The variables that set the evaluation window: the Lambdas' and the CLI's (which lets the shell override them). */
export const WINDOW_VARIABLES = ['EVAL_WINDOW_START', 'EVAL_WINDOW_END', 'TIME_ZONE'] as const;

function windowOf(env: Env): EvaluationWindow {
  return parseWindow({ start: env.EVAL_WINDOW_START, end: env.EVAL_WINDOW_END, timeZone: env.TIME_ZONE });
}

export function wiring(env: Env = process.env): Wiring {
  const clients = createAwsClients(env);
  const table = () => ({ client: clients.dynamo, tableName: requireEnv(env, 'TABLE_NAME') });
  const retry = () => ({
    retryBaseSeconds: intEnv(env, 'RETRY_BASE_SECONDS', DEFAULTS.retryBaseSeconds, [0, 3600]),
    maxRetryDelaySeconds: intEnv(env, 'MAX_RETRY_DELAY_SECONDS', DEFAULTS.maxRetryDelaySeconds, [0, 43_200]),
  });
  const samplePages = () => intEnv(env, 'SAMPLE_PAGES', DEFAULTS.samplePages, [0, 20]);
  let linkKey: LinkKeySource | undefined;
  const self: Wiring = {
    env,
    clients,
    targets: () => new DynamoTargetStore(table()),
    runs: () => new DynamoRunStore(table()),
    findings: () => new DynamoFindingStore(table()),
    ledger: () => new DynamoRunLedger(table()),
    traffic: () => new DynamoTrafficStore(table()),
    overrides: () => new DynamoOverrideStore(table()),
    files: () => new S3EvidenceStore({ client: clients.s3, bucket: requireEnv(env, 'BUCKET_NAME') }),
    queue: (name) => new SqsWorkQueue({ client: clients.sqs, queueUrl: requireEnv(env, name) }),
    visibility: (queueUrl) => new SqsVisibility({ client: clients.sqs, queueUrl }),
    publisher: () => new SnsReportPublisher({ client: clients.sns, topicArn: requireEnv(env, 'REPORT_TOPIC_ARN') }),
    fetchOptions: () => fetchOptions(env),
    fetcher: () => createHttpFetcher(fetchOptions(env)),
    analyser: () => new WorkerAnalyser({ budgetMs: intEnv(env, 'ANALYSIS_BUDGET_MS', DEFAULT_ANALYSIS_BUDGET_MS, [1000, 600_000]) }),
    linkKey() {
      linkKey ??= env.LINK_SIGNING_KEY ? fixedLinkKey(env.LINK_SIGNING_KEY) : secretLinkKey(clients.secrets, requireEnv(env, 'LINK_SECRET_ARN'));
      return linkKey;
    },
    async links(now) {
      const baseUrl = requireEnv(env, 'LINK_BASE_URL');
      const days = intEnv(env, 'LINK_VALIDITY_DAYS', DEFAULTS.linkValidityDays, [1, 366]);
      return tokenLinks({ baseUrl, signingKey: await self.linkKey()(), now, validitySeconds: days * 86_400 });
    },
    window: () => windowOf(env),
    scanConfig: () => ({ samplePages: samplePages(), maxAttempts: intEnv(env, 'MAX_ATTEMPTS', DEFAULTS.maxAttempts, [1, 10]), ...retry() }),
    renderConfig() {
      const mode = env.RENDER_MODE ?? 'auto';
      if (mode !== 'auto' && mode !== 'always') throw new ConfigError(`environment variable RENDER_MODE must be auto or always, got "${mode}"`);
      return { samplePages: samplePages(), mode, maxAttempts: intEnv(env, 'RENDER_MAX_ATTEMPTS', DEFAULTS.renderMaxAttempts, [1, 10]), ...retry() };
    },
    lang() {
      const lang = env.REPORT_LANG ?? 'vi';
      if (lang !== 'vi' && lang !== 'en') throw new ConfigError(`environment variable REPORT_LANG must be vi or en, got "${lang}"`);
      return lang;
    },
  };
  return self;
}

/** `FETCH_RESOLVE`: curl-style `host:port:address` mappings separated by commas or spaces; `FETCH_CA_PEM`: an extra trusted CA. */
function fetchOptions(env: Env): { resolve?: ResolveMapping[]; ca?: string } {
  const resolve = (env.FETCH_RESOLVE ?? '').split(/[\s,]+/).filter(Boolean).map((text) => {
    try {
      return parseResolveMapping(text);
    } catch (error) {
      throw new ConfigError(`environment variable FETCH_RESOLVE: ${(error as Error).message}`);
    }
  });
  return { ...(resolve.length > 0 ? { resolve } : {}), ...(env.FETCH_CA_PEM ? { ca: env.FETCH_CA_PEM } : {}) };
}
