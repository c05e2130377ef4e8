/**
 * The consumers' Powertools wiring through middy: the Lambda context is injected into the
 * logger (request id, cold start) and the sweep metrics are flushed as EMF at the end of the
 * invocation. POWERTOOLS_DEV routes both to the global console, where the test reads them.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSRecord } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeSqsRecordHandler } from '../../functions/commons/sqs-record-handler.ts';
import { powertoolsTelemetry } from '../../functions/commons/telemetry.ts';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

const RECORD: SQSRecord = {
  messageId: 'm1',
  receiptHandle: 'rh-1',
  body: JSON.stringify({ runId: '20260914T0100Z-schedule', url: 'https://sotttt.hue.gov.vn/', host: 'sotttt.hue.gov.vn', role: 'component', org: 'Sở TT&TT Huế', source: 'registry' }),
  attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'x', ApproximateFirstReceiveTimestamp: '0', MessageGroupId: 'hue.gov.vn' },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:ap-southeast-1:000000000000:scan.fifo',
  awsRegion: 'ap-southeast-1',
};

describe('Powertools telemetry of the SQS consumers', () => {
  it('logs with the Lambda request id, function and cold-start flag, and flushes the counted metrics with their dimensions', async () => {
    // Prepare
    vi.stubEnv('POWERTOOLS_DEV', 'true');
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'GovPortalAuditor');
    vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'gov-portal-auditor');
    const lines: string[] = [];
    for (const method of ['info', 'log', 'warn'] as const) vi.spyOn(console, method).mockImplementation((line: unknown) => void lines.push(String(line)));
    const logger = new Logger({ serviceName: 'scan' });
    const telemetry = powertoolsTelemetry(logger);
    const handler = makeSqsRecordHandler(
      {
        name: 'scan',
        parallelGroups: true,
        async process(_message, _attempt, _deps, t) {
          t.count('SitesScanned');
          t.count('UnknownSites', { reason: 'timeout' });
          return { status: 'recorded' };
        },
      },
      () => ({ logger, recordBudgetMs: 1_000, config: { retryBaseSeconds: 60 }, retryLater: async () => undefined }),
      telemetry,
    );
    const context = { awsRequestId: 'req-7f3a', functionName: 'GovPortalAuditor-Scan', functionVersion: '$LATEST', invokedFunctionArn: 'arn:aws:lambda:ap-southeast-1:000000000000:function:scan', memoryLimitInMB: '1024', getRemainingTimeInMillis: () => 500_000 } as Context;

    // Act
    await handler({ Records: [RECORD] }, context);

    // Assess
    const json = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    const done = json.find((l) => l.message === 'scan done');
    expect(done).toMatchObject({ function_request_id: 'req-7f3a', cold_start: expect.any(Boolean), function_name: 'GovPortalAuditor-Scan', host: 'sotttt.hue.gov.vn' });
    const emf = json.filter((l) => l._aws !== undefined);
    const metricNames = emf.flatMap((l) => ((l._aws as { CloudWatchMetrics: { Metrics: { Name: string }[] }[] }).CloudWatchMetrics[0].Metrics).map((m) => m.Name));
    expect(metricNames).toEqual(expect.arrayContaining(['SitesScanned', 'UnknownSites']));
    expect(emf.find((l) => l.UnknownSites !== undefined)).toMatchObject({ reason: 'timeout', UnknownSites: 1 });
    expect(emf.every((l) => (l._aws as { CloudWatchMetrics: { Namespace: string }[] }).CloudWatchMetrics[0].Namespace === 'GovPortalAuditor')).toBe(true);
  });
});
