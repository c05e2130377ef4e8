/**
 * Names of the criteria and verdicts as users read them (CLI, reports). One table, so the CLI
 * and every report format say the same thing.
 */
import type { CheckId, LocalizedText, Verdict } from './types.ts';

export interface CriterionLabel {
  /** Section of the evaluation letter (REQUIREMENTS.md). */
  criterion: string;
  name: LocalizedText;
}

export const CRITERIA: Record<CheckId, CriterionLabel> = {
  'emc-tracking-code': {
    criterion: '2.1',
    name: { vi: 'Nhúng mã theo dõi EMC', en: 'EMC tracking code embedded' },
  },
  'emc-badge': {
    criterion: '2.2a',
    name: { vi: 'Hiển thị nhãn "Đã kết nối EMC"', en: 'Shows the "connected to EMC" badge' },
  },
  'portal-links-components': {
    criterion: '2.2b',
    name: { vi: 'Cổng chính liên kết tới trang thành phần', en: 'Portal links to its component sites' },
  },
  'component-links-portal': {
    criterion: '2.2c',
    name: { vi: 'Trang thành phần liên kết về cổng chính', en: 'Component site links back to its portal' },
  },
};

export const VERDICT_LABELS: Record<Verdict, LocalizedText> = {
  pass: { vi: 'Đạt', en: 'Pass' },
  fail: { vi: 'Không đạt', en: 'Fail' },
  unknown: { vi: 'Chưa xác định', en: 'Unknown' },
  'not-applicable': { vi: 'Không áp dụng', en: 'N/A' },
};

export const ROLE_LABELS: Record<'portal' | 'component' | 'standalone', LocalizedText> = {
  portal: { vi: 'cổng thông tin chính', en: 'portal' },
  component: { vi: 'trang thành phần', en: 'component site' },
  standalone: { vi: 'trang độc lập', en: 'standalone site' },
};
