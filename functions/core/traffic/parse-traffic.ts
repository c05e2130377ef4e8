/**
 * Validation of EMC traffic exports, row by row. Input is a table of strings (from
 * {@link parseCsv} or the XLSX reader); output is the good rows and, kept apart, every
 * rejected cell with its row number, field and reason, so the evaluator can fix the file.
 */
import type { LocalizedText } from '../types.ts';
import { foldText } from '../text.ts';
import {
  IDENTIFYING_TRAFFIC_FIELDS,
  REQUIRED_TRAFFIC_FIELDS,
  TRAFFIC_FIELD_LABELS,
  matchHeader,
  type TrafficField,
} from './headers.ts';
import { normaliseDomainCell } from './host.ts';
import { siteHost } from '../url.ts';

/** One validated row of an export. */
export interface ParsedTrafficRow {
  /** Row number in the file or sheet (1-based, the header row included), as the evaluator sees it. */
  row: number;
  /** Unit name as written in the file (untrusted text). */
  org?: string;
  /** Host from the domain cell (lower-case, no scheme/path/port; `www.` kept). */
  host?: string;
  siteId?: string;
  visits: number;
  pageviews?: number;
  visitors?: number;
  sourceFile: string;
  sheet?: string;
}

/** A rejected cell (or row, or header): where, what and why. */
export interface RejectedTrafficRow {
  row: number;
  /** A {@link TrafficField}, or `header` / `row` for problems not tied to one cell. */
  field: TrafficField | 'header' | 'row';
  reason: LocalizedText;
  /** The offending cell (or the row, joined with ` | `), untrusted. */
  raw: string;
}

export interface ParsedTrafficTable {
  rows: ParsedTrafficRow[];
  rejected: RejectedTrafficRow[];
  /** Totals rows, recognised and skipped (not rejected: the file is not wrong to have one). */
  skipped: RejectedTrafficRow[];
  /** Column index of each recognised field (absent: not in the file). */
  columns: Partial<Record<TrafficField, number>>;
  /** Row number of the header row (title rows above it are skipped). */
  headerRow?: number;
}

/** How many leading rows may be titles ("BÁO CÁO LƯỢT TRUY CẬP THÁNG 9") before the header. */
const HEADER_SEARCH_ROWS = 10;

/** Outcome of parsing one count cell. */
export type CountParse = { ok: true; value: number } | { ok: false; reason: LocalizedText } | { ok: 'empty' };

/**
 * Parses a count as exporters write it: `12345`, `12.345`, `12,345`, `12 345` (also with
 * no-break spaces), `1.234.567`. Rejected, with the reason: negatives, decimals (`12,5`,
 * `1.234,5`), mixed or misplaced separators (`1,234.567`, `12.34`), text (`n/a`), numbers too
 * large to be exact. `.` and `,` with exactly three digits after are thousand separators in
 * both Vietnamese and English usage, so `1.234` and `1,234` both mean one thousand two hundred
 * thirty-four: a visit count is never fractional.
 */
