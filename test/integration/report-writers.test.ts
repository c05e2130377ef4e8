import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { writeReportCsvFiles } from '../../functions/adapters/report/csv-writer.ts';
import { writeReportHtml } from '../../functions/adapters/report/html-writer.ts';
import { readReportJson, writeReportJson } from '../../functions/adapters/report/json-writer.ts';
import { writeReportXlsx } from '../../functions/adapters/report/xlsx-writer.ts';
import { readFirstSheet } from '../../functions/adapters/report/read-xlsx.ts';
import { buildReport } from '../../functions/core/report/build-report.ts';
import { neutraliseFormula } from '../../functions/core/report/safe-text.ts';
import { sliceForOrganisation } from '../../functions/core/report/slice.ts';
import { parseTrafficTable } from '../../functions/core/traffic/parse-traffic.ts';
import { checkResult, component, finding, override, portal, reportInput, traffic } from '../../local/sim-records/report-factory.ts';

const SCRIPT = '<script>alert(1)</script>';
const FORMULA = '=HYPERLINK("http://evil","x")';

/** A report with hostile strings wherever untrusted text reaches it. */
function hostileModel() {
  const haiphong = portal('haiphong.gov.vn', 'UBND thành phố Hải Phòng', 'province');
  const hanoi = portal('hanoi.gov.vn', `UBND Hà Nội ${SCRIPT}`, 'province');
  const mof = portal('mof.gov.vn', FORMULA, 'ministry');
  // Huế's registered EMC site id is carried by two other sites (a copy-pasted snippet).
  const hue = portal('hue.gov.vn', `UBND thành phố Huế ${SCRIPT}`, 'province', { expectedSiteId: '90' });
  const sotp = component('sotp.haiphong.gov.vn', FORMULA, haiphong);
  const linksFail = checkResult('portal-links-components', 'fail', {
    data: { components: [{ host: 'sotp.haiphong.gov.vn', url: 'https://sotp.haiphong.gov.vn/', source: 'registry', linked: false }], linked: 0, total: 1 },
    evidence: [{ kind: 'note', pageUrl: 'https://haiphong.gov.vn/lien-ket', href: 'https://sotp.haiphong.gov.vn/', text: `${SCRIPT} Sở Tư pháp`, key: 'evidence/run-2026-09/haiphong.gov.vn/homepage.html' }],
  });
  return buildReport(
    reportInput({
      targets: [haiphong, hanoi, mof, hue, sotp],
      findings: [
        finding(haiphong, { 'portal-links-components': linksFail }),
        finding(hanoi, { 'emc-tracking-code': 'fail' }),
        finding(sotp, { 'emc-badge': 'unknown' }, { siteId: '90' }),
        finding(mof, {}, { siteId: '90' }),
      ],
      previousFindings: [finding(hanoi, {}, { runId: 'run-2026-08' })],
      traffic: [traffic(haiphong, 1_234_567), traffic(hanoi, 2_000_000), traffic(mof, 50_000)],
      previousTraffic: [traffic(haiphong, 3_000_000, '2026-08'), traffic(hanoi, 1_000, '2026-08')],
      overrides: [override('sotp.haiphong.gov.vn', 'emc-badge', 'pass', { reason: `-2+3 ${FORMULA}`, author: '@evil' })],
    }),
  );
}

async function loadWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return workbook;
}

function allStrings(workbook: ExcelJS.Workbook): string[] {
  const strings: string[] = [];
  workbook.eachSheet((sheet) =>
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        const v = cell.value;
        if (typeof v === 'string') strings.push(v);
        else if (v && typeof v === 'object' && 'text' in v && typeof v.text === 'string') strings.push(v.text);
      }),
    ),
  );
  return strings;
}

