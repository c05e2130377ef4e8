/**
 * The registry of targets, from a CSV or JSON file an evaluator maintains: one portal per row
 * (organisation, league, domain, optional expected EMC site id, optional explicit component
 * list). Every row is validated on its own: good rows are kept, bad rows are reported with the
 * file, row and field — one typo never loses the rest of the registry.
 */
import type { League, TargetRecord } from '../records.ts';
import { foldText } from '../text.ts';
import { decodeCsv, parseCsv } from '../csv.ts';
import { checkImportBytes, checkImportRows } from '../import-limits.ts';
import type { LocalizedText } from '../types.ts';
import { normaliseSiteUrl, siteHost } from '../url.ts';

export interface RegistryProblem {
  file: string;
  /** 1-based line of the CSV file (header = 1), or 1-based index of the JSON array entry. */
  row: number;
  field: string;
  value: string;
  message: LocalizedText;
}

export interface ParsedRegistry {
  /** Portals and their explicit components, ready to store. */
  targets: TargetRecord[];
  problems: RegistryProblem[];
  /** Rows read (excluding the header and blank lines). */
  rows: number;
}

type Field = 'league' | 'org' | 'domain' | 'confidence' | 'expectedSiteId' | 'components';

/** Accepted column names, compared without case, diacritics, spaces, `_` or `-`. */
const HEADERS: Record<Field, string[]> = {
  league: ['league', 'khoi', 'nhom', 'loai'],
  org: ['organisation', 'organization', 'org', 'unit', 'tendonvi', 'donvi', 'coquan', 'tencoquan'],
  domain: ['domain', 'url', 'website', 'tenmien', 'diachi', 'portal'],
  confidence: ['confidence', 'dotincay', 'ghichu'],
  expectedSiteId: ['siteid', 'emcsiteid', 'expectedsiteid', 'masite', 'maemc'],
  components: ['components', 'trangthanhphan', 'websitethanhphan', 'thanhphan'],
};

const LEAGUES: Record<string, League> = {
  ministry: 'ministry', bo: 'ministry', 'bo, nganh': 'ministry', bonganh: 'ministry',
  province: 'province', tinh: 'province', tinhthanhpho: 'province', dia_phuong: 'province', diaphuong: 'province',
  other: 'other', khac: 'other',
};

const compact = (s: string) => foldText(s).replace(/[\s_\-./]+/g, '');

/** Parses a registry file (CSV or JSON, by content) into targets and per-row problems. */
export function parseRegistry(bytes: Uint8Array, file: string, updatedAt: string): ParsedRegistry {
  checkImportBytes(file, bytes.length);
  const text = decodeCsv(bytes).trim();
  if (text.startsWith('[') || text.startsWith('{')) return parseJsonRegistry(text, file, updatedAt);
  return parseCsvRegistry(text, file, updatedAt);
}

function parseCsvRegistry(text: string, file: string, updatedAt: string): ParsedRegistry {
  const table = parseCsv(text);
  checkImportRows(file, table.length - 1);
  const header = table[0] ?? [];
  const columns = new Map<Field, number>();
  header.forEach((name, index) => {
    const key = compact(name);
    for (const [field, names] of Object.entries(HEADERS) as [Field, string[]][]) {
      if (names.includes(key) && !columns.has(field)) columns.set(field, index);
    }
  });
  const problems: RegistryProblem[] = [];
  for (const required of ['org', 'domain', 'league'] as const) {
    if (!columns.has(required)) {
      problems.push({
        file, row: 1, field: required, value: header.join(','),
        message: { vi: `Thiếu cột bắt buộc "${required}" (các tên được chấp nhận: ${HEADERS[required].join(', ')})`, en: `Missing required column "${required}" (accepted names: ${HEADERS[required].join(', ')})` },
      });
    }
  }
  if (problems.length > 0) return { targets: [], problems, rows: Math.max(0, table.length - 1) };
  const rows = table.slice(1).map((cells, i) => ({ line: i + 2, cells })).filter((r) => r.cells.some((c) => c.trim() !== ''));
  const raw = rows.map(({ line, cells }) => ({
    row: line,
    values: Object.fromEntries([...columns].map(([field, index]) => [field, (cells[index] ?? '').trim()])) as Partial<Record<Field, string>>,
  }));
  return buildTargets(raw, file, updatedAt);
}

