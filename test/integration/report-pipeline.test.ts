/**
 * Reports on the embedded stack: findings, traffic and overrides stored through the DynamoDB
 * adapters → generateReports → files in S3 (s3rver) under the documented keys, links that
 * download; the report handler's announcement; the import-traffic handler on an S3 event.
 */
import type { Context, S3Event } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsClients, type AwsClients } from '../../functions/adapters/aws-clients.ts';
import { readFirstSheet } from '../../functions/adapters/report/read-xlsx.ts';
import { readReportJson } from '../../functions/adapters/report/json-writer.ts';
import { presignedLinks, tokenLinks } from '../../functions/core/links/download-links.ts';
import { readLinkToken } from '../../functions/core/links/token.ts';
import type { ReportAnnouncement } from '../../functions/core/report/announce.ts';
import { copiedEvidenceLinks, generateReports, type ReportIndex } from '../../functions/core/report/generate-report.ts';
import { DEFAULT_WINDOW } from '../../functions/core/pipeline/evaluation-window.ts';
import { makeHandler as makeImportHandler, type ImportOutcome } from '../../functions/import-traffic/handler.ts';
import { makeHandler as makeReportHandler, type ReportResult } from '../../functions/report/handler.ts';
import { REPORT_WRITERS, ROUND_WRITERS } from '../../functions/report/writers.ts';
import { startEmbeddedStack, type EmbeddedStack } from '../../local/stack/embedded-stack.ts';
import { reportStores } from '../support/report-stores.ts';
import { checkResult, component, finding, override, portal, run, traffic } from '../../local/sim-records/report-factory.ts';

let stack: EmbeddedStack;
let clients: AwsClients;

beforeAll(async () => {
  stack = await startEmbeddedStack({ inMemory: true });
  clients = createAwsClients(stack.env);
}, 60_000);

afterAll(async () => {
  clients?.dynamo.destroy();
  clients?.s3.destroy();
  await stack?.stop();
});

const stores = () => reportStores(stack, clients);

