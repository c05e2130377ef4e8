/**
 * Report announcements on an SNS topic (REPORT_TOPIC_ARN): e-mail subscribers receive the
 * download links of each generated report.
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { awsClients } from '../aws-clients.ts';
import type { ReportAnnouncement, ReportPublisher } from '../../core/report/announce.ts';

/** Constructor options of {@link SnsReportPublisher}. */
export interface SnsReportPublisherOptions {
  /** SNS client; the process-wide one (configured from the environment) by default. */
  client?: SNSClient;
  topicArn: string;
}

/** {@link ReportPublisher} on an SNS topic. */
export class SnsReportPublisher implements ReportPublisher {
  private readonly client: SNSClient;
  private readonly topicArn: string;

  constructor(options: SnsReportPublisherOptions) {
    if (!options.topicArn) throw new Error('An SNS topic ARN is required (REPORT_TOPIC_ARN).');
    this.client = options.client ?? awsClients().sns;
    this.topicArn = options.topicArn;
  }

  async publish(announcement: ReportAnnouncement): Promise<void> {
    await this.client.send(
      new PublishCommand({ TopicArn: this.topicArn, Subject: announcement.subject, Message: announcement.message }),
    );
  }
}
