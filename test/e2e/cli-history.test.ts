/**
 * `run`, `runs` and `findings` as a new user meets them: a machine that reaches no site is told
 * so (exit 3, "may have no internet access"), the history prints headed Vietnamese tables with
 * transport failures in words, and a run kept in the demo's data folder is found from the
 * default one.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';

let cwd: string;
let runId: string;
let run: Awaited<ReturnType<typeof runCli>>;

beforeAll(async () => {
  // Prepare: a registry whose domains cannot resolve anywhere (RFC 6761 `.invalid`), kept where the demo keeps its data.
  cwd = await mkdtemp(join(tmpdir(), 'gov-audit-history-'));
  await mkdir(join(cwd, '.gov-audit'), { recursive: true });
  await writeFile(join(cwd, 'dv.csv'), 'Khối,Tên cơ quan,Tên miền\ntỉnh,UBND tỉnh A,tinh-a.invalid\nbộ,Bộ B,bo-b.invalid\n');
  // Act
  run = await runCli(['run', '--registry', 'dv.csv', '--render', 'never', '--data-dir', '.gov-audit/demo'], { cwd, timeoutMs: 180_000 });
  runId = /(?:Lượt đánh giá|Run) (\S+) \(/.exec(run.stdout)?.[1] ?? '';
}, 240_000);

afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe('gov-audit run / runs / findings', () => {
  it('exits 3 and says the machine may have no internet access when no site is reachable', () => {
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('Không truy cập được trang nào (2/2): máy này có thể không có kết nối Internet');
    expect(runId).not.toBe('');
  });

  it('lists runs as a headed table with Viet Nam time', async () => {
    const runs = await runCli(['runs', '--data-dir', '.gov-audit/demo'], { cwd });
    const [head, rule, row] = runs.stdout.split('\n');
    expect(head).toMatch(/^Lượt đánh giá\s+Kỳ\s+Bắt đầu\s+Khởi chạy\s+Số trang xong\s+Trạng thái$/);
    expect(rule).toMatch(/^─+\s+─+/);
    expect(row).toMatch(new RegExp(`^${runId}\\s+\\d{4}-\\d{2}\\s+\\d{2}:\\d{2} ngày \\d{2}/\\d{2}/\\d{4}\\s+thủ công\\s+2/2\\s+hoàn tất$`));
  }, 120_000);

  it('finds a run kept in the demo folder from the default one, in a headed table without raw codes', async () => {
    const findings = await runCli(['findings', '--run', runId], { cwd, timeoutMs: 120_000 });
    expect(findings.code).toBe(0);
    expect(findings.stdout).toContain(`Lượt ${runId} nằm trong .gov-audit/demo`);
    const lines = findings.stdout.split('\n');
    expect(lines[1]).toMatch(/^Tên miền\s+Loại trang\s+2\.1\s+2\.2a\s+2\.2b\s+2\.2c\s+Ghi chú$/);
    expect(findings.stdout).toMatch(/tinh-a\.invalid\s+Cổng chính\s+Chưa xác định/);
    expect(findings.stdout).toContain('Không phân giải được tên miền (DNS)');
    expect(findings.stdout).not.toMatch(/\b(dns|timeout|not-html|portal)\b/);
  }, 120_000);
});
