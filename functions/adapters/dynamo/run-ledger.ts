/**
 * The run ledger on DynamoDB: one item per host enqueued in a run, `RUN#<runId>` /
 * `ENQUEUED#<host>`, written with a condition so that only the first claim of a host wins —
 * or a later one while the item still says `sent = false` (its first sender failed before the
 * send). A conditional Put, not a transaction: dynalite and DynamoDB both support it. Items
 * written before `sent` existed have no such attribute and count as sent.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import pLimit from 'p-limit';
import type { RunLedger } from '../../core/pipeline/run-ledger.ts';
import { runPartition } from './keys.ts';
import { queryCount, tableOf, type DynamoStoreOptions } from './table-io.ts';

const ENQUEUED = 'ENQUEUED#';

export class DynamoRunLedger implements RunLedger {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: DynamoStoreOptions) {
    ({ client: this.client, tableName: this.tableName } = tableOf(options));
  }

  async claim(runId: string, hosts: readonly string[]): Promise<string[]> {
    const limit = pLimit(8);
    const unique = [...new Set(hosts)];
    const won = await Promise.all(unique.map((host) => limit(() => this.claimOne(runId, host))));
    return unique.filter((_, i) => won[i]);
  }

  async markSent(runId: string, hosts: readonly string[]): Promise<void> {
    const limit = pLimit(8);
    await Promise.all([...new Set(hosts)].map((host) => limit(() => this.client.send(new UpdateCommand({
      TableName: this.tableName,
      Key: { PK: runPartition(runId), SK: `${ENQUEUED}${host}` },
      UpdateExpression: 'SET sent = :sent',
      ExpressionAttributeValues: { ':sent': true },
    })))));
  }

  async countClaimed(runId: string): Promise<number> {
    return queryCount(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': runPartition(runId), ':prefix': ENQUEUED },
    });
  }

  private async claimOne(runId: string, host: string): Promise<boolean> {
    try {
      await this.client.send(new PutCommand({
        TableName: this.tableName,
        Item: { PK: runPartition(runId), SK: `${ENQUEUED}${host}`, entity: 'enqueued', host, sent: false },
        ConditionExpression: 'attribute_not_exists(PK) OR sent = :unsent',
        ExpressionAttributeValues: { ':unsent': false },
      }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || (error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}
