/**
 * report — invoked by EventBridge Scheduler (`{ kind: 'monthly' | 'final', scheduledTime }`) or
 * by hand (`{ period: 'YYYY-MM' }`): generates the period's reports into `reports/<period>/`
 * and announces them on the report topic. Every link, in the message and in the reports, goes
 * through the link service (functions/link): a signed token valid LINK_VALIDITY_DAYS (default
 * 30), not a presigned URL, which would die with this function's temporary credentials.
 */
import middy from '@middy/core';
import { loggerFor, type HandlerLogger } from '../commons/logger.ts';
import { wiring } from '../commons/wiring.ts';
import type { DownloadLinks } from '../core/links/download-links.ts';
import type { EvaluationWindow } from '../core/pipeline/evaluation-window.ts';
import { reportAnnouncement, type ReportPublisher } from '../core/report/announce.ts';
import { generateReports, type GenerateReportsDeps, type ReportKind } from '../core/report/generate-report.ts';
import { reportPeriodOf } from '../core/report/report-period.ts';
import type { Lang } from '../core/types.ts';
import { isPeriod } from '../core/local-time.ts';
import { REPORT_WRITERS } from './writers.ts';

/** The scheduler's payload (cdk: lib/auditor-stack.ts), or a manual invocation with `period`. */
export interface ReportEvent {
  kind?: 'monthly' | 'final';
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

export interface ReportHandlerDeps extends Omit<GenerateReportsDeps, 'links'> {
  publisher: ReportPublisher;
  /** The download links of one generation, valid from `now`. */
  links(now: Date): Promise<DownloadLinks>;
  config: { window: EvaluationWindow; lang: Lang };
  now: () => Date;
  logger: HandlerLogger;
}


export function makeHandler(buildDeps: () => ReportHandlerDeps) {
  let deps: ReportHandlerDeps | undefined;
  return middy(async (event: ReportEvent = {}): Promise<ReportResult> => {
    deps ??= buildDeps();
    const now = deps.now();
    const at = event.scheduledTime ? new Date(event.scheduledTime) : now;
    if (Number.isNaN(at.getTime())) throw new Error(`scheduledTime is not a time: ${event.scheduledTime}`);
    if (event.period !== undefined && !isPeriod(event.period)) throw new Error(`period must be YYYY-MM, got "${event.period}"`);
    const kind: ReportKind = event.period !== undefined && event.kind === undefined ? 'manual' : (event.kind ?? 'monthly');
    const period = event.period ?? reportPeriodOf(kind === 'final' ? 'final' : 'monthly', at, deps.config.window);

    const links = await deps.links(now);
    const generated = await generateReports({ period, kind, lang: deps.config.lang, generatedAt: now.toISOString() }, { ...deps, links });
    const fileLinks = new Map<string, string>();
    for (const file of generated.files) fileLinks.set(file.key, await links.linkFor(file.key));
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
    publisher: wire.publisher(),
    links: (now) => wire.links(now),
    config: { window: wire.window(), lang: wire.lang() },
    now: () => new Date(),
    logger: loggerFor('report'),
  };
}

export const handler = makeHandler(() => defaultDeps());
