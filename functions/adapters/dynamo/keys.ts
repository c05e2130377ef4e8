/**
 * Single-table key layout of the pipeline's DynamoDB table.
 *
 * Table: partition key `PK` (S), sort key `SK` (S); one global secondary index `GSI1` with
 * partition key `GSI1PK` (S), sort key `GSI1SK` (S), projection ALL. No transactions, PartiQL
 * or TTL are used (the embedded dynalite has none). Keys are deterministic so that a
 * redelivered message overwrites its earlier item instead of duplicating it.
 *
 * | access pattern                         | index | key condition                                         | helper |
 * |----------------------------------------|-------|-------------------------------------------------------|--------|
 * | get a target by host                   | table | PK=`SITE#<host>`, SK=`TARGET`                         | {@link targetKey} |
 * | list targets (by role, then status)    | GSI1  | GSI1PK=`TARGETS`, GSI1SK begins `<role>#<status>#`    | {@link targetsIndexKey}, {@link targetsByRolePrefix} |
 * | get a run                              | table | PK=`RUN#<runId>`, SK=`META`                           | {@link runKey} |
 * | list runs, newest first                | GSI1  | GSI1PK=`RUNS`, GSI1SK=`<startedAt>#<runId>` descending | {@link runsIndexKey} |
 * | latest run of a period                 | GSI1  | as above, first item whose `period` matches           | {@link runsIndexKey} |
 * | get the finding of a site in a run     | table | PK=`RUN#<runId>`, SK=`SITE#<host>`                    | {@link findingKey} |
 * | list / count findings of a run         | table | PK=`RUN#<runId>`, SK begins `SITE#`                   | {@link findingsOfRunPrefix} |
 * | history of a site across runs          | GSI1  | GSI1PK=`SITE#<host>`, GSI1SK begins `RUN#`            | {@link siteHistoryIndexKey} |
 * | traffic of a period                    | table | PK=`TRAFFIC#<period>`, SK begins `SITE#`              | {@link trafficKey} |
 * | overrides of a host                    | table | PK=`SITE#<host>`, SK begins `OVERRIDE#`               | {@link overrideKey} |
 * | all overrides                          | GSI1  | GSI1PK=`OVERRIDES`, GSI1SK=`<host>#<check>#<createdAt>` | {@link overridesIndexKey} |
 *
 * A run's META item and its findings share the partition `RUN#<runId>`; a site's target and
 * overrides share `SITE#<host>`; the sort-key prefixes keep them apart. The `TARGETS`, `RUNS`
 * and `OVERRIDES` index partitions hold a few thousand small items at most, so listing them is
 * a Query, never a Scan of a table that also holds every finding.
 */

/** Name of the one global secondary index. */
export const GSI1 = 'GSI1';

/** Primary key of an item. */
export interface ItemKey {
  PK: string;
  SK: string;
}

/** Index key of an item (in GSI1). */
export interface IndexKey {
  GSI1PK: string;
  GSI1SK: string;
}

/** Attributes that belong to the key layout, not to the stored record. */
export const KEY_ATTRIBUTES = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'entity'] as const;

const SITE = 'SITE#';
const RUN = 'RUN#';

/** Partition of a site (its target and its overrides). */
export function sitePartition(host: string): string {
  return `${SITE}${host}`;
}

/** Partition of a run (its META item and its findings). */
export function runPartition(runId: string): string {
  return `${RUN}${runId}`;
}

export function targetKey(host: string): ItemKey {
  return { PK: sitePartition(host), SK: 'TARGET' };
}

export function targetsIndexKey(target: { host: string; role: string; status: string }): IndexKey {
  return { GSI1PK: 'TARGETS', GSI1SK: `${target.role}#${target.status}#${target.host}` };
}

/** GSI1SK prefix selecting targets of a role (and status, when given). */
export function targetsByRolePrefix(role: string, status?: string): string {
  return status === undefined ? `${role}#` : `${role}#${status}#`;
}

export function runKey(runId: string): ItemKey {
  return { PK: runPartition(runId), SK: 'META' };
}

export function runsIndexKey(run: { runId: string; startedAt: string }): IndexKey {
  return { GSI1PK: 'RUNS', GSI1SK: `${run.startedAt}#${run.runId}` };
}

export function findingKey(runId: string, host: string): ItemKey {
  return { PK: runPartition(runId), SK: `${SITE}${host}` };
}

/** SK prefix of the findings in a run partition (excludes the META item). */
export const findingsOfRunPrefix = SITE;

export function siteHistoryIndexKey(finding: { runId: string; host: string }): IndexKey {
  return { GSI1PK: sitePartition(finding.host), GSI1SK: `${RUN}${finding.runId}` };
}

/** GSI1SK prefix of a site's findings in its history partition. */
export const siteHistoryPrefix = RUN;

export function trafficPartition(period: string): string {
  return `TRAFFIC#${period}`;
}

export function trafficKey(period: string, host: string): ItemKey {
  return { PK: trafficPartition(period), SK: `${SITE}${host}` };
}

/** SK prefix of the overrides in a site partition. */
export const overridesOfSitePrefix = 'OVERRIDE#';

export function overrideKey(override: { host: string; check: string; createdAt: string }): ItemKey {
  return { PK: sitePartition(override.host), SK: `${overridesOfSitePrefix}${override.check}#${override.createdAt}` };
}

export function overridesIndexKey(override: { host: string; check: string; createdAt: string }): IndexKey {
  return { GSI1PK: 'OVERRIDES', GSI1SK: `${override.host}#${override.check}#${override.createdAt}` };
}

/** The stored record of an item: the item without its key attributes. */
export function recordOf<T>(item: Record<string, unknown>): T {
  const record: Record<string, unknown> = { ...item };
  for (const attribute of KEY_ATTRIBUTES) delete record[attribute];
  return record as T;
}
