/**
 * The inflated size of an XLSX (a ZIP archive), checked before the workbook reader inflates
 * it: every entry is inflated here under a byte budget (zlib's `maxOutputLength` stops the
 * inflation at the budget, whatever the archive's directory claims), so that an entry built
 * to inflate to a gibibyte costs at most {@link MAX_XLSX_INFLATED_BYTES} before it is refused.
 * The worksheets' rows and cells are counted on the way: the workbook reader holds every row of
 * every sheet as objects (about 1.5 KB a row), so a sheet of a few hundred thousand small rows,
 * well under the byte budget, would take a gigabyte before the row limit could be checked.
 */
import { inflateRawSync } from 'node:zlib';
import { checkImportRows, MAX_XLSX_CELLS, MAX_XLSX_INFLATED_BYTES, xlsxCellsError, xlsxInflatedError } from '../../core/import-limits.ts';

const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const LOCAL_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

/**
 * Throws ImportLimitError when the archive's entries inflate past the limit together, or its
 * worksheets hold more rows or cells than one import takes. Archives it cannot walk are left to
 * the workbook reader, which rejects them with its own error.
 */
export function checkXlsxInflatedSize(file: string, bytes: Uint8Array, limit = MAX_XLSX_INFLATED_BYTES): void {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEndOfCentralDirectory(data);
  if (end === undefined) return;
  let at = data.readUInt32LE(end + 16);
  const entries = data.readUInt16LE(end + 10);
  let remaining = limit;
  let rows = 0;
  let cells = 0;
  for (let i = 0; i < entries && at + 46 <= data.length && data.readUInt32LE(at) === CENTRAL_HEADER; i++) {
    const method = data.readUInt16LE(at + 10);
    const compressedSize = data.readUInt32LE(at + 20);
    const declaredSize = data.readUInt32LE(at + 24);
    const nameLength = data.readUInt16LE(at + 28);
    const extraLength = data.readUInt16LE(at + 30);
    const commentLength = data.readUInt16LE(at + 32);
    const localOffset = data.readUInt32LE(at + 42);
    const name = data.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (declaredSize > remaining) throw xlsxInflatedError(file, name);
    if (localOffset + 30 > data.length || data.readUInt32LE(localOffset) !== LOCAL_HEADER) continue;
    const start = localOffset + 30 + data.readUInt16LE(localOffset + 26) + data.readUInt16LE(localOffset + 28);
    const body = data.subarray(start, start + compressedSize);
    const content = method === STORED ? body : method === DEFLATED ? inflated(body, remaining, file, name) : undefined;
    if (content === undefined) continue;
    remaining -= content.length;
    if (remaining < 0) throw xlsxInflatedError(file, name);
    if (!WORKSHEET.test(name)) continue;
    rows += countTags(content, ROW_TAGS);
    cells += countTags(content, CELL_TAGS);
    checkImportRows(file, rows);
    if (cells > MAX_XLSX_CELLS) throw xlsxCellsError(file, name);
  }
}

const WORKSHEET = /^xl\/worksheets\/[^/]+\.xml$/i;
const ROW_TAGS = ['<row ', '<row>'].map((tag) => Buffer.from(tag));
const CELL_TAGS = ['<c ', '<c>'].map((tag) => Buffer.from(tag));

/** Occurrences of the tags in the sheet XML (a row is `<row r="…">`, a cell `<c r="…">`). */
function countTags(xml: Buffer, tags: readonly Buffer[]): number {
  let count = 0;
  for (const tag of tags) {
    for (let at = xml.indexOf(tag); at !== -1; at = xml.indexOf(tag, at + tag.length)) count += 1;
  }
  return count;
}

/** The entry inflated under the budget left; undefined for a corrupt entry (the workbook reader's to report). */
function inflated(body: Buffer, budget: number, file: string, name: string): Buffer | undefined {
  try {
    return inflateRawSync(body, { maxOutputLength: Math.max(1, budget) });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) throw xlsxInflatedError(file, name);
    return undefined;
  }
}

function findEndOfCentralDirectory(data: Buffer): number | undefined {
  // The record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
  for (let at = data.length - 22; at >= Math.max(0, data.length - 22 - 65_535); at--) {
    if (data.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) return at;
  }
  return undefined;
}
