import { beforeAll, describe, expect, it } from 'vitest';
import { App } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { DISPATCH_EVENT_SCHEMA, parseEvent, REPORT_EVENT_SCHEMA } from '../../functions/core/scheduler-events.ts';
import { ConfigError, parseAuditorConfig, readAuditorConfig, type EvaluationConfig } from '../../lib/config.ts';
import { addStack, cdkJsonContext, makeApp, synthTemplate } from './support/synth-auditor.ts';

type Resource = { Type: string; Properties: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

const CDK_EVALUATION = cdkJsonContext().evaluation as EvaluationConfig;
const ALARM_EMAIL = 'canhbao@sotttt.example.gov.vn';
const REPORT_EMAIL = 'baocao@sotttt.example.gov.vn';

let template: Template;
let resources: Record<string, Resource>;

beforeAll(() => {
  // Prepare (shared): one synth of the stack as cdk.json configures it, plus both e-mails.
  template = synthTemplate({ alarmEmail: ALARM_EMAIL, reportEmail: REPORT_EMAIL }).template;
  resources = template.toJSON().Resources as Record<string, Resource>;
}, 120_000);

function ofType(type: string): [string, Resource][] {
  return Object.entries(resources).filter(([, r]) => r.Type === type);
}

/** Logical id of the auditor function whose construct id is `id` (e.g. `Scan`). */
function functionId(id: string): string {
  const found = ofType('AWS::Lambda::Function').filter(([logicalId]) => logicalId.startsWith(`${id}Function`));
  expect(found).toHaveLength(1);
  return found[0][0];
}

function getAttId(value: unknown): string | undefined {
  const getAtt = (value as { 'Fn::GetAtt'?: [string, string] })?.['Fn::GetAtt'];
  return getAtt?.[0];
}

/** Every statement of every policy attached to the role of function `id`. */
function roleStatements(id: string): Statement[] {
  const roleRef = resources[functionId(id)].Properties.Role;
  const roleId = getAttId(roleRef);
  return ofType('AWS::IAM::Policy')
    .filter(([, p]) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
}

const actionsOf = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const resourceText = (s: Statement): string => JSON.stringify(s.Resource);

describe('schedules', () => {
  it.each([
    // Derived from the window and the frequency (region-schedules.test.ts).
    { id: 'SweepSchedule', cron: 'cron(0 1 ? * MON *)', target: 'Dispatch', payload: { trigger: 'schedule' } },
    { id: 'MonthlyReportSchedule', cron: 'cron(0 7 1 9,10,11 ? *)', target: 'Report', payload: { kind: 'monthly' } },
    { id: 'RoundReportSchedule', cron: CDK_EVALUATION.finalReportCron, target: 'Report', payload: { kind: 'round' } },
    { id: 'SelfReviewSchedule', cron: 'cron(0 7 1 7 ? *)', target: 'Report', payload: { kind: 'self-review' } },
  ])('$id runs $cron in Asia/Ho_Chi_Minh and invokes $target with $payload', ({ id, cron, target, payload }) => {
    // Prepare
    const schedules = ofType('AWS::Scheduler::Schedule').filter(([logicalId]) => logicalId.startsWith(id));

    // Act
    const [, schedule] = schedules[0];

    // Assess
    expect(schedules).toHaveLength(1);
    expect(schedule.Properties.ScheduleExpression).toBe(cron);
    expect(schedule.Properties.ScheduleExpressionTimezone).toBe('Asia/Ho_Chi_Minh');
    expect(getAttId(schedule.Properties.Target.Arn)).toBe(functionId(target));
    expect(JSON.parse(schedule.Properties.Target.Input)).toEqual({ ...payload, scheduledTime: '<aws.scheduler.scheduled-time>' });
    // What the function receives once the scheduler fills in the time passes its event schema.
    const delivered = JSON.parse(schedule.Properties.Target.Input.replace('<aws.scheduler.scheduled-time>', '2026-09-07T01:00:00+07:00'));
    const schema = target === 'Dispatch' ? DISPATCH_EVENT_SCHEMA : REPORT_EVENT_SCHEMA;
    expect(parseEvent(schema, delivered, target)).toEqual(delivered);
  });

  it('has exactly the four schedules', () => {
    // Prepare / Act
    const count = ofType('AWS::Scheduler::Schedule').length;

    // Assess
    expect(count).toBe(4);
  });
});

describe('queues and event sources', () => {
  const cases = [
    { fn: 'Scan', queue: 'ScanQueue', batchSize: 5, maxConcurrency: CDK_EVALUATION.scanConcurrency, maxReceiveCount: 5 },
    { fn: 'Render', queue: 'RenderQueue', batchSize: 1, maxConcurrency: CDK_EVALUATION.renderConcurrency, maxReceiveCount: 3 },
  ];

  function mappingOf(fn: string): Resource {
    const mappings = ofType('AWS::Lambda::EventSourceMapping').filter(([, m]) => m.Properties.FunctionName.Ref === functionId(fn));
    expect(mappings).toHaveLength(1);
    return mappings[0][1];
  }

  it.each(cases)('$fn consumes its queue with partial batch failures, batch $batchSize, max concurrency $maxConcurrency', ({ fn, batchSize, maxConcurrency }) => {
    // Prepare / Act
    const mapping = mappingOf(fn);

    // Assess
    expect(mapping.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(mapping.Properties.BatchSize).toBe(batchSize);
    expect(mapping.Properties.ScalingConfig).toEqual({ MaximumConcurrency: maxConcurrency });
  });

  it.each(cases)('$queue visibility timeout is at least 6× the $fn timeout (read from the template)', ({ fn }) => {
    // Prepare
    const mapping = mappingOf(fn);
    const queue = resources[getAttId(mapping.Properties.EventSourceArn)!];
    const timeout = resources[functionId(fn)].Properties.Timeout as number;

    // Act
    const visibility = queue.Properties.VisibilityTimeout as number;

    // Assess
    expect(timeout).toBeGreaterThan(0);
    expect(visibility).toBeGreaterThanOrEqual(6 * timeout);
  });

  it.each(cases)('$queue redrives to a 14-day DLQ after $maxReceiveCount receives', ({ fn, maxReceiveCount }) => {
    // Prepare
    const queue = resources[getAttId(mappingOf(fn).Properties.EventSourceArn)!];

    // Act
    const redrive = queue.Properties.RedrivePolicy;
    const dlq = resources[getAttId(redrive.deadLetterTargetArn)!];

    // Assess
    expect(redrive.maxReceiveCount).toBe(maxReceiveCount);
    expect(dlq.Type).toBe('AWS::SQS::Queue');
    expect(dlq.Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
  });

  it.each(cases)('$queue and its DLQ are high-throughput FIFO queues de-duplicated by the senders\' ids (politeness across workers)', ({ fn }) => {
    // Prepare
    const queue = resources[getAttId(mappingOf(fn).Properties.EventSourceArn)!];
    const dlq = resources[getAttId(queue.Properties.RedrivePolicy.deadLetterTargetArn)!];

    // Act
    const fifoProperties = [queue, dlq].map((q) => ({
      FifoQueue: q.Properties.FifoQueue,
      ContentBasedDeduplication: q.Properties.ContentBasedDeduplication,
      DeduplicationScope: q.Properties.DeduplicationScope,
      FifoThroughputLimit: q.Properties.FifoThroughputLimit,
    }));

    // Assess
    const expected = { FifoQueue: true, ContentBasedDeduplication: false, DeduplicationScope: 'messageGroup', FifoThroughputLimit: 'perMessageGroupId' };
    expect(fifoProperties).toEqual([expected, expected]);
  });

  it('encrypts every queue with SQS-managed keys and denies non-TLS access', () => {
    // Prepare
    const queues = ofType('AWS::SQS::Queue');
    const policies = ofType('AWS::SQS::QueuePolicy');

    // Act
    const unencrypted = queues.filter(([, q]) => q.Properties.SqsManagedSseEnabled !== true).map(([id]) => id);
    const tlsOnly = queues.filter(([id]) =>
      policies.some(([, p]) =>
        (p.Properties.Queues as { Ref: string }[]).some((q) => q.Ref === id) &&
        (p.Properties.PolicyDocument.Statement as { Effect: string; Condition?: unknown }[]).some(
          (s) => s.Effect === 'Deny' && JSON.stringify(s.Condition) === JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } }),
        ),
      ),
    );

    // Assess
    expect(queues).toHaveLength(4);
    expect(unencrypted).toEqual([]);
    expect(tlsOnly).toHaveLength(4);
  });

  it.each(['ScanQueue', 'RenderQueue'])('alarms to the alarm topic as soon as one message sits in the %s DLQ', (queue) => {
    // Prepare
    const dlqId = ofType('AWS::SQS::Queue').find(([id]) => id.startsWith(`${queue}DeadLetterQueue`))?.[0];
    const alarmTopicId = ofType('AWS::SNS::Topic').find(([id]) => id.startsWith('AlarmTopic'))?.[0];

    // Act
    const alarms = ofType('AWS::CloudWatch::Alarm').filter(([, a]) =>
      (a.Properties.Dimensions as { Value: unknown }[] | undefined)?.some((d) => getAttId(d.Value) === dlqId),
    );

    // Assess
    expect(dlqId).toBeDefined();
    expect(alarms).toHaveLength(1);
    const [, alarm] = alarms[0];
    expect(alarm.Properties).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: alarmTopicId }],
    });
  });
});

