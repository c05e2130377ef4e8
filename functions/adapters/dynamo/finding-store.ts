/**
 * Findings in DynamoDB: `RUN#<runId>` / `SITE#<host>`, so a redelivered scan overwrites its own
 * item and the count of a run's items is its progress. GSI1 (`SITE#<host>` / `RUN#<runId>`)
 * serves a site's history.
 *
 * DynamoDB refuses items over 400 KB. The pipeline already bounds every list of a finding
 * (core/pipeline/bound-finding.ts); should one still exceed {@link MAX_FINDING_BYTES} (long
 * hrefs, long excerpts), it loses evidence excerpts first (those beyond the first few of each
 * list, then all), then evidence entries, discovered candidates and 2.2b component statuses
 * beyond a quota, then everything but its verdicts and summaries; the full page and lists are
 * in S3 (`evidenceKeys`) anyway.
 */
import { Buffer } from 'node:buffer';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { missingFirst } from '../../core/pipeline/bound-finding.ts';
import type { FindingRecord } from '../../core/records.ts';
import type { FindingStore } from '../../core/stores.ts';
import type { Evidence, SiteAudit } from '../../core/types.ts';
import {
  findingKey,
  findingsOfRunPrefix,
  GSI1,
  recordOf,
  runPartition,
  siteHistoryIndexKey,
  siteHistoryPrefix,
  sitePartition,
} from './keys.ts';
import { queryAll, queryCount, queryItems, tableOf, type DynamoStoreOptions } from './table-io.ts';

/** Largest stored finding, as JSON bytes: DynamoDB's 400 KB minus room for its own overhead. */
export const MAX_FINDING_BYTES = 350 * 1024;
/** Evidence entries per list whose excerpts survive the first cut. */
const EXCERPT_QUOTA = 3;
/** Evidence entries kept per list once excerpts alone did not make the item fit. */
const EVIDENCE_QUOTA = 20;
/** Discovered component candidates kept once evidence cuts did not make the item fit. */
const DISCOVERED_QUOTA = 200;

/** {@link FindingStore} on a DynamoDB table. */
export class DynamoFindingStore implements FindingStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: DynamoStoreOptions) {
    ({ client: this.client, tableName: this.tableName } = tableOf(options));
  }

  async put(finding: FindingRecord): Promise<void> {
    const item = {
      ...fitFinding(finding),
      ...findingKey(finding.runId, finding.host),
      ...siteHistoryIndexKey(finding),
      entity: 'finding',
    };
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: item }));
  }

  async get(runId: string, host: string): Promise<FindingRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: findingKey(runId, host) }),
    );
    return Item ? recordOf<FindingRecord>(Item) : undefined;
  }

  async listByRun(runId: string): Promise<FindingRecord[]> {
    const items = await queryAll(this.client, this.runQuery(runId));
    return items.map((item) => recordOf<FindingRecord>(item));
  }

  async *streamByRun(runId: string): AsyncGenerator<FindingRecord> {
    for await (const item of queryItems(this.client, this.runQuery(runId))) yield recordOf<FindingRecord>(item);
  }

  async historyOfSite(host: string): Promise<FindingRecord[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: GSI1,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: { '#pk': 'GSI1PK', '#sk': 'GSI1SK' },
      ExpressionAttributeValues: { ':pk': sitePartition(host), ':prefix': siteHistoryPrefix },
    });
    // Run ids need not sort by time; the recording time does.
    return items
      .map((item) => recordOf<FindingRecord>(item))
      .sort((a, b) => (a.recordedAt < b.recordedAt ? 1 : a.recordedAt > b.recordedAt ? -1 : 0));
  }

  async countByRun(runId: string): Promise<number> {
    return queryCount(this.client, this.runQuery(runId));
  }

  private runQuery(runId: string) {
    return {
      TableName: this.tableName,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: { '#pk': 'PK', '#sk': 'SK' },
      ExpressionAttributeValues: { ':pk': runPartition(runId), ':prefix': findingsOfRunPrefix },
    };
  }
}

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/** Every evidence list of an audit (per check, and the informational Tín Nhiệm Mạng badge). */
function evidenceLists(audit: SiteAudit): Evidence[][] {
  const lists = Object.values(audit.checks).map((check) => check.evidence);
  if (audit.info.tinNhiemMang) lists.push(audit.info.tinNhiemMang.evidence);
  return lists;
}

