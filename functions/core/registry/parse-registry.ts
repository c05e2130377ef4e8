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
import type { LocalizedText, SiteRole } from '../types.ts';
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

type Field = 'league' | 'org' | 'domain' | 'role' | 'parent' | 'confidence' | 'expectedSiteId' | 'components';

/**
 * Accepted column names, as the spreadsheets agencies already keep write them (the reports' own
 * "Cơ quan, đơn vị" included). Compared folded: no case, diacritics, spaces or punctuation.
 */
const HEADERS: Record<Field, string[]> = {
  league: ['Khối', 'Nhóm', 'Loại', 'Loại đơn vị', 'League'],
  org: ['Tên cơ quan, đơn vị', 'Cơ quan, đơn vị', 'Tên đơn vị', 'Đơn vị', 'Tên cơ quan', 'Cơ quan', 'Organisation', 'Organization', 'Org', 'Unit'],
  domain: ['Tên miền', 'Địa chỉ Cổng TTĐT', 'Địa chỉ trang', 'Địa chỉ website', 'Địa chỉ', 'Domain', 'URL', 'Website', 'Portal'],
  role: ['Loại trang', 'Vai trò', 'Role'],
  parent: ['Cổng chính', 'Thuộc cổng', 'Parent', 'Parent portal'],
  confidence: ['Độ tin cậy', 'Ghi chú', 'Confidence'],
  expectedSiteId: ['Mã site', 'Mã site EMC', 'Mã EMC', 'Site id', 'EMC site id', 'Expected site id'],
  components: ['Trang thành phần', 'Website thành phần', 'Thành phần', 'Components'],
};

/** Column names as problem lists show them, by {@link RegistryProblem.field}. */
export const REGISTRY_FIELD_NAMES: Partial<Record<string, LocalizedText>> = {
  league: { vi: 'Khối', en: 'League' },
  org: { vi: 'Tên cơ quan, đơn vị', en: 'Organisation' },
  organisation: { vi: 'Tên cơ quan, đơn vị', en: 'Organisation' },
  domain: { vi: 'Tên miền', en: 'Domain' },
  role: { vi: 'Loại trang', en: 'Site type' },
  parent: { vi: 'Cổng chính', en: 'Parent portal' },
  siteId: { vi: 'Mã site', en: 'Site id' },
  components: { vi: 'Trang thành phần', en: 'Components' },
};
const FIELD_NAMES = REGISTRY_FIELD_NAMES as Record<'league' | 'org' | 'domain', LocalizedText>;

/** The registry's confidence notes that mean "confirm before relying on it" (data/README.md). */
const UNCONFIRMED = new Set(['unverified', 'chuaxacminh', 'chuaxacnhan']);

/** Whether the registry marks a target's domain as unconfirmed (`unverified`, "chưa xác minh"). */
export function isUnconfirmed(target: { confidence?: string }): boolean {
  return target.confidence !== undefined && UNCONFIRMED.has(compact(target.confidence));
}

/**
 * League words. The central league ranks ministries, ministerial-level agencies and the agencies
 * under the Government together (docs/checks.md, 2.3); `other` is for sites ranked nowhere.
 */
const LEAGUES: Record<string, League> = {
  ministry: 'ministry', bo: 'ministry', bonganh: 'ministry', trunguong: 'ministry', central: 'ministry',
  coquanngangbo: 'ministry', coquanthuocchinhphu: 'ministry', bocoquanngangbocoquanthuocchinhphu: 'ministry',
  province: 'province', tinh: 'province', tinhthanhpho: 'province', diaphuong: 'province',
  tinhthanhphotructhuoctrunguong: 'province',
  other: 'other', khac: 'other',
};

const ROLES: Record<string, SiteRole> = {
  portal: 'portal', congchinh: 'portal', cong: 'portal', congthongtindientu: 'portal', congttdt: 'portal',
  component: 'component', trangthanhphan: 'component', thanhphan: 'component',
  standalone: 'standalone', trangdoclap: 'standalone', doclap: 'standalone',
};

