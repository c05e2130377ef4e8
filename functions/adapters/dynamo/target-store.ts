/**
 * Registry targets in DynamoDB: one item per host (`SITE#<host>` / `TARGET`), indexed in GSI1
 * under `TARGETS` by role, status and host so that listing never scans the table.
 */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TargetRecord } from '../../core/records.ts';
import type { TargetFilter, TargetStore } from '../../core/stores.ts';
import { GSI1, recordOf, targetKey, targetsByRolePrefix, targetsIndexKey } from './keys.ts';
import { assertDistinct, batchWriteAll, queryAll, tableOf, type DynamoStoreOptions } from './table-io.ts';

/** {@link TargetStore} on a DynamoDB table. */
export class DynamoTargetStore implements TargetStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: DynamoStoreOptions) {
    ({ client: this.client, tableName: this.tableName } = tableOf(options));
  }

  async put(target: TargetRecord): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: itemOf(target) }));
  }

  async putMany(targets: readonly TargetRecord[]): Promise<void> {
    assertDistinct(
      targets.map((target) => target.host),
      'target host',
    );
    await batchWriteAll(
      this.client,
      this.tableName,
      targets.map((target) => ({ PutRequest: { Item: itemOf(target) } })),
    );
  }

  async deleteMany(hosts: readonly string[]): Promise<void> {
    assertDistinct(hosts, 'target host');
    await batchWriteAll(
      this.client,
      this.tableName,
      hosts.map((host) => ({ DeleteRequest: { Key: targetKey(host) } })),
    );
  }

  async get(host: string): Promise<TargetRecord | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: targetKey(host) }));
    return Item ? recordOf<TargetRecord>(Item) : undefined;
  }

  async list(filter: TargetFilter = {}): Promise<TargetRecord[]> {
    const names: Record<string, string> = { '#pk': 'GSI1PK' };
    const values: Record<string, unknown> = { ':pk': 'TARGETS' };
    let keyCondition = '#pk = :pk';
    let filterExpression: string | undefined;
    if (filter.role !== undefined) {
      names['#sk'] = 'GSI1SK';
      values[':prefix'] = targetsByRolePrefix(filter.role, filter.status);
      keyCondition += ' AND begins_with(#sk, :prefix)';
    } else if (filter.status !== undefined) {
      // Status without role is not a key prefix: filter the (small) TARGETS partition.
      names['#status'] = 'status';
      values[':status'] = filter.status;
      filterExpression = '#status = :status';
    }
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: GSI1,
      KeyConditionExpression: keyCondition,
      FilterExpression: filterExpression,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    });
    return items.map((item) => recordOf<TargetRecord>(item)).sort((a, b) => compare(a.host, b.host));
  }
}

function itemOf(target: TargetRecord): Record<string, unknown> {
  return { ...target, ...targetKey(target.host), ...targetsIndexKey(target), entity: 'target' };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
