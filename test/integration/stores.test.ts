/**
 * The storage adapters against the embedded stack (dynalite, s3rver, fauxqs) through the real
 * AWS SDK clients, configured only by the stack's environment.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteMessageCommand, ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsClients, createAwsClients, resetAwsClients, type AwsClients } from '../../functions/adapters/aws-clients.ts';
import { DynamoFindingStore, MAX_FINDING_BYTES } from '../../functions/adapters/dynamo/finding-store.ts';
import { DynamoOverrideStore } from '../../functions/adapters/dynamo/override-store.ts';
import { DynamoRunStore } from '../../functions/adapters/dynamo/run-store.ts';
import { DynamoTargetStore } from '../../functions/adapters/dynamo/target-store.ts';
import { DynamoTrafficStore } from '../../functions/adapters/dynamo/traffic-store.ts';
import { S3EvidenceStore } from '../../functions/adapters/s3/evidence-store.ts';
import { SendBatchError, SqsWorkQueue } from '../../functions/adapters/sqs/work-queue.ts';
import type { FindingRecord, OverrideRecord, RunRecord, TargetRecord, TrafficRecord } from '../../functions/core/records.ts';
import { OverrideNotFoundError, type QueueMessage, type ScanMessage } from '../../functions/core/stores.ts';
import type { CheckResult, Evidence, SiteAudit } from '../../functions/core/types.ts';
import {
  applyEnv,
  DataDirInUseError,
  startEmbeddedStack,
  type EmbeddedStack,
} from '../../local/stack/embedded-stack.ts';

/* ---------------------------------------------------------------------------------------- */
/* Fixtures                                                                                 */
/* ---------------------------------------------------------------------------------------- */

const EMC_SNIPPET = `<!-- Begin EMC Tracking Code -->
<script type="text/javascript">
  var _govaq = window._govaq || [];
  _govaq.push(['trackPageView']);
  _govaq.push(['enableLinkTracking']);
  (function () {
    _govaq.push(['setTrackerUrl', 'https://f-emc.ngsp.gov.vn/tracking']);
    _govaq.push(['setSiteId', '227']);
    var d = document, g = d.createElement('script'), s = d.getElementsByTagName('script')[0];
    g.type = 'text/javascript'; g.async = true; g.defer = true;
    g.src = 'https://f-emc.ngsp.gov.vn/embed/gov-tracking.min.js';
    s.parentNode.insertBefore(g, s);
  })();
</script>
<!-- End EMC Tracking Code -->`;

const HOMEPAGE = `<!DOCTYPE html>
<html lang="vi">
<head>
  <meta charset="utf-8">
  <title>Cổng thông tin điện tử tỉnh Bắc Ninh</title>
  ${EMC_SNIPPET}
</head>
<body>
  <header><h1>CỔNG THÔNG TIN ĐIỆN TỬ TỈNH BẮC NINH</h1></header>
  <nav><a href="https://sotttt.bacninh.gov.vn/">Sở Thông tin và Truyền thông</a></nav>
  <main><p>Tin tức – sự kiện: Ủy ban nhân dân tỉnh họp phiên thường kỳ tháng 6.</p></main>
  <footer>© Ủy ban nhân dân tỉnh Bắc Ninh</footer>
</body>
</html>`;

function target(host: string, overrides: Partial<TargetRecord> = {}): TargetRecord {
  return {
    host,
    url: `https://${host}/`,
    org: 'Ủy ban nhân dân tỉnh Bắc Ninh',
    league: 'province',
    role: 'portal',
    source: 'registry',
    status: 'confirmed',
    updatedAt: '2025-06-02T01:00:00.000Z',
    ...overrides,
  };
}

function run(runId: string, period: string, startedAt: string): RunRecord {
  return { runId, period, ruleSetVersion: '2025.06', trigger: 'schedule', startedAt, targetCount: 63 };
}

function check(id: CheckResult['id'], verdict: CheckResult['verdict'], evidence: Evidence[] = []): CheckResult {
  return {
    id,
    verdict,
    summary: { vi: `Kết quả kiểm tra ${id}`, en: `Result of ${id}` },
    warnings: [],
    evidence,
  };
}