const compact = (s: string) => foldText(s).replace(/ /g, '');

const FIELD_BY_HEADER = new Map(
  (Object.entries(HEADERS) as [Field, string[]][]).flatMap(([field, names]) => names.map((n): [string, Field] => [compact(n), field])),
);

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
    const field = FIELD_BY_HEADER.get(compact(name));
    if (field && !columns.has(field)) columns.set(field, index);
  });
  const problems: RegistryProblem[] = [];
  for (const required of ['org', 'domain', 'league'] as const) {
    if (!columns.has(required)) {
      problems.push({
        file, row: 1, field: required, value: header.join(','),
        message: {
          vi: `Thiếu cột bắt buộc "${FIELD_NAMES[required].vi}" (các tên được chấp nhận: ${HEADERS[required].map((n) => `"${n}"`).join(', ')})`,
          en: `Missing required column "${FIELD_NAMES[required].en}" (accepted names: ${HEADERS[required].map((n) => `"${n}"`).join(', ')})`,
        },
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
      const field = FIELD_BY_HEADER.get(compact(key));
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
  const childRows: { row: number; target: TargetRecord; parent: string; leagueGiven: boolean }[] = [];
  for (const { row, values } of raw) {
    const problem = (field: string, value: string, vi: string, en: string) => problems.push({ file, row, field, value, message: { vi, en } });
    const before = problems.length;
    const org = values.org ?? '';
    if (org === '') problem('organisation', org, 'Thiếu tên cơ quan, đơn vị', 'Organisation name is empty');
    const role = values.role ? ROLES[compact(values.role)] : 'portal';
    if (!role) problem('role', values.role ?? '', 'Loại trang phải là cổng chính, trang thành phần hoặc trang độc lập', 'Site type must be portal, component or standalone');
    const parent = values.parent ? normaliseEntry(values.parent) : undefined;
    if (parent && !parent.ok) problem('parent', values.parent ?? '', parent.error.vi, parent.error.en);
    // A component row may leave the league empty: it takes its portal's.
    const inherits = role === 'component' && parent !== undefined && (values.league ?? '') === '';
    const league = inherits ? 'other' : LEAGUES[compact(values.league ?? '')];
    if (!league) {
      problem('league', values.league ?? '', 'Khối phải là "bộ" (bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ), "tỉnh" hoặc "khác"', 'League must be ministry (ministries, ministerial-level agencies, agencies under the Government), province or other');
    }
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
    if (problems.length > before || !site.ok || !league || !role) continue;
    const target: TargetRecord = {
      host: site.host,
      url: site.url,
      org,
      league,
      role,
      ...(components.length > 0 ? { components: components.map((c) => c.host) } : {}),
      ...(siteId ? { expectedSiteId: siteId } : {}),
      source: 'registry',
      status: 'confirmed',
      ...(values.confidence ? { confidence: values.confidence } : {}),
      updatedAt,
    };
    targets.set(site.host, target);
    if (parent?.ok) childRows.push({ row, target, parent: parent.host, leagueGiven: !inherits });
    for (const component of components) {
      if (targets.has(component.host)) continue;
      targets.set(component.host, {
        host: component.host, url: component.url, org: component.host, league, role: 'component', parentHost: site.host,
        source: 'registry', status: 'confirmed', updatedAt,
      });
    }
  }
  // Component rows name their portal ("Cổng chính"), which may come later in the file.
  for (const { row, target, parent, leagueGiven } of childRows) {
    const portal = targets.get(parent);
    if (!portal || portal.role !== 'portal') {
      problems.push({ file, row, field: 'parent', value: parent, message: { vi: `Cổng chính ${parent} không có trong danh sách`, en: `Portal ${parent} is not in the registry` } });
      targets.delete(target.host);
      continue;
    }
    target.role = 'component';
    target.parentHost = portal.host;
    if (!leagueGiven) target.league = portal.league;
    if (!(portal.components ?? []).includes(target.host)) portal.components = [...(portal.components ?? []), target.host];
  }
  return { targets: [...targets.values()], problems, rows: raw.length };
}
