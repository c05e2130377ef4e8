/**
 * Evaluators' overrides of verdicts (the semi-automatic part of the evaluation). Records are
 * never deleted: a new override supersedes older ones, clearing sets `clearedAt`, and an
 * override stops applying after its `until` day. This module decides which one applies.
 */
import type { OverrideRecord } from './records.ts';
import { siteHost } from './url.ts';
import { CHECK_IDS, type CheckId, type SiteAudit, type Verdict } from './types.ts';

/**
 * The override in force for each host and check on `onDate` (`YYYY-MM-DD`, the evaluation's
 * local date): among the records not cleared and not expired (`until` is inclusive), the one
 * created last. Hosts are keyed by {@link siteHost}.
 */
export function activeOverrides(all: OverrideRecord[], onDate: string): Map<string, Map<CheckId, OverrideRecord>> {
  const active = new Map<string, Map<CheckId, OverrideRecord>>();
  for (const record of all) {
    if (overrideState(record, onDate) !== 'active') continue;
    const key = siteHost(record.host);
    let byCheck = active.get(key);
    if (!byCheck) {
      byCheck = new Map();
      active.set(key, byCheck);
    }
    const current = byCheck.get(record.check);
    if (!current || record.createdAt >= current.createdAt) byCheck.set(record.check, record);
  }
  return active;
}

/** Where one record stands on a date, ignoring other records (`superseded` is decided by the caller). */
export function overrideState(record: OverrideRecord, onDate: string): 'active' | 'cleared' | 'expired' {
  if (record.clearedAt !== undefined) return 'cleared';
  if (record.until !== undefined && record.until < onDate) return 'expired';
  return 'active';
}

/** A verdict after overrides, remembering what the tool said. */
export interface EffectiveVerdict {
  verdict: Verdict;
  overridden?: { from: Verdict; reason: string; author: string; createdAt: string; until?: string };
}

/**
 * The effective verdict of every check of one audit. `overrides` is the host's entry of
 * {@link activeOverrides}. An override is shown as such even when it confirms the tool's
 * verdict: the evaluator's decision is part of the record.
 */
export function applyOverrides(
  audit: Pick<SiteAudit, 'checks'>,
  overrides: ReadonlyMap<CheckId, OverrideRecord> | undefined,
): Record<CheckId, EffectiveVerdict> {
  const result = {} as Record<CheckId, EffectiveVerdict>;
  for (const id of CHECK_IDS) {
    const from = audit.checks[id]?.verdict ?? 'unknown';
    const override = overrides?.get(id);
    result[id] = override
      ? {
          verdict: override.verdict,
          overridden: {
            from,
            reason: override.reason,
            author: override.author,
            createdAt: override.createdAt,
            ...(override.until !== undefined && { until: override.until }),
          },
        }
      : { verdict: from };
  }
  return result;
}
