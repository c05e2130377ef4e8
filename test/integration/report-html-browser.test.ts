/**
 * The generated HTML report in real Chromium: tables and SVG charts render, hostile titles
 * stay text (no script runs), the page reads on a 1366 px screen and a 390 px phone (nothing
 * wider than the viewport, no hostname split inside a label, chart labels whole, a bounded
 * height), prints on A4 landscape, and a screenshot is kept in test-artifacts/report.png.
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
/** Long names as real registries have them: the layout must neither cut nor split them. */
const LONG_ORG = 'Viện Hàn lâm Khoa học xã hội Việt Nam — Cổng thông tin điện tử chính thức';
const LONG_HOST = 'congthongtindientu.vienhanlamkhoahocxahoivietnam.gov.vn';
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
    findings: { async *streamByRun(runId: string) { yield* data.findings.filter((f) => f.runId === runId); } },
    traffic: { listPeriod: async (period: string) => data.traffic.filter((t) => t.period === period) },
    overrides: { listAll: async () => data.overrides },
    files: {
      putObject: async (key: string, body: string | Uint8Array) => void files.set(key, typeof body === 'string' ? new TextEncoder().encode(body) : body),
    },
    links: { expiresAt: '2026-10-31T01:00:00.000Z', linkFor: async (key: string) => `https://bucket.example/${key}?X-Amz-Signature=abc` },
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
  const vass = portal(LONG_HOST, LONG_ORG, 'ministry', { confidence: 'unverified' });
  const components = provinces.slice(0, 3).map((p, i) => component(`so${i}.${p.host}`, `Sở Tư pháp ${HOSTILE}`, p));
  const targets = [...provinces, mof, vass, ...components];
  const hostileFail = checkResult('emc-tracking-code', 'fail', {
    evidence: [{ kind: 'note', pageUrl: 'https://p0.gov.vn/', text: HOSTILE, excerpt: `<img src=x onerror="window.__pwned=1">`, key: 'evidence/run-2026-09/p0.gov.vn/homepage.html' }],
  });
  const findings = [
    finding(provinces[0], { 'emc-tracking-code': hostileFail }),
    ...provinces.slice(1).map((p, i) => finding(p, i % 2 === 0 ? { 'emc-badge': 'fail' } : {})),
    finding(mof, { 'emc-badge': 'unknown' }),
    finding(vass, {}),
    ...components.map((c) => finding(c, { 'component-links-portal': 'fail' })),
    ...provinces.map((p) => finding(p, { 'emc-badge': 'fail' }, { runId: 'run-2026-08', recordedAt: '2026-08-15T02:00:00.000Z' })),
  ];
  const { deps, files } = memoryDeps({
    targets,
    runs: [run('run-2026-09', '2026-09'), { ...run('run-2026-08', '2026-08'), startedAt: '2026-08-15T01:00:00.000Z' }],
    findings,
    traffic: [...provinces.map((p, i) => traffic(p, 100_000 * (i + 1))), traffic(mof, 77_777), traffic(vass, 1_234), ...provinces.map((p, i) => traffic(p, 90_000 * (5 - i), '2026-08'))],
    overrides: [override(components[0].host, 'emc-badge', 'pass', { reason: HOSTILE })],
  });
  await generateReports({ period: '2026-09', kind: 'monthly', generatedAt: '2026-10-01T01:00:00.000Z' }, deps);
  html = new TextDecoder().decode(files.get('reports/2026-09/tong-hop.html'));
  portalCount = provinces.length + 2;
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
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const bodyWidth = await page.evaluate(() => document.body.getBoundingClientRect().width);
    await page.emulateMedia({ media: 'screen' });
    // Assess
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const text = Buffer.from(pdf).toString('latin1');
    // A4 landscape is 842 × 595 points (the report's own @page size); every page has that media box.
    const boxes = text.match(/\/MediaBox\s*\[\s*0 0 84[12](?:\.\d+)? 59[45](?:\.\d+)?\s*\]/g) ?? [];
    expect(boxes.length).toBeGreaterThanOrEqual(2);
    expect(text).not.toMatch(/\/MediaBox\s*\[\s*0 0 59[45](?:\.\d+)? 84[12]/);
    // The print stylesheet drops the screen max-width: the body fills the page.
    expect(bodyWidth).toBeGreaterThan(1100);
  });

  it.each([1366, 390])('reads at %i px: nothing wider than the viewport, no hostname split inside a label, a bounded height', async (width) => {
    // Act
    await page.setViewportSize({ width, height: 900 });
    const layout = await page.evaluate(() => {
      const viewport = document.documentElement.clientWidth;
      const tooWide = Array.from(document.querySelectorAll('body *'))
        .filter((e) => e.getBoundingClientRect().right > viewport + 1)
        .map((e) => `${e.tagName}.${e.className}`);
      // Each label of a host (text between dots) must sit on one line.
      const split: string[] = [];
      for (const host of Array.from(document.querySelectorAll('.host'))) {
        const walker = document.createTreeWalker(host, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const label = (node.textContent ?? '').replace(/\.$/, '');
          if (label.length < 2) continue;
          const range = document.createRange();
          range.setStart(node, 0);
          range.setEnd(node, label.length);
          const tops = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
          if (tops.size > 1) split.push(host.textContent ?? '');
        }
      }
      return { tooWide, split, height: document.documentElement.scrollHeight };
    });
    await page.setViewportSize({ width: 1200, height: 900 });
    // Assess
    expect(layout.tooWide).toEqual([]);
    expect(layout.split).toEqual([]);
    // About 13 sites: a page a few screens tall, not the 100,000 px of one-letter-wide columns.
    expect(layout.height).toBeLessThan(width === 390 ? 16_000 : 9_000);
  });

  it('keeps chart labels whole: the long organisation name is in the ranking chart, inside its box', async () => {
    const label = await page.evaluate(() => {
      const svg = Array.from(document.querySelectorAll<SVGSVGElement>('#rankings svg')).find((s) => (s.textContent ?? '').includes('Viện Hàn lâm'))!;
      const box = svg.viewBox.baseVal;
      const texts = Array.from(svg.querySelectorAll('text')).map((t) => t.getBBox());
      return { text: (svg.textContent ?? '').replace(/\s+/g, ''), inside: texts.every((b) => b.x >= 0 && b.x + b.width <= box.width + 0.5) };
    });
    // Wrapped over lines (tspans), never cut.
    expect(label.text).toContain(LONG_ORG.replace(/\s+/g, ''));
    expect(label.inside).toBe(true);
  });

  it('shows the coverage before any figure, and marks the unconfirmed domain', async () => {
    const header = await page.locator('header').innerText();
    expect(header).toMatch(/Độ bao phủ: Đã quét \d+\/\d+ trang/);
    expect(header).toContain('Thời điểm lập: 08:00 ngày 01/10/2026');
    expect(await page.locator(`#site-${LONG_HOST.replace(/\./g, '\\.')}`).innerText()).toContain('Chưa xác minh');
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
