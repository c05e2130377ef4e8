/**
 * The three documents of the evaluation round on the embedded stack (DynamoDB, S3): a season
 * with fixed clocks is stored through the adapters, then the round report (XLSX, HTML, JSON,
 * per organisation), the public results and the self-review letters (DOCX) are generated and
 * read back — the XLSX with exceljs, the DOCX's XML with a real zip reader, the public pages in
 * Chromium with axe-core — and checked against the findings they came from.
 */
import { presignedLinks } from '../../functions/core/links/download-links.ts';
import { createRequire } from 'node:module';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsClients, type AwsClients } from '../../functions/adapters/aws-clients.ts';
import { launchChromium } from '../../functions/adapters/browser/launch.ts';
import { DEFAULT_WINDOW } from '../../functions/core/pipeline/evaluation-window.ts';
import { generateReports } from '../../functions/core/report/generate-report.ts';
import type { RoundModel } from '../../functions/core/report/round/model.ts';
import { generateRoundReports, generateSelfReviews, type GeneratedRound, type GeneratedSelfReviews } from '../../functions/core/report/round/generate-round.ts';
import { makeHandler as makeReportHandler } from '../../functions/report/handler.ts';
import { REPORT_WRITERS, ROUND_WRITERS } from '../../functions/report/writers.ts';
import { startEmbeddedStack, type EmbeddedStack } from '../../local/stack/embedded-stack.ts';
import { reportStores } from '../support/report-stores.ts';
import { HOSTILE, INTERNAL_NOTE, OVERRIDE_AUTHOR, haiphong, hanoi, kbnn, mof, moh, season, sodulich, sotp } from '../support/season-factory.ts';

const ARTIFACTS = join(import.meta.dirname, '../../test-artifacts');
let stack: EmbeddedStack;
let clients: AwsClients;
let round: GeneratedRound;
let letters: GeneratedSelfReviews;

const stores = () => reportStores(stack, clients);

async function text(key: string): Promise<string> {
  const object = await stores().files.getObject(key);
  if (!object) throw new Error(`missing ${key}`);
  return new TextDecoder().decode(object.body);
}

async function bytes(key: string): Promise<Uint8Array> {
  const object = await stores().files.getObject(key);
  if (!object) throw new Error(`missing ${key}`);
  return object.body;
}

beforeAll(async () => {
  // Prepare: the season stored through the DynamoDB adapters.
  stack = await startEmbeddedStack({ inMemory: true });
  clients = createAwsClients(stack.env);
  const s = stores();
  const data = season();
  await s.targets.putMany(data.targets);
  for (const run of data.runs) await s.runs.create(run);
  for (const f of data.findings) await s.findings.put(f);
  for (const period of ['2026-08', '2026-09', '2026-10']) await s.traffic.replacePeriod(period, data.traffic.filter((t) => t.period === period));
  for (const o of data.overrides) await s.overrides.add(o);
  // Act
  round = await generateRoundReports({ year: 2026, window: DEFAULT_WINDOW, generatedAt: '2026-11-05T00:00:00.000Z' }, { ...s, writers: ROUND_WRITERS });
  letters = await generateSelfReviews({ generatedAt: '2026-10-06T01:00:00.000Z' }, { ...s, writers: ROUND_WRITERS });
}, 120_000);

afterAll(async () => {
  clients?.dynamo.destroy();
  clients?.s3.destroy();
  await stack?.stop();
});

const cellOf = (model: RoundModel, host: string, check: keyof RoundModel['criteria']) => model.sites.find((s) => s.host === host)?.checks[check];

