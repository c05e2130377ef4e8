/**
 * Traffic rows in DynamoDB: `TRAFFIC#<period>` / `SITE#<host>`. Replacing a period writes the
 * new rows first and deletes the stale ones afterwards, so a reader never sees the period empty
 * (there are no transactions to make the swap atomic).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TrafficRecord } from '../../core/records.ts';
import type { TrafficStore } from '../../core/stores.ts';
import { recordOf, trafficKey, trafficPartition, type ItemKey } from './keys.ts';
import { assertDistinct, batchWriteAll, queryAll, tableOf, type DynamoStoreOptions } from './table-io.ts';

/** {@link TrafficStore} on a DynamoDB table. */
export class DynamoTrafficStore implements TrafficStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: DynamoStoreOptions) {
    ({ client: this.client, tableName: this.tableName } = tableOf(options));
  }

  async replacePeriod(period: string, rows: readonly TrafficRecord[]): Promise<void> {
    const misplaced = rows.find((row) => row.period !== period);
    if (misplaced) throw new Error(`Traffic row of ${misplaced.host} is for ${misplaced.period}, not ${period}`);
    assertDistinct(
      rows.map((row) => row.host),
      `traffic host in ${period}`,
    );

    const query = this.periodQuery(period);
    const existing = await queryAll(this.client, {
      ...query,
      ExpressionAttributeNames: { ...query.ExpressionAttributeNames, '#sk': 'SK' },
      ProjectionExpression: '#pk, #sk',
    });
    await batchWriteAll(
      this.client,
      this.tableName,
      rows.map((row) => ({ PutRequest: { Item: { ...row, ...trafficKey(period, row.host), entity: 'traffic' } } })),
    );
    const kept = new Set(rows.map((row) => trafficKey(period, row.host).SK));
    const stale = existing.filter((item) => !kept.has(item.SK as string));
    await batchWriteAll(
      this.client,
      this.tableName,
      stale.map((item) => ({ DeleteRequest: { Key: { PK: item.PK, SK: item.SK } as ItemKey } })),
    );
  }

  async listPeriod(period: string): Promise<TrafficRecord[]> {
    const items = await queryAll(this.client, this.periodQuery(period));
    return items.map((item) => recordOf<TrafficRecord>(item));
  }

  private periodQuery(period: string) {
    return {
      TableName: this.tableName,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': 'PK' },
      ExpressionAttributeValues: { ':pk': trafficPartition(period) },
    };
  }
}
