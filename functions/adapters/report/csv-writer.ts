/**
 * CSV files of the report, one per table of {@link reportTables}: UTF-8 with a BOM (so Excel
 * shows Vietnamese), CRLF line ends, every field quoted, every text neutralised against
 * formula injection.
 */
import type { ReportModel } from '../../core/report/model.ts';
import { neutraliseFormula } from '../../core/report/safe-text.ts';
import { reportTables, type ReportTable, type TableCell, type TableOptions } from '../../core/report/tables.ts';

const BOM = '\ufeff';

/** One CSV file per table, named `<table key>.csv` (e.g. `portals.csv`). */
export function writeReportCsvFiles(model: ReportModel, options: TableOptions = {}): { name: string; bytes: Uint8Array }[] {
  return reportTables(model, options).map((table) => ({ name: `${table.key}.csv`, bytes: writeTableCsv(table) }));
}

/** One table as CSV bytes. Numbers are written plainly (no grouping) so they stay numbers. */
export function writeTableCsv(table: ReportTable): Uint8Array {
  const lines = [table.columns.map((c) => quote(c.header)), ...table.rows.map((row) => row.map(quote))];
  return new TextEncoder().encode(BOM + lines.map((cells) => cells.join(',')).join('\r\n') + '\r\n');
}

function quote(cell: TableCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  const text = neutraliseFormula(typeof cell === 'string' ? cell : cell.text);
  return `"${text.replace(/"/g, '""')}"`;
}
