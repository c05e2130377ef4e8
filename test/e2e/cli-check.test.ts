/**
 * `gov-audit check` as a user runs it, against the simulated government web on 127.0.0.1,
 * reached only through `--resolve`: `main(argv)` in-process for the behaviour, and the real
 * binary (a child process of bin/gov-audit.js, the compiled build) for one end-to-end case.
 */
import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runMain, type CliRun } from '../support/run-cli.ts';
import { startSimWeb, type SimWeb } from '../../local/sim-web/index.ts';
import type { SimHostTruth } from '../../local/sim-web/manifest.ts';

let sim: SimWeb;

/** Runs the static tier only (`--render never`): these cases assert the manifest's `expect.static`. */
function govAudit(args: string[]): Promise<CliRun> {
  return runMain([...args, '--render', 'never']);
}

function resolveArgsFor(...urls: string[]): string[] {
  const wanted = urls.map((u) => new URL(u)).map((u) => `${u.hostname}:${u.port}:`);
  return sim.resolve.filter((r) => wanted.some((w) => r.startsWith(w))).flatMap((r) => ['--resolve', r]);
}

function find(predicate: (t: SimHostTruth) => boolean, what: string): SimHostTruth {
  const truth = sim.manifest.hosts.find(predicate);
  if (!truth) throw new Error(`the simulated web has no ${what}`);
  return truth;
}

beforeAll(async () => {
  sim = await startSimWeb({ seed: 7 });
}, 60_000);

afterAll(async () => {
  await sim?.close();
});

