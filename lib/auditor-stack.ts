/**
 * The auditor on AWS: schedules → dispatch → scan queue → scan (→ render queue → render) →
 * DynamoDB + S3; traffic imports by S3 upload; reports on schedule and on demand, announced on
 * SNS. See docs/infrastructure.md for every setting and acknowledgement.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArnFormat, CfnOutput, Duration, Stack, TimeZone, Validations, type StackProps } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Alias, Key } from 'aws-cdk-lib/aws-kms';
import { Architecture } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { EventType } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import type { AuditorConfig } from './config.ts';
import { AuditStorage, BUCKET_PREFIXES } from './constructs/audit-storage.ts';
import { AuditorFunction, type AuditorFunctionProps } from './constructs/auditor-function.ts';
import { LinkService } from './constructs/link-service.ts';
import { nagArnRef } from './constructs/nag-refs.ts';
import { WorkQueue } from './constructs/work-queue.ts';
import { monthlyReportCron, selfReviewCron, sweepCron } from './schedules.ts';
import { BROWSER_LAUNCH_LIMIT_MS, consumerTimeoutSeconds, renderRecordBudgetMs, scanRecordBudgetMs } from './time-budgets.ts';

/** The repository root, two levels above this file (lib/auditor-stack.ts). */
export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Timeouts of the functions that no queue feeds; the consumers' (scan, render) are sized from
 * their per-record budget (lib/time-budgets.ts) and queue visibility timeouts derive from them.
 */
export const TIMEOUTS = {
  dispatch: Duration.minutes(2),
  // bench:report, season part (10,000 sites, 13 weekly runs streamed): the round took 119 s and
  // the October monthly report 59 s on a shared 2-core machine; 10 min leaves ~5× headroom.
  report: Duration.minutes(10),
  importTraffic: Duration.minutes(2),
  // Verifies a token and presigns one URL: milliseconds, plus a cold start.
  link: Duration.seconds(10),
} as const;

/** Deliveries before a message is dead-lettered. */
export const MAX_RECEIVE_COUNT = { scan: 5, render: 3 } as const;

/** Scan batch: large enough to amortise cold starts; its timeout is sized to hold it. */
export const SCAN_BATCH_SIZE = 5;
/** One browser page per invocation: a slow page holds up no other. */
export const RENDER_BATCH_SIZE = 1;

/**
 * Memory and architecture of the queue consumers (the sweep bench prices them: bench/sweep.bench.ts).
 * Lambda CPU scales with memory; parsing large portals is CPU-bound. Chromium needs ~1.5 GB on
 * heavy portals; 1769 MB is where Lambda gives one full vCPU (for layout and JS) — more memory
 * would cost more per render than the sweep bench shows it saves. The npm package of
 * @sparticuz/chromium ships an x86-64 Chromium only (bin/chromium.br;
 * test/infra/render-architecture.test.ts reads its ELF header): on arm64 it cannot start.
 */
export const CONSUMER_SIZING = {
  scan: { memoryMb: 1024, architecture: Architecture.ARM_64 },
  render: { memoryMb: 1769, architecture: Architecture.X86_64 },
} as const;

/** Per-record budgets and consumer timeouts for a number of sample pages (see lib/time-budgets.ts). */
export function consumerTimings(samplePages: number) {
  const scanBudgetMs = scanRecordBudgetMs(samplePages);
  const renderBudgetMs = renderRecordBudgetMs(samplePages);
  return {
    scan: { recordBudgetMs: scanBudgetMs, timeout: Duration.seconds(consumerTimeoutSeconds(scanBudgetMs, SCAN_BATCH_SIZE)) },
    // The first message of a container also launches Chromium.
    render: { recordBudgetMs: renderBudgetMs, timeout: Duration.seconds(consumerTimeoutSeconds(renderBudgetMs, RENDER_BATCH_SIZE, BROWSER_LAUNCH_LIMIT_MS)) },
  };
}

