/**
 * Imports past their limits, with the files generated on the fly: a CSV of 60,000 rows, an
 * XLSX whose sheet inflates to 256 MiB (declared honestly, and lying in its directory), a file
 * of thousands of bad rows, an upload to S3 over the size limit. Each is refused whole (or
 * reported within bounds) with a message naming the limit, and the traffic already stored
 * stays as it was; the import Lambda refuses (never retries) an upload over a limit.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { createDeflateRaw } from 'node:zlib';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { S3Event } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLocalSession, type LocalSession } from '../../bin/cli/local-session.ts';
import { ImportLimitError, LISTED_PROBLEMS, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from '../../functions/core/import-limits.ts';
import { makeHandler as makeImportHandler, type ImportOutcome } from '../../functions/import-traffic/handler.ts';
import { importTrafficFile } from '../../functions/import-traffic/import-file.ts';
import { runCli } from '../support/run-cli.ts';

const PERIOD = '2026-11';
const HEADER = 'STT,Tên đơn vị,Tên miền,Mã site,Lượt truy cập';
let session: LocalSession;
let dir: string;

/** A one-entry ZIP around `deflated` (a sheet), its directory claiming `declaredSize`. */
function zipOf(name: string, deflated: Buffer, declaredSize: number): Buffer {
  const fileName = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8);
  local.writeUInt32LE(deflated.length, 18); local.writeUInt32LE(declaredSize, 22); local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(8, 10);
  central.writeUInt32LE(deflated.length, 20); central.writeUInt32LE(declaredSize, 24); central.writeUInt16LE(fileName.length, 28);
  const end = Buffer.alloc(22);
  const directoryAt = local.length + fileName.length + deflated.length;
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(1, 8); end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fileName.length, 12); end.writeUInt32LE(directoryAt, 16);
  return Buffer.concat([local, fileName, deflated, central, fileName, end]);
}

/** 256 MiB of sheet XML, deflated a MiB at a time (about 250 KB of output, never the whole in memory). */
async function deflatedBomb(): Promise<Buffer> {
  const deflate = createDeflateRaw({ level: 9 });
  const chunks: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => chunks.push(chunk));
  const row = Buffer.alloc(1024 * 1024, '<row><c t="s"><v>0</v></c></row>');
  for (let i = 0; i < 256; i++) if (!deflate.write(row)) await once(deflate, 'drain');
  deflate.end();
  await once(deflate, 'end');
  return Buffer.concat(chunks);
}

async function storedVisits(): Promise<number[]> {
  return (await session.traffic.listPeriod(PERIOD)).map((r) => r.visits);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gov-audit-limits-'));
  session = await openLocalSession({ inMemory: true });
  await session.targets.putMany([{ host: 'quangninh.gov.vn', url: 'https://quangninh.gov.vn/', org: 'UBND tỉnh Quảng Ninh', league: 'province', role: 'portal', source: 'registry', status: 'confirmed', updatedAt: '2026-11-01T00:00:00Z' }]);
  const good = Buffer.from(`${HEADER}\n1,UBND tỉnh Quảng Ninh,quangninh.gov.vn,227,"12.345"\n`);
  await importTrafficFile({ fileName: 'thang-11.csv', bytes: good, period: PERIOD, importedAt: '2026-12-01T00:00:00Z' }, session);
}, 120_000);