const context = { awsRequestId: 'test', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

function recordingLogger() {
  const lines: { level: string; message: string; extra: unknown }[] = [];
  const log = (level: string) => (message: string, extra?: unknown) => void lines.push({ level, message, extra });
  return { lines, logger: { info: log('info'), warn: log('warn'), error: log('error') } as never };
}

const haiphong = portal('haiphong.gov.vn', 'UBND thành phố Hải Phòng', 'province', { expectedSiteId: '2201' });
const hanoi = portal('hanoi.gov.vn', 'UBND thành phố Hà Nội', 'province');
const mof = portal('mof.gov.vn', 'Bộ Tài chính', 'ministry');
const sotp = component('sotp.haiphong.gov.vn', 'Sở Tư pháp Hải Phòng', haiphong);
const EVIDENCE_KEY = 'evidence/run-2026-09/hanoi.gov.vn/homepage.html';
const EVIDENCE_HTML = '<!doctype html><html lang="vi"><head><title>Cổng TTĐT Hà Nội</title></head><body><h1>Trang chủ</h1></body></html>';

async function seedPeriod(): Promise<void> {
  const s = stores();
  await s.targets.putMany([haiphong, hanoi, mof, sotp]);
  await s.runs.create(run('run-2026-08', '2026-08'));
  await s.runs.create({ ...run('run-2026-09', '2026-09'), startedAt: '2026-09-15T01:59:00.000Z' });
  const hanoiFail = checkResult('emc-tracking-code', 'fail', {
    evidence: [{ kind: 'note', pageUrl: 'https://hanoi.gov.vn/', excerpt: 'no gov-tracking.min.js', key: EVIDENCE_KEY }],
  });
  for (const f of [
    finding(haiphong, {}),
    finding(hanoi, { 'emc-tracking-code': hanoiFail }),
    finding(mof, {}),
    finding(sotp, { 'emc-badge': 'fail' }),
    finding(hanoi, {}, { runId: 'run-2026-08', recordedAt: '2026-08-15T02:00:00.000Z' }),
  ]) {
    await s.findings.put(f);
  }
  await s.files.putObject(EVIDENCE_KEY, EVIDENCE_HTML, 'text/html; charset=utf-8');
  await s.traffic.replacePeriod('2026-09', [traffic(haiphong, 1_234_567), traffic(hanoi, 2_000_000), traffic(mof, 50_000)]);
  await s.traffic.replacePeriod('2026-08', [traffic(haiphong, 3_000_000, '2026-08'), traffic(hanoi, 1_000, '2026-08')]);
  await s.overrides.add(override('sotp.haiphong.gov.vn', 'emc-badge', 'pass', { reason: 'Nhãn hiển thị khi kiểm tra bằng trình duyệt' }));
}

describe('generateReports on the embedded stack', () => {
  it('writes the overall and per-organisation sets under reports/<period>/ with an index, and links that download', async () => {
    // Prepare
    await seedPeriod();
    const s = stores();
    // Act
    const links = presignedLinks(s.files, new Date('2026-10-01T01:00:00.000Z'));
    const result = await generateReports({ period: '2026-09', kind: 'monthly', generatedAt: '2026-10-01T01:00:00.000Z' }, { ...s, links, writers: REPORT_WRITERS });
    // Assess
    const keys = result.files.map((f) => f.key);
    for (const key of [
      'reports/2026-09/tong-hop.xlsx',
      'reports/2026-09/tong-hop.html',
      'reports/2026-09/tong-hop.json',
      'reports/2026-09/csv/portals.csv',
      'reports/2026-09/csv/rankings.csv',
      'reports/2026-09/don-vi/ubnd-thanh-pho-hai-phong/bao-cao.xlsx',
      'reports/2026-09/don-vi/ubnd-thanh-pho-ha-noi/bao-cao.html',
      'reports/2026-09/don-vi/bo-tai-chinh/csv/summary.csv',
      'reports/2026-09/index.json',
      'reports/2026-09/index.html',
    ]) {
      expect(keys).toContain(key);
      const stored = await s.files.getObject(key);
      expect(stored?.body.byteLength, key).toBeGreaterThan(0);
    }
    expect(result.index.files.map((f) => f.key)).toEqual(keys.slice(0, -2));
    const index = JSON.parse(new TextDecoder().decode((await s.files.getObject('reports/2026-09/index.json'))!.body)) as ReportIndex;
    expect(index).toMatchObject({ schema: 'gov-audit/report-index@1', period: '2026-09', previousPeriod: '2026-08', kind: 'monthly', runs: ['run-2026-09'] });
    expect(new Set(index.files.filter((f) => f.organisation).map((f) => f.organisation))).toEqual(
      new Set(['UBND thành phố Hải Phòng', 'UBND thành phố Hà Nội', 'Bộ Tài chính']),
    );

    const model = readReportJson(new TextDecoder().decode((await s.files.getObject('reports/2026-09/tong-hop.json'))!.body));
    expect(model.rankings.find((r) => r.league === 'province')?.ranked.map((r) => r.host)).toEqual(['hanoi.gov.vn', 'haiphong.gov.vn']);
    const sotpRow = model.components.flatMap((g) => g.rows).find((r) => r.host === 'sotp.haiphong.gov.vn');
    expect(sotpRow?.checks['emc-badge']).toMatchObject({ verdict: 'pass', auto: 'fail' });
    expect(model.changes).toContainEqual(expect.objectContaining({ kind: 'new-failure', host: 'hanoi.gov.vn', check: 'emc-tracking-code' }));

    const hanoiSet = readReportJson(new TextDecoder().decode((await s.files.getObject('reports/2026-09/don-vi/ubnd-thanh-pho-ha-noi/bao-cao.json'))!.body));
    expect(hanoiSet.scope).toEqual({ kind: 'organisation', organisation: 'UBND thành phố Hà Nội' });
    expect(hanoiSet.portals.map((p) => p.host)).toEqual(['hanoi.gov.vn']);

    // The evidence link in the HTML report is presigned and downloads the stored evidence.
    const html = new TextDecoder().decode((await s.files.getObject('reports/2026-09/tong-hop.html'))!.body);
    const link = /href="([^"]*hanoi\.gov\.vn\/homepage\.html\?[^"]*X-Amz-Signature[^"]*)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
    expect(link).toBeDefined();
    const evidence = await fetch(link!);
    expect(evidence.status).toBe(200);
    expect(await evidence.text()).toBe(EVIDENCE_HTML);

    // The XLSX downloads through a presigned link and is a workbook with the Vietnamese sheets.
    const xlsx = await fetch(await s.files.presign('reports/2026-09/tong-hop.xlsx', 604_800));
    expect(xlsx.status).toBe(200);
    const sheet = await readFirstSheet(new Uint8Array(await xlsx.arrayBuffer()));
    // Coverage comes first: what the figures rest on, before any figure.
    expect(sheet.name).toBe('Độ bao phủ');
    expect(sheet.rows.map((r) => r[0])).toContain('Độ bao phủ');
  }, 60_000);

  it('a local set carries the evidence it cites: copied into its folder, linked by relative path, HTML as inert text', async () => {
    // Prepare
    await seedPeriod();
    const s = stores();
    // Act
    await generateReports(
      { period: '2026-09', kind: 'manual', generatedAt: '2026-10-01T01:00:00.000Z' },
      { ...s, links: presignedLinks(s.files, new Date('2026-10-01T01:00:00.000Z')), writers: REPORT_WRITERS, evidenceLinks: copiedEvidenceLinks(s.files) },
    );
    // Assess: each set (overall, Hà Nội's) links its own copy, which holds the stored bytes.
    const relative = 'bang-chung/run-2026-09/hanoi.gov.vn/homepage.html.txt';
    for (const dir of ['reports/2026-09/', 'reports/2026-09/don-vi/ubnd-thanh-pho-ha-noi/']) {
      const page = new TextDecoder().decode((await s.files.getObject(`${dir}${dir.endsWith('2026-09/') ? 'tong-hop' : 'bao-cao'}.html`))!.body);
      expect(page).toContain(`<a class="ev" href="${relative}">Trang chủ</a>`);
      expect(page).not.toContain('X-Amz-Signature');
      const copy = await s.files.getObject(`${dir}${relative}`);
      expect(new TextDecoder().decode(copy!.body)).toBe(EVIDENCE_HTML);
      expect(copy!.contentType).toMatch(/^text\/plain/);
    }
    // Hà Nội's own set shows its season: pass rates and rank for August and September.
    const hanoiSet = JSON.parse(new TextDecoder().decode((await s.files.getObject('reports/2026-09/don-vi/ubnd-thanh-pho-ha-noi/bao-cao.json'))!.body));
    expect(hanoiSet.trends).toEqual([
      {
        organisation: 'UBND thành phố Hà Nội',
        points: [
          expect.objectContaining({ period: '2026-08', rank: 2, passRates: expect.objectContaining({ 'emc-tracking-code': 1 }) }),
          expect.objectContaining({ period: '2026-09', rank: 1, passRates: expect.objectContaining({ 'emc-tracking-code': 0 }) }),
        ],
      },
    ]);
    const hanoiPage = new TextDecoder().decode((await s.files.getObject('reports/2026-09/don-vi/ubnd-thanh-pho-ha-noi/bao-cao.html'))!.body);
    expect(hanoiPage).toContain('<figcaption><strong>Diễn biến trong mùa đánh giá</strong></figcaption>');
    expect(hanoiPage).toMatch(/<polyline [^>]*points="[\d.,]+ [\d.,]+"/);
  }, 60_000);

  it('the report handler covers the previous month in Hanoi time and announces every file with a link-service link valid 30 days', async () => {
    // Prepare
    await seedPeriod();
    const published: ReportAnnouncement[] = [];
    const { lines, logger } = recordingLogger();
    const signingKey = new TextEncoder().encode('k'.repeat(48));
    const handler = makeReportHandler(() => ({
      ...stores(),
      writers: REPORT_WRITERS,
      roundWriters: ROUND_WRITERS,
      publisher: { publish: async (a) => void published.push(a) },
      links: async (now) => tokenLinks({ baseUrl: 'https://links.example.vn/', signingKey, now }),
      config: { window: DEFAULT_WINDOW, lang: 'vi' },
      now: () => new Date('2026-09-30T17:35:00.000Z'),
      logger,
    }));
    // Act: 00:30 on 1 October in Hanoi is still 30 September in UTC.
    const result = (await handler({ kind: 'monthly', scheduledTime: '2026-09-30T17:30:00.000Z' }, context)) as ReportResult;
    // Assess
    expect(result).toMatchObject({ period: '2026-09', kind: 'monthly', index: 'reports/2026-09/index.html' });
    expect(published).toHaveLength(1);
    const [announcement] = published;
    expect(announcement.subject).toBe('Bao cao danh gia thang 2026-09');
    expect(announcement.message).toContain('Báo cáo đánh giá tháng 2026-09');
    // The message states the links' real expiry: 30 days after generation.
    expect(announcement.message).toContain('2026-10-30T17:35:00.000Z');
    const links = announcement.message.match(/https:\/\/links\.example\.vn\/\S+/g) ?? [];
    expect(links.length).toBe(result.files);
    expect(announcement.message).not.toContain('X-Amz-');
    // An organisation's file carries a token for that organisation's folder only.
    const hanoiLink = new URL(links.find((l) => l.includes('/don-vi/ubnd-thanh-pho-ha-noi/bao-cao.xlsx'))!);
    expect(readLinkToken(hanoiLink.searchParams.get('t')!, signingKey)).toEqual({ scope: 'reports/2026-09/don-vi/ubnd-thanh-pho-ha-noi/', expiresAt: Date.parse('2026-10-30T17:35:00.000Z') / 1000 });
    // The stored reports' evidence links go through the link service too, scoped to the site's evidence.
    const html = new TextDecoder().decode((await stores().files.getObject('reports/2026-09/tong-hop.html'))!.body);
    const evidenceLink = /href="(https:\/\/links\.example\.vn\/evidence\/[^"]*hanoi\.gov\.vn\/homepage\.html\?t=[^"]*)"/.exec(html)?.[1];
    expect(evidenceLink).toBeDefined();
    expect(readLinkToken(new URL(evidenceLink!.replace(/&amp;/g, '&')).searchParams.get('t')!, signingKey)?.scope).toMatch(/^evidence\/[^/]+\/hanoi\.gov\.vn\/$/);
    expect(lines).toContainEqual(expect.objectContaining({ level: 'info', message: 'report generated' }));
  }, 60_000);
});

