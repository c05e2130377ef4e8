/**
 * The deployed shape, proven on one machine (issue 8, "Bundles as deployed" and "IAM as
 * deployed"): the app is synthesized once with real bundling; each function's bundle
 * (`index.mjs` from the cloud assembly) is imported and invoked through its exported `handler`
 * — so through its real `defaultDeps` — with the environment of its function in the template
 * (references resolved to the embedded stack). A whole sweep runs: dispatch → scan → render
 * (when the shipped Chromium can run here) → traffic import → report → a download through the
 * link service. Every AWS call each function makes goes through a recording proxy of its own,
 * and each is checked against that function's policy statements in the template.
 *
 * Differences from AWS, each deliberate: endpoints (`AWS_ENDPOINT_URL_<SERVICE>`), the
 * operator host mapping to the simulated web (`FETCH_RESOLVE`, `FETCH_CA_PEM`: on AWS, DNS),
 * silent logs, and the stand-ins for SNS and Secrets Manager (no embedded implementation).
 * The test plays the SQS event-source mapping with the consuming function's identity (on AWS
 * the mapping polls with the function's role), so its receives and deletes are checked too.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wiring } from '../../functions/commons/wiring.ts';
import { readLinkToken } from '../../functions/core/links/token.ts';
import { runCompletion } from '../../functions/core/pipeline/process-scan.ts';
import { addAuditorStack } from '../../lib/auditor-app.ts';
import { demoTrafficCsv } from '../../local/runner/demo-traffic.ts';
import { compareWithManifest, registryOfSim } from '../../local/runner/sim-registry.ts';
import { drainQueue } from '../../local/runner/sqs-event-source.ts';
import { startSimWeb, type SimWeb } from '../../local/sim-web/index.ts';
import { startEmbeddedStack, type EmbeddedStack } from '../../local/stack/embedded-stack.ts';
import { isAllowed, queueArn, startRecordingProxy, startSecretsStandIn, startSnsStandIn, type AwsCall, type Service } from '../support/aws-call-recorder.ts';
import { DeployedTemplate, type Resources } from '../support/deployed-template.ts';
import { serveFunctionUrl, type FunctionUrlServer } from '../support/function-url-server.ts';
import { cdkJsonContext } from '../infra/support/synth-auditor.ts';

const FUNCTIONS = ['Dispatch', 'Scan', 'Render', 'Report', 'ImportTraffic', 'Link'] as const;
type FunctionId = (typeof FUNCTIONS)[number];
const SERVICES: Record<Service, string> = { dynamodb: 'DYNAMODB', s3: 'S3', sqs: 'SQS', sns: 'SNS', secretsmanager: 'SECRETS_MANAGER' };
const PERIOD = '2026-09';
const SIGNING_KEY = 'deployed-shape-test-key-0123456789abcdefghijklmnopqrstuvwxyz';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

let outdir: string;
let sim: SimWeb;
let stack: EmbeddedStack;
let linkServer: FunctionUrlServer;
let deployed: DeployedTemplate;
const servers: Server[] = [];
const calls: AwsCall[] = [];
const published: { topicArn: string; subject: string; message: string }[] = [];
const handlers = new Map<FunctionId, Handler>();
const envs = new Map<FunctionId, NodeJS.ProcessEnv>();
const sqsAs = new Map<FunctionId, SQSClient>();
let linkHandler: Handler | undefined;

const context = (fn: string) => ({ functionName: fn, awsRequestId: crypto.randomUUID(), getRemainingTimeInMillis: () => 900_000 }) as unknown as Context;

let active: { fn: FunctionId; count: number; saved: NodeJS.ProcessEnv } | undefined;

/**
 * One invocation with the function's own environment as `process.env` (its bundle reads it, as
 * on Lambda). Invocations of one function may overlap (concurrent batches); invocations of two
 * functions never do, so each function sees only its own environment.
 */
async function invoke(fn: FunctionId, event: unknown): Promise<unknown> {
  if (active && active.fn !== fn) throw new Error(`${fn} invoked while ${active.fn} runs: their environments would mix`);
  active ??= { fn, count: 0, saved: process.env };
  active.count += 1;
  process.env = envs.get(fn)!;
  try {
    return await handlers.get(fn)!(event, context(fn));
  } finally {
    active.count -= 1;
    if (active.count === 0) {
      process.env = active.saved;
      active = undefined;
    }
  }
}

/** Whether the render bundle's shipped Chromium can run on this machine (@sparticuz/chromium ships x86-64). */
function browserAvailable(renderDir: string): boolean {
  return process.arch === 'x64' && process.platform === 'linux' && existsSync(join(renderDir, 'node_modules/@sparticuz/chromium/bin/chromium.br'));
}

