/**
 * Delays the next delivery of a received message (ChangeMessageVisibility): how a scan that
 * must be tried again waits for its back-off, or for the server's Retry-After, without holding
 * a Lambda.
 */
import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { awsClients } from '../aws-clients.ts';

/** SQS caps a message's visibility timeout at 12 hours. */
const MAX_VISIBILITY_SECONDS = 43_200;

export class SqsVisibility {
  private readonly client: SQSClient;
  private readonly queueUrl: string;

  constructor(options: { client?: SQSClient; queueUrl: string }) {
    this.client = options.client ?? awsClients().sqs;
    this.queueUrl = options.queueUrl;
  }

  async delay(receiptHandle: string, seconds: number): Promise<void> {
    const VisibilityTimeout = Math.max(0, Math.min(Math.round(seconds), MAX_VISIBILITY_SECONDS));
    await this.client.send(new ChangeMessageVisibilityCommand({ QueueUrl: this.queueUrl, ReceiptHandle: receiptHandle, VisibilityTimeout }));
  }
}
