/**
 * `gov-audit registry import` / `registry list` as an evaluator runs them, each a separate
 * `main(argv)` run (in-process) on one data folder (the embedded DynamoDB on disk): bad rows are reported with
 * file, row and field, good rows are kept, and importing the same file again changes nothing.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLocalSession } from '../../bin/cli/local-session.ts';
import { runCli, runMain, type CliRun } from '../support/run-cli.ts';

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
    expect(run.stdout).toMatch(/don-vi\.csv, dòng 4, cột Khối \("huyện"\)/);
    expect(run.stdout).toMatch(/don-vi\.csv, dòng 5, cột Tên miền \("javascript:alert\(1\)"\)/);
    expect(run.stdout).toContain('+ quangninh.gov.vn');
    const list = await govAudit(['registry', 'list']);
    const [head, rule, ...rows] = list.stdout.trim().split('\n');
    expect(head).toMatch(/^Tên miền\s+Loại trang\s+Khối\s+Trạng thái\s+Tên miền đã xác minh\s+Cơ quan, đơn vị$/);
    expect(rule).toMatch(/^─+/);
    expect(rows.map((line) => line.split(/\s+/)[0])).toEqual(['moh.gov.vn', 'quangninh.gov.vn', 'so-tttt.quangninh.gov.vn']);
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

  it('--replace --dry-run shows the diff and stores nothing; --replace removes the sites the file no longer lists', async () => {
    // Prepare: the evaluator's corrected list drops Bộ Y tế and marks Quảng Ninh's domain unconfirmed.
    const corrected = join(dir, 'don-vi-moi.csv');
    await writeFile(corrected, '"Cơ quan, đơn vị",Tên miền,Khối,Độ tin cậy\nUBND tỉnh Quảng Ninh,quangninh.gov.vn,tỉnh,unverified\nThông tấn xã Việt Nam,vnanet.vn,cơ quan thuộc Chính phủ,\n');
    const before = await govAudit(['registry', 'list']);
    // Act
    const dry = await govAudit(['registry', 'import', corrected, '--replace', '--dry-run']);
    const unchanged = await govAudit(['registry', 'list']);
    const real = await govAudit(['registry', 'import', corrected, '--replace']);
    const after = await govAudit(['registry', 'list']);
    // Assess
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Chạy thử (chưa lưu gì): thêm 1, sửa 1, xoá 2');
    expect(dry.stdout).toMatch(/\+ vnanet\.vn\n\s+~ quangninh\.gov\.vn\n\s+- moh\.gov\.vn\n\s+- so-tttt\.quangninh\.gov\.vn/);
    expect(unchanged.stdout).toBe(before.stdout);
    expect(real.stdout).toContain('Đã lưu: thêm 1, sửa 1, xoá 2');
    const rows = after.stdout.trim().split('\n').slice(2);
    expect(rows.map((line) => line.split(/\s+/)[0])).toEqual(['quangninh.gov.vn', 'vnanet.vn']);
    expect(rows[0]).toContain('CHƯA (cần xác minh)');
    expect(rows[1]).toMatch(/bộ, ngành/);
  }, 240_000);

  it('names a missing file clearly (exit 2)', async () => {
    const run = await govAudit(['registry', 'import', join(dir, 'khong-co.csv')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Không đọc được tệp');
  }, 60_000);
});

describe('gov-audit registry with hostile names', () => {
  const hostile = '\x1b]0;PWNED\x07\x1b[31m';

  it('shows a discovered name carrying terminal escapes as text in the list, and a hostile cell as text in the import messages', async () => {
    // Prepare: a component discovered from a portal's anchor text, stored as the pipeline stores it
    const own = join(dir, 'data-hostile');
    const session = await openLocalSession({ dataDir: own });
    await session.targets.putMany([{
      host: 'xa-a.hagiang.gov.vn', url: 'https://xa-a.hagiang.gov.vn/', org: `UBND xã ${hostile}A`, league: 'province', role: 'component',
      parentHost: 'hagiang.gov.vn', source: 'discovered', status: 'discovered', updatedAt: '2025-06-02T01:00:00.000Z',
    }]);
    await session.close();
    const file = join(dir, 'doc-hai.csv');
    await writeFile(file, `Khối;Tên đơn vị;Tên miền;Mã site;Trang thành phần\r\ntỉnh;UBND;x${hostile}.gov.vn;;\r\n`);
    // Act
    const list = await runCli(['registry', 'list', '--data-dir', own], { timeoutMs: 90_000 });
    const imported = await runCli(['registry', 'import', file, '--data-dir', own], { timeoutMs: 90_000 });
    // Assess
    for (const output of [imported.stdout, imported.stderr, list.stdout, list.stderr]) {
      expect(output).not.toMatch(/[\x07\x1b\x9b]/);
    }
    expect(list.stdout).toContain('UBND xã \ufffd]0;PWNED\ufffd\ufffd[31mA');
    expect(imported.stdout).toContain('PWNED');
  });
});