function siteAudit(host: string, evidence: Evidence[] = []): SiteAudit {
  return {
    url: `https://${host}/`,
    host,
    role: 'portal',
    finalUrl: `https://${host}/`,
    transport: { status: 'ok' },
    checks: {
      'emc-tracking-code': check('emc-tracking-code', 'pass', [
        { kind: 'script', pageUrl: `https://${host}/`, excerpt: EMC_SNIPPET, region: 'head' },
        ...evidence,
      ]),
      'emc-badge': check('emc-badge', 'unknown'),
      'portal-links-components': check('portal-links-components', 'fail', evidence),
      'component-links-portal': check('component-links-portal', 'not-applicable'),
    },
    pages: [{ url: `https://${host}/`, ok: true }],
    discovered: [],
    info: { title: 'Cổng thông tin điện tử tỉnh Bắc Ninh' },
    startedAt: '2025-06-02T01:00:05.000Z',
    elapsedMs: 1830,
  };
}

function finding(runId: string, host: string, overrides: Partial<FindingRecord> = {}): FindingRecord {
  return {
    runId,
    host,
    audit: siteAudit(host),
    attempt: 1,
    evidenceKeys: [`evidence/${runId}/${host}/homepage.html`],
    recordedAt: '2025-06-02T01:00:07.000Z',
    ...overrides,
  };
}

function scanMessage(runId: string, index: number): QueueMessage<ScanMessage> {
  const host = `xa${index}.bacninh.gov.vn`;
  return {
    id: `https://${host}/`,
    body: {
      runId,
      url: `https://${host}/`,
      host,
      role: 'component',
      parentUrl: 'https://bacninh.gov.vn/',
      org: `Ủy ban nhân dân xã số ${index}`,
      league: 'province',
      source: 'discovered',
      depth: 1,
    },
  };
}

/** Receives until `count` messages arrived (or a receive comes back empty). */
async function receiveAll(clients: AwsClients, queueUrl: string, count: number): Promise<Message[]> {
  const received: Message[] = [];
  while (received.length < count) {
    const { Messages = [] } = await clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    if (Messages.length === 0) break;
    received.push(...Messages);
  }
  return received;
}

/** A real SQS client that records the entry count of every SendMessageBatch it sends. */
function countingSqsClient(env: Record<string, string>) {
  const batchSizes: number[] = [];
  const sqs = createAwsClients(env).sqs;
  sqs.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { Entries?: unknown[] };
      if (context.commandName === 'SendMessageBatchCommand') batchSizes.push(input.Entries?.length ?? 0);
      return next(args);
    },
    { step: 'initialize' },
  );
  return { sqs, batchSizes };
}

/* ---------------------------------------------------------------------------------------- */