describe('functions', () => {
  it.each(['Dispatch', 'Scan', 'Render', 'Report', 'ImportTraffic'])('%s runs nodejs22.x with its own log group and Powertools settings', (fn) => {
    // Prepare / Act
    const props = resources[functionId(fn)].Properties;

    // Assess (the architecture of each function: render-architecture.test.ts)
    expect(props.Runtime).toBe('nodejs22.x');
    expect(props.Handler).toBe('index.handler');
    expect(resources[props.LoggingConfig.LogGroup.Ref].Properties.RetentionInDays).toBe(180);
    expect(props.Environment.Variables).toMatchObject({
      POWERTOOLS_SERVICE_NAME: 'gov-portal-auditor',
      POWERTOOLS_METRICS_NAMESPACE: 'GovPortalAuditor',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      NODE_OPTIONS: '--enable-source-maps',
      TABLE_NAME: { Ref: expect.stringMatching(/^StorageTable/) },
      EVAL_WINDOW_START: CDK_EVALUATION.windowStart,
      EVAL_WINDOW_END: CDK_EVALUATION.windowEnd,
      TIME_ZONE: CDK_EVALUATION.timeZone,
      RULE_SET_VERSION: CDK_EVALUATION.ruleSetVersion,
      SAMPLE_PAGES: String(CDK_EVALUATION.samplePages),
    });
  });

  it('gives render one full vCPU (1769 MB) and 1 GiB of /tmp for Chromium (its timeout: time-budgets.test.ts)', () => {
    // Prepare / Act
    const props = resources[functionId('Render')].Properties;

    // Assess
    expect(props).toMatchObject({ MemorySize: 1769, EphemeralStorage: { Size: 1024 } });
  });

  it('gives report the memory and time a season needs (bench:report season: peak RSS 778 MB, round 119 s)', () => {
    // Prepare / Act
    const props = resources[functionId('Report')].Properties;

    // Assess: at least 2× the measured peak and 5× the measured time.
    expect(props.MemorySize).toBeGreaterThanOrEqual(2 * 778);
    expect(props.Timeout).toBeGreaterThanOrEqual(5 * 119);
  });

  it('binds queue URLs and the topic ARN only where they are used', () => {
    // Prepare / Act
    const env = (fn: string) => Object.keys(resources[functionId(fn)].Properties.Environment.Variables);

    // Assess
    expect(env('Dispatch')).toContain('SCAN_QUEUE_URL');
    expect(env('Scan')).toEqual(expect.arrayContaining(['SCAN_QUEUE_URL', 'RENDER_QUEUE_URL', 'BUCKET_NAME']));
    expect(env('Report')).toEqual(expect.arrayContaining(['REPORT_TOPIC_ARN', 'BUCKET_NAME']));
    expect(env('Report')).not.toContain('SCAN_QUEUE_URL');
    expect(env('Render')).not.toContain('SCAN_QUEUE_URL');
    expect(env('ImportTraffic')).not.toContain('REPORT_TOPIC_ARN');
  });

  it('triggers import-traffic only for uploads under imports/traffic/', () => {
    // Prepare / Act
    const notifications = ofType('Custom::S3BucketNotifications');

    // Assess
    expect(notifications).toHaveLength(1);
    expect(notifications[0][1].Properties.NotificationConfiguration).toEqual({
      LambdaFunctionConfigurations: [
        {
          Events: ['s3:ObjectCreated:*'],
          Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'imports/traffic/' }] } },
          LambdaFunctionArn: { 'Fn::GetAtt': [functionId('ImportTraffic'), 'Arn'] },
        },
      ],
    });
  });
});