export function parseCount(raw: string): CountParse {
  const text = raw.replace(/[\u00a0\u202f\u2009]/g, ' ').trim();
  if (text === '' || text === '-' || text === '—') return { ok: 'empty' };
  if (/^[-−–]\s*\d/.test(text)) return { ok: false, reason: REASONS.negative };
  if (/^\d+$/.test(text)) return finite(Number(text));
  const grouped = /^\d{1,3}(?<sep>[.,' ])\d{3}(?:\k<sep>\d{3})*$/.exec(text);
  if (grouped) return finite(Number(text.replace(/[.,' ]/g, '')));
  if (/^\d[\d.,' ]*$/.test(text)) {
    const decimal = /^\d{1,3}(?:([.,' ])\d{3})*[.,]\d{1,2}$|^\d+[.,]\d{1,2}$|^\d+[.,]\d{4,}$/.test(text);
    return { ok: false, reason: decimal ? REASONS.decimal : REASONS.separators };
  }
  return { ok: false, reason: REASONS.notNumber };
}

function finite(value: number): CountParse {
  return Number.isSafeInteger(value) ? { ok: true, value } : { ok: false, reason: REASONS.tooLarge };
}

const REASONS = {
  negative: { vi: 'Số âm: lượt truy cập không thể âm', en: 'Negative number: a count cannot be negative' },
  decimal: { vi: 'Số thập phân: lượt truy cập phải là số nguyên', en: 'Decimal number: a count must be a whole number' },
  separators: {
    vi: 'Dấu phân cách hàng nghìn không đúng (dùng 12.345, 12,345 hoặc 12 345)',
    en: 'Misplaced thousand separators (use 12.345, 12,345 or 12 345)',
  },
  notNumber: { vi: 'Không phải là số', en: 'Not a number' },
  tooLarge: { vi: 'Số quá lớn', en: 'Number too large' },
  missing: (field: TrafficField): LocalizedText => ({
    vi: `Thiếu giá trị "${TRAFFIC_FIELD_LABELS[field].vi}"`,
    en: `Missing "${TRAFFIC_FIELD_LABELS[field].en}"`,
  }),
  noIdentity: {
    vi: 'Thiếu cả tên miền và mã site: không xác định được trang',
    en: 'Neither domain nor site id: the site cannot be identified',
  },
  badDomain: { vi: 'Tên miền không hợp lệ', en: 'Invalid domain name' },
  badSiteId: {
    vi: 'Mã site không hợp lệ (chỉ gồm chữ, số, "-" hoặc "_", tối đa 64 ký tự)',
    en: 'Invalid site id (letters, digits, "-" or "_", at most 64 characters)',
  },
  totalRow: { vi: 'Dòng tổng cộng, không phải một trang', en: 'Totals row, not a site' },
  duplicateDomain: (row: number): LocalizedText => ({
    vi: `Trùng tên miền với dòng ${row}`,
    en: `Same domain as row ${row}`,
  }),
  duplicateSiteId: (row: number): LocalizedText => ({
    vi: `Trùng mã site với dòng ${row}`,
    en: `Same site id as row ${row}`,
  }),
  noHeader: {
    vi: 'Không tìm thấy dòng tiêu đề có cột "Lượt truy cập" và "Tên miền" hoặc "Mã site"',
    en: 'No header row with a "Visits" column and a "Domain" or "Site id" column',
  },
  ambiguousHeader: (field: TrafficField): LocalizedText => ({
    vi: `Cột "${TRAFFIC_FIELD_LABELS[field].vi}" xuất hiện nhiều lần; dùng cột đầu tiên`,
    en: `Column "${TRAFFIC_FIELD_LABELS[field].en}" appears more than once; the first one is used`,
  }),
} as const;

/**
 * Validates a traffic table (rows of cells, header row first; a few title rows above the
 * header are tolerated). Blank rows are skipped; every other row is either kept or rejected
 * with reasons (all of a row's problems are listed, one entry per cell).
 */
export function parseTrafficTable(rows: string[][], source: { file: string; sheet?: string }): ParsedTrafficTable {
  const header = findHeader(rows);
  if (!header) {
    return { rows: [], rejected: [{ row: 1, field: 'header', reason: REASONS.noHeader, raw: (rows[0] ?? []).join(' | ') }], skipped: [], columns: {} };
  }
  const { index: headerIndex, columns, duplicates } = header;
  const rejected: RejectedTrafficRow[] = duplicates.map((field) => ({
    row: headerIndex + 1,
    field: 'header' as const,
    reason: REASONS.ambiguousHeader(field),
    raw: rows[headerIndex].join(' | '),
  }));
  const good: ParsedTrafficRow[] = [];
  const skipped: RejectedTrafficRow[] = [];
  const rowOfHost = new Map<string, number>();
  const rowOfSiteId = new Map<string, number>();
  const cell = (cells: string[], field: TrafficField): string => {
    const at = columns[field];
    return at === undefined ? '' : (cells[at] ?? '').trim();
  };

  for (let i = headerIndex + 1; i < rows.length; i += 1) {
    const cells = rows[i];
    const rowNumber = i + 1;
    if (cells.every((c) => c.trim() === '')) continue;
    const problems: RejectedTrafficRow[] = [];
    const reject = (field: RejectedTrafficRow['field'], reason: LocalizedText, raw: string) =>
      problems.push({ row: rowNumber, field, reason, raw });

    const org = cell(cells, 'org');
    const domainRaw = cell(cells, 'domain');
    const siteIdRaw = cell(cells, 'siteId');
    if (isTotalsRow(cells, domainRaw, siteIdRaw)) {
      skipped.push({ row: rowNumber, field: 'row', reason: REASONS.totalRow, raw: cells.join(' | ') });
      continue;
    }

    let host: string | undefined;
    if (domainRaw !== '') {
      host = normaliseDomainCell(domainRaw);
      if (!host) reject('domain', REASONS.badDomain, domainRaw);
    }
    let siteId: string | undefined;
    if (siteIdRaw !== '') {
      if (/^[A-Za-z0-9_-]{1,64}$/.test(siteIdRaw)) siteId = siteIdRaw;
      else reject('siteId', REASONS.badSiteId, siteIdRaw);
    }
    if (domainRaw === '' && siteIdRaw === '') reject('row', REASONS.noIdentity, cells.join(' | '));

    const counts: Partial<Record<'visits' | 'pageviews' | 'visitors', number>> = {};
    for (const field of ['visits', 'pageviews', 'visitors'] as const) {
      if (columns[field] === undefined) continue;
      const raw = cell(cells, field);
      const parsed = parseCount(raw);
      if (parsed.ok === true) counts[field] = parsed.value;
      else if (parsed.ok === false) reject(field, parsed.reason, raw);
      else if (REQUIRED_TRAFFIC_FIELDS.includes(field)) reject(field, REASONS.missing(field), raw);
    }

    if (problems.length === 0 && host) {
      const first = rowOfHost.get(siteHost(host));
      if (first !== undefined) reject('domain', REASONS.duplicateDomain(first), domainRaw);
    }
    if (problems.length === 0 && siteId) {
      const first = rowOfSiteId.get(siteId);
      if (first !== undefined) reject('siteId', REASONS.duplicateSiteId(first), siteIdRaw);
    }
    if (problems.length > 0) {
      rejected.push(...problems);
      continue;
    }
    if (host) rowOfHost.set(siteHost(host), rowNumber);
    if (siteId) rowOfSiteId.set(siteId, rowNumber);
    good.push({
      row: rowNumber,
      ...(org !== '' && { org }),
      ...(host && { host }),
      ...(siteId && { siteId }),
      visits: counts.visits as number,
      ...(counts.pageviews !== undefined && { pageviews: counts.pageviews }),
      ...(counts.visitors !== undefined && { visitors: counts.visitors }),
      sourceFile: source.file,
      ...(source.sheet !== undefined && { sheet: source.sheet }),
    });
  }
  return { rows: good, rejected, skipped, columns, headerRow: headerIndex + 1 };
}

/**
 * A totals row: no domain and no site id, and a cell that starts with "Tổng" ("Tổng cộng"),
 * "Cộng", "Total" or "Sum", in whatever column the exporter put it (often the STT column).
 * "Cộng" is read with its diacritics: folded, it is also "Cổng" (a portal's name).
 */
function isTotalsRow(cells: readonly string[], domain: string, siteId: string): boolean {
  return domain === '' && siteId === '' && cells.some((c) => /^(tong|total|sum)\b/.test(foldText(c)) || /^cộng(?![\p{L}\p{M}])/iu.test(c.normalize('NFC').trim()));
}

/** The first row (within the first few) that names the visits column and an identifying column. */
function findHeader(
  rows: string[][],
): { index: number; columns: Partial<Record<TrafficField, number>>; duplicates: TrafficField[] } | undefined {
  for (let index = 0; index < Math.min(rows.length, HEADER_SEARCH_ROWS); index += 1) {
    const columns: Partial<Record<TrafficField, number>> = {};
    const duplicates: TrafficField[] = [];
    rows[index].forEach((text, column) => {
      const field = matchHeader(text);
      if (!field) return;
      if (columns[field] === undefined) columns[field] = column;
      else if (!duplicates.includes(field)) duplicates.push(field);
    });
    const complete =
      REQUIRED_TRAFFIC_FIELDS.every((f) => columns[f] !== undefined) &&
      IDENTIFYING_TRAFFIC_FIELDS.some((f) => columns[f] !== undefined);
    if (complete) return { index, columns, duplicates };
  }
  return undefined;
}
