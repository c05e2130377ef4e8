/**
 * Findings in DynamoDB: `RUN#<runId>` / `SITE#<host>`, so a redelivered scan overwrites its own
 * item and the count of a run's items is its progress. GSI1 (`SITE#<host>` / `RUN#<runId>`)
 * serves a site's history.
 *
 * DynamoDB refuses items over 400 KB. A finding keeps its whole SiteAudit (every verdict and
 * summary) but, when it would exceed {@link MAX_FINDING_BYTES}, loses evidence excerpts first (those
 * beyond the first few of each list, then all),
 * then evidence entries beyond a per-list quota, then discovered candidates beyond a quota; the
 * full page is in the S3 snapshot (`evidenceKeys`) anyway.
 */
import { Buffer } from 'node:buffer';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
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
 * `trimmed` counting what was dropped. The input is never modified. Throws if even the cut-down
 * audit does not fit (its verdicts and summaries are never dropped).
 */
export function fitFinding(finding: FindingRecord, limit = MAX_FINDING_BYTES): FindingRecord {
  if (jsonBytes(finding) <= limit) return finding;
  const audit = structuredClone(finding.audit);
  const trimmed = { excerpts: 0, evidence: 0, discovered: 0 };
  const current = () => ({ ...finding, audit, trimmed });

  // The first entries of a list are the decisive ones: keep their excerpts as long as possible.
  for (const keep of [EXCERPT_QUOTA, 0]) {
    if (jsonBytes(current()) <= limit) break;
    for (const list of evidenceLists(audit)) {
      for (const evidence of list.slice(keep)) {
        if (evidence.excerpt === undefined) continue;
        delete evidence.excerpt;
        trimmed.excerpts++;
      }
    }
  }
  if (jsonBytes(current()) > limit) {
    for (const list of evidenceLists(audit)) {
      if (list.length > EVIDENCE_QUOTA) trimmed.evidence += list.splice(EVIDENCE_QUOTA).length;
    }
  }
  if (jsonBytes(current()) > limit && audit.discovered.length > DISCOVERED_QUOTA) {
    trimmed.discovered += audit.discovered.splice(DISCOVERED_QUOTA).length;
  }
  const fitted = current();
  const size = jsonBytes(fitted);
  if (size > limit) {
    throw new Error(`Finding ${finding.runId}/${finding.host} is ${size} bytes after trimming evidence (limit ${limit})`);
  }
  return fitted;
}
