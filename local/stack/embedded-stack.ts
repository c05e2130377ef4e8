/**
 * The embedded AWS stack of local mode: dynalite (DynamoDB), s3rver (S3) and fauxqs (SQS), each
 * in this process on 127.0.0.1 with an ephemeral port. It creates the table, the bucket and the
 * queues the pipeline expects and returns the environment that points the real AWS SDK clients
 * at them (`AWS_ENDPOINT_URL_<SERVICE>`), so local mode runs the same adapters as AWS.
 *
 * What each emulator supports, and what it does not, is in docs/local-stack.md.
 */
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import dynalite from 'dynalite';
import { buildApp } from 'fauxqs';
import S3rver from 's3rver';
import { createAwsClients, DEFAULT_REGION } from '../../functions/adapters/aws-clients.ts';

/** Options of {@link startEmbeddedStack}. */
export interface EmbeddedStackOptions {
  /** Where DynamoDB (`<dataDir>/dynamo`) and S3 (`<dataDir>/s3`) keep their data. Default `.gov-audit`. */
  dataDir?: string;
  /** Keep DynamoDB in memory and S3 in a temporary directory removed by `stop()`. */
  inMemory?: boolean;
  /** Region the clients sign for (queue ARNs carry it). Default `AWS_REGION` or ap-southeast-1. */
  region?: string;
  /** Visibility timeout of the scan and render queues, seconds. Default 60. */
  visibilityTimeoutSeconds?: number;
  /** Receives of a message before the queue moves it to its dead-letter queue. Default 3. */
  maxReceiveCount?: number;
  /**
   * Make the scan and render queues (and their DLQs) FIFO queues (`.fifo` names), as on AWS:
   * messages then need a `MessageGroupId` (the pipeline uses the site's registrable domain), and
   * one batch per group is in flight at a time. Default true; false gives standard queues, for
   * tests of code that sends without groups.
   */
  fifo?: boolean;
}

/** A running embedded stack. */
export interface EmbeddedStack {
  /** Variables that point the AWS SDK and the handlers at this stack (see {@link applyEnv}). */
  env: Record<string, string>;
  /** Stops every server, releases the data directory and removes temporary data. */
  stop(): Promise<void>;
}

/** Physical names used locally (on AWS, CDK names them and passes the same variables). */
export const LOCAL_NAMES = {
  table: 'gov-audit',
  bucket: 'gov-audit-local',
  scanQueue: 'gov-audit-scan',
  scanDlq: 'gov-audit-scan-dlq',
  renderQueue: 'gov-audit-render',
  renderDlq: 'gov-audit-render-dlq',
} as const;

/** The single-table layout of functions/adapters/dynamo/keys.ts. */
function tableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'PK', AttributeType: 'S' },
      { AttributeName: 'SK', AttributeType: 'S' },
      { AttributeName: 'GSI1PK', AttributeType: 'S' },
      { AttributeName: 'GSI1SK', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'PK', KeyType: 'HASH' },
      { AttributeName: 'SK', KeyType: 'RANGE' },
    ],
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
  };
}