afterAll(async () => {
  await session?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('import limits', () => {
  it('refuses a CSV of more rows than the limit, naming it, and keeps the stored traffic', async () => {
    // Prepare
    const rows = Array.from({ length: MAX_IMPORT_ROWS + 10_000 }, (_, i) => `${i},Đơn vị ${i},dv${i}.gov.vn,,${i}`);
    const bytes = Buffer.from(`${HEADER}\n${rows.join('\n')}\n`);
    // Act
    const attempt = importTrafficFile({ fileName: 'rac.csv', bytes, period: PERIOD, importedAt: '2026-12-02T00:00:00Z' }, session);
    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ImportLimitError);
    await expect(attempt).rejects.toMatchObject({ text: { vi: expect.stringContaining(`vượt giới hạn ${MAX_IMPORT_ROWS} dòng`) } });
    expect(await storedVisits()).toEqual([12345]);
  });

  it.each([
    { name: 'its directory declaring the real size', declared: 256 * 1024 * 1024 },
    { name: 'its directory lying (1 KB declared)', declared: 1024 },
  ])('refuses an XLSX whose sheet inflates to 256 MiB, $name, and keeps the stored traffic', async ({ declared }) => {
    // Prepare
    const bytes = zipOf('xl/worksheets/sheet1.xml', await deflatedBomb(), declared);
    expect(bytes.length).toBeLessThan(2 * 1024 * 1024);
    // Act
    const attempt = importTrafficFile({ fileName: 'bom.xlsx', bytes, period: PERIOD, importedAt: '2026-12-02T00:00:00Z' }, session);
    // Assess
    await expect(attempt).rejects.toMatchObject({ text: { vi: expect.stringContaining('xl/worksheets/sheet1.xml'), en: expect.stringContaining('inflates to more than 64 MB') } });
    expect(await storedVisits()).toEqual([12345]);
  }, 60_000);

  it('refuses a workbook whose sheets hold more rows than the limit before the workbook reader loads them, and keeps the stored traffic', async () => {
    // Prepare: a good first sheet and a second of small rows (well under the inflated-size budget);
    // the workbook reader would hold every row of every sheet as objects before the first is read
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
    const first = workbook.addWorksheet('Thang 11');
    first.addRow(HEADER.split(',')).commit();
    first.addRow([1, 'UBND tỉnh Quảng Ninh', 'quangninh.gov.vn', 227, 12_999]).commit();
    first.commit();
    const other = workbook.addWorksheet('Nhap');
    for (let i = 0; i < MAX_IMPORT_ROWS + 10; i++) other.addRow([i]).commit();
    other.commit();
    await workbook.commit();
    const bytes = Buffer.concat(chunks);
    const before = await storedVisits();
    // Act
    const attempt = importTrafficFile({ fileName: 'hai-trang.xlsx', bytes, period: PERIOD, importedAt: '2026-12-02T00:00:00Z' }, session);
    // Assess
    await expect(attempt).rejects.toMatchObject({ text: { vi: expect.stringContaining(`vượt giới hạn ${MAX_IMPORT_ROWS} dòng`) } });
    expect(await storedVisits()).toEqual(before);
  }, 60_000);

  it('reports thousands of bad rows as counts and the first problems only', async () => {
    // Prepare
    const bad = Array.from({ length: 5000 }, (_, i) => `${i},Đơn vị ${i},dv${i}.gov.vn,,không rõ`);
    const bytes = Buffer.from(`${HEADER}\n1,UBND tỉnh Quảng Ninh,quangninh.gov.vn,227,"12.400"\n${bad.join('\n')}\n`);
    // Act
    const report = await importTrafficFile({ fileName: 'loi.csv', bytes, period: PERIOD, importedAt: '2026-12-02T00:00:00Z' }, session);
    // Assess
    expect(report.counts.rejectedRows).toBe(5000);
    expect(report.rejected).toHaveLength(LISTED_PROBLEMS);
    expect(report.omitted?.rejected).toBe(report.counts.rejectedRows - LISTED_PROBLEMS);
    expect(await storedVisits()).toEqual([12400]);
  });

  it('gov-audit traffic import refuses a file over the size limit before reading it, in Vietnamese and in English', async () => {
    // Prepare: a CSV just over the limit, written in 1 MiB pieces
    const path = join(dir, 'qua-lon.csv');
    const out = createWriteStream(path);
    const piece = Buffer.alloc(1024 * 1024, '1,Đơn vị,dv.gov.vn,,1\n');
    for (let written = 0; written <= MAX_IMPORT_BYTES; written += piece.length) if (!out.write(piece)) await once(out, 'drain');
    out.end();
    await once(out, 'close');
    // Act
    const vi = await runCli(['traffic', 'import', path, '--period', PERIOD, '--data-dir', join(dir, 'data')]);
    const en = await runCli(['traffic', 'import', path, '--period', PERIOD, '--data-dir', join(dir, 'data'), '--lang', 'en']);
    // Assess
    expect(vi.code).toBe(2);
    expect(vi.stderr).toContain(`vượt giới hạn ${MAX_IMPORT_BYTES / 1024 / 1024} MB của một lần nhập`);
    expect(en.stderr).toContain(`over the ${MAX_IMPORT_BYTES / 1024 / 1024} MB limit of one import`);
  }, 120_000);

  it.each([
    { name: 'a CSV of more rows than the limit (read as it streams in)', fileName: 'rac.csv', body: () => Buffer.from(`${HEADER}\n${Array.from({ length: MAX_IMPORT_ROWS + 10 }, (_, i) => `${i},Đơn vị ${i},dv${i}.gov.vn,,${i}`).join('\n')}\n`), limit: `${MAX_IMPORT_ROWS}-row limit` },
    { name: 'a file over the size limit (refused on its declared size)', fileName: 'qua-lon.csv', body: () => Buffer.alloc(MAX_IMPORT_BYTES + 1024, '1,Đơn vị,dv.gov.vn,,1\n'), limit: `${MAX_IMPORT_BYTES / 1024 / 1024} MB limit` },
  ])('the import Lambda refuses $name from S3, says which limit, and keeps the stored traffic', async ({ fileName, body, limit }) => {
    // Prepare: the upload in the stack's S3, as an official would drop it
    const key = `imports/traffic/${PERIOD}/${fileName}`;
    await session.evidence.putObject(key, body(), 'text/csv');
    const before = await storedVisits();
    const errors: string[] = [];
    const handler = makeImportHandler(() => ({
      targets: session.targets,
      traffic: session.traffic,
      files: session.evidence,
      now: () => new Date('2026-12-02T00:00:00Z'),
      logger: { info: () => undefined, warn: () => undefined, error: (message: string) => void errors.push(message) },
    }));
    const event = { Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: session.env.BUCKET_NAME }, object: { key, size: 1 } } }] } as unknown as S3Event;
    // Act
    const outcomes = (await handler(event, {} as never)) as ImportOutcome[];
    // Assess
    expect(outcomes).toEqual([{ key, status: 'refused', reason: expect.stringContaining(limit) }]);
    expect(errors).toEqual(['traffic upload over an import limit; nothing was changed']);
    expect(before).toHaveLength(1);
    expect(await storedVisits()).toEqual(before);
  }, 120_000);
});
