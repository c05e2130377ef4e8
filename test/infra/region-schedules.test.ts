/**
 * Region and schedules are configuration: the region comes from cdk.json (default the AWS
 * region nearest to Vietnam), never from the machine that synthesizes; the monthly report fires
 * only in the months that follow an evaluation month; the sweep frequency is one setting.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_REGION, parseAuditorConfig, type EvaluationConfig } from '../../lib/config.ts';
import { monthlyReportCron, reportMonths, sweepCron } from '../../lib/schedules.ts';
import { addStack, cdkJsonContext, makeApp, synthTemplate } from './support/synth-auditor.ts';

type Resource = { Type: string; Properties: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any

const EVALUATION = cdkJsonContext().evaluation as EvaluationConfig;
const savedRegion = process.env.CDK_DEFAULT_REGION;

afterEach(() => {
  if (savedRegion === undefined) delete process.env.CDK_DEFAULT_REGION;
  else process.env.CDK_DEFAULT_REGION = savedRegion;
});

function scheduleExpression(resources: Record<string, Resource>, id: string): string {
  const found = Object.entries(resources).filter(([logicalId, r]) => r.Type === 'AWS::Scheduler::Schedule' && logicalId.startsWith(id));
  expect(found).toHaveLength(1);
  return found[0][1].Properties.ScheduleExpression;
}

describe('region', () => {
  it('is ap-southeast-1 from cdk.json even when the synth machine is set to another region', () => {
    // Prepare: a developer's shell pointing elsewhere.
    process.env.CDK_DEFAULT_REGION = 'us-east-1';

    // Act
    const { stack } = synthTemplate();

    // Assess
    expect(cdkJsonContext().region).toBe('ap-southeast-1');
    expect(stack.region).toBe('ap-southeast-1');
  });

  it('defaults to the region nearest to Vietnam when the context names none', () => {
    // Prepare / Act
    const config = parseAuditorConfig({ evaluation: EVALUATION });

    // Assess
    expect(config.region).toBe(DEFAULT_REGION);
    expect(DEFAULT_REGION).toBe('ap-southeast-1');
  });

  it('follows -c region=…', () => {
    // Prepare / Act
    const stack = addStack(makeApp({ region: 'ap-southeast-7' }));

    // Assess
    expect(stack.region).toBe('ap-southeast-7');
  });

  it.each(['Singapore', 'ap_southeast_1', 'ap-southeast', ''])('rejects %j with an error naming the key', (region) => {
    // Prepare / Act
    const build = () => addStack(makeApp({ region }));

    // Assess
    expect(build).toThrow(ConfigError);
    expect(build).toThrow('Invalid CDK context "region"');
  });
});

describe('schedules', () => {
  it.each([
    { window: { windowStart: '08-01', windowEnd: '10-31' }, months: [9, 10, 11], cron: 'cron(0 7 1 9,10,11 ? *)' },
    { window: { windowStart: '08-15', windowEnd: '09-30' }, months: [9, 10], cron: 'cron(0 7 1 9,10 ? *)' },
    { window: { windowStart: '10-01', windowEnd: '12-31' }, months: [1, 11, 12], cron: 'cron(0 7 1 1,11,12 ? *)' },
    { window: { windowStart: '03-01', windowEnd: '03-31' }, months: [4], cron: 'cron(0 7 1 4 ? *)' },
  ])('reports monthly only after evaluation months: $window.windowStart–$window.windowEnd → $months', ({ window, months, cron }) => {
    // Prepare / Act / Assess
    expect(reportMonths(window)).toEqual(months);
    expect(monthlyReportCron(window)).toBe(cron);
  });

  it('derives the monthly report schedule of the stack from the window in cdk.json', () => {
    // Prepare
    const evaluation = { ...EVALUATION, windowStart: '09-01', windowEnd: '11-30' };

    // Act
    const resources = synthTemplate({ evaluation }).template.toJSON().Resources as Record<string, Resource>;

    // Assess
    expect(scheduleExpression(resources, 'MonthlyReportSchedule')).toBe('cron(0 7 1 10,11,12 ? *)');
  });

  it.each([
    { frequency: 'weekly', cron: 'cron(0 1 ? * MON *)' },
    { frequency: 'daily', cron: 'cron(0 1 * * ? *)' },
  ] as const)('sweeps $frequency with one setting', ({ frequency, cron }) => {
    // Prepare / Act
    const resources = synthTemplate({ evaluation: { ...EVALUATION, sweepFrequency: frequency } }).template.toJSON().Resources as Record<string, Resource>;

    // Assess
    expect(sweepCron(frequency)).toBe(cron);
    expect(scheduleExpression(resources, 'SweepSchedule')).toBe(cron);
  });

  it('rejects another sweep frequency with an error naming the key and the choices', () => {
    // Prepare / Act
    const parse = () => parseAuditorConfig({ evaluation: { ...EVALUATION, sweepFrequency: 'monthly' } });

    // Assess
    expect(parse).toThrow('Invalid CDK context "evaluation.sweepFrequency": expected one of "weekly", "daily", got "monthly"');
  });
});
