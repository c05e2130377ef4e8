/**
 * SQS events as the Lambda event-source mapping delivers them, for the handler tests: the test
 * chooses the body, the receive count and the FIFO group of each record.
 */
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { lambdaContext } from '../../local/runner/sqs-event-source.ts';

export interface RecordSpec {
  body: string;
  /** `ApproximateReceiveCount`: which delivery this is (default 1). */
  receive?: number;
  /** FIFO `MessageGroupId`. */
  group?: string;
}

export function sqsEvent(queueArn: string, specs: RecordSpec[]): SQSEvent {
  return {
    Records: specs.map((spec, i): SQSRecord => ({
      messageId: `message-${i + 1}`,
      receiptHandle: `receipt-${i + 1}`,
      body: spec.body,
      attributes: {
        ApproximateReceiveCount: String(spec.receive ?? 1),
        SentTimestamp: '1788000000000',
        SenderId: 'AROAEXAMPLE',
        ApproximateFirstReceiveTimestamp: '1788000000000',
        ...(spec.group ? { MessageGroupId: spec.group, MessageDeduplicationId: `dedup-${i + 1}`, SequenceNumber: String(i + 1) } : {}),
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: 'ap-southeast-1',
    })),
  };
}

/** The receipt handles and delays a handler asked to change visibility for, in call order. */
export function visibilityRecorder() {
  const calls: Array<{ receiptHandle: string; delaySeconds: number }> = [];
  return {
    calls,
    /** Accepts a receipt handle or a whole record: both shapes handlers use. */
    retryLater: async (target: string | SQSRecord, delaySeconds: number): Promise<void> => {
      calls.push({ receiptHandle: typeof target === 'string' ? target : target.receiptHandle, delaySeconds });
    },
  };
}

/**
 * Invokes an SQS handler (a middy handler with the partial-batch-failure middleware) and
 * returns the ids of the records it handed back. The handler's declared result is what the
 * middleware turns into `batchItemFailures`, hence the cast.
 */
export async function failedRecords(
  handler: (event: SQSEvent, context: Context) => Promise<unknown>,
  event: SQSEvent,
  functionName: string,
): Promise<string[]> {
  const response = (await handler(event, lambdaContext(functionName))) as SQSBatchResponse;
  return response.batchItemFailures.map((failure) => failure.itemIdentifier);
}
