/**
 * The run-level rule of criterion 2.1 (docs/detection.md §1, docs/checks.md): one EMC site id on
 * two different sites. A site id says nothing about which site it belongs to (only EMC knows
 * the mapping), so the one-site check cannot see this; it shows only across a run's findings.
 * The usual cause is a snippet copied from another site, after which EMC counts both sites'
 * visits under one id. A warning for an evaluator to confirm with EMC, never a verdict.
 *
 * Decisions:
 * - Only a `pass` of `emc-tracking-code` contributes its `data.siteId`: that is the code that
 *   runs and sends the id to EMC. A failing snippet (commented out, inside `<noscript>`, never
 *   loaded) sends nothing, so it cannot merge two sites' figures, and is not counted even if a
 *   result carries an id.
 * - Hosts are compared as sites (`www.` ignored, {@link siteHost}): `www.a.gov.vn` and
 *   `a.gov.vn` with one id are one site, not a duplicate. A site scanned twice counts once, its
 *   latest finding.
 * - The registry's `expectedSiteId` adds the strong signal: when an id found on one site is the
 *   registered id of another site, that other site joins the group as `registered`, even when
 *   it was not scanned or shows another id (the copy's source is then named).
 * - Excluded targets (out of scope for the evaluation) are left out, as in the reports.
 */
import type { FindingRecord, TargetRecord } from '../records.ts';
import { latestFindingBySite } from '../latest-findings.ts';
import { siteHost } from '../url.ts';

/** One site of a {@link DuplicateSiteIdGroup}. */
export interface DuplicateSiteIdHost {
  /** The host as registered (or as scanned, for a host outside the registry). */
  host: string;
  /** The site's name in the registry; absent for a host outside the registry. */
  org?: string;
  /**
   * `found`: the site's live tracking code carries the id. `registered`: the registry gives the
   * site this id while the code carrying it was found on another site.
   */
  via: 'found' | 'registered';
}

/** Sites sharing one EMC site id (at least two different sites). */
export interface DuplicateSiteIdGroup {
  siteId: string;
  /** Sorted by host. */
  hosts: DuplicateSiteIdHost[];
}

/**
 * The groups of sites sharing one EMC site id in a run's findings, sorted by site id
 * (numerically). Empty when every id is on one site only. Pure and linear in its input.
 */
export function duplicateSiteIds(findings: readonly FindingRecord[], targets: readonly TargetRecord[]): DuplicateSiteIdGroup[] {
  const inScope = targets.filter((t) => t.status !== 'excluded');
  const targetByKey = new Map(inScope.map((t) => [siteHost(t.host), t]));
  const excluded = new Set(targets.filter((t) => t.status === 'excluded').map((t) => siteHost(t.host)));

  const foundOn = new Map<string, Map<string, DuplicateSiteIdHost>>();
  for (const [key, finding] of latestFindingBySite(findings)) {
    if (excluded.has(key)) continue;
    const siteId = liveSiteId(finding);
    if (siteId === undefined) continue;
    const target = targetByKey.get(key);
    let members = foundOn.get(siteId);
    if (!members) {
      members = new Map();
      foundOn.set(siteId, members);
    }
    members.set(key, { host: target?.host ?? finding.host, ...(target && { org: target.org }), via: 'found' });
  }

  for (const [key, target] of targetByKey) {
    const expected = target.expectedSiteId?.trim();
    const members = expected ? foundOn.get(expected) : undefined;
    if (members && !members.has(key)) members.set(key, { host: target.host, org: target.org, via: 'registered' });
  }

  const groups: DuplicateSiteIdGroup[] = [];
  for (const [siteId, members] of foundOn) {
    if (members.size < 2) continue;
    groups.push({ siteId, hosts: [...members.values()].sort((a, b) => compareText(a.host, b.host)) });
  }
  return groups.sort((a, b) => compareSiteIds(a.siteId, b.siteId));
}

/** The site id the live tracking code sends to EMC, if the check passed and read one. */
/** The EMC site id a finding's live tracking code sends (only a `pass` of 2.1 sends one). */
export function liveSiteId(finding: FindingRecord): string | undefined {
  const result = finding.audit.checks['emc-tracking-code'];
  if (result?.verdict !== 'pass') return undefined;
  const raw = result.data?.siteId;
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
  const siteId = String(raw).trim();
  return siteId === '' ? undefined : siteId;
}

function compareSiteIds(a: string, b: string): number {
  const numeric = /^\d+$/;
  if (numeric.test(a) && numeric.test(b)) return a.length - b.length || compareText(a, b);
  return compareText(a, b);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
