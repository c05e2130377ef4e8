/**
 * Evaluators' overrides as typed on the command line or listed in a CSV file (columns host,
 * check, verdict, reason, by, until), validated field by field with messages in Vietnamese and
 * English, like the registry import: a bad row is reported with its row and field, the good
 * rows are kept.
 */
import type { OverrideRecord, TargetRecord } from '../records.ts';
import { foldText } from '../text.ts';
import { normaliseDomainCell } from '../traffic/host.ts';
import { CHECK_IDS, type CheckId, type LocalizedText, type Verdict } from '../types.ts';
import { siteHost } from '../url.ts';
import { getRuleSet } from './rule-sets.ts';

export type OverrideField = 'host' | 'check' | 'verdict' | 'reason' | 'by' | 'until';

/** One problem of one row (row 0 for command-line input). */
export interface OverrideProblem {
  row: number;
  field: OverrideField | 'header';
  value: string;
  message: LocalizedText;
}

const VERDICT_WORDS: Record<string, Verdict> = {
  pass: 'pass',
  dat: 'pass',
  fail: 'fail',
  'khong dat': 'fail',
  unknown: 'unknown',
  'chua xac dinh': 'unknown',
  'not applicable': 'not-applicable',
  'khong ap dung': 'not-applicable',
};

const HEADERS: Record<OverrideField, string[]> = {
  host: ['host', 'domain', 'ten mien', 'website', 'dia chi'],
  check: ['check', 'criterion', 'tieu chi'],
  verdict: ['verdict', 'ket qua'],
  reason: ['reason', 'ly do'],
  by: ['by', 'author', 'nguoi dieu chinh', 'nguoi thuc hien'],
  until: ['until', 'hieu luc den', 'den ngay'],
};

const MAX_REASON = 2000;
const MAX_AUTHOR = 200;

/**
 * A check from its id (`emc-badge`) or its section in the evaluation letter (`2.2a`),
 * case-insensitive; undefined when it names no criterion.
 */
export function parseCheck(text: string): CheckId | undefined {
  const value = text.trim().toLowerCase();
  const criteria = getRuleSet().criteria;
  return CHECK_IDS.find((id) => id === value || criteria[id].section.toLowerCase() === value);
}

/** A verdict in English (`pass`, `not-applicable`) or Vietnamese (`đạt`, `không đạt`…). */
export function parseVerdict(text: string): Verdict | undefined {
  return VERDICT_WORDS[foldText(text)];
}

/**
 * Validates one override. `createdAt` is the ISO creation time (the caller's clock). The host
 * must be a registered, not excluded target (an override of anything else would appear in no
 * report) and the criterion must apply to its role.
 */
