/**
 * Evaluation runs in DynamoDB: `RUN#<runId>` / `META`, indexed in GSI1 under `RUNS` by
 * `<startedAt>#<runId>` so runs list newest first without a scan.
 */
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RunRecord } from '../../core/records.ts';
import type { RunStore } from '../../core/stores.ts';
import { GSI1, recordOf, runKey, runsIndexKey } from './keys.ts';
import { tableOf, type DynamoStoreOptions } from './table-io.ts';

/** {@link RunStore} on a DynamoDB table. */
export class DynamoRunStore implements RunStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: DynamoStoreOptions) {
    ({ client: this.client, tableName: this.tableName } = tableOf(options));
  }

  async create(run: RunRecord): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...run, ...runKey(run.runId), ...runsIndexKey(run), entity: 'run' },
      }),
    );
  }

  async get(runId: string): Promise<RunRecord | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: runKey(runId) }));
    return Item ? recordOf<RunRecord>(Item) : undefined;
  }

  async list(options: { limit?: number } = {}): Promise<RunRecord[]> {
    const runs: RunRecord[] = [];
    for await (const run of this.newestFirst()) {
      if (options.limit !== undefined && runs.length >= options.limit) break;
      runs.push(run);
    }
    return runs;
  }

  async latestForPeriod(period: string): Promise<RunRecord | undefined> {
    for await (const run of this.newestFirst()) {
      if (run.period === period) return run;
    }
    return undefined;
  }

  /** Runs newest first, one page at a time, so callers that stop early read little. */
  private async *newestFirst(): AsyncGenerator<RunRecord> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: GSI1,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': 'GSI1PK' },
          ExpressionAttributeValues: { ':pk': 'RUNS' },
          ScanIndexForward: false,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) yield recordOf<RunRecord>(item);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }
}