describe('round report', () => {
  it('gives each month its verdict and the round the latest judged one', () => {
    // Assess: haiphong 2.1 failed in August, passed from September.
    expect(cellOf(round.model, haiphong.host, 'emc-tracking-code')).toMatchObject({ months: ['fail', 'pass', 'pass'], verdict: 'pass', decidedIn: '2026-10', trend: 'improved' });
    // hanoi 2.2a failed in October.
    expect(cellOf(round.model, hanoi.host, 'emc-badge')).toMatchObject({ months: ['pass', 'pass', 'fail'], verdict: 'fail', decidedIn: '2026-10', trend: 'regressed' });
    // mof unreachable in October keeps September's verdict.
    expect(cellOf(round.model, mof.host, 'emc-tracking-code')).toMatchObject({ months: ['pass', 'pass', 'unknown'], verdict: 'pass', decidedIn: '2026-09' });
    // moh never scanned stays unknown.
    expect(cellOf(round.model, moh.host, 'emc-tracking-code')).toMatchObject({ months: ['unknown', 'unknown', 'unknown'], verdict: 'unknown', trend: 'unjudged' });
    expect(cellOf(round.model, moh.host, 'emc-tracking-code')?.decidedIn).toBeUndefined();
    // sotp's first August run failed 2.2c, its second passed: the month's latest finding counts.
    expect(cellOf(round.model, sotp.host, 'component-links-portal')?.months).toEqual(['pass', 'pass', 'pass']);
    // kbnn's badge override (created 10 September) applies from September's last day on.
    expect(cellOf(round.model, kbnn.host, 'emc-badge')?.verdict).toBe('pass');
  });

  it('counts improved and regressed criteria and sites, and the monthly pass rates', () => {
    // Assess
    const { overall } = round.model.summary;
    expect(overall.trend['emc-tracking-code']).toEqual({ improved: 1, regressed: 0 });
    expect(overall.trend['emc-badge']).toEqual({ improved: 0, regressed: 1 });
    expect(overall.sitesTrend).toEqual({ improved: 1, regressed: 1 });
    // 2.1 in August: haiphong fails; hanoi, mof, sotp, sodulich, kbnn pass (6 judged); moh unknown.
    expect(overall.monthly['emc-tracking-code'][0]).toMatchObject({ pass: 5, fail: 1, unknown: 1 });
    expect(overall.monthly['emc-tracking-code'][2]).toMatchObject({ pass: 5, fail: 0, unknown: 2 });
    expect(round.model.monthsWithRuns).toEqual(['2026-08', '2026-09', '2026-10']);
  });

  it('ranks portals per league by mean monthly visits and names the missing months', () => {
    // Assess
    const province = round.model.rankings.find((r) => r.league === 'province');
    const ministry = round.model.rankings.find((r) => r.league === 'ministry');
    expect(province?.ranked.map((r) => [r.host, r.value, r.missingMonths])).toEqual([
      ['haiphong.gov.vn', 400_000, []],
      ['hanoi.gov.vn', 300_000, ['2026-10']],
    ]);
    expect(ministry?.ranked.map((r) => [r.host, r.value, r.months])).toEqual([['mof.gov.vn', 210_000, [200_000, 220_000, null]]]);
    expect(ministry?.noData.map((r) => r.host)).toEqual(['moh.gov.vn']);
  });

  it('stores XLSX, HTML and JSON overall and per organisation, and the XLSX reads back', async () => {
    // Assess
    const keys = round.files.map((f) => f.key);
    expect(keys).toEqual(expect.arrayContaining(['reports/dot-2026/tong-hop.xlsx', 'reports/dot-2026/tong-hop.html', 'reports/dot-2026/tong-hop.json', 'reports/dot-2026/don-vi/ubnd-thanh-pho-hai-phong/bao-cao.xlsx', 'reports/dot-2026/index.json']));
    expect(round.files.filter((f) => f.organisation !== undefined)).toHaveLength(4 * 3);
    const json = JSON.parse(await text('reports/dot-2026/tong-hop.json')) as RoundModel;
    expect(json.schema).toBe('gov-audit/round-report@1');
    expect(json.sites).toHaveLength(7);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await bytes('reports/dot-2026/don-vi/ubnd-thanh-pho-hai-phong/bao-cao.xlsx')) as unknown as ArrayBuffer);
    const sites = workbook.worksheets[2];
    const rows = sites.getSheetValues().filter(Boolean) as unknown[][];
    const haiphong21 = rows.find((r) => r.includes('haiphong.gov.vn') && String(r[5]).startsWith('2.1'));
    expect(haiphong21?.slice(6, 10)).toEqual(['Không đạt', 'Đạt', 'Đạt', 'Đạt']);
    // Only Hải Phòng's sites in its own set.
    expect(rows.some((r) => r.includes('hanoi.gov.vn'))).toBe(false);
  });

  it('draws one trend chart per criterion and keeps page text as text in the HTML', async () => {
    // Assess
    const html = await text('reports/dot-2026/tong-hop.html');
    expect(html.match(/<figure>/g)).toHaveLength(4);
    expect(html.match(/<polyline /g)?.length).toBeGreaterThanOrEqual(4);
    expect(html).not.toContain(HOSTILE);
    expect(html).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
  });
});

