/**
 * report — invoked by EventBridge Scheduler (`{ kind: 'monthly' | 'round' | 'self-review',
 * scheduledTime }`) or by hand (`{ period: 'YYYY-MM' }`, `{ kind: 'round', year }`,
 * `{ kind: 'self-review', runId?, organisation? }`): generates the monthly reports
 * (`reports/<period>/`), the round report and its public results (`reports/dot-<year>/`,
 * `public/<year>/`) or the self-review letters (`reports/tu-danh-gia/<period>/`) and announces
 * them on the report topic. Every link, in the message and in the reports, goes through the
 * link service (functions/link): a signed token valid LINK_VALIDITY_DAYS (default 30), not a
 * presigned URL, which would die with this function's temporary credentials.
 */
import middy from '@middy/core';
import { loggerFor, type HandlerLogger } from '../commons/logger.ts';
import { wiring } from '../commons/wiring.ts';
import { linksOf, type DownloadLinks } from '../core/links/download-links.ts';
import type { EvaluationWindow } from '../core/pipeline/evaluation-window.ts';
import { reportAnnouncement, type ReportPublisher } from '../core/report/announce.ts';
import { generateReports, type GenerateReportsDeps, type ReportKind } from '../core/report/generate-report.ts';
import { reportPeriodOf, roundYearOf } from '../core/report/report-period.ts';
import { generateRoundReports, generateSelfReviews, type RoundWriters } from '../core/report/round/generate-round.ts';
import type { Lang } from '../core/types.ts';
import { parseEvent, REPORT_EVENT_SCHEMA, type ReportEvent } from '../core/scheduler-events.ts';
import { REPORT_WRITERS, ROUND_WRITERS } from './writers.ts';

export type { ReportEvent };

export interface ReportResult {
  period: string;
  kind: ReportKind;
  files: number;
  index: string;
}

export interface ReportHandlerDeps extends Omit<GenerateReportsDeps, 'links'> {
  roundWriters: RoundWriters;
  publisher: ReportPublisher;
  /** The download links of one generation, valid from `now`. */
  links(now: Date): Promise<DownloadLinks>;
  config: { window: EvaluationWindow; lang: Lang };
  now: () => Date;
  logger: HandlerLogger;
}


export function makeHandler(buildDeps: () => ReportHandlerDeps) {
  let deps: ReportHandlerDeps | undefined;
  return middy(async (raw: ReportEvent = {}): Promise<ReportResult> => {
    deps ??= buildDeps();
    const event = parseEvent(REPORT_EVENT_SCHEMA, raw, 'report');
    const now = deps.now();
    const at = event.scheduledTime ? new Date(event.scheduledTime) : now;
    const kind: ReportKind = event.period !== undefined && event.kind === undefined ? 'manual' : (event.kind ?? 'monthly');
    const generatedAt = now.toISOString();
    const links = await deps.links(now);
    const reportDeps = { ...deps, links };
    const roundDeps = { ...reportDeps, writers: deps.roundWriters };
    const { window, lang } = deps.config;
    const generated =
      kind === 'round'
        ? await generateRoundReports({ year: event.year ?? roundYearOf(at, window), window, lang, generatedAt }, roundDeps)
        : kind === 'self-review'
          ? await generateSelfReviews({ ...(event.runId !== undefined && { runId: event.runId }), ...(event.organisation !== undefined && { organisation: event.organisation }), lang, generatedAt }, roundDeps)
          : await generateReports({ period: event.period ?? reportPeriodOf(at, window), kind, lang, generatedAt, window }, reportDeps);
    const period = generated.index.period;
    const fileLinks = await linksOf(generated.files.map((file) => file.key), links);
    await deps.publisher.publish(reportAnnouncement(generated.index, fileLinks, links.expiresAt));
    deps.logger.info('report generated', { period, kind, files: generated.files.length, index: generated.index.indexKeys.html });
    return { period, kind, files: generated.files.length, index: generated.index.indexKeys.html };
  });
}

/** Dependencies from the Lambda environment (functions/commons/wiring.ts). */
export function defaultDeps(env: Record<string, string | undefined> = process.env): ReportHandlerDeps {
  const wire = wiring(env);
  return {
    targets: wire.targets(),
    runs: wire.runs(),
    findings: wire.findings(),
    traffic: wire.traffic(),
    overrides: wire.overrides(),
    files: wire.files(),
    writers: REPORT_WRITERS,
    roundWriters: ROUND_WRITERS,
    publisher: wire.publisher(),
    links: (now) => wire.links(now),
    config: { window: wire.window(), lang: wire.lang() },
    now: () => new Date(),
    logger: loggerFor('report'),
  };
}

export const handler = makeHandler(() => defaultDeps());