beforeAll(async () => {
  // Prepare (shared): one synth with bundling, the simulated web, the embedded stack.
  outdir = mkdtempSync(join(tmpdir(), 'auditor-deployed-'));
  const app = new App({ context: cdkJsonContext(), outdir });
  const auditor = addAuditorStack(app);
  app.synth();
  const resources = JSON.parse(readFileSync(join(outdir, `${auditor.artifactId}.template.json`), 'utf8')).Resources as Resources;

  sim = await startSimWeb({ seed: 8080, portals: 1, componentsPerPortal: [2, 2], faults: false });
  stack = await startEmbeddedStack({ inMemory: true, visibilityTimeoutSeconds: 30, maxReceiveCount: 5 });
  const region = stack.env.AWS_REGION;
  const account = new URL(stack.env.SCAN_QUEUE_URL).pathname.split('/').filter(Boolean)[0];
  linkServer = await serveFunctionUrl((event, ctx) => linkHandler!(event, ctx) as never);
  deployed = new DeployedTemplate(resources, {
    region,
    account,
    tableName: stack.env.TABLE_NAME,
    bucketName: stack.env.BUCKET_NAME,
    queues: { SCAN_QUEUE_URL: stack.env.SCAN_QUEUE_URL, RENDER_QUEUE_URL: stack.env.RENDER_QUEUE_URL },
    functionUrl: linkServer.url,
  });
  const secretArn = deployed.resolve({ Ref: Object.entries(resources).find(([, r]) => r.Type === 'AWS::SecretsManager::Secret')![0] }) as string;
  const sns = await startSnsStandIn(published);
  const secrets = await startSecretsStandIn(new Map([[secretArn, SIGNING_KEY]]));
  servers.push(sns.server, secrets.server);
  const upstream: Record<Service, string> = {
    dynamodb: stack.env.AWS_ENDPOINT_URL_DYNAMODB,
    s3: stack.env.AWS_ENDPOINT_URL_S3,
    sqs: stack.env.AWS_ENDPOINT_URL_SQS,
    sns: sns.url,
    secretsmanager: secrets.url,
  };

  for (const fn of FUNCTIONS) {
    const endpoints: Record<string, string> = {};
    for (const service of Object.keys(SERVICES) as Service[]) {
      const proxy = await startRecordingProxy(fn, service, upstream[service], { region, account }, calls);
      servers.push(proxy.server);
      endpoints[`AWS_ENDPOINT_URL_${SERVICES[service]}`] = proxy.url;
    }
    const fetchesWeb = fn === 'Scan' || fn === 'Render';
    envs.set(fn, {
      ...deployed.environment(fn),
      AWS_REGION: region,
      AWS_ACCESS_KEY_ID: stack.env.AWS_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: stack.env.AWS_SECRET_ACCESS_KEY,
      AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
      AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      ...endpoints,
      ...(fetchesWeb ? { FETCH_RESOLVE: sim.resolve.join(','), FETCH_CA_PEM: sim.caPem } : {}),
    });
    sqsAs.set(fn, wiring(envs.get(fn)!).clients.sqs);
    const assetDir = join(outdir, `asset.${String(resources[deployed.functionId(fn)].Properties.Code.S3Key).replace(/\.zip$/, '')}`);
    // Loaded by Node itself, untransformed (vitest.config.ts externalises cloud-assembly bundles).
    const bundle = (await import(pathToFileURL(join(assetDir, 'index.mjs')).href)) as { handler: Handler };
    handlers.set(fn, bundle.handler);
    if (fn === 'Render' && !browserAvailable(assetDir)) handlers.delete(fn);
  }
  linkHandler = (event) => invoke('Link', event);
}, 600_000);

