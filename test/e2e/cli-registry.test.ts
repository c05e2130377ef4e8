/**
 * `gov-audit registry import` / `registry list` as an evaluator runs them, each a separate
 * `main(argv)` run (in-process) on one data folder (the embedded DynamoDB on disk): bad rows are reported with
 * file, row and field, good rows are kept, and importing the same file again changes nothing.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain, type CliRun } from '../support/run-cli.ts';

let dir: string;

function govAudit(args: string[]): Promise<CliRun> {
  return runMain([...args, '--data-dir', join(dir, 'data')]);
}

const REGISTRY = [
  'Khối;Tên đơn vị;Tên miền;Mã site;Trang thành phần',
  'tỉnh;UBND tỉnh Quảng Ninh;quangninh.gov.vn;227;so-tttt.quangninh.gov.vn',
  'bộ;Bộ Y tế;moh.gov.vn;;',
  'huyện;UBND huyện X;x.gov.vn;;',
  'tỉnh;UBND tỉnh Z;javascript:alert(1);;',
].join('\r\n');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gov-audit-registry-'));
  await writeFile(join(dir, 'don-vi.csv'), `\uFEFF${REGISTRY}\r\n`);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('gov-audit registry', () => {
  it('imports the good rows, lists the bad ones with file, row and field, and exits 1', async () => {
    // Act
    const run = await govAudit(['registry', 'import', join(dir, 'don-vi.csv')]);
    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('nhập 2 cổng chính và 1 trang thành phần, 2 lỗi');
    expect(run.stdout).toMatch(/don-vi\.csv, dòng 4, trường league \("huyện"\)/);
    expect(run.stdout).toMatch(/don-vi\.csv, dòng 5, trường domain \("javascript:alert\(1\)"\)/);
    const list = await govAudit(['registry', 'list']);
    expect(list.stdout.trim().split('\n').map((line) => line.split(/\s+/)[0])).toEqual(['moh.gov.vn', 'quangninh.gov.vn', 'so-tttt.quangninh.gov.vn']);
  }, 120_000);

  it('changes nothing when the same file is imported again', async () => {
    // Prepare
    const before = await govAudit(['registry', 'list']);
    // Act
    await govAudit(['registry', 'import', join(dir, 'don-vi.csv')]);
    const after = await govAudit(['registry', 'list']);
    // Assess
    expect(after.stdout).toBe(before.stdout);
  }, 120_000);

  it('names a missing file clearly (exit 2)', async () => {
    const run = await govAudit(['registry', 'import', join(dir, 'khong-co.csv')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Không đọc được tệp');
  }, 60_000);
});
