/**
 * Plays the Lambda SQS event-source mapping on one machine: receives batches from the
 * (embedded) queue, invokes the handler with a real `SQSEvent`, deletes the records it did not
 * report as failed (ReportBatchItemFailures), and leaves failed ones to reappear when their
 * visibility timeout ends. A handler that throws fails the whole batch, as on AWS. The queue's
 * own redrive policy moves a message past maxReceiveCount to the DLQ.
 *
 * Each invocation gets a Lambda context whose `getRemainingTimeInMillis()` counts down on the
 * given clock (a test's virtual clock) from the function's timeout; an invocation still running
 * past it counts as timed out, as Lambda would kill it: nothing of its batch is deleted,
 * whatever it answered.
 *
 * On a FIFO queue (as with Lambda's mapping) the queue itself keeps one batch per message group
 * in flight, and a batch holds a group's records in order. A record that follows a failed record
 * of its group in the batch is never deleted, whatever the handler answered: AWS asks a FIFO
 * consumer to return it as failed, so that the group keeps its order.
 */
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

export interface EventSourceOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn?: string;
  /** Records per invocation (Lambda's BatchSize). */
  batchSize: number;
  /** Concurrent invocations (the mapping's MaximumConcurrency). */
  concurrency: number;
  handler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;
  /** The function's timeout. @default 900 000 ms (Lambda's longest) */
  timeoutMs?: number;
  /** Milliseconds now, for the remaining time. @default Date.now */
  clock?: () => number;
  /** Called after each invocation (progress display). */
  onBatch?: (stats: { records: number; failed: number; crashed: boolean }) => void;
  /** Pause between empty polls. */
  idleMs?: number;
}

export interface DrainStats {
  invocations: number;
  records: number;
  failedRecords: number;
  crashedInvocations: number;
  /** Invocations still running at their timeout (counted in crashedInvocations too). */
  timedOutInvocations: number;
}

/**
 * Runs until the queue holds no message, visible or in flight, and no invocation is running;
 * messages waiting for their visibility timeout (retries) are waited for.
 */
export async function drainQueue(options: EventSourceOptions): Promise<DrainStats> {
  const stats: DrainStats = { invocations: 0, records: 0, failedRecords: 0, crashedInvocations: 0, timedOutInvocations: 0 };
  let running = 0;
  const idleMs = options.idleMs ?? 50;
  const worker = async () => {
    for (;;) {
      const received = await options.sqs.send(new ReceiveMessageCommand({
        QueueUrl: options.queueUrl,
        MaxNumberOfMessages: Math.min(options.batchSize, 10),
        MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp', 'ApproximateFirstReceiveTimestamp', 'MessageGroupId', 'MessageDeduplicationId', 'SequenceNumber'],
        WaitTimeSeconds: 0,
      }));
      const messages = received.Messages ?? [];
      if (messages.length === 0) {
        if (running === 0 && (await isEmpty(options))) return;
        await sleep(idleMs);
        continue;
      }
      running++;
      try {
        await invoke(messages, options, stats);
      } finally {
        running--;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return stats;
}

async function invoke(messages: Message[], options: EventSourceOptions, stats: DrainStats): Promise<void> {
  const event: SQSEvent = { Records: messages.map((m) => toRecord(m, options)) };
  stats.invocations++;
  stats.records += messages.length;
  let failedIds: Set<string>;
  let crashed = false;
  const clock = options.clock ?? Date.now;
  const deadline = clock() + (options.timeoutMs ?? 900_000);
  try {
    const response = await options.handler(event, lambdaContext('local', () => deadline - clock()));
    failedIds = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    if (clock() > deadline) {
      stats.timedOutInvocations++;
      throw new Error('timed out');
    }
  } catch {
    // The whole batch failed: nothing is deleted, every record comes back after its timeout.
    crashed = true;
    failedIds = new Set(messages.map((m) => m.MessageId!));
    stats.crashedInvocations++;
  }
  failedIds = withLaterRecordsOfFailedGroups(messages, failedIds);
  stats.failedRecords += failedIds.size;
  const done = messages.filter((m) => !failedIds.has(m.MessageId!));
  if (done.length > 0) {
    await options.sqs.send(new DeleteMessageBatchCommand({
      QueueUrl: options.queueUrl,
      Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
    }));
  }
  options.onBatch?.({ records: messages.length, failed: failedIds.size, crashed });
}

/** The failed ids plus every record after a failed one of the same message group (FIFO). */
export function withLaterRecordsOfFailedGroups(messages: readonly Message[], failedIds: ReadonlySet<string>): Set<string> {
  const failedGroups = new Set<string>();
  const result = new Set(failedIds);
  for (const message of messages) {
    const group = message.Attributes?.MessageGroupId;
    if (group === undefined) continue;
    if (failedGroups.has(group)) result.add(message.MessageId!);
    else if (failedIds.has(message.MessageId!)) failedGroups.add(group);
  }
  return result;
}

async function isEmpty(options: EventSourceOptions): Promise<boolean> {
  const { Attributes } = await options.sqs.send(new GetQueueAttributesCommand({
    QueueUrl: options.queueUrl,
    AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
  }));
  return [Attributes?.ApproximateNumberOfMessages, Attributes?.ApproximateNumberOfMessagesNotVisible, Attributes?.ApproximateNumberOfMessagesDelayed]
    .every((count) => Number(count ?? 0) === 0);
}

function toRecord(message: Message, options: EventSourceOptions): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId!,
    receiptHandle: message.ReceiptHandle!,
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? '0',
      SenderId: 'local',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? '0',
      ...(attributes.MessageGroupId ? { MessageGroupId: attributes.MessageGroupId } : {}),
      ...(attributes.MessageDeduplicationId ? { MessageDeduplicationId: attributes.MessageDeduplicationId } : {}),
      ...(attributes.SequenceNumber ? { SequenceNumber: attributes.SequenceNumber } : {}),
    },
    messageAttributes: {},
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: options.queueArn ?? options.queueUrl,
    awsRegion: 'local',
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A Lambda context for handlers invoked in-process (the local runner, handler tests); `remainingMs` answers getRemainingTimeInMillis. */
export function lambdaContext(functionName = 'local', remainingMs: () => number = () => 900_000): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: crypto.randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, remainingMs()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