describe('least privilege', () => {
  it('lets scan write evidence/* but not reports/*', () => {
    // Prepare
    const statements = roleStatements('Scan');

    // Act
    const puts = statements.filter((s) => actionsOf(s).includes('s3:PutObject'));

    // Assess
    expect(puts.map(resourceText).join()).toContain('/evidence/*');
    expect(puts.map(resourceText).join()).not.toContain('reports/');
  });

  it.each(['Dispatch', 'Scan', 'Render', 'Report', 'ImportTraffic'])('gives %s no service-wide or global action wildcard', (fn) => {
    // Prepare
    const statements = roleStatements(fn);

    // Act
    const wildcards = statements.flatMap(actionsOf).filter((a) => a === '*' || /^[a-z0-9-]+:\*$/.test(a));

    // Assess
    expect(statements.length).toBeGreaterThan(0);
    expect(wildcards).toEqual([]);
  });

  it('does not let report send to the scan queue (while scan and dispatch may)', () => {
    // Prepare
    const scanQueueId = ofType('AWS::SQS::Queue').find(([id]) => id.startsWith('ScanQueueQueue') || /^ScanQueue[0-9A-F]{8}$/.test(id))?.[0];
    const sendsToScanQueue = (fn: string) =>
      roleStatements(fn).some((s) => actionsOf(s).includes('sqs:SendMessage') && resourceText(s).includes(`"${scanQueueId}"`));

    // Act / Assess
    expect(scanQueueId).toBeDefined();
    expect(sendsToScanQueue('Dispatch')).toBe(true);
    expect(sendsToScanQueue('Scan')).toBe(true);
    expect(sendsToScanQueue('Report')).toBe(false);
  });

  const WRITE = ['s3:PutObject', 's3:AbortMultipartUpload'];
  it.each([
    { fn: 'Scan', grants: { 'evidence/': WRITE } },
    { fn: 'Render', grants: { 'evidence/': WRITE } },
    // Writes reports and a round's public results; signs link-service links and so needs no read on evidence.
    { fn: 'Report', grants: { 'reports/': ['s3:GetObject', ...WRITE], 'public/': ['s3:GetObject', ...WRITE] } },
    // Presigns downloads of reports, public results and evidence, and writes nothing.
    { fn: 'Link', grants: { 'reports/': ['s3:GetObject'], 'evidence/': ['s3:GetObject'], 'public/': ['s3:GetObject'] } },
    // Reads the upload, writes its import report next to it.
    { fn: 'ImportTraffic', grants: { 'imports/traffic/': ['s3:GetObject', ...WRITE] } },
  ])('confines $fn to exactly its prefixes and actions in the bucket', ({ fn, grants }) => {
    // Prepare
    const s3Statements = roleStatements(fn).filter((s) => actionsOf(s).some((a) => a.startsWith('s3:')));

    // Act: the actions granted on each prefix.
    const granted: Record<string, string[]> = {};
    for (const statement of s3Statements) {
      const text = resourceText(statement);
      // CDK merges statements with the same actions: one statement may cover several prefixes.
      const prefixes = Object.keys(grants).filter((p) => text.includes(`/${p}*`));
      for (const prefix of prefixes.length > 0 ? prefixes : [`(other: ${text})`]) granted[prefix] = [...(granted[prefix] ?? []), ...actionsOf(statement)].sort();
    }

    // Assess
    const expected = Object.fromEntries(Object.entries(grants).map(([p, actions]) => [p, [...actions].sort()]));
    expect(granted).toEqual(expected);
  });
});

