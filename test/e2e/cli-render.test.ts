/**
 * `gov-audit check --render always` as a new user runs it (`main(argv)` in-process)
 * against the simulated government web, every host (the EMC stand-in included) reached through
 * `--resolve`, its CA given with `--ca`. Needs a Chromium (system package or @sparticuz/chromium).
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain, type CliRun } from '../support/run-cli.ts';
import { findChromium } from '../../functions/adapters/browser/launch.ts';
import { CHECK_IDS } from '../../functions/core/types.ts';
import { startSimWeb, type SimWeb } from '../../local/sim-web/index.ts';
import type { SimHostTruth } from '../../local/sim-web/manifest.ts';

const browser = await findChromium();
let sim: SimWeb;
let dir: string;
let caFile: string;

function govAudit(args: string[]): Promise<CliRun> {
  return runMain(args);
}

/** Every mapping of the simulated web: the browser also loads EMC's script and sends its beacon there. */
const resolveAll = () => sim.resolve.flatMap((r) => ['--resolve', r]);

function roleArgs(truth: SimHostTruth): string[] {
  if (truth.role === 'component') return ['--role', 'component', ...(truth.parentUrl ? ['--parent', truth.parentUrl] : [])];
  if (truth.role === 'portal') return ['--role', 'portal', ...(truth.components ? ['--components', truth.components.join(',')] : [])];
  return [];
}

const compliant = (t: SimHostTruth) => t.expect.transport === 'ok' && CHECK_IDS.every((id) => ['pass', 'not-applicable'].includes(t.expect.rendered[id]));

beforeAll(async () => {
  sim = await startSimWeb({ seed: 11 });
  dir = await mkdtemp(join(tmpdir(), 'gov-audit-render-'));
  caFile = join(dir, 'sim-ca.pem');
  await writeFile(caFile, sim.caPem);
}, 60_000);

afterAll(async () => {
  await sim?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(browser === undefined)('gov-audit check --render', () => {
  it('prints the badge verdict with an existing screenshot path, and exits 0 on a fully compliant component', async () => {
    // Prepare
    const truth = sim.manifest.hosts.find((t) => t.role === 'component' && compliant(t));
    if (!truth) throw new Error('the simulated web has no fully compliant component');
    const shots = join(dir, 'shots');
    // Act
    const run = await govAudit(['check', truth.url, ...roleArgs(truth), '--render', 'always', '--screenshots', shots, '--ca', caFile, ...resolveAll()]);
    // Assess
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('Kiểm tra bằng trình duyệt (--render): always');
    const lines = run.stdout.split('\n');
    const badgeRow = lines.findIndex((line) => line.startsWith('2.2a'));
    expect(lines[badgeRow]).toContain('Đạt');
    expect(lines[badgeRow]).toContain('Nhãn "Đã kết nối EMC" hiển thị trên trang chủ');
    // The screenshot path is printed right under the badge verdict.
    const shotLine = lines[badgeRow + 1];
    expect(shotLine).toContain('↳ Ảnh chụp màn hình:');
    const path = /Ảnh chụp màn hình: (\S+\.png)/.exec(shotLine ?? '')?.[1];
    expect(path).toBe(join(shots, `${truth.host}-viewport.png`));
    expect(existsSync(path!)).toBe(true);
    expect(readFileSync(path!).subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(run.code).toBe(0);
  }, 180_000);

  it('gives renderMode, the rendered verdicts and the screenshot files in JSON', async () => {
    // Prepare: a site whose badge only a browser can judge (hidden by a script, or code injected by a tag manager).
    const truth = sim.manifest.hosts.find((t) => t.expect.transport === 'ok' && t.expect.static['emc-badge'] !== t.expect.rendered['emc-badge'] && t.role !== 'portal');
    if (!truth) throw new Error('the simulated web has no site whose badge verdict needs the browser');
    const shots = join(dir, 'json-shots');
    // Act
    const run = await govAudit(['check', truth.url, ...roleArgs(truth), '--json', '--screenshots', shots, '--ca', caFile, ...resolveAll()]);
    // Assess
    const result = JSON.parse(run.stdout.trim());
    expect(result.renderMode).toBe('auto');
    for (const id of CHECK_IDS) expect(result.checks[id].verdict, id).toBe(truth.expect.rendered[id]);
    const files = result.checks['emc-badge'].evidence.filter((e: { kind: string }) => e.kind === 'screenshot').map((e: { key: string }) => e.key);
    expect(files).toContain(join(shots, `${truth.host}-viewport.png`));
    for (const file of files) expect(existsSync(file)).toBe(true);
  }, 180_000);

  it('with --render never, leaves the badge as the static tier says and writes no screenshot', async () => {
    // Prepare
    const truth = sim.manifest.hosts.find((t) => t.role === 'component' && compliant(t))!;
    const shots = join(dir, 'never-shots');
    // Act
    const run = await govAudit(['check', truth.url, ...roleArgs(truth), '--json', '--render', 'never', '--screenshots', shots, '--ca', caFile, ...resolveAll()]);
    // Assess
    const result = JSON.parse(run.stdout.trim());
    expect(result.renderMode).toBe('never');
    expect(result.checks['emc-badge'].verdict).toBe(truth.expect.static['emc-badge']);
    expect(existsSync(shots)).toBe(false);
    expect(run.code).toBe(3);
  }, 120_000);

  it('rejects an unknown render mode with exit 2', async () => {
    // Act
    const run = await govAudit(['check', 'hanoi.gov.vn', '--render', 'sometimes']);
    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--render phải là auto, always hoặc never');
  });
});
