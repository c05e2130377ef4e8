/**
 * The criteria of the evaluation letter, and the words for verdicts and roles: the ONE table
 * that the checks (which roles a criterion applies to), the CLI, every report format and the
 * rule sets read. Nothing else defines a criterion's section, name or applicability;
 * test/unit/criteria-table.test.ts fails when a criterion's name or section is written anywhere
 * else in the source. Sections are those of the evaluation letter (docs/checks.md).
 */
import type { CheckId, LocalizedText, SiteRole, Verdict } from './types.ts';

/** One criterion: its section, its name in Vietnamese and English, and the roles it is judged on. */
export interface Criterion extends LocalizedText {
  /** Section number of the evaluation letter ("2.1", "2.2a", …). */
  section: string;
  /** Roles the criterion is evaluated on; on any other role its verdict is `not-applicable`. */
  appliesTo: readonly SiteRole[];
}

/** The four checked criteria, in report-column order. */
export const CRITERIA: Readonly<Record<CheckId, Criterion>> = {
  'emc-tracking-code': {
    section: '2.1',
    vi: 'Gắn mã theo dõi EMC, kết nối hệ thống EMC',
    en: 'EMC tracking code embedded, connected to EMC',
    appliesTo: ['portal', 'component', 'standalone'],
  },
  'emc-badge': {
    section: '2.2a',
    vi: 'Hiển thị nhãn "Đã kết nối EMC"',
    en: 'Shows the "connected to EMC" label',
    appliesTo: ['portal', 'component', 'standalone'],
  },
  'portal-links-components': {
    section: '2.2b',
    vi: 'Cổng chính liên kết tới các trang thành phần',
    en: 'Portal homepage links to its component sites',
    appliesTo: ['portal'],
  },
  'component-links-portal': {
    section: '2.2c',
    vi: 'Trang thành phần liên kết về cổng chính',
    en: 'Component homepage links to its portal',
    appliesTo: ['component'],
  },
};

/** Criterion 2.3: the monthly traffic ranking from EMC's exports (not a check of a page). */
export const TRAFFIC_CRITERION: Criterion = {
  section: '2.3',
  vi: 'Xếp hạng theo lượt truy cập (số liệu EMC)',
  en: 'Ranking by visits (EMC figures)',
  appliesTo: ['portal'],
};

/** Whether criterion `id` is judged on a site of this role. */
export function criterionApplies(id: CheckId, role: SiteRole): boolean {
  return CRITERIA[id].appliesTo.includes(role);
}

export const VERDICT_LABELS: Readonly<Record<Verdict, LocalizedText>> = {
  pass: { vi: 'Đạt', en: 'Pass' },
  fail: { vi: 'Không đạt', en: 'Fail' },
  unknown: { vi: 'Chưa xác định', en: 'Unknown' },
  'not-applicable': { vi: 'Không áp dụng', en: 'Not applicable' },
};

export const ROLE_LABELS: Readonly<Record<SiteRole, LocalizedText>> = {
  portal: { vi: 'Cổng chính', en: 'Portal' },
  component: { vi: 'Trang thành phần', en: 'Component' },
  standalone: { vi: 'Trang độc lập', en: 'Standalone' },
};
