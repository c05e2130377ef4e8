/**
 * One construct owns every Lambda default of the auditor (runtime, architecture, ESM bundle,
 * log group, Powertools settings) and binds resources with helpers that set BOTH the
 * environment variable the handler reads and the narrowest IAM grant that handler needs
 * (the idea of Powertools' `FunctionWithLogGroup.bindTable`).
 */
import { join } from 'node:path';
import { Duration, RemovalPolicy, Size, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { nagArnRef } from './nag-refs.ts';
import { nodeModuleClosure } from './node-module-closure.ts';

/** Table access a handler needs. */
export type TableAccess = 'read' | 'readWrite';
/** Object access a handler needs on the bound prefixes. */
export type BucketAccess = 'read' | 'write' | 'readWrite';

/** Powertools service name shared by every function; the function name tells them apart. */
export const SERVICE_NAME = 'gov-portal-auditor';
/** CloudWatch namespace of the sweep metrics (Powertools Metrics, written as EMF to the logs). */
export const METRICS_NAMESPACE = 'GovPortalAuditor';

/**
 * ESM output has no `require`; CommonJS dependencies bundled into it (cheerio's, the SDK's)
 * still call it, so the bundle defines one. See https://github.com/evanw/esbuild/issues/1921.
 */
const CREATE_REQUIRE_BANNER =
  "import { createRequire as __auditorCreateRequire } from 'node:module'; const require = __auditorCreateRequire(import.meta.url);";

export interface AuditorFunctionProps {
  /** Folder of the handler: `<functionsRoot>/<name>/handler.ts`, exporting `handler`. */
  readonly name: string;
  /** Absolute folder holding one sub-folder per function (the repository's `functions`). */
  readonly functionsRoot: string;
  /** Absolute repository root: esbuild's working directory and home of package-lock.json. */
  readonly projectRoot: string;
  readonly description: string;
  readonly timeout: Duration;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default 512 (MiB, Lambda's default) */
  readonly ephemeralStorageMiB?: number;
  /** Configuration the handler reads from its environment (no resource names: bind those). */
  readonly environment?: Record<string, string>;
  /**
   * Packages shipped as installed instead of bundled (a binary payload located relative to
   * the package, like @sparticuz/chromium's `bin/`). Their dependency closure ships too.
   * @default none
   */
  readonly shippedNodeModules?: readonly string[];
  /** @default 'INFO' */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /**
   * @default ARM_64 (Graviton: cheaper per GB-second). A function shipping a native binary
   * must run on the binary's architecture.
   */
  readonly architecture?: Architecture;
}

/** A Lambda function with the auditor's defaults and least-privilege bind helpers. */
export class AuditorFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly logGroup: LogGroup;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: AuditorFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      // Covers one evaluation season (Aug–Oct) plus the final report and its disputes.
      retention: RetentionDays.SIX_MONTHS,
      // Logs are disposable once the season's reports are out; evidence lives in S3.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // An own role instead of AWSLambdaBasicExecutionRole: log writes only to this log group.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the ${props.name} function`,
    });
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    const shipped = props.shippedNodeModules ?? [];
    const shippedDirs = shipped.length === 0 ? [] : nodeModuleClosure(props.projectRoot, shipped);
    this.fn = new NodejsFunction(this, 'Function', {
      entry: join(props.functionsRoot, props.name, 'handler.ts'),
      handler: 'handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: join(props.projectRoot, 'package-lock.json'),
      description: props.description,
      // nodejs20.x no longer accepts new functions; the code stays Node-20 compatible locally.
      runtime: Runtime.NODEJS_22_X,
      architecture: props.architecture ?? Architecture.ARM_64,
      timeout: props.timeout,
      memorySize: props.memorySize ?? 512,
      ...(props.ephemeralStorageMiB === undefined ? {} : { ephemeralStorageSize: Size.mebibytes(props.ephemeralStorageMiB) }),
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        // POWERTOOLS_LOG_LEVEL is the current name (LOG_LEVEL is Powertools' legacy alias).
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
        // Stack traces in CloudWatch point at the TypeScript sources (the bundle has a source map).
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        // The project is ESM ("type": "module"); top-level await and import.meta work as written.
        format: OutputFormat.ESM,
        target: 'node22',
        // Prefer ESM entry points of dual packages so tree-shaking works.
        mainFields: ['module', 'main'],
        banner: CREATE_REQUIRE_BANNER,
        minify: true,
        // Read by Node thanks to NODE_OPTIONS above.
        sourceMap: true,
        // Sources are in the repository; keep the asset small.
        sourcesContent: false,
        // Bundle the pinned AWS SDK (not the runtime's copy): the tests ran against that version.
        externalModules: [...shipped],
        ...(shippedDirs.length === 0
          ? {}
          : {
              commandHooks: {
                beforeBundling: (): string[] => [],
                beforeInstall: (): string[] => [],
                afterBundling: (inputDir: string, outputDir: string): string[] =>
                  shippedDirs.map((dir) => copyCommand(join(inputDir, dir), join(outputDir, dir))),
              },
            }),
      },
    });
    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'nodejs22.x is deliberate: the code is built and tested on Node 20 with libraries pinned to lines verified up to Node 22 (undici 7, middy 6, @sparticuz/chromium 147); nodejs24.x is untested.',
    });
  }

  /** Sets TABLE_NAME and grants item reads (and writes) on the table and its indexes. */
  bindTable(table: ITable, access: TableAccess): this {
    this.fn.addEnvironment('TABLE_NAME', table.tableName);
    if (access === 'read') table.grantReadData(this.fn);
    else table.grantReadWriteData(this.fn);
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagArnRef(table)}/index/*]`,
      reason: "Item access on the table's own indexes (GSI1: a site's history); no other table is reachable.",
    });
    return this;
  }

  /**
   * Sets BUCKET_NAME and grants object access under the given key prefixes only
   * (e.g. `evidence/`), never on the whole bucket. Listing is not granted: handlers address
   * objects by deterministic keys.
   */
  bindBucket(bucket: IBucket, prefixes: readonly string[], access: BucketAccess): this {
    if (prefixes.length === 0) throw new Error(`${this.node.path}: bindBucket needs at least one key prefix`);
    this.fn.addEnvironment('BUCKET_NAME', bucket.bucketName);
    const actions = [
      ...(access === 'write' ? [] : ['s3:GetObject']),
      ...(access === 'read' ? [] : ['s3:PutObject', 's3:AbortMultipartUpload']),
    ];
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions,
        resources: prefixes.map((prefix) => bucket.arnForObjects(`${prefix}*`)),
      }),
    );
    bucket.encryptionKey?.grantEncryptDecrypt(this.fn);
    for (const prefix of prefixes) {
      Validations.of(this.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${nagArnRef(bucket)}/${prefix}*]`,
        reason: `Object keys are per run and site, so access is granted on the ${prefix} prefix only, not on the bucket.`,
      });
    }
    return this;
  }

  /** Sets `envName` to the queue URL and grants sending to it. */
  bindQueue(queue: IQueue, envName: 'SCAN_QUEUE_URL' | 'RENDER_QUEUE_URL'): this {
    this.fn.addEnvironment(envName, queue.queueUrl);
    queue.grantSendMessages(this.fn);
    return this;
  }

  /**
   * Sets REPORT_TOPIC_ARN and grants `sns:Publish` on the topic. No KMS grant: the auditor's
   * topics that Lambda publishes to use the AWS-managed aws/sns key, whose key policy already
   * admits account principals calling through SNS (a customer-key topic would need one).
   */
  bindTopic(topic: ITopic): this {
    this.fn.addEnvironment('REPORT_TOPIC_ARN', topic.topicArn);
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ['sns:Publish'], resources: [topic.topicArn] }),
    );
    return this;
  }

  /** The function's timeout in seconds (for queue visibility timeouts). */
  get timeoutSeconds(): number {
    const timeout = this.fn.timeout ?? Duration.seconds(3);
    return timeout.toSeconds();
  }
}

function copyCommand(from: string, to: string): string {
  const quote = (path: string) => `'${path.replace(/'/g, `'\\''`)}'`;
  return `mkdir -p ${quote(join(to, '..'))} && cp -R ${quote(from)} ${quote(to)}`;
}