describe('import-traffic handler on an S3 event', () => {
  const CSV = [
    // Excel pads every row of a sheet to the same width, the title row included.
    'BÁO CÁO LƯỢT TRUY CẬP THÁNG 09/2026;;;;;',
    'Tên đơn vị;Tên miền;Mã site;Lượt truy cập;Lượt xem trang;Người dùng',
    'UBND thành phố Hải Phòng;https://www.haiphong.gov.vn/;2201;1.234.567;3.456.789;456.789',
    'UBND thành phố Hà Nội;hanoi.gov.vn;;2.000.000;5.100.200;890.123',
    'Bộ Tài chính;mof.gov.vn;;12,5;100;50',
    'Sở Du lịch Quảng Bình;sodulich.quangbinh.gov.vn;;4.321;9.876;1.234',
    'Tổng cộng;;;3.238.567;;',
  ].join('\r\n');

  function s3Event(...keys: string[]): S3Event {
    return {
      Records: keys.map((key) => ({
        eventName: 'ObjectCreated:Put',
        s3: { bucket: { name: stack.env.BUCKET_NAME }, object: { key: encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+'), size: 1 } },
      })),
    } as unknown as S3Event;
  }

  it('imports exactly the good rows, writes the import report next to the file and logs a bad key by name', async () => {
    // Prepare
    await seedPeriod();
    const s = stores();
    const key = 'imports/traffic/2026-09/EMC thang 9.csv';
    await s.files.putObject(key, new TextEncoder().encode(`\ufeff${CSV}`), 'text/csv');
    const { lines, logger } = recordingLogger();
    const handler = makeImportHandler(() => ({ ...s, now: () => new Date('2026-10-02T03:00:00.000Z'), logger }));
    // Act
    const outcomes = (await handler(s3Event(key, 'imports/traffic/thang-9/emc.csv', `${key}.import-report.json`), context)) as ImportOutcome[];
    // Assess
    expect(outcomes.map((o) => o.status)).toEqual(['imported', 'invalid-key', 'skipped']);
    expect(outcomes[0]).toMatchObject({ period: '2026-09', accepted: 2, rejectedRows: 1, unmatched: 1, stored: true });
    const stored = await s.traffic.listPeriod('2026-09');
    expect(stored.map((t) => [t.host, t.visits, t.pageviews, t.visitors, t.sourceRow])).toEqual([
      ['haiphong.gov.vn', 1_234_567, 3_456_789, 456_789, 3],
      ['hanoi.gov.vn', 2_000_000, 5_100_200, 890_123, 4],
    ]);
    const report = JSON.parse(new TextDecoder().decode((await s.files.getObject(`${key}.import-report.json`))!.body));
    expect(report).toMatchObject({ schema: 'gov-audit/traffic-import@1', period: '2026-09', file: 'EMC thang 9.csv', headerRow: 2, stored: true });
    expect(report.rejected).toContainEqual(expect.objectContaining({ row: 5, field: 'visits', raw: '12,5' }));
    expect(report.rejected.map((r: { row: number }) => r.row)).not.toContain(7);
    expect(report.skipped).toEqual([expect.objectContaining({ row: 7, field: 'row' })]);
    expect(report.periodHasRun).toBe(true);
    expect(report.unmatched).toEqual([expect.objectContaining({ row: 6, host: 'sodulich.quangbinh.gov.vn' })]);
    expect(lines).toContainEqual(expect.objectContaining({ level: 'error', extra: expect.objectContaining({ key: 'imports/traffic/thang-9/emc.csv' }) }));
  }, 60_000);

  it('matches by the site id found on the site a row EMC files under another domain, and reports the difference', async () => {
    // Prepare: the period's scan found site id 3301 in mof.gov.vn's live tracking code; EMC's export names www.mof.vn.
    await seedPeriod();
    const s = stores();
    await s.findings.put(finding(mof, { 'emc-tracking-code': checkResult('emc-tracking-code', 'pass', { data: { siteId: '3301' } }) }));
    const key = 'imports/traffic/2026-09/emc-ten-mien-khac.csv';
    await s.files.putObject(key, 'Tên đơn vị;Tên miền;Mã site;Lượt truy cập\r\nBộ Tài chính;https://www.mof.vn/;3301;45.000\r\n', 'text/csv');
    const { logger } = recordingLogger();
    const handler = makeImportHandler(() => ({ ...s, now: () => new Date('2026-10-02T03:00:00.000Z'), logger }));
    // Act
    const outcomes = (await handler(s3Event(key), context)) as ImportOutcome[];
    // Assess
    expect(outcomes[0]).toMatchObject({ status: 'imported', accepted: 1, unmatched: 0, rejectedRows: 0 });
    expect((await s.traffic.listPeriod('2026-09')).map((t) => [t.host, t.siteId, t.visits])).toEqual([['mof.gov.vn', '3301', 45_000]]);
    const report = JSON.parse(new TextDecoder().decode((await s.files.getObject(`${key}.import-report.json`))!.body));
    expect(report.domainDiffers).toEqual([{ row: 2, siteId: '3301', exportHost: 'www.mof.vn', registeredHost: 'mof.gov.vn', via: 'found' }]);
  }, 60_000);

  it('leaves the period untouched for a file without a usable row and reports a fake workbook as unreadable', async () => {
    // Prepare
    await seedPeriod();
    const s = stores();
    const empty = 'imports/traffic/2026-09/sai.csv';
    const fake = 'imports/traffic/2026-09/gia.xlsx';
    await s.files.putObject(empty, 'Tên miền;Lượt truy cập\r\nhanoi.gov.vn;nhiều\r\n', 'text/csv');
    await s.files.putObject(fake, 'PK this is not a workbook', 'application/octet-stream');
    const { lines, logger } = recordingLogger();
    const handler = makeImportHandler(() => ({ ...s, now: () => new Date('2026-10-02T03:00:00.000Z'), logger }));
    // Act
    const outcomes = (await handler(s3Event(empty, fake), context)) as ImportOutcome[];
    // Assess
    expect(outcomes[0]).toMatchObject({ status: 'imported', accepted: 0, stored: false });
    expect(outcomes[1]).toMatchObject({ status: 'unreadable', key: fake });
    expect((await s.traffic.listPeriod('2026-09')).map((t) => t.host)).toEqual(['haiphong.gov.vn', 'hanoi.gov.vn', 'mof.gov.vn']);
    expect(lines.filter((l) => l.level === 'error').map((l) => (l.extra as { key: string }).key)).toEqual([empty, fake]);
  }, 60_000);
});
