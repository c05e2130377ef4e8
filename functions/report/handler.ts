/**
 * report — invoked by EventBridge Scheduler (`{ kind: 'monthly' | 'round' | 'self-review',
 * scheduledTime }`) or by hand (`{ period: 'YYYY-MM' }`, `{ kind: 'round', year }`,
 * `{ kind: 'self-review', runId?, organisation? }`): generates the monthly reports
 * (`reports/<period>/`), the round report and its public results (`reports/dot-<year>/`,
 * `public/<year>/`) or the self-review letters (`reports/tu-danh-gia/<period>/`), presigns
 * every file for 7 days and announces the links on the report topic.
 */
import middy from '@middy/core';
import { DynamoFindingStore } from '../adapters/dynamo/finding-store.ts';
import { DynamoOverrideStore } from '../adapters/dynamo/override-store.ts';
import { DynamoRunStore } from '../adapters/dynamo/run-store.ts';
import { DynamoTargetStore } from '../adapters/dynamo/target-store.ts';
import { DynamoTrafficStore } from '../adapters/dynamo/traffic-store.ts';
import { S3EvidenceStore } from '../adapters/s3/evidence-store.ts';
import { SnsReportPublisher } from '../adapters/sns/report-publisher.ts';
import { ConfigError, requireEnv } from '../commons/config.ts';
import { loggerFor, type HandlerLogger } from '../commons/logger.ts';
import { parseWindow, type EvaluationWindow } from '../core/pipeline/evaluation-window.ts';
import { reportAnnouncement, type ReportPublisher } from '../core/report/announce.ts';
import { generateReports, type GenerateReportsDeps, type ReportKind } from '../core/report/generate-report.ts';
import { reportPeriodOf, roundYearOf } from '../core/report/report-period.ts';
import { generateRoundReports, generateSelfReviews, type RoundWriters } from '../core/report/round/generate-round.ts';
import { MAX_PRESIGN_SECONDS } from '../core/stores.ts';
import type { Lang } from '../core/types.ts';
import { REPORT_WRITERS, ROUND_WRITERS } from './writers.ts';

/** The scheduler's payload (cdk: lib/auditor-stack.ts), or a manual invocation with `period`. */
export interface ReportEvent {
  kind?: 'monthly' | 'round' | 'self-review';
  /** Round year (kind `round`); default: the window that ended last. */
  year?: number;
  /** Run to draw the self-review letters from (kind `self-review`); default: the newest. */
  runId?: string;
  /** Only this organisation's self-review letter. */
  organisation?: string;
  /** ISO time; the scheduler passes `<aws.scheduler.scheduled-time>`. */
  scheduledTime?: string;
  /** `YYYY-MM`: generate this period (manual re-generation). */
  period?: string;
}

export interface ReportResult {
  period: string;
  kind: ReportKind;
  files: number;
  index: string;
}

export interface ReportHandlerDeps extends GenerateReportsDeps {
  roundWriters: RoundWriters;
  publisher: ReportPublisher;
  config: { window: EvaluationWindow; lang: Lang };
  now: () => Date;
  logger: HandlerLogger;
}

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

export function makeHandler(buildDeps: () => ReportHandlerDeps) {
  let deps: ReportHandlerDeps | undefined;
  return middy(async (event: ReportEvent = {}): Promise<ReportResult> => {
    deps ??= buildDeps();
    const now = deps.now();
    const at = event.scheduledTime ? new Date(event.scheduledTime) : now;
    if (Number.isNaN(at.getTime())) throw new Error(`scheduledTime is not a time: ${event.scheduledTime}`);
    if (event.period !== undefined && !PERIOD.test(event.period)) throw new Error(`period must be YYYY-MM, got "${event.period}"`);
    if (event.year !== undefined && !Number.isInteger(event.year)) throw new Error(`year must be an integer, got ${JSON.stringify(event.year)}`);
    const kind: ReportKind = event.period !== undefined && event.kind === undefined ? 'manual' : (event.kind ?? 'monthly');
    const generatedAt = now.toISOString();
    const roundDeps = { ...deps, writers: deps.roundWriters };
    const { window, lang } = deps.config;
    const generated =
      kind === 'round'
        ? await generateRoundReports({ year: event.year ?? roundYearOf(at, window), window, lang, generatedAt }, roundDeps)
        : kind === 'self-review'
          ? await generateSelfReviews({ ...(event.runId !== undefined && { runId: event.runId }), ...(event.organisation !== undefined && { organisation: event.organisation }), lang, generatedAt }, roundDeps)
          : await generateReports({ period: event.period ?? reportPeriodOf(at, window), kind, lang, generatedAt, window }, deps);
    const period = generated.index.period;
    const files = deps.files;
    const links = new Map<string, string>();
    for (const file of generated.files) links.set(file.key, await files.presign(file.key, MAX_PRESIGN_SECONDS));
    const expiresAt = new Date(now.getTime() + MAX_PRESIGN_SECONDS * 1000).toISOString();
    await deps.publisher.publish(reportAnnouncement(generated.index, links, expiresAt));
    deps.logger.info('report generated', { period, kind, files: generated.files.length, index: generated.index.indexKeys.html });
    return { period, kind, files: generated.files.length, index: generated.index.indexKeys.html };
  });
}

export function defaultDeps(env: Record<string, string | undefined> = process.env): ReportHandlerDeps {
  const tableName = requireEnv(env, 'TABLE_NAME');
  const lang = env.REPORT_LANG ?? 'vi';
  if (lang !== 'vi' && lang !== 'en') throw new ConfigError(`environment variable REPORT_LANG must be vi or en, got "${lang}"`);
  return {
    targets: new DynamoTargetStore({ tableName }),
    runs: new DynamoRunStore({ tableName }),
    findings: new DynamoFindingStore({ tableName }),
    traffic: new DynamoTrafficStore({ tableName }),
    overrides: new DynamoOverrideStore({ tableName }),
    files: new S3EvidenceStore({ bucket: requireEnv(env, 'BUCKET_NAME') }),
    writers: REPORT_WRITERS,
    roundWriters: ROUND_WRITERS,
    publisher: new SnsReportPublisher({ topicArn: requireEnv(env, 'REPORT_TOPIC_ARN') }),
    config: {
      window: parseWindow({ start: env.EVAL_WINDOW_START, end: env.EVAL_WINDOW_END, timeZone: env.TIME_ZONE }),
      lang,
    },
    now: () => new Date(),
    logger: loggerFor('report'),
  };
}

export const handler = makeHandler(() => defaultDeps());
