/**
 * The round's documents from the command line: a season stored in a data folder (through the
 * embedded stack, as runs would leave it), then `gov-audit self-review` and
 * `gov-audit report --round`, each a separate process on that folder.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../functions/adapters/aws-clients.ts';
import { startEmbeddedStack } from '../../local/stack/embedded-stack.ts';
import { runCli, type CliRun } from '../support/run-cli.ts';
import { reportStores } from '../support/report-stores.ts';
import { hanoi, season } from '../support/season-factory.ts';

let dir: string;
let dataDir: string;

function govAudit(args: string[]): Promise<CliRun> {
  return runCli([...args, '--data-dir', dataDir], { timeoutMs: 120_000 });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gov-audit-round-'));
  dataDir = join(dir, 'data');
  const stack = await startEmbeddedStack({ dataDir });
  const clients = createAwsClients(stack.env);
  try {
    const s = reportStores(stack, clients);
    const data = season();
    await s.targets.putMany(data.targets);
    for (const run of data.runs) await s.runs.create(run);
    for (const f of data.findings) await s.findings.put(f);
    for (const period of ['2026-08', '2026-09', '2026-10']) await s.traffic.replacePeriod(period, data.traffic.filter((t) => t.period === period));
  } finally {
    clients.dynamo.destroy();
    clients.s3.destroy();
    await stack.stop();
  }
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('gov-audit self-review', () => {
  it('writes one letter per organisation from the newest run into the data folder', async () => {
    // Act
    const run = await govAudit(['self-review']);
    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Dự thảo văn bản tự đánh giá từ lượt quét run-2026-10-05 (2026-10): 4 văn bản');
    const files = await readdir(join(dataDir, 'reports', 'tu-danh-gia', '2026-10'));
    expect(files.filter((f) => f.endsWith('.docx')).sort()).toEqual(['bo-tai-chinh.docx', 'bo-y-te.docx', 'ubnd-thanh-pho-ha-noi.docx', 'ubnd-thanh-pho-hai-phong.docx']);
  }, 150_000);

  it('writes only --org from --run, and refuses an unknown organisation with exit 2', async () => {
    // Act
    const one = await govAudit(['self-review', '--org', hanoi.org, '--run', 'run-2026-08-03', '--out', join(dir, 'letters')]);
    const unknown = await govAudit(['self-review', '--org', 'UBND tỉnh Không Có']);
    // Assess
    expect(one.code).toBe(0);
    expect(await readdir(join(dir, 'letters'))).toEqual(expect.arrayContaining(['ubnd-thanh-pho-ha-noi.docx']));
    expect((await readdir(join(dir, 'letters'))).filter((f) => f.endsWith('.docx'))).toHaveLength(1);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('không có đơn vị "UBND tỉnh Không Có"');
  }, 150_000);
});

describe('gov-audit report --round', () => {
  it('writes the round report and the public pages', async () => {
    // Act
    const run = await govAudit(['report', '--round', '2026']);
    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Đợt đánh giá 2026 (2026-08, 2026-09, 2026-10)');
    const out = join(dataDir, 'reports', 'dot-2026');
    for (const file of ['tong-hop.xlsx', 'tong-hop.html', 'tong-hop.json', 'index.html', 'public/index.html', 'public/tinh-thanh.html', 'public/bo-nganh.html']) {
      expect((await stat(join(out, file))).size).toBeGreaterThan(100);
    }
  }, 150_000);

  it('refuses a round that is not a year with exit 2', async () => {
    // Act
    const run = await govAudit(['report', '--round', '26', '--lang', 'en']);
    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--round must be a year (got "26")');
  }, 60_000);
});