describe('storage', () => {
  it('keeps the table on demand, with PITR, deletion protection, AWS-managed KMS, GSI1 and RETAIN', () => {
    // Prepare / Act / Assess
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'PK', KeyType: 'HASH' },
          { AttributeName: 'SK', KeyType: 'RANGE' },
        ],
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        // SSEEnabled without a key or type = KMS with the AWS-managed aws/dynamodb key.
        SSESpecification: { SSEEnabled: true, SSEType: Match.absent(), KMSMasterKeyId: Match.absent() },
        GlobalSecondaryIndexes: [
          {
            IndexName: 'GSI1',
            KeySchema: [
              { AttributeName: 'GSI1PK', KeyType: 'HASH' },
              { AttributeName: 'GSI1SK', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
        AttributeDefinitions: Match.arrayWith([
          { AttributeName: 'GSI1PK', AttributeType: 'S' },
          { AttributeName: 'GSI1SK', AttributeType: 'S' },
        ]),
      },
    });
  });

  it('blocks public access, encrypts, versions and logs the auditor bucket', () => {
    // Prepare
    const [bucketId, bucket] = ofType('AWS::S3::Bucket').find(([id]) => id.startsWith('StorageBucket'))!;

    // Act
    const props = bucket.Properties;

    // Assess
    expect(bucket).toMatchObject({ DeletionPolicy: 'Retain' });
    expect(props.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(props.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(props.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(props.OwnershipControls.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerEnforced' }]);
    expect(props.LoggingConfiguration.DestinationBucketName.Ref).toMatch(/^StorageAccessLogs/);
    expect(props.LoggingConfiguration.DestinationBucketName.Ref).not.toBe(bucketId);
  });

  it('expires evidence after 400 days and old versions after 30, and keeps reports', () => {
    // Prepare
    const [, bucket] = ofType('AWS::S3::Bucket').find(([id]) => id.startsWith('StorageBucket'))!;

    // Act
    const rules = bucket.Properties.LifecycleConfiguration.Rules as Record<string, unknown>[];
    const evidence = rules.find((r) => r.Prefix === 'evidence/');
    const reports = rules.find((r) => r.Prefix === 'reports/');

    // Assess
    expect(evidence).toMatchObject({
      Status: 'Enabled',
      ExpirationInDays: 400,
      NoncurrentVersionExpiration: { NoncurrentDays: 30 },
      Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }],
    });
    expect(reports).toBeDefined();
    expect(reports).not.toHaveProperty('ExpirationInDays');
    expect(rules.some((r) => r.Prefix === undefined && r.ExpirationInDays !== undefined)).toBe(false);
  });

  it.each(['StorageBucket', 'StorageAccessLogs'])('denies non-TLS requests to %s', (prefix) => {
    // Prepare
    const bucketId = ofType('AWS::S3::Bucket').find(([id]) => id.startsWith(prefix) && !id.includes('Policy'))?.[0];

    // Act
    const policy = ofType('AWS::S3::BucketPolicy').find(([, p]) => p.Properties.Bucket.Ref === bucketId)?.[1];

    // Assess
    expect(policy?.Properties.PolicyDocument.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      ]),
    );
  });
});