afterAll(async () => {
  for (const client of sqsAs.values()) client.destroy();
  await linkServer?.close();
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await stack?.stop();
  await sim?.close();
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

/** The SQS event-source mapping of `fn` on `queueUrl`, polling with `fn`'s identity. */
function consume(fn: FunctionId, queueUrl: string, batchSize: number, concurrency: number) {
  return drainQueue({
    sqs: sqsAs.get(fn)!,
    queueUrl,
    queueArn: queueArn(queueUrl, { region: stack.env.AWS_REGION, account: '' }),
    batchSize,
    concurrency,
    handler: (event) => invoke(fn, event) as never,
  });
}

describe('bundles as deployed', () => {
  it('runs a whole sweep, a traffic import and a report with the bundled handlers and their template environments', async () => {
    // Prepare: a small registry (the portal, its components, two other sites), as
    // `gov-audit registry import` would store it.
    const store = wiring(stack.env);
    const standalone = sim.manifest.hosts.filter((h) => h.role === 'standalone').slice(0, 2);
    const manifest = { ...sim.manifest, hosts: sim.manifest.hosts.filter((h) => h.role !== 'standalone' || standalone.includes(h)) };
    await store.targets().putMany(registryOfSim(manifest, '2026-09-01T00:00:00Z'));

    // Act: the weekly schedule fires inside the evaluation window.
    const dispatched = (await invoke('Dispatch', { trigger: 'schedule', scheduledTime: '2026-09-07T01:00:00.000Z' })) as { status: string; run: { runId: string }; enqueued: number };
    const scans = await consume('Scan', stack.env.SCAN_QUEUE_URL, 5, 3);
    const rendered = handlers.has('Render') ? await consume('Render', stack.env.RENDER_QUEUE_URL, 1, 1) : undefined;
    // The operator uploads EMC's export; S3 notifies import-traffic.
    const uploadKey = `imports/traffic/${PERIOD}/emc-luot-truy-cap.csv`;
    const s3 = new S3Client({ region: stack.env.AWS_REGION, endpoint: stack.env.AWS_ENDPOINT_URL_S3, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    await s3.send(new PutObjectCommand({ Bucket: stack.env.BUCKET_NAME, Key: uploadKey, Body: demoTrafficCsv(manifest, PERIOD), ContentType: 'text/csv' }));
    s3.destroy();
    const imported = (await invoke('ImportTraffic', { Records: [{ s3: { bucket: { name: stack.env.BUCKET_NAME }, object: { key: uploadKey, size: 1 } } }] })) as { status: string }[];
    const report = (await invoke('Report', { period: PERIOD })) as { files: number; index: string };

    // Assess: every site has its finding, with the manifest's verdicts.
    expect(dispatched.status).toBe('started');
    expect(dispatched.enqueued).toBe(manifest.hosts.length);
    expect(scans.crashedInvocations).toBe(0);
    const findings = await store.findings().listByRun(dispatched.run.runId);
    expect(findings).toHaveLength(manifest.hosts.length);
    if (rendered) {
      expect(rendered.records).toBeGreaterThan(0);
      expect(runCompletion(findings, findings.length).pendingRender).toBe(0);
      expect(compareWithManifest(findings, manifest, 'rendered')).toEqual([]);
    } else {
      expect(compareWithManifest(findings, manifest, 'static')).toEqual([]);
    }
    expect(imported).toEqual([expect.objectContaining({ status: 'imported' })]);

    // The announcement went to the template's topic, with link-service links and their real expiry.
    expect(report.files).toBeGreaterThan(4);
    expect(published).toHaveLength(1);
    expect(published[0].topicArn).toBe(deployed.environment('Report').REPORT_TOPIC_ARN);
    const links = published[0].message.match(/http:\/\/127\.0\.0\.1:\d+\/\S+\?t=\S+/g) ?? [];
    expect(links.length).toBe(report.files);
    expect(links.every((l) => l.startsWith(linkServer.url))).toBe(true);
    const expiresAt = readLinkToken(new URL(links[0]!).searchParams.get('t')!, new TextEncoder().encode(SIGNING_KEY))!.expiresAt;
    expect(published[0].message).toContain(new Date(expiresAt * 1000).toISOString());
    expect(expiresAt * 1000 - Date.now()).toBeGreaterThan(29 * 86_400_000);

    // An official follows a link: the bundled link function redirects to S3, which serves the file.
    const xlsxLink = links.find((l) => /\/don-vi\/[^/]+\/bao-cao\.xlsx\?/.test(l))!;
    const download = await fetch(xlsxLink);
    expect(download.status).toBe(200);
    const stored = await store.files().getObject(decodeURIComponent(new URL(xlsxLink).pathname.slice(1)));
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(stored!.body);
  }, 600_000);
});

describe('IAM as deployed', () => {
  it('every AWS call each bundled function made is allowed by its policy statements in the template', () => {
    // Prepare
    const byFunction = new Map(FUNCTIONS.map((fn) => [fn, deployed.statements(fn)]));

    // Act
    const denied = calls.filter((call) => !isAllowed(byFunction.get(call.fn as FunctionId)!, call));

    // Assess: each function that ran was recorded, with the calls its job needs.
    expect(denied).toEqual([]);
    const made = (fn: string) => new Set(calls.filter((c) => c.fn === fn).map((c) => c.action));
    expect([...made('Dispatch')]).toEqual(expect.arrayContaining(['dynamodb:Query', 'sqs:SendMessage']));
    expect([...made('Scan')]).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 's3:PutObject', 'dynamodb:PutItem']));
    expect([...made('ImportTraffic')]).toEqual(expect.arrayContaining(['s3:GetObject', 's3:PutObject']));
    expect([...made('Report')]).toEqual(expect.arrayContaining(['secretsmanager:GetSecretValue', 'sns:Publish', 's3:PutObject']));
    expect([...made('Link')]).toEqual(expect.arrayContaining(['secretsmanager:GetSecretValue', 's3:GetObject']));
  });

  it('the check does catch what a policy does not allow', () => {
    // Prepare: calls that the stack's policies must refuse.
    const statements = (fn: FunctionId) => deployed.statements(fn);
    const evidence = calls.find((c) => c.fn === 'Scan' && c.action === 's3:PutObject')!;
    const table = calls.find((c) => c.fn === 'Dispatch' && c.action.startsWith('dynamodb:'))!;

    // Act
    const refused = [
      isAllowed(statements('Report'), { action: 's3:GetObject', resource: evidence.resource }),
      isAllowed(statements('Link'), { action: 's3:PutObject', resource: evidence.resource }),
      isAllowed(statements('Report'), { action: 'dynamodb:PutItem', resource: table.resource }),
      isAllowed(statements('Dispatch'), { action: 'secretsmanager:GetSecretValue', resource: deployed.environment('Report').LINK_SECRET_ARN }),
    ];

    // Assess
    expect(refused).toEqual([false, false, false, false]);
  });
});
