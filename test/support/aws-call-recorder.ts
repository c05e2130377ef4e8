/**
 * Plays the AWS side of a deployed function on one machine, for the "bundles and IAM as
 * deployed" test: a recording reverse proxy per function and service in front of the embedded
 * endpoints (each call is noted as IAM sees it: action and resource ARN), stand-ins for the two
 * services without an embedded implementation (SNS Publish, Secrets Manager GetSecretValue),
 * and the matcher of a call against a role's policy statements.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One AWS call as IAM authorises it. */
export interface AwsCall {
  fn: string;
  action: string;
  resource: string;
}

/** Where ARNs live: the embedded stack's region and the account in its queue URLs. */
export interface ArnContext {
  region: string;
  account: string;
}

export type Service = 'dynamodb' | 's3' | 'sqs' | 'sns' | 'secretsmanager';

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A queue URL's ARN (`…/<account>/<name>`). */
export function queueArn(queueUrl: string, at: ArnContext): string {
  const [account, name] = new URL(queueUrl).pathname.split('/').filter(Boolean);
  return `arn:aws:sqs:${at.region}:${account ?? at.account}:${name}`;
}

/** IAM authorises these DynamoDB operations by the actions of their items (no action of their own). */
function dynamoCalls(operation: string, body: Record<string, any>, at: ArnContext): { action: string; resource: string }[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  const table = (name: string, index?: string) => `arn:aws:dynamodb:${at.region}:${at.account}:table/${name}${index ? `/index/${index}` : ''}`;
  if (operation === 'TransactWriteItems' || operation === 'TransactGetItems') {
    const kinds: Record<string, string> = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem', Get: 'GetItem' };
    return (body.TransactItems as Record<string, { TableName: string }>[]).flatMap((item) =>
      Object.entries(item).map(([kind, spec]) => ({ action: `dynamodb:${kinds[kind]}`, resource: table(spec.TableName) })),
    );
  }
  if (operation === 'BatchWriteItem' || operation === 'BatchGetItem') {
    return Object.keys(body.RequestItems as object).map((name) => ({ action: `dynamodb:${operation}`, resource: table(name) }));
  }
  return [{ action: `dynamodb:${operation}`, resource: table(body.TableName as string, body.IndexName as string | undefined) }];
}

/** SQS batch operations are authorised by their single-message actions. */
const SQS_ACTIONS: Record<string, string> = { SendMessageBatch: 'SendMessage', DeleteMessageBatch: 'DeleteMessage', ChangeMessageVisibilityBatch: 'ChangeMessageVisibility' };

function s3Call(method: string, url: URL): { action: string; resource: string } {
  const [bucket, ...rest] = url.pathname.split('/').filter(Boolean);
  const key = rest.map(decodeURIComponent).join('/');
  if (!key) return { action: method === 'GET' ? 's3:ListBucket' : `s3:${method}Bucket`, resource: `arn:aws:s3:::${bucket}` };
  const q = url.searchParams;
  const action =
    method === 'GET' || method === 'HEAD' ? 's3:GetObject'
    : method === 'DELETE' ? (q.has('uploadId') ? 's3:AbortMultipartUpload' : 's3:DeleteObject')
    : 's3:PutObject'; // PUT, upload parts, POST ?uploads / ?uploadId
  return { action, resource: `arn:aws:s3:::${bucket}/${key}` };
}

/** The calls one request makes. */
function callsOf(service: Service, request: IncomingMessage, body: Buffer, at: ArnContext): { action: string; resource: string }[] {
  const target = String(request.headers['x-amz-target'] ?? '');
  const json = () => (body.length > 0 ? JSON.parse(body.toString('utf8')) : {});
  switch (service) {
    case 'dynamodb':
      return dynamoCalls(target.split('.')[1], json(), at);
    case 'sqs': {
      const operation = target.split('.')[1];
      return [{ action: `sqs:${SQS_ACTIONS[operation] ?? operation}`, resource: queueArn(json().QueueUrl as string, at) }];
    }
    case 's3':
      return [s3Call(request.method ?? 'GET', new URL(request.url ?? '/', 'http://s3.local'))];
    case 'sns': {
      const form = new URLSearchParams(body.toString('utf8'));
      return [{ action: `sns:${form.get('Action')}`, resource: String(form.get('TopicArn')) }];
    }
    case 'secretsmanager':
      return [{ action: `secretsmanager:${target.split('.')[1]}`, resource: String(json().SecretId) }];
  }
}

