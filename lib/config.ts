/**
 * Typed deployment configuration, read from CDK context (cdk.json `context`, overridable with
 * `-c key=value`). Every value is validated at synth time so a typo fails the synth with the
 * name of the bad key instead of deploying a schedule that never fires.
 */
import type { Construct } from 'constructs';

/** The evaluation calendar and scan tuning (Circular 22/2023/TT-BTTTT yearly evaluation). */
export interface EvaluationConfig {
  /** First day of the evaluation window, `MM-DD` (inclusive). */
  readonly windowStart: string;
  /** Last day of the evaluation window, `MM-DD` (inclusive). */
  readonly windowEnd: string;
  /** IANA time zone of the schedules and of the window. */
  readonly timeZone: string;
  /**
   * How often the registry is swept inside the window: `weekly` (Mondays) or `daily`, at
   * 01:00 in `timeZone` (see lib/schedules.ts).
   */
  readonly sweepFrequency: SweepFrequency;
  /** EventBridge Scheduler cron of the final report. */
  readonly finalReportCron: string;
  /** Rule-set version stamped on every run, `YYYY.N`. */
  readonly ruleSetVersion: string;
  /** Inner pages sampled per site besides the homepage. */
  readonly samplePages: number;
  /** Maximum concurrent scan invocations (SQS event-source maximum concurrency). */
  readonly scanConcurrency: number;
  /** Maximum concurrent render (Chromium) invocations. */
  readonly renderConcurrency: number;
}

/** Sweep frequency; the cron is derived from it (lib/schedules.ts). */
export type SweepFrequency = 'weekly' | 'daily';

/** The region deployed to when the context names none: the AWS region nearest to Vietnam (Singapore). */
export const DEFAULT_REGION = 'ap-southeast-1';

/** Everything the stack needs from context. */
export interface AuditorConfig {
  /** AWS region of the stack (`region` in cdk.json, default {@link DEFAULT_REGION}), never the synth machine's. */
  readonly region: string;
  readonly evaluation: EvaluationConfig;
  /** Address subscribed to the operational alarm topic (DLQ messages, failed schedules). */
  readonly alarmEmail?: string;
  /** Address subscribed to the report topic (links to each published report). */
  readonly reportEmail?: string;
  /** Days a download link in a report or its e-mail works (default 30, see lib/constructs/link-service.ts). */
  readonly linkValidityDays?: number;
}

/** A context value that is missing or malformed; the message names the key. */
export class ConfigError extends Error {
  constructor(
    /** Context key, dotted for nested keys (`evaluation.sweepFrequency`). */
    readonly key: string,
    detail: string,
  ) {
    super(`Invalid CDK context "${key}": ${detail}`);
    this.name = 'ConfigError';
  }
}

type Parser<T> = (key: string, value: unknown) => T;

const MONTH_DAY = /^(\d{2})-(\d{2})$/;
// Days per month with 29 for February: a leap-day window end is valid in leap years.
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
// Scheduler cron: six space-separated fields (minutes hours day-of-month month day-of-week year).
const SCHEDULER_CRON = /^cron\(\S+( \S+){5}\)$/;
const RULE_SET_VERSION = /^\d{4}\.\d+$/;
// Commercial, GovCloud and China partitions: `ap-southeast-1`, `us-gov-west-1`, `cn-north-1`.
const AWS_REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const SWEEP_FREQUENCIES: readonly SweepFrequency[] = ['weekly', 'daily'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value) ?? String(value);
}

const monthDay: Parser<string> = (key, value) => {
  const match = typeof value === 'string' ? MONTH_DAY.exec(value) : null;
  const month = match ? Number(match[1]) : 0;
  const day = match ? Number(match[2]) : 0;
  if (!match || month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]) {
    throw new ConfigError(key, `expected a calendar day as MM-DD (e.g. "08-01"), got ${show(value)}`);
  }
  return value as string;
};

const timeZone: Parser<string> = (key, value) => {
  if (typeof value === 'string' && value.length > 0) {
    try {
      // Intl rejects names outside the IANA database with a RangeError.
      new Intl.DateTimeFormat('en', { timeZone: value });
      return value;
    } catch {
      // Fall through to the uniform error below.
    }
  }
  throw new ConfigError(key, `expected an IANA time zone such as "Asia/Ho_Chi_Minh", got ${show(value)}`);
};

const schedulerCron: Parser<string> = (key, value) => {
  if (typeof value !== 'string' || !SCHEDULER_CRON.test(value)) {
    throw new ConfigError(key, `expected an EventBridge Scheduler cron expression with six fields such as "cron(0 1 ? * MON *)", got ${show(value)}`);
  }
  return value;
};

const sweepFrequency: Parser<SweepFrequency> = (key, value) => {
  if (typeof value !== 'string' || !(SWEEP_FREQUENCIES as string[]).includes(value)) {
    throw new ConfigError(key, `expected one of ${SWEEP_FREQUENCIES.map((f) => `"${f}"`).join(', ')}, got ${show(value)}`);
  }
  return value as SweepFrequency;
};