/**
 * The finding, cut down to at most `limit` JSON bytes if needed (see the module comment), with
 * `trimmed` counting what was dropped (added to what the pipeline already cut). The input is
 * never modified. The last cut keeps only verdicts, summaries, hints, the first warnings and the
 * short scalar data of each check: whatever a page holds, its site keeps a finding. Throws only
 * if even that does not fit (a programming error, not something a page can cause).
 */
export function fitFinding(finding: FindingRecord, limit = MAX_FINDING_BYTES): FindingRecord {
  if (jsonBytes(finding) <= limit) return finding;
  const audit = structuredClone(finding.audit);
  const trimmed = { excerpts: 0, evidence: 0, discovered: 0, components: 0, ...finding.trimmed };
  const current = () => ({ ...finding, audit, trimmed });
  const fits = () => jsonBytes(current()) <= limit;

  // The first entries of a list are the decisive ones: keep their excerpts as long as possible.
  for (const keep of [EXCERPT_QUOTA, 0]) {
    if (fits()) break;
    for (const list of evidenceLists(audit)) {
      for (const evidence of list.slice(keep)) {
        if (evidence.excerpt === undefined) continue;
        delete evidence.excerpt;
        trimmed.excerpts++;
      }
    }
  }
  for (const quota of [EVIDENCE_QUOTA, 0]) {
    if (fits()) break;
    for (const list of evidenceLists(audit)) {
      if (list.length > quota) trimmed.evidence += list.splice(quota).length;
    }
    if (!fits() && audit.discovered.length > quota * (DISCOVERED_QUOTA / EVIDENCE_QUOTA)) {
      trimmed.discovered += audit.discovered.splice(quota * (DISCOVERED_QUOTA / EVIDENCE_QUOTA)).length;
    }
    if (!fits()) trimmed.components += cutComponents(audit, quota);
  }
  if (!fits()) keepVerdictsOnly(audit);
  const fitted = current();
  const size = jsonBytes(fitted);
  if (size > limit) {
    throw new Error(`Finding ${finding.runId}/${finding.host} is ${size} bytes with its verdicts alone (limit ${limit})`);
  }
  return fitted;
}

/** Cuts the 2.2b component statuses to `quota`, unlinked ones kept first; returns how many went. */
function cutComponents(audit: SiteAudit, quota: number): number {
  let dropped = 0;
  for (const check of Object.values(audit.checks)) {
    const components = check.data?.components;
    if (!Array.isArray(components) || components.length <= quota) continue;
    dropped += components.length - quota;
    check.data = { ...check.data, components: missingFirst(components as { linked?: unknown }[]).slice(0, quota) };
  }
  return dropped;
}

/** Longest string data value the last cut keeps. */
const SCALAR_TEXT_LIMIT = 500;
/** Warnings per check the last cut keeps. */
const WARNING_QUOTA = 3;

/** The last cut: each check's verdict, summary, hint, first warnings and short scalar data. */
function keepVerdictsOnly(audit: SiteAudit): void {
  for (const check of Object.values(audit.checks)) {
    check.evidence = [];
    check.warnings = check.warnings.slice(0, WARNING_QUOTA);
    if (check.data === undefined) continue;
    check.data = Object.fromEntries(
      Object.entries(check.data).filter(([, value]) =>
        typeof value === 'number' || typeof value === 'boolean' || (typeof value === 'string' && value.length <= SCALAR_TEXT_LIMIT)),
    );
  }
  audit.discovered = [];
  if (audit.info.tinNhiemMang) audit.info.tinNhiemMang.evidence = [];
  if (audit.info.title !== undefined && audit.info.title.length > SCALAR_TEXT_LIMIT) audit.info.title = audit.info.title.slice(0, SCALAR_TEXT_LIMIT);
}