describe('topics and outputs', () => {
  it.each(['ReportTopic', 'AlarmTopic'])('%s is KMS-encrypted, TLS-only and has the configured e-mail subscription', (topic) => {
    // Prepare
    const [topicId, resource] = ofType('AWS::SNS::Topic').find(([id]) => id.startsWith(topic))!;
    const email = topic === 'ReportTopic' ? REPORT_EMAIL : ALARM_EMAIL;

    // Act
    const subscriptions = ofType('AWS::SNS::Subscription').filter(([, s]) => s.Properties.TopicArn.Ref === topicId);
    const policy = ofType('AWS::SNS::TopicPolicy').find(([, p]) => (p.Properties.Topics as { Ref: string }[]).some((t) => t.Ref === topicId));

    // Assess
    expect(resource.Properties.KmsMasterKeyId).toBeDefined();
    expect(subscriptions.map(([, s]) => s.Properties)).toEqual([expect.objectContaining({ Protocol: 'email', Endpoint: email })]);
    expect(JSON.stringify(policy?.[1].Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
  });

  it('lets CloudWatch alarms of this account publish to the alarm topic (its TLS Deny alone would refuse them)', () => {
    // Prepare
    const [topicId] = ofType('AWS::SNS::Topic').find(([id]) => id.startsWith('AlarmTopic'))!;
    const policy = ofType('AWS::SNS::TopicPolicy').find(([, p]) => (p.Properties.Topics as { Ref: string }[]).some((t) => t.Ref === topicId))!;

    // Act
    const statements = policy[1].Properties.PolicyDocument.Statement as (Statement & { Principal?: unknown; Condition?: Record<string, Record<string, unknown>> })[];
    const allows = statements.filter((s) => s.Effect === 'Allow');

    // Assess
    expect(allows).toHaveLength(1);
    const [allow] = allows;
    expect(allow.Principal).toEqual({ Service: 'cloudwatch.amazonaws.com' });
    expect(actionsOf(allow)).toEqual(['sns:Publish']);
    expect(allow.Resource).toEqual({ Ref: topicId });
    expect(allow.Condition?.StringEquals).toEqual({ 'aws:SourceAccount': { Ref: 'AWS::AccountId' } });
    expect(JSON.stringify(allow.Condition?.ArnLike?.['aws:SourceArn'])).toMatch(/arn:.*:cloudwatch:.*:alarm:\*/);
    // Every alarm action of the stack targets this topic, so each alarm is covered.
    const alarmTargets = ofType('AWS::CloudWatch::Alarm').flatMap(([, a]) => a.Properties.AlarmActions as unknown[]);
    expect(alarmTargets.length).toBeGreaterThan(0);
    expect(alarmTargets.every((t) => JSON.stringify(t) === JSON.stringify({ Ref: topicId }))).toBe(true);
  });

  it('outputs the table, bucket, queue URLs and topic ARNs', () => {
    // Prepare / Act
    const outputs = Object.keys(template.toJSON().Outputs as object);

    // Assess
    expect(outputs).toEqual(expect.arrayContaining(['TableName', 'BucketName', 'ScanQueueUrl', 'RenderQueueUrl', 'ReportTopicArn', 'AlarmTopicArn']));
  });
});

describe('configuration', () => {
  const good = CDK_EVALUATION;
  it.each([
    { key: 'evaluation.sweepFrequency', evaluation: { ...good, sweepFrequency: 'every monday' } },
    { key: 'evaluation.finalReportCron', evaluation: { ...good, finalReportCron: 'cron(0 7 5 11 ?)' } },
    { key: 'evaluation.windowStart', evaluation: { ...good, windowStart: '02-30' } },
    { key: 'evaluation.windowEnd', evaluation: { ...good, windowStart: '10-31', windowEnd: '08-01' } },
    { key: 'evaluation.timeZone', evaluation: { ...good, timeZone: 'Asia/Hanoi_City' } },
    { key: 'evaluation.ruleSetVersion', evaluation: { ...good, ruleSetVersion: 'v1' } },
    { key: 'evaluation.scanConcurrency', evaluation: { ...good, scanConcurrency: 1 } },
    { key: 'evaluation.samplePages', evaluation: { ...good, samplePages: 2.5 } },
    { key: 'evaluation.sweepFrequency', evaluation: { ...good, sweepFrequency: undefined } },
    { key: 'evaluation.reportCron', evaluation: { ...good, reportCron: 'cron(0 7 1 * ? *)' } },
    { key: 'evaluation.sampelPages', evaluation: { ...good, sampelPages: 3 } },
  ])('rejects a bad $key with an error naming it', ({ key, evaluation }) => {
    // Prepare
    const app = makeApp({ evaluation });

    // Act
    const build = () => addStack(app);

    // Assess
    expect(build).toThrow(ConfigError);
    expect(build).toThrow(`Invalid CDK context "${key}"`);
  });

  it('rejects a malformed alarm e-mail', () => {
    // Prepare / Act
    const parse = () => parseAuditorConfig({ evaluation: good, alarmEmail: 'not-an-address' });

    // Assess
    expect(parse).toThrow('Invalid CDK context "alarmEmail"');
  });

  it('reports a missing evaluation block', () => {
    // Prepare / Act
    const parse = () => parseAuditorConfig({ evaluation: undefined });

    // Assess
    expect(parse).toThrow('Invalid CDK context "evaluation": missing');
  });

  it('reads cdk.json into a typed config and applies -c overrides given as strings', () => {
    // Prepare
    const app = new App({ context: { ...cdkJsonContext(), 'evaluation.samplePages': '5', 'evaluation.sweepFrequency': 'daily' } });

    // Act
    const config = readAuditorConfig(app);

    // Assess
    expect(config.evaluation).toEqual({ ...good, samplePages: 5, sweepFrequency: 'daily' });
    expect(config.alarmEmail).toBeUndefined();
  });

  it('accepts the whole evaluation block as JSON text (as `-c evaluation=…` passes it)', () => {
    // Prepare / Act
    const config = parseAuditorConfig({ evaluation: JSON.stringify(good) });

    // Assess
    expect(config.evaluation).toEqual(good);
  });
});
