/**
 * An SQS work queue with its dead-letter queue and the alarm that says a message died.
 * The visibility timeout is derived from the consumer's timeout, never typed by hand.
 */
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { DeduplicationScope, FifoThroughputLimit, Queue, QueueEncryption, type QueueProps } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/**
 * AWS: "set the source queue's visibility timeout to at least six times the timeout of your
 * function" so retries after throttling do not redeliver a message still being processed.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
 */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

export interface WorkQueueProps {
  /** Timeout of the function that consumes the queue. */
  readonly consumerTimeout: Duration;
  /** Deliveries before a message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
  /** Topic notified when the dead-letter queue holds a message. */
  readonly alarmTopic: ITopic;
  /** What the queue carries, for the alarm description. */
  readonly purpose: string;
}

/**
 * FIFO, so that the message group (a site's registrable domain, set by the senders) keeps two
 * sites of one domain from being worked on at once across all workers; see docs/infrastructure.md.
 * High-throughput mode: the throughput limit applies per group, not per queue. The senders give
 * each message a de-duplication id (run and host), so content-based de-duplication stays off.
 */
const FIFO: Pick<QueueProps, 'fifo' | 'contentBasedDeduplication' | 'deduplicationScope' | 'fifoThroughputLimit'> = {
  fifo: true,
  contentBasedDeduplication: false,
  deduplicationScope: DeduplicationScope.MESSAGE_GROUP,
  fifoThroughputLimit: FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
};

/** Queue + DLQ (both FIFO, SSE-SQS, TLS-only) + DLQ alarm. */
export class WorkQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly deadLetterAlarm: Alarm;

  constructor(scope: Construct, id: string, props: WorkQueueProps) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      // The dead-letter queue of a FIFO queue must be FIFO.
      ...FIFO,
      // SQS-managed keys: encryption at rest without KMS grants on every producer and consumer.
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The maximum: time to inspect and redrive failed sites before they are gone.
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'Queue', {
      ...FIFO,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * VISIBILITY_TIMEOUT_FACTOR),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
    });
    this.deadLetterAlarm = new Alarm(this, 'DeadLetterAlarm', {
      alarmDescription: `A ${props.purpose} message failed ${props.maxReceiveCount} times and is in the dead-letter queue.`,
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // An empty DLQ publishes no datapoints at all: that is the healthy state.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.deadLetterAlarm.addAlarmAction(new SnsAction(props.alarmTopic));
  }
}
