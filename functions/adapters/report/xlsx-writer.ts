/**
 * The XLSX report (the main deliverable for officials): one sheet per table of
 * {@link reportTables}, with Vietnamese sheet names, a frozen header row, filters, column
 * widths and number formats. Every string cell goes through {@link neutraliseFormula}.
 */
import ExcelJS from 'exceljs';
import type { ReportModel } from '../../core/report/model.ts';
import { isSafeEvidenceLink, neutraliseFormula } from '../../core/report/safe-text.ts';
import { reportTables, type ReportTable, type TableCell, type TableColumn, type TableOptions } from '../../core/report/tables.ts';
import { WORDS } from '../../core/report/labels.ts';
import { vietnamWallClock } from '../../core/local-time.ts';

const NUMBER_FORMATS: Record<TableColumn['format'], string | undefined> = {
  text: undefined,
  int: '#,##0',
  pct: '0.0%',
  signed: '+#,##0;-#,##0;0',
  datetime: 'dd/mm/yyyy hh:mm',
};

/** Renders the report as an XLSX workbook. */
export async function writeReportXlsx(model: ReportModel, options: TableOptions = {}): Promise<Uint8Array> {
  const lang = options.lang ?? 'vi';
  return writeTablesXlsx(reportTables(model, options), { title: `${WORDS.title[lang]} ${model.period}`, created: model.generatedAt });
}

/**
 * Lays tables out as an XLSX workbook, one sheet each (shared by the monthly and the round
 * report). `created` is the report's time, never the clock's: Excel shows it.
 */
export async function writeTablesXlsx(tables: readonly Pick<ReportTable, 'name' | 'columns' | 'rows'>[], meta: { title: string; created: string }): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'gov-portal-auditor';
  workbook.title = neutraliseFormula(meta.title);
  workbook.created = new Date(meta.created);
  workbook.modified = new Date(meta.created);

  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = table.columns.map((c, i) => ({
      key: String(i),
      width: c.width,
      ...(NUMBER_FORMATS[c.format] && { style: { numFmt: NUMBER_FORMATS[c.format] } }),
    }));
    const header = sheet.getRow(1);
    table.columns.forEach((c, i) => (header.getCell(i + 1).value = neutraliseFormula(c.header)));
    header.font = { bold: true };
    header.alignment = { vertical: 'middle', wrapText: true };
    header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
    table.rows.forEach((cells, r) => {
      const row = sheet.getRow(r + 2);
      cells.forEach((cell, i) => {
        const target = row.getCell(i + 1);
        target.value = cellValue(cell);
        if (target.value instanceof Date) target.numFmt = NUMBER_FORMATS.datetime as string;
      });
      row.alignment = { vertical: 'top', wrapText: true };
    });
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

/**
 * A table cell as an exceljs value: numbers stay numbers, moments are typed dates in Viet Nam's
 * time, text is neutralised, links only when safe (http(s) or a relative path in the set).
 */
function cellValue(cell: TableCell): ExcelJS.CellValue {
  if (cell === null || typeof cell === 'number') return cell;
  if (typeof cell === 'string') return neutraliseFormula(cell);
  if ('date' in cell) return vietnamWallClock(cell.date) ?? neutraliseFormula(cell.date);
  const text = neutraliseFormula(cell.text);
  return isSafeEvidenceLink(cell.link) ? { text, hyperlink: cell.link } : text;
}
