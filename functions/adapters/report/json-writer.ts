/**
 * The JSON report: the report model as is, under the schema id `gov-audit/report@1`
 * (fields documented in docs/reports.md). JSON needs no formula neutralising; consumers that
 * render its strings as HTML must escape them.
 */
import { REPORT_SCHEMA_ID, type ReportModel } from '../../core/report/model.ts';

/** Serialises a model (UTF-8 JSON, 2-space indent, `schema` first): the monthly and the round report. */
export function writeReportJson(model: { schema: string }): string {
  const { schema, ...rest } = model;
  return `${JSON.stringify({ schema, ...rest }, null, 2)}\n`;
}

/**
 * Reads a JSON report back, checking its schema id and top-level shape. Throws with a clear
 * message on another schema (a future `@2` must not be misread as `@1`).
 */
export function readReportJson(text: string): ReportModel {
  const value: unknown = JSON.parse(text);
  if (!value || typeof value !== 'object') throw new Error('Report JSON is not an object');
  const record = value as Record<string, unknown>;
  if (record.schema !== REPORT_SCHEMA_ID) {
    throw new Error(`Unsupported report schema ${JSON.stringify(record.schema)} (expected ${REPORT_SCHEMA_ID})`);
  }
  for (const key of ['period', 'generatedAt', 'summary', 'rankings', 'portals', 'components', 'changes', 'unknowns', 'overrides', 'methodology']) {
    if (!(key in record)) throw new Error(`Report JSON lacks "${key}"`);
  }
  return value as ReportModel;
}