describe('storage adapters on the embedded stack (in memory)', () => {
  let stack: EmbeddedStack;
  let clients: AwsClients;
  let options: { client: AwsClients['dynamo']; tableName: string };

  beforeAll(async () => {
    // Standard queues: these tests send without message groups.
    stack = await startEmbeddedStack({ inMemory: true, maxReceiveCount: 2, fifo: false });
    clients = createAwsClients(stack.env);
    options = { client: clients.dynamo, tableName: stack.env.TABLE_NAME };
  });

  afterAll(async () => {
    clients?.dynamo.destroy();
    clients?.s3.destroy();
    clients?.sqs.destroy();
    await stack?.stop();
  });

  it('binds every service to 127.0.0.1 and names every resource in the environment', () => {
    // Prepare
    const endpoints = ['AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL_SQS'];
    // Act
    const urls = endpoints.map((name) => new URL(stack.env[name]));
    // Assess
    for (const url of urls) expect(url.hostname).toBe('127.0.0.1');
    expect(stack.env).toMatchObject({
      AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
      AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
      TABLE_NAME: expect.any(String),
      BUCKET_NAME: expect.any(String),
      SCAN_QUEUE_URL: expect.stringMatching(/gov-audit-scan$/),
      SCAN_DLQ_URL: expect.stringMatching(/gov-audit-scan-dlq$/),
      RENDER_QUEUE_URL: expect.stringMatching(/gov-audit-render$/),
      RENDER_DLQ_URL: expect.stringMatching(/gov-audit-render-dlq$/),
    });
  });

  describe('DynamoTargetStore', () => {
    it('puts, gets and lists targets by role and status', async () => {
      // Prepare
      const store = new DynamoTargetStore(options);
      const portal = target('bacninh.gov.vn');
      const components = [
        target('sotttt.bacninh.gov.vn', { role: 'component', parentHost: 'bacninh.gov.vn', org: 'Sở Thông tin và Truyền thông' }),
        target('sonv.bacninh.gov.vn', { role: 'component', parentHost: 'bacninh.gov.vn', org: 'Sở Nội vụ' }),
        target('cu.bacninh.gov.vn', { role: 'component', parentHost: 'bacninh.gov.vn', status: 'excluded' }),
      ];
      // Act
      await store.put(portal);
      await store.putMany(components);
      const all = await store.list();
      const confirmedComponents = await store.list({ role: 'component', status: 'confirmed' });
      const excluded = await store.list({ status: 'excluded' });
      const portals = await store.list({ role: 'portal' });
      // Assess
      expect(await store.get('sonv.bacninh.gov.vn')).toEqual(components[1]);
      expect(await store.get('khong-co.gov.vn')).toBeUndefined();
      expect(all.map((t) => t.host)).toEqual([
        'bacninh.gov.vn',
        'cu.bacninh.gov.vn',
        'sonv.bacninh.gov.vn',
        'sotttt.bacninh.gov.vn',
      ]);
      expect(confirmedComponents.map((t) => t.host)).toEqual(['sonv.bacninh.gov.vn', 'sotttt.bacninh.gov.vn']);
      expect(excluded.map((t) => t.host)).toEqual(['cu.bacninh.gov.vn']);
      expect(portals).toEqual([portal]);
    });

    it('moves a target between listings when its status changes', async () => {
      // Prepare
      const store = new DynamoTargetStore(options);
      await store.put(target('moi.bacninh.gov.vn', { role: 'component', status: 'discovered', source: 'discovered' }));
      // Act
      await store.put(target('moi.bacninh.gov.vn', { role: 'component', status: 'confirmed', source: 'discovered' }));
      // Assess
      expect((await store.list({ role: 'component', status: 'discovered' })).map((t) => t.host)).not.toContain(
        'moi.bacninh.gov.vn',
      );
      expect((await store.list({ role: 'component', status: 'confirmed' })).map((t) => t.host)).toContain(
        'moi.bacninh.gov.vn',
      );
    });

    it('refuses a batch that names one host twice', async () => {
      // Prepare
      const store = new DynamoTargetStore(options);
      // Act
      const attempt = store.putMany([target('trung.gov.vn'), target('trung.gov.vn', { org: 'Khác' })]);
      // Assess
      await expect(attempt).rejects.toThrow(/Duplicate target host: trung.gov.vn/);
    });

    it('writes more targets than one BatchWriteItem takes', async () => {
      // Prepare
      const store = new DynamoTargetStore(options);
      const many = Array.from({ length: 60 }, (_, i) =>
        target(`xa${String(i).padStart(2, '0')}.nhieu.gov.vn`, { role: 'component', status: 'discovered' }),
      );
      // Act
      await store.putMany(many);
      // Assess
      const listed = await store.list({ role: 'component', status: 'discovered' });
      expect(listed.filter((t) => t.host.endsWith('.nhieu.gov.vn'))).toHaveLength(60);
    });
  });

  describe('DynamoRunStore', () => {
    it('lists runs newest first and finds the latest run of a period', async () => {
      // Prepare
      const store = new DynamoRunStore(options);
      const june1 = run('2025-06-02-weekly', '2025-06', '2025-06-02T01:00:00.000Z');
      const june2 = run('2025-06-09-weekly', '2025-06', '2025-06-09T01:00:00.000Z');
      const july = run('2025-07-07-weekly', '2025-07', '2025-07-07T01:00:00.000Z');
      // Act
      for (const r of [june2, july, june1]) await store.create(r);
      // Assess
      const ours = new Set([june1.runId, june2.runId, july.runId]);
      expect((await store.list()).filter((r) => ours.has(r.runId))).toEqual([july, june2, june1]);
      expect(await store.list({ limit: 2 })).toEqual([july, june2]);
      expect(await store.latestForPeriod('2025-06')).toEqual(june2);
      expect(await store.latestForPeriod('2025-05')).toBeUndefined();
      expect(await store.get('2025-07-07-weekly')).toEqual(july);
      expect(await store.get('khong-co')).toBeUndefined();
    });
  });

  describe('DynamoFindingStore', () => {
    it('keeps one finding per site and run when a scan is redelivered', async () => {
      // Prepare
      const store = new DynamoFindingStore(options);
      await new DynamoRunStore(options).create(run('run-redeliver', '2024-12', '2024-12-02T01:00:00.000Z'));
      // Act
      await store.put(finding('run-redeliver', 'bacninh.gov.vn', { attempt: 1 }));
      await store.put(finding('run-redeliver', 'bacninh.gov.vn', { attempt: 2 }));
      await store.put(finding('run-redeliver', 'sotttt.bacninh.gov.vn'));
      // Assess
      expect(await store.countByRun('run-redeliver')).toBe(2);
      expect((await store.get('run-redeliver', 'bacninh.gov.vn'))?.attempt).toBe(2);
      expect((await store.listByRun('run-redeliver')).map((f) => f.host)).toEqual([
        'bacninh.gov.vn',
        'sotttt.bacninh.gov.vn',
      ]);
      expect(await store.get('run-redeliver', 'sonv.bacninh.gov.vn')).toBeUndefined();
    });

    it('returns a site history across runs, newest first, without other sites', async () => {
      // Prepare
      const store = new DynamoFindingStore(options);
      const older = finding('hist-a', 'lichsu.gov.vn', { recordedAt: '2025-05-05T01:00:00.000Z' });
      const newer = finding('hist-b', 'lichsu.gov.vn', { recordedAt: '2025-06-02T01:00:00.000Z' });
      // Act
      await store.put(newer);
      await store.put(older);
      await store.put(finding('hist-b', 'khac.lichsu.gov.vn'));
      const history = await store.historyOfSite('lichsu.gov.vn');
      // Assess
      expect(history).toEqual([newer, older]);
    });

    it('stores an oversized audit by dropping evidence excerpts, keeping every verdict', async () => {
      // Prepare
      const store = new DynamoFindingStore(options);
      const links: Evidence[] = Array.from({ length: 400 }, (_, i) => ({
        kind: 'link',
        pageUrl: 'https://lon.gov.vn/',
        href: `https://xa${i}.lon.gov.vn/`,
        text: `Xã số ${i}`,
        region: 'link-block',
        excerpt: `<li><a href="https://xa${i}.lon.gov.vn/">Ủy ban nhân dân xã số ${i}</a></li>`.padEnd(600, ' '),
      }));
      const big = finding('run-big', 'lon.gov.vn', { audit: siteAudit('lon.gov.vn', links) });
      expect(Buffer.byteLength(JSON.stringify(big))).toBeGreaterThan(400 * 1024);
      // Act
      await store.put(big);
      const stored = await store.get('run-big', 'lon.gov.vn');
      // Assess
      expect(stored).toBeDefined();
      expect(Buffer.byteLength(JSON.stringify(stored))).toBeLessThanOrEqual(MAX_FINDING_BYTES);
      expect(stored?.trimmed).toEqual({ excerpts: expect.any(Number), evidence: 0, discovered: 0, components: 0 });
      expect(stored?.trimmed?.excerpts).toBeGreaterThan(0);
      expect(stored?.audit.checks['portal-links-components'].evidence).toHaveLength(400);
      expect(Object.fromEntries(Object.entries(stored!.audit.checks).map(([id, c]) => [id, c.verdict]))).toEqual({
        'emc-tracking-code': 'pass',
        'emc-badge': 'unknown',
        'portal-links-components': 'fail',
        'component-links-portal': 'not-applicable',
      });
      // The decisive first evidence keeps its excerpt.
      expect(stored?.audit.checks['emc-tracking-code'].evidence[0].excerpt).toBe(EMC_SNIPPET);
      expect(big.audit.checks['portal-links-components'].evidence[10].excerpt).toBeDefined();
    });

    it('stores a portal padded with 2,500 component links, the statuses included, keeping every verdict and the unlinked first', async () => {
      // Prepare: what the 2.2b check and discovery give for a link flood, nothing bounded upstream
      const store = new DynamoFindingStore(options);
      const hosts = Array.from({ length: 2500 }, (_, i) => `don-vi-${i}.lon.gov.vn`);
      const audit = siteAudit('lon.gov.vn', hosts.map((h) => ({ kind: 'link', pageUrl: 'https://lon.gov.vn/', href: `https://${h}/`, text: `Đơn vị trực thuộc ${h}`, region: 'link-block' })));
      const links = audit.checks['portal-links-components'];
      links.data = {
        components: hosts.map((host, i) => ({ host, url: `https://${host}/`, source: 'discovered', linked: i !== 2400, kind: 'a', region: 'link-block', href: `https://${host}/`, text: `Đơn vị trực thuộc ${host}` })),
        linked: 2499,
        total: 2500,
      };
      audit.discovered = hosts.map((host) => ({ host, url: `https://${host}/`, foundOn: 'https://lon.gov.vn/', onHomepage: true, kind: 'a' as const, region: 'link-block' as const, text: `Đơn vị trực thuộc ${host}` }));
      const flood = finding('run-flood', 'lon.gov.vn', { audit });
      expect(Buffer.byteLength(JSON.stringify(flood))).toBeGreaterThan(1024 * 1024);
      // Act
      await store.put(flood);
      const stored = await store.get('run-flood', 'lon.gov.vn');
      // Assess
      expect(Buffer.byteLength(JSON.stringify(stored))).toBeLessThanOrEqual(MAX_FINDING_BYTES);
      expect(stored?.audit.checks['portal-links-components'].verdict).toBe('fail');
      expect(stored?.audit.checks['portal-links-components'].data).toMatchObject({ linked: 2499, total: 2500 });
      const kept = stored?.audit.checks['portal-links-components'].data?.components as { host: string; linked: boolean }[];
      expect(kept[0]).toMatchObject({ host: 'don-vi-2400.lon.gov.vn', linked: false });
      expect(stored?.trimmed?.components).toBe(2500 - kept.length);
    });

    it('stores a finding whose evidence carries a 1 MB href, with its verdicts and summaries alone', async () => {
      // Prepare
      const store = new DynamoFindingStore(options);
      const href = `https://lon.gov.vn/?q=${'A'.repeat(1024 * 1024)}`;
      const huge = finding('run-href', 'lon.gov.vn', { audit: siteAudit('lon.gov.vn', [{ kind: 'link', pageUrl: 'https://lon.gov.vn/', href, text: 'Tra cứu', region: 'main' }]) });
      // Act
      await store.put(huge);
      const stored = await store.get('run-href', 'lon.gov.vn');
      // Assess
      expect(Object.values(stored!.audit.checks).map((c) => [c.verdict, c.summary])).toEqual(Object.values(huge.audit.checks).map((c) => [c.verdict, c.summary]));
      expect(stored?.audit.checks['portal-links-components'].evidence).toEqual([]);
    });

    it('stores a normal finding unchanged', async () => {
      // Prepare
      const store = new DynamoFindingStore(options);
      const normal = finding('run-normal', 'bacninh.gov.vn');
      // Act
      await store.put(normal);
      // Assess
      expect(await store.get('run-normal', 'bacninh.gov.vn')).toEqual(normal);
    });
  });

  describe('DynamoTrafficStore', () => {
    const row = (host: string, visits: number, sourceRow: number): TrafficRecord => ({
      period: '2025-06',
      host,
      org: 'Ủy ban nhân dân tỉnh Bắc Ninh',
      siteId: '227',
      visits,
      sourceFile: 'emc-2025-06.xlsx',
      sourceRow,
    });

    it('replaces the rows of a period and leaves other periods alone', async () => {
      // Prepare
      const store = new DynamoTrafficStore(options);
      const may: TrafficRecord = { ...row('bacninh.gov.vn', 90_000, 2), period: '2025-05', sourceFile: 'emc-2025-05.xlsx' };
      await store.replacePeriod('2025-05', [may]);
      await store.replacePeriod('2025-06', [
        row('bacninh.gov.vn', 120_000, 2),
        row('sotttt.bacninh.gov.vn', 8_000, 3),
        row('sai.bacninh.gov.vn', 1, 4),
      ]);
      const corrected = [row('bacninh.gov.vn', 125_000, 2), row('sotttt.bacninh.gov.vn', 8_000, 3), row('sonv.bacninh.gov.vn', 5_500, 4)];
      // Act
      await store.replacePeriod('2025-06', corrected);
      // Assess
      expect(await store.listPeriod('2025-06')).toEqual([corrected[0], corrected[2], corrected[1]]);
      expect(await store.listPeriod('2025-05')).toEqual([may]);
    });

    it.each([
      { name: 'a row of another period', rows: [{ ...row('a.gov.vn', 1, 2), period: '2025-07' }], error: /is for 2025-07/ },
      { name: 'one host twice', rows: [row('a.gov.vn', 1, 2), row('a.gov.vn', 2, 3)], error: /Duplicate traffic host/ },
    ])('refuses $name', async ({ rows, error }) => {
      // Prepare
      const store = new DynamoTrafficStore(options);
      // Act
      const attempt = store.replacePeriod('2025-06', rows);
      // Assess
      await expect(attempt).rejects.toThrow(error);
    });
  });

  describe('DynamoOverrideStore', () => {
    const override = (host: string, check: OverrideRecord['check'], createdAt: string): OverrideRecord => ({
      host,
      check,
      verdict: 'pass',
      reason: 'Đã kiểm tra thủ công: nhãn EMC hiển thị ở chân trang.',
      author: 'nguyen.van.a@bacninh.gov.vn',
      createdAt,
    });

    it('clears by marking, keeps the trail and lists overrides per host and overall', async () => {
      // Prepare
      const store = new DynamoOverrideStore(options);
      const badge = override('bacninh.gov.vn', 'emc-badge', '2025-06-03T02:00:00.000Z');
      const links = override('bacninh.gov.vn', 'portal-links-components', '2025-06-01T02:00:00.000Z');
      const other = override('sotttt.bacninh.gov.vn', 'emc-badge', '2025-06-04T02:00:00.000Z');
      for (const o of [badge, links, other]) await store.add(o);
      await new DynamoTargetStore(options).put(target('bacninh.gov.vn'));
      // Act
      const cleared = await store.clear(badge, { clearedAt: '2025-06-10T03:00:00.000Z', clearedBy: 'tran.thi.b@mic.gov.vn' });
      const clearedAgain = await store.clear(badge, { clearedAt: '2025-06-11T03:00:00.000Z', clearedBy: 'ai.do@mic.gov.vn' });
      // Assess
      const expectedCleared = { ...badge, clearedAt: '2025-06-10T03:00:00.000Z', clearedBy: 'tran.thi.b@mic.gov.vn' };
      expect(cleared).toEqual(expectedCleared);
      expect(clearedAgain).toEqual(expectedCleared);
      expect(await store.listForHost('bacninh.gov.vn')).toEqual([links, expectedCleared]);
      expect(await store.listAll()).toEqual([expectedCleared, links, other]);
    });

    it('reports clearing an unknown override', async () => {
      // Prepare
      const store = new DynamoOverrideStore(options);
      // Act
      const attempt = store.clear(
        { host: 'khong-co.gov.vn', check: 'emc-badge', createdAt: '2025-06-03T02:00:00.000Z' },
        { clearedAt: '2025-06-10T03:00:00.000Z', clearedBy: 'tran.thi.b@mic.gov.vn' },
      );
      // Assess
      await expect(attempt).rejects.toBeInstanceOf(OverrideNotFoundError);
      expect(await store.listForHost('khong-co.gov.vn')).toEqual([]);
    });
  });

  describe('S3EvidenceStore', () => {
    it('stores and reads back a Vietnamese homepage snapshot byte for byte', async () => {
      // Prepare
      const store = new S3EvidenceStore({ client: clients.s3, bucket: stack.env.BUCKET_NAME });
      const key = 'evidence/run-s3/bacninh.gov.vn/homepage.html';
      // Act
      await store.putObject(key, HOMEPAGE, 'text/html; charset=utf-8');
      const object = await store.getObject(key);
      // Assess
      expect(object?.contentType).toBe('text/html; charset=utf-8');
      expect(Buffer.from(object!.body).toString('utf8')).toBe(HOMEPAGE);
      expect(await store.getObject('evidence/run-s3/khong-co/homepage.html')).toBeUndefined();
    });

    it('presigns a link that fetch() can download, capped at 7 days', async () => {
      // Prepare
      const store = new S3EvidenceStore({ client: clients.s3, bucket: stack.env.BUCKET_NAME });
      const key = 'reports/2025-06/xep-hang.csv';
      const csv = '\uFEFFHạng,Tên miền,Lượt truy cập\n1,bacninh.gov.vn,125000\n';
      await store.putObject(key, new TextEncoder().encode(csv), 'text/csv; charset=utf-8');
      // Act
      const url = await store.presign(key, 3600);
      const capped = await store.presign(key, 30 * 24 * 3600);
      const response = await fetch(url);
      // Assess
      expect(response.status).toBe(200);
      expect(Buffer.from(await response.arrayBuffer()).toString('utf8')).toBe(csv);
      expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('3600');
      expect(new URL(capped).searchParams.get('X-Amz-Expires')).toBe('604800');
      await expect(store.presign(key, 0)).rejects.toThrow(RangeError);
    });
  });

  describe('SqsWorkQueue', () => {
    it('sends 25 messages in batches of 10 and all of them arrive', async () => {
      // Prepare
      const { sqs, batchSizes } = countingSqsClient(stack.env);
      const queue = new SqsWorkQueue({ client: sqs, queueUrl: stack.env.SCAN_QUEUE_URL });
      const messages = Array.from({ length: 25 }, (_, i) => scanMessage('run-queue', i));
      // Act
      await queue.sendBatch(messages);
      const received = await receiveAll(clients, stack.env.SCAN_QUEUE_URL, 25);
      // Assess
      expect(batchSizes).toEqual([10, 10, 5]);
      const bodies = received.map((m) => JSON.parse(m.Body ?? '{}') as ScanMessage);
      expect(bodies.map((b) => b.url).sort()).toEqual(messages.map((m) => m.body.url).sort());
      expect(bodies.find((b) => b.host === 'xa7.bacninh.gov.vn')).toEqual(messages[7].body);
      for (const m of received) {
        await clients.sqs.send(new DeleteMessageCommand({ QueueUrl: stack.env.SCAN_QUEUE_URL, ReceiptHandle: m.ReceiptHandle }));
      }
      sqs.destroy();
    });

    it('retries refused entries once, then names them in the error and delivers the rest', async () => {
      // Prepare
      const { sqs, batchSizes } = countingSqsClient(stack.env);
      const queue = new SqsWorkQueue({ client: sqs, queueUrl: stack.env.SCAN_QUEUE_URL });
      const good = scanMessage('run-refused', 1);
      // U+FFFF survives JSON.stringify and is outside the characters SQS accepts.
      const bad = scanMessage('run-refused', 2);
      bad.body.org = 'Ủy ban nhân dân xã \uFFFF';
      // Act
      const error = await queue.sendBatch([good, bad]).catch((e: unknown) => e);
      const received = await receiveAll(clients, stack.env.SCAN_QUEUE_URL, 2);
      // Assess
      expect(batchSizes).toEqual([2, 1]);
      expect(error).toBeInstanceOf(SendBatchError);
      expect((error as SendBatchError).rejected).toEqual([
        expect.objectContaining({ id: bad.id, code: 'InvalidMessageContents', senderFault: true }),
      ]);
      expect((error as Error).message).toContain(bad.id);
      expect(received.map((m) => (JSON.parse(m.Body ?? '{}') as ScanMessage).host)).toEqual([good.body.host]);
      await clients.sqs.send(
        new DeleteMessageCommand({ QueueUrl: stack.env.SCAN_QUEUE_URL, ReceiptHandle: received[0].ReceiptHandle }),
      );
      sqs.destroy();
    });

    it('moves a message received more than maxReceiveCount times to the dead-letter queue', async () => {
      // Prepare
      const queueUrl = stack.env.RENDER_QUEUE_URL;
      await new SqsWorkQueue({ client: clients.sqs, queueUrl }).sendBatch([scanMessage('run-dlq', 9)]);
      const receiveOnce = async () =>
        (
          await clients.sqs.send(
            // Visibility 0: the message is back at once, as if the handler had failed.
            new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 1, VisibilityTimeout: 0 }),
          )
        ).Messages ?? [];
      // Act
      const first = await receiveOnce();
      const second = await receiveOnce();
      const third = await receiveOnce();
      const dead = await receiveAll(clients, stack.env.RENDER_DLQ_URL, 1);
      // Assess
      expect(first).toHaveLength(1);
      expect(second).toHaveLength(1);
      expect(third).toHaveLength(0);
      expect(dead.map((m) => (JSON.parse(m.Body ?? '{}') as ScanMessage).host)).toEqual(['xa9.bacninh.gov.vn']);
    });
  });

  it('serves the default process-wide clients once the stack environment is applied', async () => {
    // Prepare
    const restore = applyEnv(stack.env);
    resetAwsClients();
    try {
      // Act
      const store = new DynamoTargetStore({ tableName: stack.env.TABLE_NAME });
      await store.put(target('mac-dinh.gov.vn'));
      // Assess
      expect((await new DynamoTargetStore(options).get('mac-dinh.gov.vn'))?.host).toBe('mac-dinh.gov.vn');
      expect(awsClients().dynamo).toBe(awsClients().dynamo);
    } finally {
      awsClients().dynamo.destroy();
      resetAwsClients();
      restore();
    }
    expect(process.env.AWS_ENDPOINT_URL_DYNAMODB).not.toBe(stack.env.AWS_ENDPOINT_URL_DYNAMODB);
  });
});

