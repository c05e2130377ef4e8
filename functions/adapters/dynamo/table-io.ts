/**
 * Table access shared by the DynamoDB stores: paginated queries and batch writes that retry
 * unprocessed items.
 */
import {
  BatchWriteCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { awsClients } from '../aws-clients.ts';
import type { ItemKey } from './keys.ts';

/** Constructor options of every DynamoDB store. */
export interface DynamoStoreOptions {
  /** Document client; the process-wide one (configured from the environment) by default. */
  client?: DynamoDBDocumentClient;
  tableName: string;
}

/** Resolves the options of a store; the default client is only built when the store is. */
export function tableOf(options: DynamoStoreOptions): { client: DynamoDBDocumentClient; tableName: string } {
  if (!options.tableName) throw new Error('A DynamoDB table name is required (TABLE_NAME).');
  return { client: options.client ?? awsClients().dynamo, tableName: options.tableName };
}

type Item = Record<string, unknown>;

/** Every item of a query, following `LastEvaluatedKey` across pages. */
export async function queryAll(client: DynamoDBDocumentClient, input: QueryCommandInput): Promise<Item[]> {
  const items: Item[] = [];
  for await (const item of queryItems(client, input)) items.push(item);
  return items;
}

/** The items of a query one page at a time (at most one page held), across pages. */
export async function* queryItems(client: DynamoDBDocumentClient, input: QueryCommandInput): AsyncGenerator<Item> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    yield* page.Items ?? [];
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}

/** Number of items a query matches (after any filter), across pages, without reading them. */
export async function queryCount(client: DynamoDBDocumentClient, input: QueryCommandInput): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new QueryCommand({ ...input, Select: 'COUNT', ExclusiveStartKey: startKey }));
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
}

/** One write of a batch. */
export type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: ItemKey } };

/** BatchWriteItem accepts at most 25 requests. */
const BATCH_LIMIT = 25;
/** Attempts per chunk before giving up on unprocessed items (throttling that does not clear). */
const MAX_ATTEMPTS = 8;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Writes every request in chunks of 25. Items DynamoDB leaves unprocessed (throttling) are
 * retried with exponential backoff, as the BatchWriteItem documentation asks; if some remain
 * after {@link MAX_ATTEMPTS} the call fails with their count. A key may appear only once.
 */
export async function batchWriteAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  requests: readonly WriteRequest[],
): Promise<void> {
  for (let start = 0; start < requests.length; start += BATCH_LIMIT) {
    let pending: WriteRequest[] = requests.slice(start, start + BATCH_LIMIT);
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS) {
        throw new Error(`DynamoDB left ${pending.length} batch writes unprocessed after ${MAX_ATTEMPTS} attempts`);
      }
      if (attempt > 1) await sleep(Math.min(50 * 2 ** (attempt - 2), 2_000));
      const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (result.UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
    }
  }
}

/** Throws when two records would share one key (BatchWriteItem rejects the whole batch). */
export function assertDistinct(values: readonly string[], what: string): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) throw new Error(`Duplicate ${what}: ${value}`);
    seen.add(value);
  }
}