export function validateOverride(
  fields: Partial<Record<OverrideField, string>>,
  targets: readonly TargetRecord[],
  createdAt: string,
  row = 0,
): { record?: OverrideRecord; problems: OverrideProblem[] } {
  const problems: OverrideProblem[] = [];
  const problem = (field: OverrideField, message: LocalizedText) => problems.push({ row, field, value: fields[field] ?? '', message });

  const rawHost = fields.host?.trim() ?? '';
  const host = normaliseDomainCell(rawHost);
  const target = host === undefined ? undefined : targets.find((t) => t.status !== 'excluded' && siteHost(t.host) === siteHost(host));
  if (rawHost === '') problem('host', { vi: 'Thiếu tên miền', en: 'The host is missing' });
  else if (host === undefined) problem('host', { vi: 'Không phải tên miền hợp lệ', en: 'Not a valid host name' });
  else if (!target) problem('host', { vi: 'Tên miền không có trong danh sách đơn vị cần đánh giá', en: 'The host is not in the registry' });

  const check = parseCheck(fields.check ?? '');
  if (!check) {
    problem('check', {
      vi: `Tiêu chí không hợp lệ; dùng một trong: ${CHECK_IDS.join(', ')} (hoặc 2.1, 2.2a, 2.2b, 2.2c)`,
      en: `Unknown criterion; use one of: ${CHECK_IDS.join(', ')} (or 2.1, 2.2a, 2.2b, 2.2c)`,
    });
  } else if (target && !getRuleSet().criteria[check].appliesTo.includes(target.role)) {
    problem('check', { vi: `Tiêu chí ${check} không áp dụng cho loại trang ${target.role}`, en: `Criterion ${check} does not apply to a ${target.role} site` });
  }

  const verdict = parseVerdict(fields.verdict ?? '');
  if (!verdict) {
    problem('verdict', {
      vi: 'Kết quả không hợp lệ; dùng pass/đạt, fail/không đạt, unknown/chưa xác định hoặc not-applicable/không áp dụng',
      en: 'Unknown verdict; use pass, fail, unknown or not-applicable (or đạt, không đạt, chưa xác định, không áp dụng)',
    });
  }

  const reason = fields.reason?.trim() ?? '';
  if (reason === '') problem('reason', { vi: 'Cần ghi lý do điều chỉnh', en: 'A reason is required' });
  else if (reason.length > MAX_REASON) problem('reason', { vi: `Lý do dài quá ${MAX_REASON} ký tự`, en: `The reason is longer than ${MAX_REASON} characters` });

  const author = fields.by?.trim() ?? '';
  if (author === '') problem('by', { vi: 'Cần ghi người điều chỉnh', en: 'The author (by) is required' });
  else if (author.length > MAX_AUTHOR) problem('by', { vi: `Tên người điều chỉnh dài quá ${MAX_AUTHOR} ký tự`, en: `The author is longer than ${MAX_AUTHOR} characters` });

  const until = fields.until?.trim() || undefined;
  if (until !== undefined) {
    if (!isCalendarDate(until)) problem('until', { vi: 'Ngày hết hiệu lực phải có dạng YYYY-MM-DD và là ngày có thật', en: 'The until date must be a real date written YYYY-MM-DD' });
    else if (until < createdAt.slice(0, 10)) problem('until', { vi: 'Ngày hết hiệu lực đã qua', en: 'The until date is in the past' });
  }

  if (problems.length > 0 || !target || !check || !verdict) return { problems };
  return {
    record: { host: target.host, check, verdict, reason, author, createdAt, ...(until !== undefined && { until }) },
    problems,
  };
}

/**
 * Validates a table of overrides (rows from {@link parseCsv}; the first non-blank row is the
 * header). Each record gets `createdAt` plus its row number in milliseconds, so rows of one
 * file keep their order and two rows for one host and check are two records (the later wins).
 */
export function parseOverrideTable(
  rows: string[][],
  targets: readonly TargetRecord[],
  createdAt: string,
): { records: OverrideRecord[]; problems: OverrideProblem[]; rows: number } {
  const headerIndex = rows.findIndex((r) => r.some((c) => c.trim() !== ''));
  if (headerIndex < 0) return { records: [], problems: [{ row: 1, field: 'header', value: '', message: { vi: 'Tệp trống', en: 'The file is empty' } }], rows: 0 };
  const header = rows[headerIndex].map((h) => foldText(h));
  const columns = new Map<OverrideField, number>();
  for (const field of Object.keys(HEADERS) as OverrideField[]) {
    const i = header.findIndex((h) => HEADERS[field].includes(h));
    if (i >= 0) columns.set(field, i);
  }
  const missing = (['host', 'check', 'verdict', 'reason', 'by'] as const).filter((f) => !columns.has(f));
  if (missing.length > 0) {
    return {
      records: [],
      problems: [{
        row: headerIndex + 1,
        field: 'header',
        value: rows[headerIndex].join(' | '),
        message: { vi: `Thiếu cột: ${missing.join(', ')}`, en: `Missing columns: ${missing.join(', ')}` },
      }],
      rows: 0,
    };
  }
  const base = Date.parse(createdAt);
  const records: OverrideRecord[] = [];
  const problems: OverrideProblem[] = [];
  let count = 0;
  for (let i = headerIndex + 1; i < rows.length; i += 1) {
    const cells = rows[i];
    if (cells.every((c) => c.trim() === '')) continue;
    count += 1;
    const fields = Object.fromEntries([...columns].map(([field, c]) => [field, cells[c] ?? ''])) as Partial<Record<OverrideField, string>>;
    const result = validateOverride(fields, targets, new Date(base + i).toISOString(), i + 1);
    problems.push(...result.problems);
    if (result.record) records.push(result.record);
  }
  return { records, problems, rows: count };
}

function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= days;
}