describe('embedded stack with FIFO queues', () => {
  let stack: EmbeddedStack;
  let clients: AwsClients;

  beforeAll(async () => {
    stack = await startEmbeddedStack({ inMemory: true, fifo: true });
    clients = createAwsClients(stack.env);
  });

  afterAll(async () => {
    clients?.sqs.destroy();
    clients?.dynamo.destroy();
    await stack?.stop();
  });

  it('keeps one message per group in flight and drops a resent id', async () => {
    // Prepare
    const queueUrl = stack.env.SCAN_QUEUE_URL;
    const queue = new SqsWorkQueue({ client: clients.sqs, queueUrl });
    // The group is the registrable domain: sites on one provincial server wait for each other.
    const hanoi = scanMessage('run-fifo', 3);
    hanoi.body = { ...hanoi.body, host: 'hanoi.gov.vn', url: 'https://hanoi.gov.vn/', role: 'portal', source: 'registry' };
    const messages = [
      { ...scanMessage('run-fifo', 1), groupId: 'bacninh.gov.vn' },
      { ...scanMessage('run-fifo', 2), groupId: 'bacninh.gov.vn' },
      { ...hanoi, id: hanoi.body.url, groupId: 'hanoi.gov.vn' },
    ];
    // Act
    await queue.sendBatch(messages);
    await queue.sendBatch([messages[0]]);
    const receive = async () =>
      (await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }))).Messages ?? [];
    const first = await receive();
    const whileInFlight = await receive();
    for (const m of first) await clients.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
    const afterDelete = await receive();
    for (const m of afterDelete) await clients.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
    const drained = await receive();
    // Assess
    // fauxqs hands out one message per group per receive; AWS may return several of one group
    // (in order) in a single receive. Both keep the group locked while any of it is in flight.
    const hosts = (list: Message[]) => list.map((m) => (JSON.parse(m.Body ?? '{}') as ScanMessage).host).sort();
    expect(queueUrl).toMatch(/\.fifo$/);
    expect(hosts(first)).toEqual(['hanoi.gov.vn', 'xa1.bacninh.gov.vn']);
    expect(whileInFlight).toEqual([]);
    expect(hosts(afterDelete)).toEqual(['xa2.bacninh.gov.vn']);
    expect(drained).toEqual([]);
  });

  it('refuses a message without a group on a FIFO queue', async () => {
    // Prepare
    const queue = new SqsWorkQueue({ client: clients.sqs, queueUrl: stack.env.SCAN_QUEUE_URL });
    // Act
    const attempt = queue.sendBatch([scanMessage('run-fifo', 4)]);
    // Assess
    await expect(attempt).rejects.toThrow(/needs a groupId/);
  });
});

