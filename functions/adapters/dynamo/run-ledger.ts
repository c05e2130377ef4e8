/**
 * The run ledger on DynamoDB: one item per host enqueued in a run, `RUN#<runId>` /
 * `ENQUEUED#<host>`, written with a condition so that only the first claim of a host wins
 * (a conditional Put, not a transaction: dynalite and DynamoDB both support it).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
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
        Item: { PK: runPartition(runId), SK: `${ENQUEUED}${host}`, entity: 'enqueued', host },
        ConditionExpression: 'attribute_not_exists(PK)',
      }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || (error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}
