/**
 * import-traffic — invoked by S3 when an EMC export is uploaded under
 * `imports/traffic/<YYYY-MM>/<file>` (CSV or XLSX): imports it as the period's traffic and
 * writes the import report next to it (`<file>.import-report.json`: accepted, rejected rows
 * with row/field/reason, unmatched rows).
 *
 * Problems with the upload itself (a key without a period, a file that is not a workbook, one
 * over an import limit) are
 * logged as errors naming the key and not retried: S3 would deliver the same bad object again.
 * Storage failures are thrown so Lambda retries the event.
 */
import middy from '@middy/core';
import type { S3Event } from 'aws-lambda';
import { loggerFor, type HandlerLogger } from '../commons/logger.ts';
import { wiring } from '../commons/wiring.ts';
import { checkImportBytes, ImportLimitError } from '../core/import-limits.ts';
import type { EvidenceStore, FindingStore, ObjectReader, RunStore, TargetStore, TrafficStore } from '../core/stores.ts';
import { isPeriod } from '../core/local-time.ts';
import { IMPORT_REPORT_SUFFIX, importTrafficFile, TRAFFIC_IMPORT_PREFIX, UnreadableTrafficFileError } from './import-file.ts';

const IMPORT_KEY = /^imports\/traffic\/([^/]+)\/(.+)$/;

export interface ImportTrafficDeps {
  targets: TargetStore;
  traffic: TrafficStore;
  /** The period's run: its found site ids match rows filed under another domain; absent in older callers. */
  runs?: RunStore;
  findings?: FindingStore;
  /** Where the upload is read (streamed) and its import report written. */
  files: Pick<EvidenceStore, 'putObject'> & ObjectReader;
  now: () => Date;
  logger: HandlerLogger;
}

/** What happened to one uploaded object. */
export type ImportOutcome =
  | { key: string; status: 'imported'; period: string; reportKey: string; accepted: number; rejectedRows: number; unmatched: number; stored: boolean }
  | { key: string; status: 'skipped' | 'invalid-key' | 'missing' | 'unreadable' | 'refused'; reason: string };

/** The period and file name of an upload key, or `undefined` when the key does not follow the layout. */
export function parseImportKey(key: string): { period: string; fileName: string } | undefined {
  const match = IMPORT_KEY.exec(key);
  if (!match || !isPeriod(match[1])) return undefined;
  return { period: match[1], fileName: match[2].split('/').pop() as string };
}

/** S3 event keys are URL-encoded with `+` for spaces. */
function decodeKey(raw: string): string {
  return decodeURIComponent(raw.replace(/\+/g, ' '));
}

export function makeHandler(buildDeps: () => ImportTrafficDeps) {
  let deps: ImportTrafficDeps | undefined;
  return middy(async (event: S3Event): Promise<ImportOutcome[]> => {
    deps ??= buildDeps();
    const outcomes: ImportOutcome[] = [];
    for (const record of event.Records ?? []) outcomes.push(await importOne(decodeKey(record.s3.object.key), deps));
    return outcomes;
  });
}

async function importOne(key: string, deps: ImportTrafficDeps): Promise<ImportOutcome> {
  // The import report is written under the same prefix and triggers this function again.
  if (key.endsWith(IMPORT_REPORT_SUFFIX)) return { key, status: 'skipped', reason: 'import report' };
  const parsed = parseImportKey(key);
  if (!parsed) {
    const reason = `expected ${TRAFFIC_IMPORT_PREFIX}<YYYY-MM>/<file.csv|file.xlsx>`;
    deps.logger.error('traffic upload key has no period; not imported', { key, expected: reason });
    return { key, status: 'invalid-key', reason };
  }
  const object = await deps.files.openObject(key);
  if (!object) {
    deps.logger.error('traffic upload vanished before import', { key });
    return { key, status: 'missing', reason: 'object not found' };
  }
  let report;
  try {
    // The declared size is refused before a byte is read; the stream is cut at the limits too.
    checkImportBytes(parsed.fileName, object.size ?? 0);
    report = await importTrafficFile({ fileName: parsed.fileName, bytes: object.body, period: parsed.period, importedAt: deps.now().toISOString() }, deps);
  } catch (error) {
    if (error instanceof ImportLimitError) {
      deps.logger.error('traffic upload over an import limit; nothing was changed', { key, error: error.message });
      return { key, status: 'refused', reason: error.message };
    }
    if (!(error instanceof UnreadableTrafficFileError)) throw error;
    deps.logger.error('traffic upload is not a readable CSV or XLSX file', { key, error: (error as Error).message });
    return { key, status: 'unreadable', reason: (error as Error).message };
  }
  const reportKey = `${key}${IMPORT_REPORT_SUFFIX}`;
  await deps.files.putObject(reportKey, `${JSON.stringify(report, null, 2)}\n`, 'application/json; charset=utf-8');
  const counts = { accepted: report.counts.accepted, rejectedRows: report.counts.rejectedRows, unmatched: report.counts.unmatched };
  if (report.stored) deps.logger.info('traffic imported', { key, period: parsed.period, reportKey, ...counts });
  else deps.logger.error('traffic file has no usable row; the period keeps its earlier traffic', { key, period: parsed.period, reportKey, ...counts });
  return { key, status: 'imported', period: parsed.period, reportKey, ...counts, stored: report.stored };
}

/** Dependencies from the Lambda environment (functions/commons/wiring.ts). */
export function defaultDeps(env: Record<string, string | undefined> = process.env): ImportTrafficDeps {
  const wire = wiring(env);
  return {
    targets: wire.targets(),
    traffic: wire.traffic(),
    runs: wire.runs(),
    findings: wire.findings(),
    files: wire.files(),
    now: () => new Date(),
    logger: loggerFor('import-traffic'),
  };
}

export const handler = makeHandler(() => defaultDeps());
