/**
 * Limits of every imported file (EMC traffic exports, CSV or XLSX; registry CSV/JSON): a file
 * past them is refused whole, before anything stored is touched, with an error naming the
 * limit. EMC's monthly export lists one row per site (a few thousand at most) and weighs well
 * under a megabyte; the limits leave two orders of magnitude and keep one import's memory
 * bounded whatever the file holds. The import report lists the first {@link LISTED_PROBLEMS}
 * problems of each kind; its counts cover them all.
 */
import type { LocalizedText } from './types.ts';

/** Largest file accepted, in bytes (20 MiB). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
/** Most rows accepted in one file or sheet. */
export const MAX_IMPORT_ROWS = 50_000;
/** Most bytes an XLSX may inflate to, all its entries together (64 MiB). */
export const MAX_XLSX_INFLATED_BYTES = 64 * 1024 * 1024;
/** Most cells accepted in the worksheets of one XLSX (EMC's export: a few thousand rows of about ten). */
export const MAX_XLSX_CELLS = 1_000_000;
/** Problems of each kind listed in an import report; the rest are counted. */
export const LISTED_PROBLEMS = 100;

const MIB = 1024 * 1024;

/** A file refused whole for exceeding a limit; `message` is the English text, `text` both. */
export class ImportLimitError extends Error {
  override name = 'ImportLimitError';
  constructor(readonly text: LocalizedText) {
    super(text.en);
  }
}

/**
 * Refuses a file larger than {@link MAX_IMPORT_BYTES}, before it is read; `atLeast` when the
 * size is what a stream has given so far (reading stops there).
 */
export function checkImportBytes(file: string, bytes: number, options: { atLeast?: boolean } = {}): void {
  if (bytes <= MAX_IMPORT_BYTES) return;
  const limit = `${MAX_IMPORT_BYTES / MIB} MB`;
  throw new ImportLimitError(options.atLeast
    ? {
      vi: `${file}: tệp vượt giới hạn ${limit} của một lần nhập (đã dừng đọc tại đó); không có dữ liệu nào bị thay đổi.`,
      en: `${file}: the file passes the ${limit} limit of one import (reading stopped there); nothing was changed.`,
    }
    : {
      vi: `${file}: tệp nặng ${(bytes / MIB).toFixed(1)} MB, vượt giới hạn ${limit} của một lần nhập; không có dữ liệu nào bị thay đổi.`,
      en: `${file}: the file is ${(bytes / MIB).toFixed(1)} MB, over the ${limit} limit of one import; nothing was changed.`,
    });
}

/** Refuses a table of more than {@link MAX_IMPORT_ROWS} rows; `atLeast` when reading stopped at the limit. */
export function checkImportRows(file: string, rows: number, options: { atLeast?: boolean } = {}): void {
  if (rows <= MAX_IMPORT_ROWS) return;
  throw new ImportLimitError(options.atLeast
    ? {
      vi: `${file}: tệp vượt giới hạn ${MAX_IMPORT_ROWS} dòng của một lần nhập (đã dừng đọc tại đó); không có dữ liệu nào bị thay đổi.`,
      en: `${file}: the file passes the ${MAX_IMPORT_ROWS}-row limit of one import (reading stopped there); nothing was changed.`,
    }
    : {
      vi: `${file}: tệp có ${rows} dòng, vượt giới hạn ${MAX_IMPORT_ROWS} dòng của một lần nhập; không có dữ liệu nào bị thay đổi.`,
      en: `${file}: the file has ${rows} rows, over the ${MAX_IMPORT_ROWS}-row limit of one import; nothing was changed.`,
    });
}

/** Refuses an XLSX that inflates past {@link MAX_XLSX_INFLATED_BYTES} (`entry`: where it was seen). */
export function xlsxInflatedError(file: string, entry: string): ImportLimitError {
  return new ImportLimitError({
    vi: `${file}: tệp XLSX giải nén ra hơn ${MAX_XLSX_INFLATED_BYTES / MIB} MB (tại mục ${entry}), vượt giới hạn của một lần nhập; không có dữ liệu nào bị thay đổi.`,
    en: `${file}: the XLSX inflates to more than ${MAX_XLSX_INFLATED_BYTES / MIB} MB (at entry ${entry}), over the limit of one import; nothing was changed.`,
  });
}

/** Refuses an XLSX whose worksheets hold more than {@link MAX_XLSX_CELLS} cells (`entry`: where the count passed it). */
export function xlsxCellsError(file: string, entry: string): ImportLimitError {
  return new ImportLimitError({
    vi: `${file}: tệp XLSX có hơn ${MAX_XLSX_CELLS} ô (tại mục ${entry}), vượt giới hạn của một lần nhập; không có dữ liệu nào bị thay đổi.`,
    en: `${file}: the XLSX has more than ${MAX_XLSX_CELLS} cells (at entry ${entry}), over the limit of one import; nothing was changed.`,
  });
}

/** The first {@link LISTED_PROBLEMS} entries of a problem list. */
export function listedProblems<T>(problems: readonly T[]): T[] {
  return problems.slice(0, LISTED_PROBLEMS);
}
