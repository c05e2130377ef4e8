/**
 * The registry of checks: one entry per criterion, in report-column order. Adding a check is
 * one file in this folder plus one line here; which roles it is judged on is the criteria
 * table's (core/criteria.ts).
 */
import { criterionApplies } from '../criteria.ts';
import type { CheckId, CheckResult } from '../types.ts';
import type { Check, CheckContext } from './check.ts';
import { componentLinksPortal } from './component-links-portal.ts';
import { emcBadge } from './emc-badge.ts';
import { emcTrackingCode } from './emc-tracking-code.ts';
import { notApplicable } from './not-applicable.ts';
import { portalLinksComponents } from './portal-links-components.ts';

export const CHECKS: readonly Check[] = [emcTrackingCode, emcBadge, portalLinksComponents, componentLinksPortal];

/** Runs every registered check on the shared page models. */
export function runChecks(context: CheckContext): Record<CheckId, CheckResult> {
  const entries = CHECKS.map((check): [CheckId, CheckResult] => [
    check.id,
    criterionApplies(check.id, context.target.role) ? check.run(context) : notApplicable(check.id),
  ]);
  return Object.fromEntries(entries) as Record<CheckId, CheckResult>;
}