describe('gov-audit check', () => {
  it('prints the documented JSON for a compliant portal, with site id, tracker and script URLs', async () => {
    // Prepare
    const truth = find((t) => t.role === 'portal' && t.expect.transport === 'ok' && t.expect.static['emc-tracking-code'] === 'pass' && t.expect.siteId !== undefined && !t.url.startsWith('https'), 'compliant http portal');
    // Act
    const run = await govAudit([ 'check', truth.url, '--json', '--role', 'portal', ...resolveArgsFor(truth.url)]);
    // Assess
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0]);
    expect(result.schema).toBe('gov-audit/check-result@1');
    expect(result.url).toBe(truth.url);
    expect(result.checks['emc-tracking-code']).toMatchObject({ verdict: 'pass', siteId: truth.expect.siteId });
    expect(result.checks['emc-tracking-code'].trackerUrl).toBe(truth.expect.trackerUrl);
    expect(result.checks['emc-tracking-code'].scriptUrl).toBe(truth.expect.scriptUrl);
    expect(result.checks['emc-tracking-code'].scriptUrl).toMatch(/^https?:\/\/(f-emc\.ngsp|tracking\.aita)\.gov\.vn(:\d+)?\/.*gov-tracking\.min\.js$/);
    for (const id of ['emc-badge', 'portal-links-components', 'component-links-portal']) {
      expect(result.checks[id].verdict).toBe(truth.expect.static[id as keyof typeof truth.expect.static]);
    }
    const expectedCode = Object.values(truth.expect.static).includes('fail') ? 1 : 3;
    expect(run.code).toBe(expectedCode);
  });

  it('prints a Vietnamese table by default and English with --lang en; exit 1 on a failing site', async () => {
    // Prepare
    const truth = find((t) => t.expect.transport === 'ok' && t.expect.static['emc-tracking-code'] === 'fail', 'site without the code');
    const args = ['check', truth.url, '--role', truth.role === 'standalone' ? 'auto' : truth.role, ...(truth.parentUrl ? ['--parent', truth.parentUrl] : []), ...resolveArgsFor(truth.url)];
    // Act
    const vi = await govAudit(args);
    const en = await govAudit([...args, '--lang', 'en']);
    // The same check through the real binary: same exit code, same table.
    const binary = await runCli([...args, '--render', 'never'], { timeoutMs: 60_000 });
    // Assess
    expect(vi.code).toBe(1);
    expect(vi.stdout).toContain('Tiêu chí');
    expect(vi.stdout).toContain('Không đạt');
    expect(vi.stdout).toContain('2.1 Gắn mã theo dõi EMC');
    expect(vi.stdout).toContain('Cần khắc phục');
    expect(en.code).toBe(1);
    expect(en.stdout).toContain('Criterion');
    expect(en.stdout).toContain('Fail');
    expect(binary.code).toBe(1);
    // Equal but for the elapsed time the table ends with.
    const untimed = (text: string) => text.replace(/^Thời gian: .*$/m, '');
    expect(untimed(binary.stdout)).toBe(untimed(vi.stdout));
  });

  it('exits 3 (unknown, never fail) for a host that does not answer in time, cut at the --timeout budget', async () => {
    const truth = find((t) => t.expect.transport === 'timeout', 'timeout fault host');
    const run = await govAudit(['check', truth.url, '--json', '--timeout', '2', ...resolveArgsFor(truth.url)]);
    const result = JSON.parse(run.stdout);
    expect(run.code).toBe(3);
    expect(result.transport).toMatchObject({ status: 'failed', failure: { kind: 'timeout', retryable: true } });
    // Cut by the page budget --timeout set, not by some other limit.
    expect(result.transport.failure.message).toContain('2000 ms total limit');
    expect(result.checks['emc-tracking-code'].verdict).toBe('unknown');
  });

  it('refuses a loopback address that the operator did not map', async () => {
    const truth = find((t) => t.role === 'portal' && t.expect.transport === 'ok', 'portal');
    const port = new URL(truth.url).port;
    const run = await govAudit(['check', `http://127.0.0.1:${port}/`, '--json']);
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout).transport).toMatchObject({ failure: { kind: 'blocked-address' } });
  });

  it('serves HTTPS sites with the extra CA given by --ca', async () => {
    const truth = find((t) => t.url.startsWith('https://') && t.expect.transport === 'ok', 'https site');
    const dir = await mkdtemp(join(tmpdir(), 'gov-audit-ca-'));
    const caFile = join(dir, 'ca.pem');
    await writeFile(caFile, sim.caPem);
    const withCa = await govAudit(['check', truth.url, '--json', '--ca', caFile, ...resolveArgsFor(truth.url)]);
    const withoutCa = await govAudit(['check', truth.url, '--json', ...resolveArgsFor(truth.url)]);
    expect(JSON.parse(withCa.stdout).transport.status).toBe('ok');
    expect(JSON.parse(withoutCa.stdout).transport).toMatchObject({ failure: { kind: 'tls' } });
  });

  it.each([
    [['check'], /ít nhất một địa chỉ/],
    [['check', 'javascript:alert(1)'], /javascript/i],
    [['check', 'http://exa mple.gov.vn/'], /Địa chỉ/],
    [['check', 'http://'], /Địa chỉ/],
    [['check', 'hanoi.gov.vn', '--pages', 'nhiều'], /--pages/],
    [['check', 'hanoi.gov.vn', '--timeout', '0'], /--timeout/],
    [['run', '--timeout', 'ba mươi'], /--timeout là số giây/],
    [['demo', '--timeout', '301', '--lang', 'en'], /--timeout is in seconds/],
    [['check', 'hanoi.gov.vn', '--resolve', 'hanoi.gov.vn:80'], /--resolve/],
    [['check', 'hanoi.gov.vn', '--role', 'bo'], /--role/],
    [['check', 'hanoi.gov.vn', '--ca', '/khong/co/tep.pem'], /--ca/],
    [['check', 'hanoi.gov.vn', '--unknown-option'], /unknown-option/],
    [['kiem-tra'], /Lệnh không hợp lệ/],
  ])('rejects bad input %j with exit 2 and a clear message', async (args, message) => {
    const run = await govAudit(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });
});