const region: Parser<string> = (key, value) => {
  if (typeof value !== 'string' || !AWS_REGION.test(value)) {
    throw new ConfigError(key, `expected an AWS region such as "${DEFAULT_REGION}" (Singapore, nearest to Vietnam), got ${show(value)}`);
  }
  return value;
};

const ruleSetVersion: Parser<string> = (key, value) => {
  if (typeof value !== 'string' || !RULE_SET_VERSION.test(value)) {
    throw new ConfigError(key, `expected a rule-set version as YYYY.N (e.g. "2026.1"), got ${show(value)}`);
  }
  return value;
};

function integer(min: number, max: number): Parser<number> {
  return (key, value) => {
    // CLI overrides (`-c evaluation.samplePages=5`) arrive as strings.
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
      throw new ConfigError(key, `expected an integer from ${min} to ${max}, got ${show(value)}`);
    }
    return number;
  };
}

const email: Parser<string> = (key, value) => {
  if (typeof value !== 'string' || !EMAIL.test(value)) {
    throw new ConfigError(key, `expected an e-mail address, got ${show(value)}`);
  }
  return value;
};

const EVALUATION_PARSERS: { [K in keyof EvaluationConfig]: Parser<EvaluationConfig[K]> } = {
  windowStart: monthDay,
  windowEnd: monthDay,
  timeZone,
  sweepFrequency,
  finalReportCron: schedulerCron,
  ruleSetVersion,
  samplePages: integer(0, 20),
  // Lambda's SQS maximum concurrency accepts 2..1000.
  scanConcurrency: integer(2, 1000),
  renderConcurrency: integer(2, 1000),
};

const EVALUATION_KEYS = Object.keys(EVALUATION_PARSERS) as (keyof EvaluationConfig)[];

/** Raw context values, as `tryGetContext` returns them. */
export interface RawAuditorContext {
  readonly evaluation: unknown;
  /** @default {@link DEFAULT_REGION} */
  readonly region?: unknown;
  /** Per-key overrides given on the command line (`-c evaluation.samplePages=5`). */
  readonly evaluationOverrides?: Partial<Record<keyof EvaluationConfig, unknown>>;
  readonly alarmEmail?: unknown;
  readonly reportEmail?: unknown;
  readonly linkValidityDays?: unknown;
}

function asObject(key: string, value: unknown): Record<string, unknown> {
  // `-c evaluation='{"…"}'` arrives as a JSON string.
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new ConfigError(key, `expected an object (or its JSON), got ${show(value)}`);
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(key, `expected an object with keys ${EVALUATION_KEYS.join(', ')}, got ${show(value)}`);
  }
  return parsed as Record<string, unknown>;
}

/**
 * Validate raw context into a typed configuration.
 *
 * @throws ConfigError naming the first bad key (unknown keys are rejected too: they are typos).
 */
export function parseAuditorConfig(raw: RawAuditorContext): AuditorConfig {
  if (raw.evaluation === undefined) {
    throw new ConfigError('evaluation', 'missing; define it in cdk.json "context"');
  }
  const given = { ...asObject('evaluation', raw.evaluation) };
  for (const [name, value] of Object.entries(raw.evaluationOverrides ?? {})) {
    if (value !== undefined) given[name] = value;
  }
  for (const name of Object.keys(given)) {
    if (!(EVALUATION_KEYS as string[]).includes(name)) {
      throw new ConfigError(`evaluation.${name}`, `unknown key; expected one of ${EVALUATION_KEYS.join(', ')}`);
    }
  }
  const evaluation = Object.fromEntries(
    EVALUATION_KEYS.map((name) => {
      const key = `evaluation.${name}`;
      if (given[name] === undefined) throw new ConfigError(key, 'missing');
      return [name, EVALUATION_PARSERS[name](key, given[name])];
    }),
  ) as unknown as EvaluationConfig;
  if (evaluation.windowStart > evaluation.windowEnd) {
    throw new ConfigError('evaluation.windowEnd', `must not be before windowStart (${evaluation.windowStart}) within one year, got "${evaluation.windowEnd}"`);
  }
  return {
    region: raw.region === undefined ? DEFAULT_REGION : region('region', raw.region),
    evaluation,
    ...(raw.alarmEmail === undefined ? {} : { alarmEmail: email('alarmEmail', raw.alarmEmail) }),
    ...(raw.reportEmail === undefined ? {} : { reportEmail: email('reportEmail', raw.reportEmail) }),
    ...(raw.linkValidityDays === undefined ? {} : { linkValidityDays: integer(1, 366)('linkValidityDays', raw.linkValidityDays) }),
  };
}

/** Read and validate the configuration from a construct's context (normally the App). */
export function readAuditorConfig(scope: Construct): AuditorConfig {
  const context = (key: string): unknown => scope.node.tryGetContext(key);
  return parseAuditorConfig({
    evaluation: context('evaluation'),
    region: context('region'),
    evaluationOverrides: Object.fromEntries(EVALUATION_KEYS.map((name) => [name, context(`evaluation.${name}`)])),
    alarmEmail: context('alarmEmail'),
    reportEmail: context('reportEmail'),
    linkValidityDays: context('linkValidityDays'),
  });
}
