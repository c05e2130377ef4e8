/**
 * An EMC traffic export uploaded to the local stack, as `gov-audit traffic import` and the demo
 * do it. In local/ so that both the CLI (bin/) and the demo runner (local/) use it: local/ never
 * imports bin/.
 */
import type { EvidenceStore, FindingStore, RunStore, TargetStore, TrafficStore } from '../../functions/core/stores.ts';
import {
  IMPORT_REPORT_SUFFIX,
  importTrafficFile,
  TRAFFIC_IMPORT_PREFIX,
  type StoredTrafficImport,
} from '../../functions/import-traffic/import-file.ts';

/**
 * Stores the upload under `imports/traffic/<period>/<file>`, imports it and stores the import
 * report next to it: what the import-traffic Lambda does when a file lands in S3. A file that
 * cannot be read throws `UnreadableTrafficFileError`, one over a limit `ImportLimitError` (the
 * CLI words them for the user). With the runs and findings, rows filed under another domain are
 * matched by EMC site id. `importedAt` defaults to the machine's clock.
 */
export async function importTrafficUpload(
  session: { targets: TargetStore; traffic: TrafficStore; evidence: EvidenceStore; runs?: RunStore; findings?: FindingStore },
  upload: { fileName: string; bytes: Uint8Array; period: string; importedAt?: string },
): Promise<StoredTrafficImport & { key: string; reportKey: string }> {
  const key = `${TRAFFIC_IMPORT_PREFIX}${upload.period}/${upload.fileName}`;
  const report = await importTrafficFile({ ...upload, importedAt: upload.importedAt ?? new Date().toISOString() }, session);
  const reportKey = `${key}${IMPORT_REPORT_SUFFIX}`;
  await session.evidence.putObject(key, upload.bytes, upload.fileName.toLowerCase().endsWith('.xlsx') ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv');
  await session.evidence.putObject(reportKey, `${JSON.stringify(report, null, 2)}\n`, 'application/json; charset=utf-8');
  return { ...report, key, reportKey };
}