describe('public results', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = (await launchChromium()).browser;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('writes an index and one page per league under public/<year>/, without anything internal', async () => {
    // Assess
    expect(round.publicKeys).toEqual(['public/2026/index.html', 'public/2026/bo-nganh.html', 'public/2026/tinh-thanh.html']);
    const pages = await Promise.all(round.publicKeys.map(text));
    for (const page of pages) {
      expect(page).not.toContain('evidence/');
      expect(page).not.toContain(OVERRIDE_AUTHOR);
      expect(page).not.toContain(INTERNAL_NOTE);
      expect(page).not.toContain('<script');
    }
    const province = pages[2];
    // Ranking: Hải Phòng first with 400.000, Hà Nội second.
    expect(province.indexOf('UBND thành phố Hải Phòng')).toBeLessThan(province.indexOf('UBND thành phố Hà Nội'));
    expect(province).toContain('400.000');
    // Compliance over registered sites only: Hải Phòng's 2.2c is sotp's pass (the discovered
    // sodulich, failing, is not published); Hà Nội's badge failed in October.
    const hp = round.publicResults.leagues.find((l) => l.league === 'province')?.organisations.find((o) => o.organisation === haiphong.org);
    expect(hp?.checks['component-links-portal']).toEqual({ sites: 1, pass: 1, judged: 1, passRate: 1 });
    expect(hp?.checks['emc-tracking-code']).toEqual({ sites: 2, pass: 2, judged: 2, passRate: 1 });
    expect(province).toContain('2/2 (100,0%)');
    expect(province).toContain('0/1 (0,0%)');
    expect(province).not.toContain(sodulich.host);
  });

  it.each(['index.html', 'bo-nganh.html', 'tinh-thanh.html'])('%s has no serious or critical axe-core violation in Chromium', async (name) => {
    // Prepare
    const page = await browser.newPage();
    await page.setContent(await text(`public/2026/${name}`), { waitUntil: 'load' });
    await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
    // Act
    const result = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] })`)) as { violations: { id: string; impact: string; nodes: unknown[] }[] };
    if (name === 'tinh-thanh.html') {
      await mkdir(ARTIFACTS, { recursive: true });
      await writeFile(join(ARTIFACTS, 'public-tinh-thanh.png'), await page.screenshot({ fullPage: true }));
    }
    await page.close();
    // Assess
    expect(await Promise.resolve(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id))).toEqual([]);
    expect((await text(`public/2026/${name}`)).startsWith('<!doctype html>\n<html lang="vi">')).toBe(true);
  }, 60_000);
});

describe('self-review letters', () => {
  async function documentXml(key: string): Promise<{ body: string; styles: string }> {
    const zip = await JSZip.loadAsync(await bytes(key));
    return { body: (await zip.file('word/document.xml')?.async('string')) ?? '', styles: (await zip.file('word/styles.xml')?.async('string')) ?? '' };
  }
  const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&apos;': "'" };
  /** The text of the runs (`<w:t>`), entities decoded. */
  const plain = (xml: string) =>
    [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1].replace(/&(?:lt|gt|amp|quot|apos);/g, (e) => ENTITIES[e])).join('');

  it('writes one DOCX per organisation from the newest run', () => {
    // Assess
    expect(letters.run.runId).toBe('run-2026-10-05');
    expect(letters.files.filter((f) => f.format === 'docx').map((f) => f.key)).toEqual([
      'reports/tu-danh-gia/2026-10/bo-tai-chinh.docx',
      'reports/tu-danh-gia/2026-10/bo-y-te.docx',
      'reports/tu-danh-gia/2026-10/ubnd-thanh-pho-ha-noi.docx',
      'reports/tu-danh-gia/2026-10/ubnd-thanh-pho-hai-phong.docx',
    ]);
  });

  it('lays the letter out as a Decree 30 letter in Times New Roman', async () => {
    // Act
    const { body, styles } = await documentXml('reports/tu-danh-gia/2026-10/ubnd-thanh-pho-hai-phong.docx');
    const words = plain(body);
    // Assess: motto, issuing body, number, subject, place/date, "Kính gửi", recipients, signer, in order.
    const order = ['UBND THÀNH PHỐ HẢI PHÒNG', 'Số: …/…', 'V/v tự đánh giá', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', '……, ngày … tháng … năm 20…', 'Kính gửi', 'Nơi nhận:', 'THỦ TRƯỞNG CƠ QUAN'];
    const positions = order.map((w) => words.indexOf(w));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(styles).toContain('w:ascii="Times New Roman"');
    expect(body).toContain('<w:sz w:val="28"/>');
    // Header block, sites table, traffic table, signature block.
    expect(body.match(/<w:tbl>/g)).toHaveLength(4);
  });

  it('has a row per registered site with verdict, one-line evidence and fix, and lists the discovered component', async () => {
    // Act
    const { body } = await documentXml('reports/tu-danh-gia/2026-10/ubnd-thanh-pho-hai-phong.docx');
    const tables = body.split('<w:tbl>').slice(1).map((t) => t.split('</w:tbl>')[0]);
    const siteRows = tables[1].split('<w:tr>').slice(1).map(plain);
    // Assess: header + portal + registered component; the discovered one is listed to confirm.
    expect(siteRows).toHaveLength(3);
    expect(siteRows[0]).toContain('2.2b');
    expect(siteRows[1]).toContain(haiphong.host);
    expect(siteRows[2]).toContain(sotp.host);
    expect(plain(body)).toContain(`- ${sodulich.host} (${sodulich.org})`);
    expect(tables[1]).not.toContain(sodulich.host);
    // Traffic of October imported: the portal's and the component's figures.
    expect(plain(tables[2])).toContain('500.000');
    expect(plain(tables[2])).toContain('12.345');
  });

  it('names the failure and what to fix for a failing criterion', async () => {
    // Act
    const { body } = await documentXml('reports/tu-danh-gia/2026-10/ubnd-thanh-pho-ha-noi.docx');
    const row = plain(body.split('<w:tbl>')[2].split('<w:tr>')[2]);
    // Assess: hanoi's badge failed in the October run.
    expect(row).toContain('Không đạt');
    expect(row).toContain('Khắc phục:');
    // The page's hostile text is text in the document (the docx library escapes it).
    expect(row).toContain(HOSTILE);
    expect(body).not.toContain(HOSTILE);
    expect(letters.letters.find((l) => l.organisation === hanoi.org)?.rows[0].cells['emc-badge']?.verdict).toBe('fail');
  });
});

describe('reports outside the window and the report Lambda', () => {
  it('marks a monthly report of a month outside the window as monitoring, not evaluation', async () => {
    // Act
    const s = stores();
    const november = await generateReports({ period: '2026-11', kind: 'manual', generatedAt: '2026-12-01T01:00:00.000Z', window: DEFAULT_WINDOW }, { ...s, links: presignedLinks(s.files, new Date('2026-12-01T01:00:00.000Z')), writers: REPORT_WRITERS });
    const september = await generateReports({ period: '2026-09', kind: 'manual', generatedAt: '2026-10-01T01:00:00.000Z', window: DEFAULT_WINDOW }, { ...s, links: presignedLinks(s.files, new Date('2026-12-01T01:00:00.000Z')), writers: REPORT_WRITERS });
    // Assess
    expect(november.model.outsideWindow?.vi).toContain('ngoài thời gian đánh giá');
    expect(await text('reports/2026-11/tong-hop.html')).toContain('ngoài thời gian đánh giá');
    expect(september.model.outsideWindow).toBeUndefined();
  }, 60_000);

  it('generates the round of the window just ended when scheduled in November', async () => {
    // Prepare
    const published: string[] = [];
    const handler = makeReportHandler(() => ({
      ...stores(),
      writers: REPORT_WRITERS,
      roundWriters: ROUND_WRITERS,
      links: async (now: Date) => presignedLinks(stores().files, now),
      publisher: { publish: async (a) => void published.push(a.message) },
      config: { window: DEFAULT_WINDOW, lang: 'vi' },
      now: () => new Date('2026-11-05T00:00:30.000Z'),
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined } as never,
    }));
    // Act
    const result = await handler({ kind: 'round', scheduledTime: '2026-11-05T00:00:00.000Z' }, {} as never);
    // Assess
    expect(result).toMatchObject({ period: '2026', kind: 'round', index: 'reports/dot-2026/index.html' });
    expect(published[0]).toContain('reports/dot-2026/tong-hop.xlsx');
  }, 60_000);
});