function parseJsonRegistry(text: string, file: string, updatedAt: string): ParsedRegistry {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { targets: [], rows: 0, problems: [{ file, row: 0, field: '(file)', value: '', message: { vi: `Tệp JSON không hợp lệ: ${(error as Error).message}`, en: `Invalid JSON: ${(error as Error).message}` } }] };
  }
  const list = Array.isArray(data) ? data : (data as { targets?: unknown }).targets;
  if (!Array.isArray(list)) {
    return { targets: [], rows: 0, problems: [{ file, row: 0, field: '(file)', value: '', message: { vi: 'Tệp JSON phải là một mảng các đơn vị', en: 'The JSON file must be an array of organisations' } }] };
  }
  checkImportRows(file, list.length);
  const raw = list.map((entry, i) => {
    const record = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    const values: Partial<Record<Field, string>> = {};
    for (const [key, value] of Object.entries(record)) {
      const field = (Object.entries(HEADERS) as [Field, string[]][]).find(([, names]) => names.includes(compact(key)))?.[0];
      if (field) values[field] = Array.isArray(value) ? value.join(' ') : String(value ?? '');
    }
    return { row: i + 1, values };
  });
  return buildTargets(raw, file, updatedAt);
}

/** A site's key in the registry: its host without `www.` (the same key findings and traffic use). */
function normaliseEntry(input: string) {
  const result = normaliseSiteUrl(input);
  return result.ok ? { ...result, host: siteHost(result.host) } : result;
}

function buildTargets(raw: { row: number; values: Partial<Record<Field, string>> }[], file: string, updatedAt: string): ParsedRegistry {
  const targets = new Map<string, TargetRecord>();
  const problems: RegistryProblem[] = [];
  for (const { row, values } of raw) {
    const problem = (field: string, value: string, vi: string, en: string) => problems.push({ file, row, field, value, message: { vi, en } });
    const before = problems.length;
    const org = values.org ?? '';
    if (org === '') problem('organisation', org, 'Thiếu tên đơn vị', 'Organisation name is empty');
    const league = LEAGUES[compact(values.league ?? '')] ?? LEAGUES[foldText(values.league ?? '')];
    if (!league) problem('league', values.league ?? '', 'Khối phải là ministry (bộ), province (tỉnh) hoặc other (khác)', 'League must be ministry, province or other');
    const site = normaliseEntry(values.domain ?? '');
    if (!site.ok) problem('domain', values.domain ?? '', site.error.vi, site.error.en);
    else if (targets.has(site.host)) problem('domain', values.domain ?? '', `Tên miền ${site.host} đã có ở dòng trước`, `Domain ${site.host} already appears on an earlier row`);
    const siteId = values.expectedSiteId ?? '';
    if (siteId !== '' && !/^\d{1,6}$/.test(siteId)) problem('siteId', siteId, 'Mã site EMC phải là số (1–6 chữ số)', 'The EMC site id must be digits (1–6)');
    const components: { url: string; host: string }[] = [];
    for (const entry of (values.components ?? '').split(/[\s;,|]+/).filter(Boolean)) {
      const component = normaliseEntry(entry);
      if (component.ok) components.push({ url: component.url, host: component.host });
      else problem('components', entry, component.error.vi, component.error.en);
    }
    if (problems.length > before || !site.ok || !league) continue;
    targets.set(site.host, {
      host: site.host,
      url: site.url,
      org,
      league,
      role: 'portal',
      ...(components.length > 0 ? { components: components.map((c) => c.host) } : {}),
      ...(siteId ? { expectedSiteId: siteId } : {}),
      source: 'registry',
      status: 'confirmed',
      ...(values.confidence ? { confidence: values.confidence } : {}),
      updatedAt,
    });
    for (const component of components) {
      if (targets.has(component.host)) continue;
      targets.set(component.host, {
        host: component.host, url: component.url, org: component.host, league, role: 'component', parentHost: site.host,
        source: 'registry', status: 'confirmed', updatedAt,
      });
    }
  }
  return { targets: [...targets.values()], problems, rows: raw.length };
}