/** Raised when another process already serves the data directory. */
export class DataDirInUseError extends Error {
  /** The same message in Vietnamese, for the CLI. */
  readonly vi: string;

  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The local data directory ${dataDir} is in use by process ${pid} (one embedded DynamoDB per directory). ` +
        'Stop that process, or choose another data directory or the in-memory mode.',
    );
    this.name = 'DataDirInUseError';
    this.vi =
      `Thư mục dữ liệu cục bộ ${dataDir} đang được tiến trình ${pid} sử dụng (mỗi thư mục chỉ một cơ sở dữ liệu nhúng). ` +
      'Hãy dừng tiến trình đó, hoặc chọn thư mục dữ liệu khác (--data-dir).';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the lock of an on-disk data directory. LevelDB has its own lock, but its error names
 * neither the directory's user nor the remedy; a lock left by a dead process is taken over.
 */
function acquireLock(dataDir: string): () => void {
  const lockPath = join(dataDir, 'dynamo.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
      if (Number.isInteger(holder) && isAlive(holder)) throw new DataDirInUseError(dataDir, holder);
      unlinkSync(lockPath);
    }
  }
  throw new Error(`Could not take the lock ${lockPath}`);
}

function listenLocal(server: Server): Promise<number> {
  return new Promise((resolvePort, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolvePort((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolveClose, reject) => {
    server.close((error) => (error ? reject(error) : resolveClose()));
    // SDK clients keep connections alive; a graceful close would wait for them.
    server.closeAllConnections();
  });
}

async function ensureTable(stackEnv: Record<string, string>, tableName: string): Promise<void> {
  const client = createAwsClients(stackEnv).dynamo;
  try {
    try {
      await client.send(new DescribeTableCommand({ TableName: tableName }));
      return;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    await client.send(new CreateTableCommand(tableDefinition(tableName)));
    // dynalite reports ACTIVE on the next tick when createTableMs is 0.
    for (let attempt = 0; attempt < 50; attempt++) {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
      if (Table?.TableStatus === 'ACTIVE') return;
      await new Promise((wait) => setTimeout(wait, 20));
    }
    throw new Error(`Table ${tableName} did not become ACTIVE`);
  } finally {
    client.destroy();
  }
}

async function createQueuePair(
  sqs: SQSClient,
  name: string,
  dlqName: string,
  options: { visibilityTimeoutSeconds: number; maxReceiveCount: number; fifo: boolean },
): Promise<{ queueUrl: string; dlqUrl: string }> {
  const suffix = options.fifo ? '.fifo' : '';
  // A FIFO queue's dead-letter queue must be FIFO too.
  const fifoAttributes: Record<string, string> = options.fifo ? { FifoQueue: 'true' } : {};
  const dlq = await sqs.send(
    new CreateQueueCommand({
      QueueName: `${dlqName}${suffix}`,
      Attributes: { ...fifoAttributes, MessageRetentionPeriod: '1209600' },
    }),
  );
  const dlqUrl = dlq.QueueUrl as string;
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }),
  );
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: `${name}${suffix}`,
      Attributes: {
        ...fifoAttributes,
        VisibilityTimeout: String(options.visibilityTimeoutSeconds),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: Attributes?.QueueArn,
          maxReceiveCount: options.maxReceiveCount,
        }),
      },
    }),
  );
  return { queueUrl: queue.QueueUrl as string, dlqUrl };
}

/**
 * Starts DynamoDB, S3 and SQS emulators on 127.0.0.1 and creates the pipeline's resources.
 * On disk (the default), DynamoDB and S3 data survive a restart; SQS is always in memory, so
 * queues start empty — but what the DLQs hold at stop is kept in `<dataDir>/dlq.json`
 * ({@link readDeadLetters}). Only one process may serve an on-disk data directory at a time
 * ({@link DataDirInUseError}).
 */
export async function startEmbeddedStack(options: EmbeddedStackOptions = {}): Promise<EmbeddedStack> {
  const region = options.region ?? process.env.AWS_REGION ?? DEFAULT_REGION;
  const cleanups: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    const errors: unknown[] = [];
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, 'The embedded stack did not stop cleanly');
  };

  let persistentDir: string | undefined;
  try {
    let dynamoPath: string | undefined;
    let s3Dir: string;
    if (options.inMemory) {
      s3Dir = mkdtempSync(join(tmpdir(), 'gov-audit-s3-'));
      cleanups.push(() => rmSync(s3Dir, { recursive: true, force: true }));
    } else {
      const dataDir = resolve(options.dataDir ?? '.gov-audit');
      persistentDir = dataDir;
      mkdirSync(dataDir, { recursive: true });
      cleanups.push(acquireLock(dataDir));
      dynamoPath = join(dataDir, 'dynamo');
      s3Dir = join(dataDir, 's3');
      mkdirSync(dynamoPath, { recursive: true });
      mkdirSync(s3Dir, { recursive: true });
    }

    const dynamo = dynalite({ path: dynamoPath, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    const dynamoPort = await listenLocal(dynamo);
    cleanups.push(() => closeServer(dynamo));

    const s3 = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: s3Dir,
      configureBuckets: [{ name: LOCAL_NAMES.bucket }],
    });
    const s3Port = (await s3.run()).port;
    cleanups.push(() => s3.close());

    // startFauxqs() always binds 0.0.0.0; building the app and listening ourselves keeps the
    // queues off the network. Without a configured host, queue URLs name 127.0.0.1:<port>.
    const sqsApp = buildApp({ logger: false, defaultRegion: region });
    const sqsAddress = await sqsApp.listen({ port: 0, host: '127.0.0.1' });
    cleanups.push(() => sqsApp.close());

    const env: Record<string, string> = {
      AWS_REGION: region,
      // s3rver only knows the S3RVER key pair; dynalite and fauxqs accept any.
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${dynamoPort}`,
      AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${s3Port}`,
      AWS_ENDPOINT_URL_SQS: sqsAddress.replace('localhost', '127.0.0.1'),
      // Without these, emulators store streamed uploads with aws-chunked framing.
      AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
      AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
      TABLE_NAME: LOCAL_NAMES.table,
      BUCKET_NAME: LOCAL_NAMES.bucket,
    };

    await ensureTable(env, LOCAL_NAMES.table);
    const sqs = createAwsClients(env).sqs;
    try {
      const queueOptions = {
        visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 60,
        maxReceiveCount: options.maxReceiveCount ?? 3,
        fifo: options.fifo ?? true,
      };
      const scan = await createQueuePair(sqs, LOCAL_NAMES.scanQueue, LOCAL_NAMES.scanDlq, queueOptions);
      const render = await createQueuePair(sqs, LOCAL_NAMES.renderQueue, LOCAL_NAMES.renderDlq, queueOptions);
      env.SCAN_QUEUE_URL = scan.queueUrl;
      env.SCAN_DLQ_URL = scan.dlqUrl;
      env.RENDER_QUEUE_URL = render.queueUrl;
      env.RENDER_DLQ_URL = render.dlqUrl;
    } finally {
      sqs.destroy();
    }
    // Runs first on stop, while the queues still answer: the dead letters outlive the process.
    if (persistentDir !== undefined) {
      const dir = persistentDir;
      cleanups.push(() => keepDeadLetters(env, dir));
    }
    return { env, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

/**
 * Copies the stack's variables into `target` (the process environment by default) and returns
 * a function that restores the previous values.
 */
export function applyEnv(env: Record<string, string>, target: NodeJS.ProcessEnv = process.env): () => void {
  const previous = new Map(Object.keys(env).map((name) => [name, target[name]]));
  Object.assign(target, env);
  return () => {
    for (const [name, value] of previous) {
      if (value === undefined) delete target[name];
      else target[name] = value;
    }
  };
}

/** A message the queue gave up on (past maxReceiveCount), as kept in `<dataDir>/dlq.json`. */
export interface DeadLetter {
  queue: 'scan' | 'render';
  messageId: string;
  body: string;
  /** When the message was first sent (ISO). */
  sentAt: string;
  /** When it was saved to the data folder (ISO). */
  keptAt: string;
}

const DEAD_LETTERS_FILE = 'dlq.json';

/** The dead letters kept in a data folder, oldest first (empty when there is none). */
export function readDeadLetters(dataDir: string): DeadLetter[] {
  try {
    return JSON.parse(readFileSync(join(resolve(dataDir), DEAD_LETTERS_FILE), 'utf8')) as DeadLetter[];
  } catch {
    return [];
  }
}

/**
 * Removes the given letters from `<dataDir>/dlq.json` (after a redrive has processed them; a
 * letter that dies again is kept anew when the stack stops). The file goes when it is empty.
 */
export function forgetDeadLetters(dataDir: string, messageIds: readonly string[]): void {
  const gone = new Set(messageIds);
  const left = readDeadLetters(dataDir).filter((letter) => !gone.has(letter.messageId));
  const path = join(resolve(dataDir), DEAD_LETTERS_FILE);
  if (left.length === 0) rmSync(path, { force: true });
  else writeFileSync(path, `${JSON.stringify(left, null, 2)}\n`);
}

/**
 * Moves what the DLQs hold into `<dataDir>/dlq.json` (SQS lives in memory here, so the DLQ
 * would vanish with the process): the operator can list it later (`gov-audit dlq`).
 */
async function keepDeadLetters(env: Record<string, string>, dataDir: string): Promise<void> {
  const sqs = createAwsClients(env).sqs;
  const kept: DeadLetter[] = [];
  try {
    for (const [queue, queueUrl] of [['scan', env.SCAN_DLQ_URL], ['render', env.RENDER_DLQ_URL]] as const) {
      for (;;) {
        const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({
          QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 300, WaitTimeSeconds: 0, MessageSystemAttributeNames: ['SentTimestamp'],
        }));
        if (Messages.length === 0) break;
        const keptAt = new Date().toISOString();
        for (const m of Messages) {
          kept.push({ queue, messageId: m.MessageId ?? '', body: m.Body ?? '', sentAt: new Date(Number(m.Attributes?.SentTimestamp ?? 0)).toISOString(), keptAt });
        }
      }
    }
  } finally {
    sqs.destroy();
  }
  if (kept.length > 0) writeFileSync(join(dataDir, DEAD_LETTERS_FILE), `${JSON.stringify([...readDeadLetters(dataDir), ...kept], null, 2)}\n`);
}