export interface AuditorStackProps extends StackProps {
  readonly config: AuditorConfig;
  /**
   * Folder holding `<name>/handler.ts` for each function.
   * @default `<repository>/functions`
   */
  readonly functionsRoot?: string;
}

export class AuditorStack extends Stack {
  readonly storage: AuditStorage;
  readonly scanQueue: WorkQueue;
  readonly renderQueue: WorkQueue;
  readonly reportTopic: Topic;
  readonly alarmTopic: Topic;
  readonly functions: Record<'dispatch' | 'scan' | 'render' | 'report' | 'importTraffic' | 'link', AuditorFunction>;
  readonly links: LinkService;

  constructor(scope: Construct, id: string, props: AuditorStackProps) {
    super(scope, id, props);
    const { evaluation } = props.config;
    const timings = consumerTimings(evaluation.samplePages);
    const functionsRoot = props.functionsRoot ?? join(PROJECT_ROOT, 'functions');

    this.storage = new AuditStorage(this, 'Storage');
    const { table, bucket } = this.storage;

    // CloudWatch alarms can publish only to topics under a customer key whose policy lets
    // CloudWatch use it (the AWS-managed aws/sns key cannot be shared with CloudWatch).
    const alarmKey = new Key(this, 'AlarmTopicKey', {
      description: 'Encrypts the auditor alarm topic; usable by CloudWatch alarms',
      enableKeyRotation: true,
    });
    alarmKey.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: 'Gov portal auditor alarms',
      masterKey: alarmKey,
      enforceSSL: true,
    });
    // enforceSSL gives the topic a policy holding only its Deny; once a topic has a policy,
    // CloudWatch may publish only if that policy allows it — for this account's alarms alone.
    this.alarmTopic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarmsOfThisAccount',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.alarmTopic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': this.account },
          ArnLike: { 'aws:SourceArn': this.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
        },
      }),
    );
    this.reportTopic = new Topic(this, 'ReportTopic', {
      displayName: 'Gov portal auditor reports',
      // Only Lambda publishes here: the AWS-managed key needs no key policy or grant.
      masterKey: Alias.fromAliasName(this, 'SnsManagedKey', 'alias/aws/sns'),
      enforceSSL: true,
    });
    if (props.config.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(props.config.alarmEmail));
    if (props.config.reportEmail) this.reportTopic.addSubscription(new EmailSubscription(props.config.reportEmail));

    const evaluationEnvironment = {
      EVAL_WINDOW_START: evaluation.windowStart,
      EVAL_WINDOW_END: evaluation.windowEnd,
      TIME_ZONE: evaluation.timeZone,
      RULE_SET_VERSION: evaluation.ruleSetVersion,
      SAMPLE_PAGES: String(evaluation.samplePages),
    };
    const auditorFunction = (id: string, fnProps: Omit<AuditorFunctionProps, 'functionsRoot' | 'projectRoot' | 'environment'>) =>
      new AuditorFunction(this, id, { ...fnProps, functionsRoot, projectRoot: PROJECT_ROOT, environment: evaluationEnvironment });

    const dispatch = auditorFunction('Dispatch', {
      name: 'dispatch',
      description: 'Starts a run inside the evaluation window: one scan message per target',
      timeout: TIMEOUTS.dispatch,
    });
    const scan = auditorFunction('Scan', {
      name: 'scan',
      description: 'Static-tier audit of a batch of sites (fetch + parse)',
      timeout: timings.scan.timeout,
      memorySize: CONSUMER_SIZING.scan.memoryMb,
      architecture: CONSUMER_SIZING.scan.architecture,
    });
    const render = auditorFunction('Render', {
      name: 'render',
      description: 'Browser-tier audit of one page in Chromium',
      timeout: timings.render.timeout,
      memorySize: CONSUMER_SIZING.render.memoryMb,
      // @sparticuz/chromium unpacks ~250 MB into /tmp, plus the profile and screenshots.
      ephemeralStorageMiB: 1024,
      // Its Chromium archive is found relative to the package, so it ships as installed.
      shippedNodeModules: ['@sparticuz/chromium', 'playwright-core'],
      architecture: CONSUMER_SIZING.render.architecture,
    });
    const report = auditorFunction('Report', {
      name: 'report',
      description: 'Builds the monthly and round reports, public results and self-review letters',
      timeout: TIMEOUTS.report,
      // bench:report, season part: peak RSS 778 MB (the overall XLSX of 10,000 sites is built
      // in memory; findings are streamed, only the latest per site and period kept). 2048 MB
      // gives 2.6× headroom and ~1.2 vCPU for the writers.
      memorySize: 2048,
    });
    const importTraffic = auditorFunction('ImportTraffic', {
      name: 'import-traffic',
      description: "Imports EMC's traffic export (CSV/XLSX) uploaded to S3",
      timeout: TIMEOUTS.importTraffic,
      // ExcelJS holds the whole uploaded workbook in memory.
      memorySize: 1024,
    });
    const link = auditorFunction('Link', {
      name: 'link',
      description: 'Download links: checks the signed token, redirects to a short-lived presigned S3 URL',
      timeout: TIMEOUTS.link,
      memorySize: 256,
    });
    this.functions = { dispatch, scan, render, report, importTraffic, link };
    this.links = new LinkService(this, 'Links', {
      fn: link,
      bucket,
      prefixes: [BUCKET_PREFIXES.reports, BUCKET_PREFIXES.evidence, BUCKET_PREFIXES.publicResults],
      validityDays: props.config.linkValidityDays,
    });

    this.scanQueue = new WorkQueue(this, 'ScanQueue', {
      consumerTimeout: timings.scan.timeout,
      maxReceiveCount: MAX_RECEIVE_COUNT.scan,
      alarmTopic: this.alarmTopic,
      purpose: 'scan',
    });
    this.renderQueue = new WorkQueue(this, 'RenderQueue', {
      consumerTimeout: timings.render.timeout,
      maxReceiveCount: MAX_RECEIVE_COUNT.render,
      alarmTopic: this.alarmTopic,
      purpose: 'render',
    });

    // Least privilege, one line per need.
    dispatch.bindTable(table, 'readWrite').bindQueue(this.scanQueue.queue, 'SCAN_QUEUE_URL');
    scan
      .bindTable(table, 'readWrite')
      .bindBucket(bucket, [BUCKET_PREFIXES.evidence], 'write')
      // Discovered component sites are enqueued for scanning by the scan that found them.
      .bindQueue(this.scanQueue.queue, 'SCAN_QUEUE_URL')
      .bindQueue(this.renderQueue.queue, 'RENDER_QUEUE_URL');
    render.bindTable(table, 'readWrite').bindBucket(bucket, [BUCKET_PREFIXES.evidence], 'write');
    // Its retries delay the message they received (ChangeMessageVisibility, part of the event
    // source's consume grant): the URL only, no send right.
    render.fn.addEnvironment('RENDER_QUEUE_URL', this.renderQueue.queue.queueUrl);
    // No record starts with less time left than this (the handlers' deadline check).
    scan.fn.addEnvironment('RECORD_BUDGET_MS', String(timings.scan.recordBudgetMs));
    render.fn.addEnvironment('RECORD_BUDGET_MS', String(timings.render.recordBudgetMs));
    // The report writes reports/ and a round's public results, and signs link-service links to
    // them and to evidence: it reads no evidence itself (the link function presigns at download time).
    report.bindTable(table, 'read').bindBucket(bucket, [BUCKET_PREFIXES.reports, BUCKET_PREFIXES.publicResults], 'readWrite').bindTopic(this.reportTopic);
    this.links.bindSigner(report);
    // Reads the uploaded export and writes its import report next to it (it ignores its own
    // *.import-report.json objects, so that write does not trigger it again).
    importTraffic.bindTable(table, 'readWrite').bindBucket(bucket, [BUCKET_PREFIXES.trafficImports], 'readWrite');

    scan.fn.addEventSource(
      new SqsEventSource(this.scanQueue.queue, {
        batchSize: SCAN_BATCH_SIZE,
        // One failed site is retried alone; the others of the batch are not redone.
        reportBatchItemFailures: true,
        maxConcurrency: evaluation.scanConcurrency,
      }),
    );
    render.fn.addEventSource(
      new SqsEventSource(this.renderQueue.queue, {
        batchSize: RENDER_BATCH_SIZE,
        reportBatchItemFailures: true,
        maxConcurrency: evaluation.renderConcurrency,
      }),
    );
    bucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(importTraffic.fn), {
      prefix: BUCKET_PREFIXES.trafficImports,
    });

    const timeZone = TimeZone.of(evaluation.timeZone);
    const schedule = (id: string, cron: string, target: AuditorFunction, payload: Record<string, string>, description: string) =>
      new Schedule(this, id, {
        description,
        schedule: ScheduleExpression.expression(cron, timeZone),
        target: new LambdaInvoke(target.fn, {
          // scheduledTime lets the handler derive the period and check the window itself.
          input: ScheduleTargetInput.fromObject({ ...payload, scheduledTime: ContextAttribute.scheduledTime }),
        }),
      });
    schedule('SweepSchedule', sweepCron(evaluation.sweepFrequency), dispatch, { trigger: 'schedule' }, `${evaluation.sweepFrequency === 'weekly' ? 'Weekly' : 'Daily'} sweep of the registry (dispatch checks the evaluation window)`);
    schedule('MonthlyReportSchedule', monthlyReportCron(evaluation), report, { kind: 'monthly' }, 'Monthly ranking and compliance report, in the months that follow an evaluation month');
    schedule('RoundReportSchedule', evaluation.finalReportCron, report, { kind: 'round' }, 'Round report of the evaluation window and its public results');
    schedule('SelfReviewSchedule', selfReviewCron(evaluation.windowStart), report, { kind: 'self-review' }, 'Self-review letter drafts, a month before the window opens');

    // Scheduled invocations are asynchronous: without these alarms a failing sweep or report is silent.
    for (const [id, fn] of [['DispatchErrors', dispatch], ['ReportErrors', report], ['ImportTrafficErrors', importTraffic]] as const) {
      new Alarm(this, `${id}Alarm`, {
        alarmDescription: `${fn.node.id} function failed`,
        metric: fn.fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(new SnsAction(this.alarmTopic));
    }

    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'BucketName', { value: bucket.bucketName });
    new CfnOutput(this, 'ScanQueueUrl', { value: this.scanQueue.queue.queueUrl });
    new CfnOutput(this, 'RenderQueueUrl', { value: this.renderQueue.queue.queueUrl });
    new CfnOutput(this, 'ReportTopicArn', { value: this.reportTopic.topicArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn });

    this.acknowledgeNagFindings();
  }

  /**
   * Findings of constructs that CDK creates for us, each acknowledged by its exact id with the
   * reason (the functions' own findings are acknowledged where they arise, in AuditorFunction).
   */
  private acknowledgeNagFindings(): void {
    for (const fn of [this.functions.dispatch, this.functions.report]) {
      Validations.of(this).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${nagArnRef(fn.fn)}:*]`,
        reason: `EventBridge Scheduler's role may invoke the ${fn.node.id} function and its versions (CDK's LambdaInvoke grant); nothing else.`,
      });
    }
    const notificationsHandler = this.node.children.find((child) => child.node.id.startsWith('BucketNotificationsHandler'));
    if (notificationsHandler === undefined) throw new Error('S3 notifications handler not found: did CDK rename it?');
    Validations.of(notificationsHandler).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'CDK-provided handler that sets the bucket notification at deploy time; the AWS-managed policy only lets it write its own logs.',
    });
  }
}
