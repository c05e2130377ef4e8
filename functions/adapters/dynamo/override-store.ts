/**
 * Verdict overrides in DynamoDB: `SITE#<host>` / `OVERRIDE#<check>#<createdAt>`, indexed in GSI1
 * under `OVERRIDES`. Clearing sets `clearedAt`/`clearedBy` on the item and never deletes it: the
 * evaluation must show who changed which verdict and when.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { OverrideRecord } from '../../core/records.ts';
import { OverrideNotFoundError, type OverrideKey, type OverrideStore } from '../../core/stores.ts';
import { GSI1, overrideKey, overridesIndexKey, overridesOfSitePrefix, recordOf, sitePartition } from './keys.ts';
import { queryAll, tableOf, type DynamoStoreOptions } from './table-io.ts';

/** {@link OverrideStore} on a DynamoDB table. */
export class DynamoOverrideStore implements OverrideStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: DynamoStoreOptions) {
    ({ client: this.client, tableName: this.tableName } = tableOf(options));
  }

  async add(override: OverrideRecord): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...override, ...overrideKey(override), ...overridesIndexKey(override), entity: 'override' },
      }),
    );
  }

  async clear(key: OverrideKey, cleared: { clearedAt: string; clearedBy: string }): Promise<OverrideRecord> {
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: overrideKey(key),
          // if_not_exists keeps the first clearing: the trail records when it really ended.
          UpdateExpression: 'SET #at = if_not_exists(#at, :at), #by = if_not_exists(#by, :by)',
          ConditionExpression: 'attribute_exists(#pk)',
          ExpressionAttributeNames: { '#at': 'clearedAt', '#by': 'clearedBy', '#pk': 'PK' },
          ExpressionAttributeValues: { ':at': cleared.clearedAt, ':by': cleared.clearedBy },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return recordOf<OverrideRecord>(Attributes ?? {});
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new OverrideNotFoundError(key);
      throw error;
    }
  }

  async listForHost(host: string): Promise<OverrideRecord[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: { '#pk': 'PK', '#sk': 'SK' },
      ExpressionAttributeValues: { ':pk': sitePartition(host), ':prefix': overridesOfSitePrefix },
    });
    // The sort key orders by check first; the trail reads in time order.
    return items
      .map((item) => recordOf<OverrideRecord>(item))
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  }

  async listAll(): Promise<OverrideRecord[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: GSI1,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': 'GSI1PK' },
      ExpressionAttributeValues: { ':pk': 'OVERRIDES' },
    });
    return items.map((item) => recordOf<OverrideRecord>(item));
  }
}
