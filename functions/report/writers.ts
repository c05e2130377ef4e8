/**
 * The report writers of functions/adapters/report bundled as the core's {@link ReportWriters}
 * port, for the report handler, the CLI and the demo.
 */
import { writeReportCsvFiles } from '../adapters/report/csv-writer.ts';
import { writeReportHtml } from '../adapters/report/html-writer.ts';
import { writeReportJson } from '../adapters/report/json-writer.ts';
import { writeReportXlsx } from '../adapters/report/xlsx-writer.ts';
import type { ReportWriters } from '../core/report/generate-report.ts';

export const REPORT_WRITERS: ReportWriters = {
  xlsx: writeReportXlsx,
  html: writeReportHtml,
  csv: writeReportCsvFiles,
  json: writeReportJson,
};