describe('embedded stack on disk', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'gov-audit-stack-'));
  });

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps DynamoDB and S3 data across a stop and a start', async () => {
    // Prepare
    const first = await startEmbeddedStack({ dataDir });
    const firstClients = createAwsClients(first.env);
    await new DynamoTargetStore({ client: firstClients.dynamo, tableName: first.env.TABLE_NAME }).put(target('bacninh.gov.vn'));
    await new S3EvidenceStore({ client: firstClients.s3, bucket: first.env.BUCKET_NAME }).putObject(
      'evidence/run-disk/bacninh.gov.vn/homepage.html',
      HOMEPAGE,
      'text/html; charset=utf-8',
    );
    firstClients.dynamo.destroy();
    firstClients.s3.destroy();
    await first.stop();
    // Act
    const second = await startEmbeddedStack({ dataDir });
    const secondClients = createAwsClients(second.env);
    try {
      const storedTarget = await new DynamoTargetStore({
        client: secondClients.dynamo,
        tableName: second.env.TABLE_NAME,
      }).get('bacninh.gov.vn');
      const storedPage = await new S3EvidenceStore({ client: secondClients.s3, bucket: second.env.BUCKET_NAME }).getObject(
        'evidence/run-disk/bacninh.gov.vn/homepage.html',
      );
      // Assess
      expect(storedTarget).toEqual(target('bacninh.gov.vn'));
      expect(Buffer.from(storedPage!.body).toString('utf8')).toBe(HOMEPAGE);
    } finally {
      secondClients.dynamo.destroy();
      secondClients.s3.destroy();
      await second.stop();
    }
  });

  it('refuses a second stack on a data directory in use, with a clear error', async () => {
    // Prepare
    const running = await startEmbeddedStack({ dataDir });
    try {
      // Act
      const attempt = startEmbeddedStack({ dataDir });
      // Assess
      await expect(attempt).rejects.toBeInstanceOf(DataDirInUseError);
      await expect(attempt).rejects.toThrow(/in use by process \d+/);
      // The CLI says it in Vietnamese by default.
      await expect(attempt).rejects.toMatchObject({ vi: expect.stringMatching(/^Thư mục dữ liệu cục bộ .+ đang được tiến trình \d+ sử dụng/) });
    } finally {
      await running.stop();
    }
  });

  it('takes over a lock left by a process that no longer runs', async () => {
    // Prepare
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(join(dataDir, 'dynamo.lock'), String(gone));
    // Act
    const stack = await startEmbeddedStack({ dataDir });
    // Assess
    expect(stack.env.TABLE_NAME).toBe('gov-audit');
    await stack.stop();
  });
});
