/**
 * Reads the first worksheet of an XLSX file (an EMC traffic export) into rows of strings for
 * the pure traffic parser. Row i of the result is sheet row i+1 (empty rows kept as `[]`), so
 * the import report's row numbers are the ones Excel shows.
 */
import ExcelJS from 'exceljs';

/** The first sheet's name and its rows as text. Throws when the bytes are not an XLSX workbook. */
export async function readFirstSheet(bytes: Uint8Array): Promise<{ name: string; rows: string[][] }> {
  const workbook = new ExcelJS.Workbook();
  // exceljs's typings predate Node's generic Buffer; the bytes are passed through unchanged.
  await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return { name: '', rows: [] };
  const rows: string[][] = [];
  for (let r = 1; r <= sheet.rowCount; r += 1) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c += 1) cells.push(cellText(row.getCell(c).value));
    rows.push(cells);
  }
  return { name: sheet.name, rows };
}

/**
 * A cell as the text the traffic parser validates. Numbers are written without grouping
 * (`String(12345)`), so a fractional count stays visibly fractional and is rejected there.
 */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : cellText(value.text as ExcelJS.CellValue);
  return '';
}
