/**
 * `gov-audit demo` plays one evaluation round on fixed clocks against the simulated web: a run
 * before the window (the self-review letters), one run per window month while a few sites
 * change, each month's traffic export (one portal missing from one month), the monthly reports,
 * the round report and the public results. The demo runs in this process (HTML tier, one
 * portal: the smallest season); then each document it wrote is read back from its data folder
 * and checked against the findings stored for the runs it came from.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECK_IDS, type CheckId, type Verdict } from '../../functions/core/types.ts';
import type { FindingRecord, RunRecord } from '../../functions/core/records.ts';
import { organisationSlug } from '../../functions/core/report/slice.ts';
import { openLocalSession } from '../../bin/cli/local-session.ts';
import { runMain, type CliRun } from '../support/run-cli.ts';

let dataDir: string;
let demo: CliRun;
let runs: RunRecord[];
/** Findings per period (`YYYY-MM`), by host. */
const findings = new Map<string, Map<string, FindingRecord>>();
const WINDOW_MONTHS = ['2026-08', '2026-09', '2026-10'];

const json = async (path: string) => JSON.parse(await readFile(join(dataDir, 'reports', path), 'utf8'));
const verdictOf = (f: FindingRecord | undefined, id: CheckId): Verdict | undefined => f?.audit.checks[id]?.verdict;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'gov-audit-demo-'));
  // Act
  demo = await runMain(['demo', '--data-dir', dataDir, '--portals', '1', '--render', 'never', '--round', '2026', '--concurrency', '16']);
  // The stored runs and findings the documents must agree with.
  const session = await openLocalSession({ dataDir });
  try {
    runs = await session.runs.list();
    for (const run of runs) findings.set(run.period, new Map((await session.findings.listByRun(run.runId)).map((f) => [f.host, f])));
  } finally {
    await session.close();
  }
}, 300_000);

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('gov-audit demo: one round on fixed clocks', () => {
  it('runs once before the window and once in each window month, every run matching its month of the simulated web', () => {
    // Assess
    expect(demo.stderr).toBe('');
    expect(demo.code).toBe(0);
    expect(runs.map((r) => r.period).sort()).toEqual(['2026-07', ...WINDOW_MONTHS]);
    const matches = [...demo.stdout.matchAll(/Đối chiếu đáp án: (\d+)\/(\d+) trang khớp/g)];
    expect(matches).toHaveLength(4);
    for (const m of matches) expect(m[1]).toBe(m[2]);
  });

  it('writes the self-review letters from the run before the window, one per organisation, with each site of it', async () => {
    // Act
    const before = findings.get('2026-07')!;
    const dir = join(dataDir, 'reports', 'tu-danh-gia', '2026-07');
    const names = (await readdir(dir)).filter((name) => name.endsWith('.docx'));
    const letters = new Map(await Promise.all(names.map(async (name): Promise<[string, string]> => {
      const zip = await JSZip.loadAsync(await readFile(join(dir, name)));
      return [name, (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, ' ')];
    })));
    const lettersNaming = (host: string) => [...letters].filter(([, body]) => new RegExp(`(?<![\\w.-])${host.replaceAll('.', '\\.')}(?![\\w.-])`).test(body)).map(([name]) => name);
    // The organisation each site belongs to (a component: its portal's), as the reports name it.
    const august = await json('2026-08/tong-hop.json');
    const organisationOf = new Map<string, string>([...august.portals, ...august.components.flatMap((g: { rows: unknown[] }) => g.rows)].map((r: { host: string; organisation: string }) => [r.host, r.organisation]));
    // Assess: a Decree 30 letter per organisation, every site of the run in its organisation's letter only.
    expect(letters.size).toBeGreaterThan(1);
    for (const body of letters.values()) expect(body).toContain('Kính gửi');
    for (const host of before.keys()) expect([host, lettersNaming(host)]).toEqual([host, [`${organisationSlug(organisationOf.get(host)!)}.docx`]]);
    // The rows carry the run's verdicts: the letter of a site whose 2.1 failed says so.
    const failing = [...before.keys()].find((host) => verdictOf(before.get(host), 'emc-tracking-code') === 'fail')!;
    expect(letters.get(lettersNaming(failing)[0])).toContain('Không đạt');
  });

  it('gives each window month a monthly report with the verdicts of that month’s run', async () => {
    for (const period of WINDOW_MONTHS) {
      // Act
      const report = await json(`${period}/tong-hop.json`);
      const rows = [...report.portals, ...report.components.flatMap((g: { rows: unknown[] }) => g.rows)] as { host: string; runId: string; checks: Record<CheckId, { verdict: Verdict }> }[];
      const month = findings.get(period)!;
      // Assess
      expect(report.period).toBe(period);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.runId).toBe(month.get(row.host)?.runId);
        for (const id of CHECK_IDS) if (row.checks[id]) expect([row.host, id, row.checks[id].verdict]).toEqual([row.host, id, verdictOf(month.get(row.host), id)]);
      }
    }
  });

  it('rounds up each site and criterion from its months: the months’ verdicts, then the latest judged one', async () => {
    // Act
    const round = await json('dot-2026/tong-hop.json');
    // Assess
    expect(round.months).toEqual(WINDOW_MONTHS);
    expect(round.sites.length).toBeGreaterThan(0);
    for (const site of round.sites as { host: string; checks: Record<CheckId, { months: Verdict[]; verdict: Verdict }> }[]) {
      for (const id of CHECK_IDS) {
        const cell = site.checks[id];
        if (!cell) continue;
        const months = WINDOW_MONTHS.map((p) => verdictOf(findings.get(p)!.get(site.host), id) ?? 'unknown');
        expect([site.host, id, cell.months]).toEqual([site.host, id, months]);
        const judged = months.filter((v) => v === 'pass' || v === 'fail').at(-1);
        expect([site.host, id, cell.verdict]).toEqual([site.host, id, judged ?? (months.includes('not-applicable') ? cell.verdict : 'unknown')]);
      }
    }
  });

  it('shows the simulated web’s changes across the round: the site that gained the code improved, the one that dropped it regressed', async () => {
    // Act
    const round = await json('dot-2026/tong-hop.json');
    const gained = /(\S+) gắn mã theo dõi EMC từ tháng 2026-09/.exec(demo.stdout)?.[1];
    const lost = /(\S+) gỡ mã theo dõi EMC từ tháng 2026-10/.exec(demo.stdout)?.[1];
    const cell = (host: string | undefined) => round.sites.find((s: { host: string }) => s.host === host)?.checks['emc-tracking-code'];
    // Assess
    expect(cell(gained)).toMatchObject({ months: ['fail', 'pass', 'pass'], verdict: 'pass', trend: 'improved' });
    expect(cell(lost)).toMatchObject({ months: ['pass', 'pass', 'fail'], verdict: 'fail', trend: 'regressed' });
    expect(round.summary.overall.sitesTrend).toMatchObject({ improved: 1, regressed: 1 });
  });

  it('ranks portals by the months with traffic and names the month missing from one portal', async () => {
    // Act
    const round = await json('dot-2026/tong-hop.json');
    const ranked = round.rankings.flatMap((r: { ranked: { host: string; missingMonths: string[] }[] }) => r.ranked);
    // Assess: the portal left out of September's export.
    const gap = ranked.filter((p: { missingMonths: string[] }) => p.missingMonths.length > 0);
    expect(gap).toHaveLength(1);
    expect(gap[0].missingMonths).toEqual(['2026-09']);
    expect(demo.stdout).toContain(`Tháng thiếu số liệu truy cập: ${gap[0].host} (2026-09)`);
  });

  it('publishes one page per league and an index, without evidence or internal fields', async () => {
    // Act
    const dir = join(dataDir, 'reports', 'dot-2026', 'public');
    const pages = (await readdir(dir)).sort();
    const round = await json('dot-2026/tong-hop.json');
    const html = await Promise.all(pages.map((p) => readFile(join(dir, p), 'utf8')));
    // Assess
    expect(pages).toContain('index.html');
    expect(pages.length).toBe(1 + round.rankings.length);
    for (const page of html) {
      expect(page.startsWith('<!doctype html>\n<html lang="vi">')).toBe(true);
      expect(page).not.toMatch(/bang-chung|evidence\/|runId/);
    }
    const portals = round.sites.filter((s: { role: string }) => s.role === 'portal');
    for (const p of portals) expect(html.some((page) => page.includes(p.name))).toBe(true);
  });
});
