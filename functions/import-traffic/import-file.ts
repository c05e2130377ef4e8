/**
 * One EMC traffic file, from bytes to stored traffic: read (CSV or XLSX), validate and match
 * ({@link importTrafficTable}), then make the matched rows the period's traffic. The S3-triggered
 * handler, `gov-audit traffic import` and the demo all go through here, so they accept and
 * reject the same rows.
 */
import { readFirstSheet } from '../adapters/report/read-xlsx.ts';
import { checkXlsxInflatedSize } from '../adapters/report/xlsx-limits.ts';
import { CsvEncodingError, readCsvRows } from '../core/csv.ts';
import { checkImportBytes, checkImportRows, listedProblems } from '../core/import-limits.ts';
import { liveSiteId } from '../core/pipeline/duplicate-site-ids.ts';
import type { FindingStore, RunStore, TargetStore, TrafficStore } from '../core/stores.ts';
import { importTrafficTable, type TrafficImportReport } from '../core/traffic/import-traffic.ts';

/** The import report as stored next to the file (`<file>.import-report.json`). */
export interface StoredTrafficImport extends TrafficImportReport {
  schema: 'gov-audit/traffic-import@1';
  /**
   * Whether the period's traffic was replaced. A file without a single usable row leaves the
   * earlier import in place: a wrong file must not wipe good figures.
   */
  stored: boolean;
  importedAt: string;
  /** Problems counted but not listed (beyond the first LISTED_PROBLEMS of each kind). */
  omitted?: { rejected: number; unmatched: number; duplicates: number };
}

/** Where an EMC export is uploaded: `imports/traffic/<YYYY-MM>/<file>` (S3 event filter, CLI and demo). */
export const TRAFFIC_IMPORT_PREFIX = 'imports/traffic/';
/** Suffix of the import report stored next to an uploaded file. */
export const IMPORT_REPORT_SUFFIX = '.import-report.json';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** Whether the bytes are an XLSX workbook: by extension, or by the ZIP signature whatever the name. */
export function isXlsx(fileName: string, bytes: Uint8Array): boolean {
  if (/\.xlsx$/i.test(fileName)) return true;
  return ZIP_MAGIC.every((b, i) => bytes[i] === b);
}

/** Raised for bytes that cannot be read as a table (e.g. a `.xlsx` that is not a workbook). */
export class UnreadableTrafficFileError extends Error {
  override name = 'UnreadableTrafficFileError';
  constructor(
    readonly fileName: string,
    cause: unknown,
    kind: 'XLSX workbook' | 'CSV file' = 'XLSX workbook',
  ) {
    super(`${fileName} is not a readable ${kind}: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

/** A file's bytes: whole, or a stream of chunks (an S3 body) that is read only as far as the limits allow. */
export type ByteSource = Uint8Array | AsyncIterable<Uint8Array>;

/**
 * The file's rows as text (first sheet of an XLSX; a CSV in any encoding EMC's exports use).
 * A CSV is tokenized as it streams in and reading stops at the byte or row limit; an XLSX (a
 * ZIP, whose directory is at its end) is gathered up to the byte limit, then inflated under its
 * own budget.
 */
export async function readTrafficRows(fileName: string, source: ByteSource): Promise<{ rows: string[][]; sheet?: string }> {
  if (source instanceof Uint8Array) checkImportBytes(fileName, source.length);
  const { first, chunks } = await peek(source instanceof Uint8Array ? [source] : source);
  if (!isXlsx(fileName, first)) {
    try {
      return { rows: await readCsvRows(fileName, chunks) };
    } catch (error) {
      throw error instanceof CsvEncodingError ? new UnreadableTrafficFileError(fileName, error, 'CSV file') : error;
    }
  }
  const bytes = await gather(fileName, chunks);
  // Inflated under a budget first: the workbook reader would inflate a bomb whole.
  checkXlsxInflatedSize(fileName, bytes);
  let sheet: { name: string; rows: string[][] };
  try {
    sheet = await readFirstSheet(bytes);
  } catch (error) {
    throw new UnreadableTrafficFileError(fileName, error);
  }
  checkImportRows(fileName, sheet.rows.length);
  return { rows: sheet.rows, sheet: sheet.name };
}

/** The first chunk (for the file's signature) and the whole stream, that chunk included. */
async function peek(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<{ first: Uint8Array; chunks: AsyncIterable<Uint8Array> }> {
  const iterator = (Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]()) as AsyncIterator<Uint8Array> | Iterator<Uint8Array>;
  const head = await iterator.next();
  const first = head.done ? new Uint8Array() : head.value;
  async function* all(): AsyncGenerator<Uint8Array> {
    try {
      if (!head.done) yield first;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    } finally {
      // Reading stopped early (a limit): the source (an S3 body) is released.
      await iterator.return?.();
    }
  }
  return { first, chunks: all() };
}

/** The whole stream as one buffer, refused as soon as it passes the byte limit. */
async function gather(fileName: string, chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of chunks) {
    length += chunk.length;
    checkImportBytes(fileName, length, { atLeast: true });
    parts.push(chunk);
  }
  return Buffer.concat(parts, length);
}

/**
 * Imports one file for `period` against the registry in `stores.targets`. With the run and
 * finding stores, rows are also matched by the site id the period's latest run found on each
 * site, and the report says whether the period has a run at all. Throws
 * {@link UnreadableTrafficFileError} for a file that is not a table, and storage errors as they
 * come; bad rows are in the report.
 */
export async function importTrafficFile(
  input: { fileName: string; bytes: ByteSource; period: string; importedAt: string },
  stores: { targets: TargetStore; traffic: TrafficStore; runs?: RunStore; findings?: FindingStore },
): Promise<StoredTrafficImport> {
  const { rows, sheet } = await readTrafficRows(input.fileName, input.bytes);
  const targets = await stores.targets.list();
  const run = stores.runs ? await stores.runs.latestForPeriod(input.period) : undefined;
  const foundSiteIds = new Map<string, string>();
  if (run && stores.findings) {
    for (const finding of await stores.findings.listByRun(run.runId)) {
      const siteId = liveSiteId(finding);
      if (siteId !== undefined && !foundSiteIds.has(siteId)) foundSiteIds.set(siteId, finding.host);
    }
  }
  const report = importTrafficTable(rows, { file: input.fileName, ...(sheet !== undefined && { sheet }) }, targets, input.period, foundSiteIds);
  const stored = report.accepted.length > 0;
  if (stored) await stores.traffic.replacePeriod(input.period, report.accepted);
  // The report lists the first problems of each kind; its counts (and `omitted`) cover the rest.
  const omitted = {
    rejected: report.rejected.length - listedProblems(report.rejected).length,
    unmatched: report.unmatched.length - listedProblems(report.unmatched).length,
    duplicates: report.duplicates.length - listedProblems(report.duplicates).length,
  };
  return {
    schema: 'gov-audit/traffic-import@1',
    ...report,
    rejected: listedProblems(report.rejected),
    unmatched: listedProblems(report.unmatched),
    duplicates: listedProblems(report.duplicates),
    ...(omitted.rejected + omitted.unmatched + omitted.duplicates > 0 && { omitted }),
    ...(stores.runs && { periodHasRun: run !== undefined }),
    stored,
    importedAt: input.importedAt,
  };
}
