/**
 * The report writers of functions/adapters/report bundled as the core's {@link ReportWriters}
 * port, and the round's writers as {@link RoundWriters}, for the report handler, the CLI and
 * the demo.
 */
import { writeReportCsvFiles } from '../adapters/report/csv-writer.ts';
import { writeReportHtml } from '../adapters/report/html-writer.ts';
import { writeReportJson } from '../adapters/report/json-writer.ts';
import { writeReportXlsx } from '../adapters/report/xlsx-writer.ts';
import type { ReportWriters } from '../core/report/generate-report.ts';
import { writeSelfReviewDocx } from '../adapters/report/docx-self-review.ts';
import { writePublicPages } from '../adapters/report/public-pages.ts';
import { writeRoundHtml } from '../adapters/report/round-html-writer.ts';
import { writeRoundXlsx } from '../adapters/report/round-xlsx-writer.ts';
import type { RoundWriters } from '../core/report/round/generate-round.ts';

export const REPORT_WRITERS: ReportWriters = {
  xlsx: writeReportXlsx,
  html: writeReportHtml,
  csv: writeReportCsvFiles,
  json: writeReportJson,
};

/** The writers of the round's documents: round report, public pages, self-review letters. */
export const ROUND_WRITERS: RoundWriters = {
  xlsx: writeRoundXlsx,
  html: writeRoundHtml,
  json: writeReportJson,
  publicPages: writePublicPages,
  docx: writeSelfReviewDocx,
};
