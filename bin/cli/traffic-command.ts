/**
 * `gov-audit traffic import <file> --period YYYY-MM`: imports an EMC traffic export (CSV or
 * XLSX) into the local data folder, through the same code as the import-traffic Lambda. The
 * file and its import report are also stored in the local S3 under
 * `imports/traffic/<period>/`, as on AWS. Exit 1 when rows were rejected.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { checkImportBytes, ImportLimitError } from '../../functions/core/import-limits.ts';
import { TRAFFIC_FIELD_LABELS } from '../../functions/core/traffic/headers.ts';
import type { RejectedTrafficRow } from '../../functions/core/traffic/parse-traffic.ts';
import type { Lang } from '../../functions/core/types.ts';
import { UnreadableTrafficFileError, type StoredTrafficImport } from '../../functions/import-traffic/import-file.ts';
import { importTrafficUpload } from '../../local/runner/traffic-upload.ts';
import { openLocalSession } from './local-session.ts';
import { asUsageError, EXIT, UsageError } from './usage-error.ts';
import { isPeriod } from '../../functions/core/local-time.ts';

const OPTIONS = {
  'data-dir': { type: 'string', default: '.gov-audit' },
  period: { type: 'string' },
  lang: { type: 'string', default: 'vi' },
  json: { type: 'boolean', default: false },
} as const;


export async function runTrafficCommand(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  const { values, positionals } = parseArgs({ args: rest, options: OPTIONS, allowPositionals: true });
  const lang: Lang = values.lang === 'en' ? 'en' : 'vi';
  if (action !== 'import' || positionals.length !== 1) {
    throw new UsageError(lang === 'en'
      ? 'usage: gov-audit traffic import <file.csv|file.xlsx> --period YYYY-MM [--data-dir <dir>]'
      : 'cách dùng: gov-audit traffic import <tệp.csv|tệp.xlsx> --period YYYY-MM [--data-dir <thư mục>]');
  }
  const period = values.period;
  if (!period || !isPeriod(period)) {
    throw new UsageError(lang === 'en' ? `--period must be YYYY-MM (got "${period ?? ''}")` : `--period phải có dạng YYYY-MM (nhận được "${period ?? ''}")`);
  }
  const path = positionals[0];
  // A file over the limit is refused before it is read.
  const size = await stat(path).then((s) => s.size, () => 0);
  asUsageError(() => checkImportBytes(path, size), lang);
  const bytes = await readFile(path).catch((error: Error) => {
    throw new UsageError(lang === 'en' ? `Cannot read ${path}: ${error.message}` : `Không đọc được tệp ${path}: ${error.message}`);
  });
  const session = await openLocalSession({ dataDir: values['data-dir'] });
  try {
    const report = await importTrafficUpload(session, { fileName: basename(path), bytes, period }).catch((error: unknown) => {
      if (error instanceof ImportLimitError) throw new UsageError(error.text[lang]);
      if (!(error instanceof UnreadableTrafficFileError)) throw error;
      throw new UsageError(lang === 'en' ? error.message : `${basename(path)} không phải tệp XLSX đọc được: ${(error.cause as Error)?.message ?? ''}`);
    });
    process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : formatTrafficImport(report, path, lang));
    return report.counts.rejectedRows > 0 ? EXIT.fail : EXIT.pass;
  } finally {
    await session.close();
  }
}

/** The import report for a terminal: counts, then every rejected cell, unmatched and duplicate row. */
export function formatTrafficImport(report: StoredTrafficImport, file: string, lang: Lang): string {
  const c = report.counts;
  const lines = lang === 'en'
    ? [`${file} (${report.period}): ${c.accepted} rows imported, ${c.rejectedRows} rows rejected, ${c.unmatched} unmatched, ${c.duplicates} duplicates.`]
    : [`${file} (kỳ ${report.period}): nhập ${c.accepted} dòng, loại ${c.rejectedRows} dòng lỗi, ${c.unmatched} dòng không khớp đơn vị nào, ${c.duplicates} dòng trùng.`];
  if (!report.stored) {
    lines.push(lang === 'en'
      ? 'No usable row: the traffic of this period was left unchanged.'
      : 'Không có dòng hợp lệ nào: số liệu truy cập của kỳ này được giữ nguyên.');
  }
  if (report.periodHasRun === false) {
    lines.push(lang === 'en'
      ? `No run for ${report.period} yet: the figures are stored and will rank the portals once a run of ${report.period} exists (gov-audit run).`
      : `Kỳ ${report.period} chưa có lượt đánh giá nào: số liệu đã được lưu và sẽ dùng để xếp hạng khi có lượt đánh giá của kỳ này (gov-audit run).`);
  }
  for (const t of report.skipped ?? []) {
    lines.push(lang === 'en' ? `Row ${t.row} is a totals row: skipped.` : `Dòng ${t.row} là dòng tổng cộng: bỏ qua.`);
  }
  if ((report.domainDiffers ?? []).length > 0) {
    lines.push(lang === 'en'
      ? 'Matched by EMC site id, but EMC gives another domain than the registry (check the registry):'
      : 'Khớp theo mã site EMC nhưng EMC ghi tên miền khác với danh sách (cần kiểm tra lại danh sách):');
  }
  for (const d of report.domainDiffers ?? []) {
    const via = d.via === 'found' ? (lang === 'en' ? 'id found on the site' : 'mã tìm thấy trên trang') : (lang === 'en' ? 'registered id' : 'mã trong danh sách');
    lines.push(lang === 'en'
      ? `  row ${d.row}: EMC ${d.exportHost} = registry ${d.registeredHost} (site id ${d.siteId}, ${via})`
      : `  dòng ${d.row}: EMC ghi ${d.exportHost}, danh sách ghi ${d.registeredHost} (mã site ${d.siteId}, ${via})`);
  }
  if (report.rejected.length > 0) lines.push(lang === 'en' ? 'Rejected:' : 'Dòng bị loại:');
  for (const r of report.rejected) {
    lines.push(lang === 'en'
      ? `  row ${r.row}, field ${fieldName(r.field, lang)} ("${r.raw}"): ${r.reason.en}`
      : `  dòng ${r.row}, trường ${fieldName(r.field, lang)} ("${r.raw}"): ${r.reason.vi}`);
  }
  if (report.omitted?.rejected) lines.push(lang === 'en' ? `  … and ${report.omitted.rejected} more (counted above)` : `  … và ${report.omitted.rejected} lỗi khác (đã tính ở trên)`);
  if (report.unmatched.length > 0) lines.push(lang === 'en' ? 'Not matched to any registered site:' : 'Không khớp với trang nào trong danh sách:');
  for (const u of report.unmatched) {
    const what = [u.host, u.siteId && `${lang === 'en' ? 'site id' : 'mã site'} ${u.siteId}`, u.org].filter(Boolean).join(', ');
    lines.push(lang === 'en' ? `  row ${u.row}: ${what}` : `  dòng ${u.row}: ${what}`);
  }
  if (report.omitted?.unmatched) lines.push(lang === 'en' ? `  … and ${report.omitted.unmatched} more` : `  … và ${report.omitted.unmatched} dòng khác`);
  if (report.duplicates.length > 0) lines.push(lang === 'en' ? 'Duplicates (ignored):' : 'Dòng trùng (bỏ qua):');
  for (const d of report.duplicates) {
    lines.push(lang === 'en'
      ? `  row ${d.row.row}: ${d.host} already given on row ${d.firstRow}`
      : `  dòng ${d.row.row}: ${d.host} đã có ở dòng ${d.firstRow}`);
  }
  if (report.omitted?.duplicates) lines.push(lang === 'en' ? `  … and ${report.omitted.duplicates} more` : `  … và ${report.omitted.duplicates} dòng khác`);
  return `${lines.join('\n')}\n`;
}

function fieldName(field: RejectedTrafficRow['field'], lang: Lang): string {
  if (field === 'header') return lang === 'en' ? 'header' : 'tiêu đề cột';
  if (field === 'row') return lang === 'en' ? 'row' : 'cả dòng';
  return `${TRAFFIC_FIELD_LABELS[field][lang]} (${field})`;
}
