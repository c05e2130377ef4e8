/**
 * The report workflow from the command line, as an evaluator runs it: registry import, EMC
 * traffic import (with bad rows), overrides set/list/clear/import, then `report --period`,
 * each a separate `main(argv)` run (in-process) on one data folder.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain, type CliRun } from '../support/run-cli.ts';

let dir: string;
let dataDir: string;

function govAudit(args: string[]): Promise<CliRun> {
  return runMain([...args, '--data-dir', dataDir]);
}

const REGISTRY = [
  'league,organisation,domain,confidence',
  'ministry,Bộ Tài chính,mof.gov.vn,seen-in-public-code',
  'province,UBND thành phố Hà Nội,hanoi.gov.vn,seen-in-public-code',
  'province,UBND thành phố Hải Phòng,haiphong.gov.vn,unverified',
].join('\n');

/** An EMC export as the operator sends it: title row, `;`, thousand separators, one bad and one unknown row. */
const TRAFFIC = [
  'BÁO CÁO LƯỢT TRUY CẬP THÁNG 09/2026;;;',
  'Tên đơn vị;Tên miền;Lượt truy cập;Lượt xem trang',
  'UBND thành phố Hà Nội;https://hanoi.gov.vn/;2.345.678;6.789.012',
  'UBND thành phố Hải Phòng;www.haiphong.gov.vn;1.234.567;3.456.789',
  'Bộ Tài chính;mof.gov.vn;-15;200',
  'Sở Du lịch Quảng Bình;sodulich.quangbinh.gov.vn;4.321;9.876',
].join('\r\n');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gov-audit-report-'));
  dataDir = join(dir, 'data');
  await writeFile(join(dir, 'registry.csv'), REGISTRY);
  await writeFile(join(dir, 'emc-2026-09.csv'), `\ufeff${TRAFFIC}`);
  const registry = await govAudit(['registry', 'import', join(dir, 'registry.csv')]);
  if (registry.code !== 0) throw new Error(`registry import failed: ${registry.stdout}${registry.stderr}`);
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('gov-audit traffic import', () => {
  it('imports the good rows, names the rejected row and field, lists the unmatched row and exits 1', async () => {
    // Act
    const run = await govAudit(['traffic', 'import', join(dir, 'emc-2026-09.csv'), '--period', '2026-09']);
    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('nhập 2 dòng, loại 1 dòng lỗi, 1 dòng không khớp');
    expect(run.stdout).toMatch(/dòng 5, trường Lượt truy cập \(visits\) \("-15"\): .+/);
    expect(run.stdout).toContain('dòng 6: sodulich.quangbinh.gov.vn');
    // The figures are kept, but the evaluator learns that no run of the period exists yet.
    expect(run.stdout).toContain('Kỳ 2026-09 chưa có lượt đánh giá nào');
  }, 120_000);

  it('refuses a period that is not YYYY-MM with exit 2, in English with --lang en', async () => {
    // Act
    const run = await govAudit(['traffic', 'import', join(dir, 'emc-2026-09.csv'), '--period', '09/2026', '--lang', 'en']);
    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--period must be YYYY-MM (got "09/2026")');
  }, 120_000);
});

