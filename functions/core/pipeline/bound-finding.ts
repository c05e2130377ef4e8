/**
 * Findings bounded by construction: whatever a page contains, the lists a finding carries —
 * discovered candidates, each check's evidence, the 2.2b per-component statuses — hold at most
 * {@link LISTED_LIMIT} entries, the counts beside them (`total`, `linked`, `trimmed`) stay
 * whole, and the full lists go to the evidence bucket. A portal padding its homepage with
 * thousands of links therefore still gets a stored finding (a stored item has a size limit)
 * and its verdict; the store's own trimming (adapters/dynamo/finding-store.ts) stays a last
 * resort.
 */
import type { SiteAudit } from '../types.ts';

/** Entries kept per list in a finding. Portals have tens of components, not hundreds. */
export const LISTED_LIMIT = 200;

/** What {@link boundAudit} cut, with the full lists when it cut anything. */
export interface BoundedAudit {
  audit: SiteAudit;
  /** Entries dropped from each kind of list. */
  cut: { discovered: number; evidence: number; components: number };
  /** The lists as the audit had them, for the evidence bucket; undefined when nothing was cut. */
  full?: { discovered: SiteAudit['discovered']; checks: Record<string, { evidence: unknown[]; components?: unknown[] }> };
}

/** A 2.2b status: the report needs the unlinked ones, so they are kept first. */
interface ComponentStatus {
  linked?: unknown;
}

/** The audit with every list cut to `limit` entries (see the module comment). The input is not modified. */
export function boundAudit(audit: SiteAudit, limit = LISTED_LIMIT): BoundedAudit {
  const cut = { discovered: Math.max(0, audit.discovered.length - limit), evidence: 0, components: 0 };
  const checks = Object.fromEntries(
    Object.entries(audit.checks).map(([id, result]) => {
      const components = result.data?.components;
      const listed = Array.isArray(components) && components.length > limit ? missingFirst(components as ComponentStatus[]).slice(0, limit) : undefined;
      if (listed) cut.components += (components as unknown[]).length - limit;
      cut.evidence += Math.max(0, result.evidence.length - limit);
      return [id, {
        ...result,
        evidence: result.evidence.slice(0, limit),
        ...(listed ? { data: { ...result.data, components: listed } } : {}),
      }];
    }),
  ) as SiteAudit['checks'];
  if (cut.discovered + cut.evidence + cut.components === 0) return { audit, cut };
  return {
    audit: { ...audit, checks, discovered: audit.discovered.slice(0, limit) },
    cut,
    full: {
      discovered: audit.discovered,
      checks: Object.fromEntries(
        Object.entries(audit.checks).map(([id, result]) => [id, {
          evidence: result.evidence,
          ...(Array.isArray(result.data?.components) ? { components: result.data.components as unknown[] } : {}),
        }]),
      ),
    },
  };
}

/** 2.2b component statuses with the unlinked ones (those the report names) first. */
export function missingFirst<T extends ComponentStatus>(statuses: readonly T[]): T[] {
  return [...statuses.filter((s) => s.linked !== true), ...statuses.filter((s) => s.linked === true)];
}
