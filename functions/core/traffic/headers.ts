/**
 * Column headers of EMC traffic exports, as data. The operator's files come in Vietnamese or
 * English, with or without diacritics, in any case; headers are compared folded (see
 * {@link foldHeader}), so each synonym is written once, readably.
 */
import type { LocalizedText } from '../types.ts';
import { foldText } from '../text.ts';

/** Fields a traffic row can carry. */
export type TrafficField = 'org' | 'domain' | 'siteId' | 'visits' | 'pageviews' | 'visitors';

/** Accepted header texts per field (compared folded: no diacritics, case, spaces or punctuation). */
export const TRAFFIC_HEADER_SYNONYMS: Record<TrafficField, readonly string[]> = {
  org: [
    'Tên đơn vị', 'Đơn vị', 'Tên cơ quan', 'Cơ quan', 'Cơ quan/đơn vị', 'Tên cổng', 'Tên trang', 'Tên website',
    'Tên cổng/trang', 'Unit', 'Unit name', 'Organisation', 'Organization', 'Agency', 'Site name', 'Name',
  ],
  domain: [
    'Tên miền', 'Địa chỉ', 'Địa chỉ trang', 'Địa chỉ website', 'Website', 'URL', 'Đường dẫn', 'Domain',
    'Domain name', 'Host', 'Site URL',
  ],
  siteId: ['Mã site', 'Mã trang', 'Mã website', 'Mã định danh', 'Site id', 'Siteid', 'ID', 'EMC id'],
  visits: [
    'Lượt truy cập', 'Số lượt truy cập', 'Tổng lượt truy cập', 'Lượt truy cập trong tháng', 'Truy cập', 'Visits',
    'Total visits', 'Sessions',
  ],
  pageviews: ['Lượt xem trang', 'Số lượt xem trang', 'Lượt xem', 'Pageviews', 'Page views', 'Views'],
  visitors: ['Người dùng', 'Số người dùng', 'Người truy cập', 'Khách truy cập', 'Visitors', 'Unique visitors', 'Users'],
};

/** Columns without which a file cannot be imported: visits, and a way to identify the site. */
export const REQUIRED_TRAFFIC_FIELDS: readonly TrafficField[] = ['visits'];
export const IDENTIFYING_TRAFFIC_FIELDS: readonly TrafficField[] = ['domain', 'siteId'];

/** Display names of the fields, for import reports. */
export const TRAFFIC_FIELD_LABELS: Record<TrafficField, LocalizedText> = {
  org: { vi: 'Tên đơn vị', en: 'Unit' },
  domain: { vi: 'Tên miền', en: 'Domain' },
  siteId: { vi: 'Mã site', en: 'Site id' },
  visits: { vi: 'Lượt truy cập', en: 'Visits' },
  pageviews: { vi: 'Lượt xem trang', en: 'Pageviews' },
  visitors: { vi: 'Người dùng', en: 'Visitors' },
};

/**
 * The comparable form of a header: folded (no diacritics, lower-case), a trailing unit or
 * note in brackets dropped ("Lượt truy cập (lượt)"), and no spaces, so "Site ID", "site-id"
 * and "SiteId" meet.
 */
export function foldHeader(header: string): string {
  return foldText(header.replace(/[([{][^)\]}]*[)\]}]\s*$/, '')).replace(/ /g, '');
}

const FIELD_BY_FOLDED_HEADER: ReadonlyMap<string, TrafficField> = new Map(
  (Object.entries(TRAFFIC_HEADER_SYNONYMS) as [TrafficField, readonly string[]][]).flatMap(([field, names]) =>
    names.map((name): [string, TrafficField] => [foldHeader(name), field]),
  ),
);

/** The field a header names, or undefined for columns we do not use ("STT", "Ghi chú"). */
export function matchHeader(header: string): TrafficField | undefined {
  return FIELD_BY_FOLDED_HEADER.get(foldHeader(header));
}
