/**
 * AWS SDK v3 clients, built lazily and once. Nothing is read from the environment at import
 * time: a test (or the local runner) can set the environment, or inject its own clients, before
 * the first call.
 *
 * The same clients reach AWS and the embedded local stack: local mode only sets the standard
 * `AWS_ENDPOINT_URL_<SERVICE>` variables (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Region used when `AWS_REGION` is not set (the project's home region, Singapore). */
export const DEFAULT_REGION = 'ap-southeast-1';

/** The clients every adapter uses. */
export interface AwsClients {
  readonly dynamo: DynamoDBDocumentClient;
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly sns: SNSClient;
  readonly secrets: SecretsManagerClient;
}

type Env = Record<string, string | undefined>;

function endpointOf(env: Env, service: 'DYNAMODB' | 'S3' | 'SQS' | 'SNS' | 'SECRETS_MANAGER'): string | undefined {
  return env[`AWS_ENDPOINT_URL_${service}`] || env.AWS_ENDPOINT_URL || undefined;
}

function checksumSetting(value: string | undefined): 'WHEN_REQUIRED' | 'WHEN_SUPPORTED' | undefined {
  return value === 'WHEN_REQUIRED' || value === 'WHEN_SUPPORTED' ? value : undefined;
}

/**
 * Base configuration of every client. With an `env` other than `process.env` the SDK's own
 * environment lookups would not see it, so region, credentials and checksum settings are
 * passed explicitly; with `process.env` the SDK's default credential chain is kept (on Lambda
 * it is the function's role).
 */
function baseConfig(env: Env) {
  const explicitCredentials =
    env !== process.env && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? {
          accessKeyId: env.AWS_ACCESS_KEY_ID,
          secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
          ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
        }
      : undefined;
  return {
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || DEFAULT_REGION,
    ...(explicitCredentials ? { credentials: explicitCredentials } : {}),
  };
}

/**
 * A bundle of clients configured from `env`; each client is built on first access and then
 * reused. Endpoints come from `AWS_ENDPOINT_URL_<SERVICE>` (or `AWS_ENDPOINT_URL`).
 */
export function createAwsClients(env: Env = process.env): AwsClients {
  const built: { -readonly [K in keyof AwsClients]?: AwsClients[K] } = {};
  return {
    get dynamo() {
      built.dynamo ??= DynamoDBDocumentClient.from(
        new DynamoDBClient({ ...baseConfig(env), endpoint: endpointOf(env, 'DYNAMODB') }),
        // Optional record fields are `undefined` when absent; DynamoDB has no such value.
        { marshallOptions: { removeUndefinedValues: true } },
      );
      return built.dynamo;
    },
    get s3() {
      const endpoint = endpointOf(env, 'S3');
      built.s3 ??= new S3Client({
        ...baseConfig(env),
        endpoint,
        // Local S3 servers answer on 127.0.0.1:port, where a bucket cannot be a sub-domain.
        forcePathStyle: endpoint !== undefined,
        // Emulators store streamed uploads with aws-chunked framing unless checksums are off.
        requestChecksumCalculation: checksumSetting(env.AWS_REQUEST_CHECKSUM_CALCULATION),
        responseChecksumValidation: checksumSetting(env.AWS_RESPONSE_CHECKSUM_VALIDATION),
      });
      return built.s3;
    },
    get sqs() {
      // An explicit endpoint, not only the environment variable: the SQS client otherwise sends
      // each request to the host named in its QueueUrl.
      built.sqs ??= new SQSClient({ ...baseConfig(env), endpoint: endpointOf(env, 'SQS') });
      return built.sqs;
    },
    get sns() {
      built.sns ??= new SNSClient({ ...baseConfig(env), endpoint: endpointOf(env, 'SNS') });
      return built.sns;
    },
    get secrets() {
      built.secrets ??= new SecretsManagerClient({ ...baseConfig(env), endpoint: endpointOf(env, 'SECRETS_MANAGER') });
      return built.secrets;
    },
  };
}

let shared: AwsClients | undefined;

/** The process-wide clients, configured from `process.env` at the first access of each one. */
export function awsClients(): AwsClients {
  shared ??= createAwsClients(process.env);
  return shared;
}

/**
 * Forgets the process-wide clients, so the next {@link awsClients} reads the environment again
 * (after the local stack changed it). Clients already handed out keep working.
 */
export function resetAwsClients(): void {
  shared = undefined;
}
