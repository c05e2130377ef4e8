/**
 * CSV files of the report, one per table of {@link reportTables}, for machines (officials open
 * the XLSX): RFC 4180 (CRLF line ends, every text field quoted, quotes doubled), UTF-8 with a
 * BOM, every text neutralised against formula injection, times in ISO UTC.
 */
import type { ReportModel } from '../../core/report/model.ts';
import { neutraliseFormula } from '../../core/report/safe-text.ts';
import { reportTables, type ReportTable, type TableCell, type TableOptions } from '../../core/report/tables.ts';

const BOM = '\ufeff';

/**
 * One CSV file per data table, named `<table key>.csv` (e.g. `portals.csv`). The coverage sheet
 * is a statement for people (the XLSX's first sheet, the HTML's banner); machines read
 * `coverage` in the JSON.
 */
export function writeReportCsvFiles(model: ReportModel, options: TableOptions = {}): { name: string; bytes: Uint8Array }[] {
  return reportTables(model, options)
    .filter((table) => table.key !== 'coverage')
    .map((table) => ({ name: `${table.key}.csv`, bytes: writeTableCsv(table) }));
}

/** One table as CSV bytes. Numbers are written plainly (no grouping) so they stay numbers. */
export function writeTableCsv(table: ReportTable): Uint8Array {
  const lines = [table.columns.map((c) => quote(c.header)), ...table.rows.map((row) => row.map(quote))];
  return new TextEncoder().encode(BOM + lines.map((cells) => cells.join(',')).join('\r\n') + '\r\n');
}

function quote(cell: TableCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  // Machines read CSV: moments stay ISO UTC, evidence is its storage key.
  const raw = typeof cell === 'string' ? cell : 'date' in cell ? cell.date : (cell.key ?? cell.text);
  const text = neutraliseFormula(raw);
  return `"${text.replace(/"/g, '""')}"`;
}
