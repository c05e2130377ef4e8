/**
 * A work queue on SQS. Messages go out with SendMessageBatch, at most 10 entries and 256 KiB
 * per call (the SQS limits); entries SQS reports as failed are sent once more, and whatever
 * still fails is reported in one error naming the caller's message ids.
 */
import { createHash } from 'node:crypto';
import { Buffer } from 'node:buffer';
import {
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { awsClients } from '../aws-clients.ts';
import type { QueueMessage, ScanMessage, WorkQueue } from '../../core/stores.ts';

/** SQS accepts at most 10 entries per SendMessageBatch. */
const MAX_ENTRIES = 10;
/**
 * Payload cap of one batch (and one message): the classic SQS limit, accepted by every queue
 * whatever its MaximumMessageSize (AWS raised the ceiling to 1 MiB in 2025; emulators vary).
 */
const MAX_BATCH_BYTES = 256 * 1024;

/** Constructor options of {@link SqsWorkQueue}. */
export interface SqsWorkQueueOptions {
  /** SQS client; the process-wide one (configured from the environment) by default. */
  client?: SQSClient;
  queueUrl: string;
}

/** A message SQS did not accept, with its reason. */
export interface RejectedMessage {
  id: string;
  code?: string;
  message?: string;
  senderFault?: boolean;
}

/** Raised by {@link SqsWorkQueue.sendBatch} when some messages were still refused after one retry. */
export class SendBatchError extends Error {
  constructor(
    readonly queueUrl: string,
    readonly rejected: RejectedMessage[],
  ) {
    const details = rejected
      .slice(0, 5)
      .map((entry) => `${entry.id}: ${entry.code ?? 'unknown'} ${entry.message ?? ''}`.trim())
      .join('; ');
    super(`SQS refused ${rejected.length} message(s) on ${queueUrl}: ${details}`);
    this.name = 'SendBatchError';
  }
}

/** {@link WorkQueue} on an SQS queue (standard, or FIFO when the URL ends in `.fifo`). */
export class SqsWorkQueue<T = ScanMessage> implements WorkQueue<T> {
  private readonly client: SQSClient;
  private readonly queueUrl: string;
  private readonly fifo: boolean;

  constructor(options: SqsWorkQueueOptions) {
    if (!options.queueUrl) throw new Error('An SQS queue URL is required.');
    this.client = options.client ?? awsClients().sqs;
    this.queueUrl = options.queueUrl;
    this.fifo = options.queueUrl.endsWith('.fifo');
  }

  async sendBatch(messages: readonly QueueMessage<T>[]): Promise<void> {
    const ids = new Set<string>();
    const entries = messages.map((message, index) => {
      if (ids.has(message.id)) throw new Error(`Duplicate message id in one sendBatch: ${message.id}`);
      ids.add(message.id);
      return this.entryOf(message, index);
    });
    const callerIds = new Map(entries.map((entry, index) => [entry.Id as string, messages[index].id]));

    const rejected: RejectedMessage[] = [];
    for (const batch of batchesOf(entries)) {
      let failed = await this.send(batch);
      if (failed.length > 0) {
        const retry = batch.filter((entry) => failed.some((failure) => failure.Id === entry.Id));
        failed = await this.send(retry);
      }
      for (const failure of failed) {
        rejected.push({
          id: callerIds.get(failure.Id ?? '') ?? String(failure.Id),
          code: failure.Code,
          message: failure.Message,
          senderFault: failure.SenderFault,
        });
      }
    }
    if (rejected.length > 0) throw new SendBatchError(this.queueUrl, rejected);
  }

  private async send(entries: SendMessageBatchRequestEntry[]) {
    const result = await this.client.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }));
    return result.Failed ?? [];
  }

  private entryOf(message: QueueMessage<T>, index: number): SendMessageBatchRequestEntry {
    const body = JSON.stringify(message.body);
    if (Buffer.byteLength(body, 'utf8') > MAX_BATCH_BYTES) {
      throw new Error(`Message ${message.id} exceeds the SQS limit of ${MAX_BATCH_BYTES} bytes`);
    }
    // Batch entry ids allow only [A-Za-z0-9_-]{1,80}; caller ids (often URLs) do not fit, so
    // entries are numbered and mapped back for error reports.
    const entry: SendMessageBatchRequestEntry = { Id: `m${index}`, MessageBody: body };
    if (!this.fifo) return entry;
    if (!message.groupId) throw new Error(`Message ${message.id} needs a groupId on the FIFO queue ${this.queueUrl}`);
    return {
      ...entry,
      MessageGroupId: message.groupId,
      // A resend of the same id within the 5-minute window is then dropped by SQS itself.
      MessageDeduplicationId: createHash('sha256').update(message.id).digest('hex'),
    };
  }
}

/** Consecutive groups of at most 10 entries and 256 KiB of bodies. */
function* batchesOf(entries: SendMessageBatchRequestEntry[]): Generator<SendMessageBatchRequestEntry[]> {
  let batch: SendMessageBatchRequestEntry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = Buffer.byteLength(entry.MessageBody ?? '', 'utf8');
    if (batch.length === MAX_ENTRIES || (batch.length > 0 && bytes + size > MAX_BATCH_BYTES)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(entry);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}