describe('gov-audit override', () => {
  it('sets, lists and clears an override, keeping the cleared one in the trail', async () => {
    // Act
    const set = await govAudit(['override', 'set', 'https://www.hanoi.gov.vn/', '2.2a', 'đạt', '--reason', 'Nhãn EMC hiển thị khi mở bằng trình duyệt', '--by', 'nguyen.van.a@stttt.gov.vn', '--until', '2099-12-31']);
    const listed = await govAudit(['override', 'list', '--host', 'hanoi.gov.vn']);
    const cleared = await govAudit(['override', 'clear', 'hanoi.gov.vn', 'emc-badge', '--by', 'tran.thi.b@stttt.gov.vn']);
    const after = await govAudit(['override', 'list', '--json']);
    const again = await govAudit(['override', 'clear', 'hanoi.gov.vn', 'emc-badge', '--by', 'tran.thi.b@stttt.gov.vn']);
    // Assess
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(/Đã ghi nhận: hanoi\.gov\.vn\s+emc-badge\s+Đạt\s+Đang áp dụng/);
    expect(listed.stdout).toContain('Nhãn EMC hiển thị khi mở bằng trình duyệt');
    expect(listed.stdout).toContain('đến 2099-12-31');
    expect(cleared.code).toBe(0);
    expect(cleared.stdout).toContain('Đã huỷ');
    const trail = JSON.parse(after.stdout) as { host: string; state: string; clearedBy?: string }[];
    expect(trail).toEqual([expect.objectContaining({ host: 'hanoi.gov.vn', state: 'cleared', clearedBy: 'tran.thi.b@stttt.gov.vn' })]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('Không có điều chỉnh đang hiệu lực');
  }, 120_000);

  it('rejects an override of an unregistered host or an unknown criterion with exit 2', async () => {
    // Act
    const run = await govAudit(['override', 'set', 'khongco.gov.vn', '2.9', 'pass', '--reason', 'x', '--by', 'a']);
    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('trường host ("khongco.gov.vn"): Tên miền không có trong danh sách đơn vị cần đánh giá');
    expect(run.stderr).toContain('trường check ("2.9")');
  }, 120_000);

  it('imports a CSV of overrides row by row and reports the bad rows', async () => {
    // Prepare
    const file = join(dir, 'overrides.csv');
    await writeFile(file, [
      'host,check,verdict,reason,by,until',
      'mof.gov.vn,2.1,pass,"Mã EMC nằm trong tệp JS riêng, đã xác minh",le.van.c@stttt.gov.vn,',
      'haiphong.gov.vn,emc-badge,maybe,Không rõ,le.van.c@stttt.gov.vn,2026-02-30',
    ].join('\n'));
    // Act
    const run = await govAudit(['override', 'import', file]);
    const listed = await govAudit(['override', 'list', '--host', 'mof.gov.vn', '--lang', 'en']);
    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('đọc 2 dòng, ghi nhận 1 điều chỉnh, 2 lỗi');
    expect(run.stdout).toContain('dòng 3, trường verdict ("maybe")');
    expect(run.stdout).toContain('dòng 3, trường until ("2026-02-30")');
    expect(listed.stdout).toMatch(/mof\.gov\.vn\s+emc-tracking-code\s+Pass\s+Active/);
  }, 120_000);
});

describe('gov-audit report', () => {
  it('writes the reports to the output folder, prints the coverage, paths and links, and exits 3 saying the period had no run', async () => {
    // Prepare
    const out = join(dir, 'bao-cao');
    // Act
    const run = await govAudit(['report', '--period', '2026-09', '--out', out]);
    // Assess: never a silent empty report.
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('Cảnh báo: Kỳ này chưa có lượt đánh giá nào');
    expect(run.stdout).toContain('Đã quét 0/3 trang trong danh sách');
    expect(run.stdout).toContain(`Báo cáo kỳ 2026-09:`);
    expect(await readFile(join(out, 'tong-hop.html'), 'utf8')).toContain('class="banner"');
    for (const path of ['tong-hop.xlsx', 'tong-hop.html', 'tong-hop.json', 'csv/rankings.csv', 'index.html', 'don-vi/ubnd-thanh-pho-ha-noi/bao-cao.xlsx']) {
      expect((await stat(join(out, path))).size, path).toBeGreaterThan(0);
    }
    expect(run.stdout).toContain(join(out, 'tong-hop.xlsx'));
    expect(run.stdout).toContain(`${join(out, 'don-vi', 'bo-tai-chinh')}/ (12 tệp)`);
    expect(run.stdout).toMatch(/http:\/\/127\.0\.0\.1:\d+\/gov-audit-local\/reports\/2026-09\/tong-hop\.xlsx\?\S*X-Amz-Expires=604800/);
    const model = JSON.parse(await readFile(join(out, 'tong-hop.json'), 'utf8'));
    const province = model.rankings.find((r: { league: string }) => r.league === 'province');
    expect(province.ranked.map((r: { host: string; value: number }) => [r.host, r.value])).toEqual([['hanoi.gov.vn', 2_345_678], ['haiphong.gov.vn', 1_234_567]]);
    expect(model.overrides.map((o: { host: string; state: string }) => [o.host, o.state])).toEqual(
      expect.arrayContaining([['hanoi.gov.vn', 'cleared'], ['mof.gov.vn', 'active']]),
    );
  }, 120_000);

  it('warns about a period outside the evaluation window, in English with --lang en', async () => {
    const run = await govAudit(['report', '--period', '2026-12', '--out', join(dir, 'bao-cao-12'), '--lang', 'en']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('Warning: This period has no evaluation run');
    expect(run.stderr).toContain('Warning: This period lies outside the evaluation window');
  }, 120_000);

  it('refuses a missing period with exit 2', async () => {
    // Act
    const run = await govAudit(['report']);
    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--period phải có dạng YYYY-MM');
  }, 120_000);
});
