import type { CheckId, CheckResult } from '../types.ts';

/** The result of a criterion that does not apply to a site's role. */
export function notApplicable(id: CheckId): CheckResult {
  return {
    id,
    verdict: 'not-applicable',
    summary: { vi: 'Không áp dụng cho loại trang này', en: 'Does not apply to this kind of site' },
    warnings: [],
    evidence: [],
  };
}