/** Records every call and forwards it unchanged (Host included: S3 signatures cover it). */
export async function startRecordingProxy(fn: string, service: Service, upstream: string, at: ArnContext, calls: AwsCall[]): Promise<{ url: string; server: Server }> {
  const target = new URL(upstream);
  const server = createServer((request, response) => {
    bodyOf(request).then((body) => {
      for (const call of callsOf(service, request, body, at)) calls.push({ fn, ...call });
      const forwarded = httpRequest(
        { host: target.hostname, port: target.port, method: request.method, path: request.url, headers: request.headers },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      forwarded.on('error', (error) => {
        response.writeHead(502);
        response.end(String(error));
      });
      forwarded.end(body);
    }, () => response.destroy());
  });
  return { url: await listen(server), server };
}

/** SNS stand-in: answers Publish (Query protocol) and keeps each message. */
export async function startSnsStandIn(published: { topicArn: string; subject: string; message: string }[]): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    bodyOf(request).then((body) => {
      const form = new URLSearchParams(body.toString('utf8'));
      if (form.get('Action') !== 'Publish') {
        response.writeHead(400, { 'content-type': 'text/xml' });
        response.end(`<ErrorResponse><Error><Code>InvalidAction</Code><Message>stand-in answers Publish only</Message></Error></ErrorResponse>`);
        return;
      }
      published.push({ topicArn: String(form.get('TopicArn')), subject: String(form.get('Subject') ?? ''), message: String(form.get('Message')) });
      response.writeHead(200, { 'content-type': 'text/xml' });
      response.end(`<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${crypto.randomUUID()}</MessageId></PublishResult><ResponseMetadata><RequestId>${crypto.randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`);
    }, () => response.destroy());
  });
  return { url: await listen(server), server };
}

/** Secrets Manager stand-in: GetSecretValue (JSON 1.1) of the secrets it holds, by ARN. */
export async function startSecretsStandIn(secrets: ReadonlyMap<string, string>): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    bodyOf(request).then((body) => {
      const id = String(JSON.parse(body.toString('utf8') || '{}').SecretId);
      const value = secrets.get(id);
      const ok = request.headers['x-amz-target'] === 'secretsmanager.GetSecretValue' && value !== undefined;
      response.writeHead(ok ? 200 : 400, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify(ok
        ? { ARN: id, Name: id.split(':').pop(), SecretString: value, VersionId: 'v1', VersionStages: ['AWSCURRENT'], CreatedDate: 0 }
        : { __type: 'ResourceNotFoundException', message: `no secret ${id}` }));
    }, () => response.destroy());
  });
  return { url: await listen(server), server };
}

/** An IAM policy statement with its intrinsics already resolved. */
export interface ResolvedStatement {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: string | string[];
}

const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** IAM wildcards: `*` any run of characters, `?` one character; actions are case-insensitive. */
function wildcard(pattern: string, value: string, caseInsensitive: boolean): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, caseInsensitive ? 'i' : '').test(value);
}

/** Whether `statements` allow `call` (an Allow matches and no Deny does). */
export function isAllowed(statements: readonly ResolvedStatement[], call: Pick<AwsCall, 'action' | 'resource'>): boolean {
  const matches = (s: ResolvedStatement) =>
    list(s.Action).some((a) => wildcard(a, call.action, true)) && list(s.Resource).some((r) => wildcard(r, call.resource, false));
  return statements.some((s) => s.Effect === 'Allow' && matches(s)) && !statements.some((s) => s.Effect === 'Deny' && matches(s));
}