describe('XLSX writer', () => {
  it('writes Vietnamese sheets with frozen headers, filters, number formats and the ranking', async () => {
    // Prepare
    const model = hostileModel();
    // Act
    const workbook = await loadWorkbook(await writeReportXlsx(model));
    // Assess
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      'Độ bao phủ', 'Tổng hợp', 'Xếp hạng', 'Cổng chính', 'Trang thành phần', 'Thay đổi', 'Chưa xác định', 'Trùng mã site', 'Điều chỉnh', 'Phương pháp',
    ]);
    for (const sheet of workbook.worksheets) {
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.autoFilter).toBeTruthy();
    }
    const ranking = workbook.getWorksheet('Xếp hạng')!;
    expect(ranking.getRow(1).getCell(2).value).toBe('Hạng');
    expect(ranking.getRow(1).getCell(5).value).toBe('Lượt truy cập');
    const cells = (r: number) => [1, 2, 4, 5, 8, 9].map((c) => ranking.getRow(r).getCell(c).value);
    // Leagues in rule-set order (ministries, then provinces), visits descending within each.
    expect([2, 3, 4].map(cells)).toEqual([
      ['Bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ', 1, 'mof.gov.vn', 50_000, null, null],
      ['Tỉnh, thành phố trực thuộc trung ương', 1, 'hanoi.gov.vn', 2_000_000, 2, 1],
      ['Tỉnh, thành phố trực thuộc trung ương', 2, 'haiphong.gov.vn', 1_234_567, 1, -1],
    ]);
    // A portal without EMC figures is listed, unranked, with the reason.
    expect([...cells(5), ranking.getRow(5).getCell(10).value]).toEqual([
      'Tỉnh, thành phố trực thuộc trung ương', null, 'hue.gov.vn', null, null, null, 'Không có số liệu EMC cho kỳ này: không xếp hạng',
    ]);
    expect(ranking.rowCount).toBe(5);
    expect(ranking.getRow(2).getCell(5).numFmt).toBe('#,##0');
    const summary = workbook.getWorksheet('Tổng hợp')!;
    const rateColumn = summary.getRow(1).values as unknown[];
    const rateIndex = rateColumn.findIndex((v) => v === '2.1 Tỷ lệ đạt');
    expect(summary.getRow(2).getCell(rateIndex).numFmt).toBe('0.0%');
    expect(summary.getRow(2).getCell(1).value).toBe('Toàn bộ');
  });

  it('names missing components and neutralises formula-looking text', async () => {
    // Prepare
    const model = hostileModel();
    // Act
    const workbook = await loadWorkbook(await writeReportXlsx(model));
    // Assess
    const portals = workbook.getWorksheet('Cổng chính')!;
    const header = portals.getRow(1).values as unknown[];
    const missingCol = header.indexOf('Trang thành phần chưa được liên kết (2.2b)');
    const haiphongRow = [2, 3, 4, 5].find((r) => portals.getRow(r).getCell(3).value === 'haiphong.gov.vn')!;
    expect(portals.getRow(haiphongRow).getCell(missingCol).value).toBe(`'${FORMULA} (sotp.haiphong.gov.vn)`);
    const strings = allStrings(workbook);
    expect(strings).toContain(`'${FORMULA}`);
    expect(strings.filter((s) => /^[=+\-@\t\r]/.test(s))).toEqual([]);
    const overrides = workbook.getWorksheet('Điều chỉnh')!;
    expect(overrides.getRow(2).getCell(6).value).toBe(`'-2+3 ${FORMULA}`);
    expect(overrides.getRow(2).getCell(7).value).toBe("'@evil");
  });

  it('lists the sites sharing one EMC site id, one row per site, with the others named', async () => {
    // Prepare
    const model = hostileModel();
    // Act
    const workbook = await loadWorkbook(await writeReportXlsx(model));
    // Assess
    const sheet = workbook.getWorksheet('Trùng mã site')!;
    const rows = [1, 2, 3, 4].map((r) => [1, 2, 3, 4, 5].map((c) => sheet.getRow(r).getCell(c).value));
    expect(rows).toEqual([
      ['Mã site EMC', 'Tên miền', 'Tên trang', 'Căn cứ', 'Cùng mã với'],
      ['90', 'hue.gov.vn', `UBND thành phố Huế ${SCRIPT}`, 'Mã đăng ký của trang (mã được tìm thấy trên trang khác)', 'mof.gov.vn\nsotp.haiphong.gov.vn'],
      ['90', 'mof.gov.vn', `'${FORMULA}`, 'Có trong mã theo dõi của trang', 'hue.gov.vn\nsotp.haiphong.gov.vn'],
      ['90', 'sotp.haiphong.gov.vn', `'${FORMULA}`, 'Có trong mã theo dõi của trang', 'hue.gov.vn\nmof.gov.vn'],
    ]);
    expect(sheet.rowCount).toBe(4);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('round-trips through the XLSX reader used for traffic imports', async () => {
    // Prepare
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('EMC 09-2026');
    sheet.addRow(['Tên đơn vị', 'Tên miền', 'Mã site', 'Lượt truy cập', 'Lượt xem trang']);
    sheet.addRow(['UBND thành phố Hải Phòng', { text: 'haiphong.gov.vn', hyperlink: 'https://haiphong.gov.vn/' }, 1001, 1234567, 2345678]);
    sheet.addRow(['Bộ Tài chính', 'mof.gov.vn', '1002', 12.5, null]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    // Act
    const read = await readFirstSheet(bytes);
    const parsed = parseTrafficTable(read.rows, { file: 'emc.xlsx', sheet: read.name });
    // Assess
    expect(read.name).toBe('EMC 09-2026');
    expect(parsed.rows).toEqual([
      { row: 2, org: 'UBND thành phố Hải Phòng', host: 'haiphong.gov.vn', siteId: '1001', visits: 1234567, pageviews: 2345678, sourceFile: 'emc.xlsx', sheet: 'EMC 09-2026' },
    ]);
    expect(parsed.rejected.map((r) => [r.row, r.field, r.raw])).toEqual([[3, 'visits', '12.5']]);
  });
});

describe('CSV writer', () => {
  it('writes UTF-8 with BOM, CRLF, quoted and neutralised cells', () => {
    // Prepare
    const model = hostileModel();
    // Act
    const files = writeReportCsvFiles(model);
    // Assess
    expect(files.map((f) => f.name)).toEqual([
      'summary.csv', 'rankings.csv', 'portals.csv', 'components.csv', 'changes.csv', 'unknowns.csv', 'duplicate-site-ids.csv', 'overrides.csv', 'methodology.csv',
    ]);
    const duplicates = new TextDecoder().decode(files.find((f) => f.name === 'duplicate-site-ids.csv')!.bytes.slice(3)).split('\r\n');
    expect(duplicates[0]).toBe('"Mã site EMC","Tên miền","Tên trang","Căn cứ","Cùng mã với"');
    expect(duplicates[2]).toBe(`"90","mof.gov.vn","'=HYPERLINK(""http://evil"",""x"")","Có trong mã theo dõi của trang","hue.gov.vn\nsotp.haiphong.gov.vn"`);
    const portals = files.find((f) => f.name === 'portals.csv')!.bytes;
    expect([...portals.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(portals.slice(3));
    expect(text.split('\r\n')[0]).toMatch(/^"Cơ quan, đơn vị","Nhóm","Tên miền"/);
    expect(text).toContain(`"'=HYPERLINK(""http://evil"",""x"") (sotp.haiphong.gov.vn)"`);
    expect(text).not.toMatch(/(^|,)"?[=+@]/m);
    const rankings = new TextDecoder().decode(files.find((f) => f.name === 'rankings.csv')!.bytes.slice(3));
    expect(rankings).toContain(`"UBND thành phố Hải Phòng","haiphong.gov.vn",1234567,`);
    expect(rankings).toContain(',-1,');
  });
});

describe('HTML writer', () => {
  it('escapes every untrusted string and stays self-contained and printable', () => {
    // Prepare
    const model = hostileModel();
    // Act
    const page = writeReportHtml(model, { linkFor: (key: string) => `https://bucket.example/${key}?X-Amz-Signature=abc&x=1` });
    // Assess
    expect(page).not.toContain('<script');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('=HYPERLINK(&quot;http://evil&quot;,&quot;x&quot;)');
    expect(page).toMatch(/^<!doctype html>\s*<html lang="vi">/);
    expect(page).toContain('@page { size: A4');
    expect(page.match(/<svg /g)?.length).toBeGreaterThanOrEqual(4);
    expect(page).not.toMatch(/<(link|img|iframe|script)\b|\ssrc="|@import|url\(/);
    expect(page).toContain('<h2 class="first">Tổng hợp</h2>');
    expect(page).toContain('<a class="ev" href="https://bucket.example/evidence/run-2026-09/haiphong.gov.vn/homepage.html?X-Amz-Signature=abc&amp;x=1">Trang chủ</a>');
    // Said once: the reason alone, not "Không có số liệu: Không có số liệu EMC…".
    expect(page).toContain('Không có số liệu EMC cho kỳ này');
    expect(page).not.toContain('Không có số liệu: Không có số liệu');
    const duplicates = /<section id="duplicate-site-ids">[\s\S]*?<\/section>/.exec(page)?.[0] ?? '';
    expect(duplicates).toContain('<h2>Trùng mã site</h2>');
    expect(duplicates).toContain('<td data-label="Tên miền"><span class="host">hue.<wbr>gov.<wbr>vn</span></td><td data-label="Tên trang">UBND thành phố Huế &lt;script&gt;alert(1)&lt;/script&gt;</td>');
    expect(duplicates).toContain('<span class="host">mof.<wbr>gov.<wbr>vn</span></td><td data-label="Tên trang">=HYPERLINK(&quot;http://evil&quot;,&quot;x&quot;)</td><td data-label="Căn cứ">Có trong mã theo dõi của trang</td>');
    expect(duplicates.match(/<tr>/g)).toHaveLength(4);
  });

  it('writes English when asked and refuses unsafe evidence links', () => {
    // Prepare
    const model = sliceForOrganisation(hostileModel(), 'UBND thành phố Hải Phòng');
    // Act
    const page = writeReportHtml(model, { lang: 'en', linkFor: () => 'javascript:alert(1)' });
    // Assess
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('<h2 class="first">Summary</h2>');
    expect(page).not.toContain('javascript:');
    expect(page).toContain('UBND thành phố Hải Phòng');
    expect(page).toContain('id="site-haiphong.gov.vn"');
    expect(page).not.toContain('id="site-hanoi.gov.vn"');
    // Hải Phòng's component shares an id with the ministry of finance: the whole group is shown.
    expect(page).toContain('<h2>Duplicate site ids</h2>');
    expect(page).toContain('<span class="host">mof.<wbr>gov.<wbr>vn</span>');
    expect(page).toContain('In the site’s tracking code');
  });
});

describe('JSON writer', () => {
  it('writes the versioned schema id first and reads back only that schema', () => {
    // Prepare
    const model = hostileModel();
    // Act
    const text = writeReportJson(model);
    const back = readReportJson(text);
    // Assess
    expect(text.startsWith('{\n  "schema": "gov-audit/report@1"')).toBe(true);
    expect(back).toEqual(model);
    expect(JSON.parse(text).duplicateSiteIds).toEqual([
      {
        siteId: '90',
        hosts: [
          { host: 'hue.gov.vn', org: `UBND thành phố Huế ${SCRIPT}`, via: 'registered' },
          { host: 'mof.gov.vn', org: FORMULA, via: 'found' },
          { host: 'sotp.haiphong.gov.vn', org: FORMULA, via: 'found' },
        ],
      },
    ]);
    expect(() => readReportJson(text.replace('gov-audit/report@1', 'gov-audit/report@2'))).toThrow(/Unsupported report schema/);
    expect(() => readReportJson('{"schema":"gov-audit/report@1"}')).toThrow(/lacks "period"/);
  });
});

describe('neutraliseFormula', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['-12', '-12'],
    ['-1.234,5', '-1.234,5'],
    ['Sở Y tế', 'Sở Y tế'],
    ['a\u0000b\u001fc', 'abc'],
  ])('%j → %j', (input, output) => {
    expect(neutraliseFormula(input)).toBe(output);
  });
});
