/**
 * Per-organisation report sets: the overall model cut down to one ministry or province. The
 * league rankings stay whole (an organisation's rank means nothing without the others);
 * everything about sites is restricted to the organisation's portal and components; a group of
 * sites sharing one EMC site id is kept whole when one of them is the organisation's.
 */
import { foldText } from '../text.ts';
import { siteHost } from '../url.ts';
import { coverageOf } from './coverage.ts';
import type { ReportModel } from './model.ts';

/** The organisations that get their own report set, in report order. */
export function organisationsOf(model: ReportModel): string[] {
  return model.summary.organisations.map((o) => o.organisation);
}

/**
 * The model restricted to one organisation (as named in `SiteRow.organisation`). Throws for a
 * name that has no site in the model: a per-organisation set for nobody is a caller's mistake.
 */
export function sliceForOrganisation(model: ReportModel, organisation: string): ReportModel {
  const own = <T extends { organisation: string }>(rows: T[]): T[] => rows.filter((r) => r.organisation === organisation);
  const summary = model.summary.organisations.find((o) => o.organisation === organisation);
  if (!summary) throw new Error(`No organisation "${organisation}" in the report`);
  const changes = own(model.changes);
  const changeCounts = Object.fromEntries(
    Object.keys(model.changeCounts).map((id) => [id, { 'new-failure': 0, fixed: 0, 'became-unknown': 0 }]),
  ) as ReportModel['changeCounts'];
  for (const change of changes) changeCounts[change.check][change.kind] += 1;
  const portals = own(model.portals);
  // A group under a portal is its organisation's; the group of standalone sites holds many
  // organisations' sites, so rows are chosen one by one.
  const components = model.components.flatMap((g) => {
    const rows = own(g.rows);
    return rows.length > 0 ? [{ ...g, organisation, rows }] : [];
  });
  const ownHosts = new Set([...portals, ...components.flatMap((g) => g.rows)].map((s) => siteHost(s.host)));
  return {
    ...model,
    scope: { kind: 'organisation', organisation },
    coverage: coverageOf(summary, model.coverage.runs, model.coverage.insideWindow),
    summary: {
      overall: summary,
      organisations: [summary],
    },
    portals,
    components,
    changes,
    changeCounts,
    unknowns: own(model.unknowns),
    overrides: own(model.overrides),
    ...(model.trends && { trends: model.trends.filter((t) => t.organisation === organisation) }),
    duplicateSiteIds: model.duplicateSiteIds.filter((g) => g.hosts.some((h) => ownHosts.has(siteHost(h.host)))),
  };
}

/**
 * An ASCII file-name slug for an organisation: `"UBND tỉnh Đồng Nai"` → `"ubnd-tinh-dong-nai"`.
 * Report keys are S3 keys and e-mail attachment names, where ASCII avoids encoding trouble.
 */
export function organisationSlug(organisation: string): string {
  return foldText(organisation).replace(/ /g, '-').slice(0, 80) || 'to-chuc';
}
