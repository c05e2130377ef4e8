/**
 * The generated HTML report in real Chromium: tables and SVG charts render, hostile titles
 * stay text (no script runs), the page prints to A4, and a screenshot is kept in
 * test-artifacts/report.png for a human look.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../functions/adapters/browser/launch.ts';
import { generateReports, type GenerateReportsDeps } from '../../functions/core/report/generate-report.ts';
import type { FindingRecord, OverrideRecord, RunRecord, TargetRecord, TrafficRecord } from '../../functions/core/records.ts';
import { REPORT_WRITERS } from '../../functions/report/writers.ts';
import { checkResult, component, finding, override, portal, run, traffic } from '../../local/sim-records/report-factory.ts';

const HOSTILE = '<script>window.__pwned=1</script>';
const ARTIFACTS = join(import.meta.dirname, '../../test-artifacts');

let browser: Browser;
let page: Page;
let html: string;
let portalCount: number;
let componentCount: number;

/** In-memory ports: the browser test needs the generated file, not DynamoDB. */
function memoryDeps(data: { targets: TargetRecord[]; runs: RunRecord[]; findings: FindingRecord[]; traffic: TrafficRecord[]; overrides: OverrideRecord[] }) {
  const files = new Map<string, Uint8Array>();
  const deps = {
    targets: { list: async () => data.targets },
    runs: { list: async () => data.runs },
    findings: { listByRun: async (runId: string) => data.findings.filter((f) => f.runId === runId) },
    traffic: { listPeriod: async (period: string) => data.traffic.filter((t) => t.period === period) },
    overrides: { listAll: async () => data.overrides },
    files: {
      putObject: async (key: string, body: string | Uint8Array) => void files.set(key, typeof body === 'string' ? new TextEncoder().encode(body) : body),
      presign: async (key: string) => `https://bucket.example/${key}?X-Amz-Signature=abc`,
    },
    writers: REPORT_WRITERS,
  } as unknown as GenerateReportsDeps;
  return { deps, files };
}

beforeAll(async () => {
  // Prepare: a province with a hostile title on its portal and in evidence, a ministry, components.
  const provinces = ['Hải Phòng', 'Hà Nội', 'Đà Nẵng', 'Cần Thơ', 'Huế'].map((name, i) =>
    portal(`p${i}.gov.vn`, i === 0 ? `UBND thành phố ${name} ${HOSTILE}` : `UBND thành phố ${name}`, 'province'),
  );
  const mof = portal('mof.gov.vn', 'Bộ Tài chính', 'ministry');
  const components = provinces.slice(0, 3).map((p, i) => component(`so${i}.${p.host}`, `Sở Tư pháp ${HOSTILE}`, p));
  const targets = [...provinces, mof, ...components];
  const hostileFail = checkResult('emc-tracking-code', 'fail', {
    evidence: [{ kind: 'note', pageUrl: 'https://p0.gov.vn/', text: HOSTILE, excerpt: `<img src=x onerror="window.__pwned=1">`, key: 'evidence/run-2026-09/p0.gov.vn/homepage.html' }],
  });
  const findings = [
    finding(provinces[0], { 'emc-tracking-code': hostileFail }),
    ...provinces.slice(1).map((p, i) => finding(p, i % 2 === 0 ? { 'emc-badge': 'fail' } : {})),
    finding(mof, { 'emc-badge': 'unknown' }),
    ...components.map((c) => finding(c, { 'component-links-portal': 'fail' })),
    ...provinces.map((p) => finding(p, { 'emc-badge': 'fail' }, { runId: 'run-2026-08', recordedAt: '2026-08-15T02:00:00.000Z' })),
  ];
  const { deps, files } = memoryDeps({
    targets,
    runs: [run('run-2026-09', '2026-09'), { ...run('run-2026-08', '2026-08'), startedAt: '2026-08-15T01:00:00.000Z' }],
    findings,
    traffic: [...provinces.map((p, i) => traffic(p, 100_000 * (i + 1))), traffic(mof, 77_777), ...provinces.map((p, i) => traffic(p, 90_000 * (5 - i), '2026-08'))],
    overrides: [override(components[0].host, 'emc-badge', 'pass', { reason: HOSTILE })],
  });
  await generateReports({ period: '2026-09', kind: 'monthly', generatedAt: '2026-10-01T01:00:00.000Z' }, deps);
  html = new TextDecoder().decode(files.get('reports/2026-09/tong-hop.html'));
  portalCount = provinces.length + 1;
  componentCount = components.length;
  browser = (await launchChromium()).browser;
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  // Act: the page is loaded as a file would be opened, with JavaScript enabled.
  await page.setContent(html, { waitUntil: 'load' });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('HTML report in Chromium', () => {
  it('renders one row per portal and per component, and the SVG charts', async () => {
    // Assess
    expect(await page.locator('#portals tbody tr').count()).toBe(portalCount);
    expect(await page.locator('#components tbody tr[id^="site-"]').count()).toBe(componentCount);
    expect(await page.locator('#rankings tbody tr').count()).toBeGreaterThanOrEqual(portalCount);
    const charts = page.locator('svg[role="img"]');
    expect(await charts.count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('svg rect').count()).toBeGreaterThan(5);
    const box = await charts.first().boundingBox();
    expect(box?.width).toBeGreaterThan(100);
    expect(box?.height).toBeGreaterThan(20);
  });

  it('shows hostile titles as text and runs no script from them', async () => {
    // Assess
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.evaluate(() => document.scripts.length)).toBe(0);
    expect(await page.evaluate(() => document.querySelectorAll('img').length)).toBe(0);
    expect(await page.locator('#portals').innerText()).toContain(HOSTILE);
  });

  it('prints to A4 pages', async () => {
    // Act
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    const bodyWidth = await page.evaluate(() => document.body.getBoundingClientRect().width);
    await page.emulateMedia({ media: 'screen' });
    // Assess
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const text = Buffer.from(pdf).toString('latin1');
    // A4 is 595 × 842 points; every page of the PDF has that media box.
    const boxes = text.match(/\/MediaBox\s*\[\s*0 0 595(?:\.\d+)? 841(?:\.\d+)?\s*\]|\/MediaBox\s*\[\s*0 0 595(?:\.\d+)? 842(?:\.\d+)?\s*\]/g) ?? [];
    expect(boxes.length).toBeGreaterThanOrEqual(2);
    // The print stylesheet drops the screen max-width: the body fills the page.
    expect(bodyWidth).toBeGreaterThan(1100);
  });

  it('saves a screenshot as a valid PNG', async () => {
    // Act
    await mkdir(ARTIFACTS, { recursive: true });
    const png = await page.screenshot({ fullPage: true });
    await writeFile(join(ARTIFACTS, 'report.png'), png);
    // Assess
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBe(1200);
    expect(png.readUInt32BE(20)).toBeGreaterThan(900);
  });
});
