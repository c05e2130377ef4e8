import { describe, expect, it } from 'vitest';
import { decodeCsv, parseCsv } from '../../functions/core/csv.ts';
import { matchHeader } from '../../functions/core/traffic/headers.ts';
import { importTrafficTable } from '../../functions/core/traffic/import-traffic.ts';
import { matchTraffic } from '../../functions/core/traffic/match-traffic.ts';
import { parseCount, parseTrafficTable } from '../../functions/core/traffic/parse-traffic.ts';
import { component, portal } from '../../local/sim-records/report-factory.ts';

/** An EMC export as the operator's Excel writes it in a Vietnamese locale (`;`, CRLF, title row). */
const EMC_EXPORT_VI = [
  'BÁO CÁO LƯỢT TRUY CẬP THÁNG 09/2026;;;;;',
  'STT;Tên đơn vị;Tên miền;Mã site;Lượt truy cập;Lượt xem trang',
  '1;UBND thành phố Hải Phòng;https://www.haiphong.gov.vn/;1001;"1.234.567";2.345.678',
  '2;UBND thành phố Hà Nội;hanoi.gov.vn;1002;987 654;1.500.000',
  '3;"Bộ Khoa học và Công nghệ; Cổng TTĐT";mst.gov.vn;1003;12,345;',
  '4;Sở Tư pháp;sotuphap.haiphong.gov.vn;1004;-15;100',
  '5;Sở Y tế;soyte.haiphong.gov.vn;1005;12,5;100',
  '6;Sở Xây dựng;;;4000;100',
  '7;UBND tỉnh X;not a domain;1007;n/a;abc',
  '',
  ';Tổng cộng;;;2.234.566;',
].join('\r\n');

describe('decodeCsv', () => {
  const text = 'Tên miền;Lượt truy cập\r\nhanoi.gov.vn;1.000\r\n';
  const utf16le = (s: string, bom: boolean) => {
    const bytes = new Uint8Array((bom ? 2 : 0) + s.length * 2);
    if (bom) bytes.set([0xff, 0xfe]);
    for (let i = 0; i < s.length; i += 1) {
      bytes[(bom ? 2 : 0) + i * 2] = s.charCodeAt(i) & 0xff;
      bytes[(bom ? 2 : 0) + i * 2 + 1] = s.charCodeAt(i) >> 8;
    }
    return bytes;
  };
  const utf16be = (s: string) => {
    const bytes = new Uint8Array(2 + s.length * 2);
    bytes.set([0xfe, 0xff]);
    for (let i = 0; i < s.length; i += 1) {
      bytes[2 + i * 2] = s.charCodeAt(i) >> 8;
      bytes[3 + i * 2] = s.charCodeAt(i) & 0xff;
    }
    return bytes;
  };
  const utf8 = new TextEncoder().encode(text);
  it.each([
    ['UTF-8 without BOM', utf8],
    ['UTF-8 with BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...utf8])],
    ['UTF-16LE with BOM (Excel "Unicode text")', utf16le(text, true)],
    ['UTF-16LE without BOM', utf16le(text, false)],
    ['UTF-16BE with BOM', utf16be(text)],
  ])('decodes %s', (_name, bytes) => {
    // Prepare: bytes above
    // Act
    const decoded = decodeCsv(bytes);
    // Assess
    expect(decoded).toBe(text);
  });

  it('falls back to windows-1258 for legacy Vietnamese files and returns NFC text', () => {
    // Prepare: "Hà Nội" in windows-1258 = H, a + combining grave (0xCC), space, N, ô (0xF4) + combining dot below (0xF2), i
    const bytes = new Uint8Array([0x48, 0x61, 0xcc, 0x20, 0x4e, 0xf4, 0xf2, 0x69]);
    // Act
    const decoded = decodeCsv(bytes);
    // Assess
    expect(decoded).toBe('Hà Nội'.normalize('NFC'));
  });
});

describe('parseCsv', () => {
  it.each([
    ['semicolon', 'a;b;c\r\n1;2;3', [['a', 'b', 'c'], ['1', '2', '3']]],
    ['comma', 'a,b,c\n1,2,3\n', [['a', 'b', 'c'], ['1', '2', '3']]],
    ['tab', 'a\tb\tc\n1\t2\t3', [['a', 'b', 'c'], ['1', '2', '3']]],
    ['quotes, doubled quotes, delimiters and newlines inside quotes', 'a,b\r\n"x, ""y""","line1\r\nline2"', [['a', 'b'], ['x, "y"', 'line1\r\nline2']]],
    ['bare CR line ends', 'a;b\r1;2\r', [['a', 'b'], ['1', '2']]],
    ['comma inside quotes does not win over semicolons', '"Tên, đơn vị";Tên miền;Lượt truy cập\n', [['Tên, đơn vị', 'Tên miền', 'Lượt truy cập']]],
    ['Excel sep= line kept as row 1', 'sep=,\na;b,c\n', [['sep=', ''], ['a;b', 'c']]],
    ['blank lines kept so row numbers stay line numbers', 'a;b\n\n1;2', [['a', 'b'], [''], ['1', '2']]],
    ['leading BOM character', '\ufeffa;b', [['a', 'b']]],
  ])('parses %s', (_name, text, expected) => {
    // Prepare: text above
    // Act
    const rows = parseCsv(text);
    // Assess
    expect(rows).toEqual(expected);
  });
});

describe('header matching', () => {
  it.each([
    ['Tên đơn vị', 'org'],
    ['TEN DON VI', 'org'],
    ['unit', 'org'],
    ['Tên miền', 'domain'],
    ['Domain', 'domain'],
    ['Mã site', 'siteId'],
    ['Site ID', 'siteId'],
    ['site-id', 'siteId'],
    ['Lượt truy cập', 'visits'],
    ['Luot truy cap', 'visits'],
    ['Lượt truy cập (lượt)', 'visits'],
    ['  VISITS ', 'visits'],
    ['Lượt xem trang', 'pageviews'],
    ['Page views', 'pageviews'],
    ['Người dùng', 'visitors'],
    ['visitors', 'visitors'],
    ['Ghi chú', undefined],
    ['STT', undefined],
  ])('"%s" → %s', (header, field) => {
    // Prepare / Act
    const matched = matchHeader(header);
    // Assess
    expect(matched).toBe(field);
  });
});

describe('parseCount', () => {
  it.each([
    ['12345', 12345],
    ['12.345', 12345],
    ['12,345', 12345],
    ['12 345', 12345],
    ['12\u00a0345', 12345],
    ['1.234.567', 1234567],
    ['0', 0],
  ])('reads %s as %d', (raw, value) => {
    expect(parseCount(raw)).toEqual({ ok: true, value });
  });
  it.each([
    ['-15', 'Số âm'],
    ['−15', 'Số âm'],
    ['12,5', 'Số thập phân'],
    ['1.234,5', 'Số thập phân'],
    ['12.34', 'Số thập phân'],
    ['1,234.567', 'Dấu phân cách'],
    ['12.3456.7', 'Dấu phân cách'],
    ['n/a', 'Không phải là số'],
    ['12k', 'Không phải là số'],
    ['99999999999999999999', 'Số quá lớn'],
  ])('rejects %s with a reason', (raw, reason) => {
    const parsed = parseCount(raw);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok === false && parsed.reason.vi).toContain(reason);
  });
});

describe('parseTrafficTable', () => {
  it('keeps the good rows and lists every bad cell with row, field and reason', () => {
    // Prepare
    const rows = parseCsv(decodeCsv(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(EMC_EXPORT_VI)])));
    // Act
    const result = parseTrafficTable(rows, { file: 'emc-2026-09.csv' });
    // Assess
    expect(result.headerRow).toBe(2);
    expect(result.rows).toEqual([
      { row: 3, org: 'UBND thành phố Hải Phòng', host: 'www.haiphong.gov.vn', siteId: '1001', visits: 1234567, pageviews: 2345678, sourceFile: 'emc-2026-09.csv' },
      { row: 4, org: 'UBND thành phố Hà Nội', host: 'hanoi.gov.vn', siteId: '1002', visits: 987654, pageviews: 1500000, sourceFile: 'emc-2026-09.csv' },
      { row: 5, org: 'Bộ Khoa học và Công nghệ; Cổng TTĐT', host: 'mst.gov.vn', siteId: '1003', visits: 12345, sourceFile: 'emc-2026-09.csv' },
    ]);
    expect(result.rejected.map((r) => [r.row, r.field, r.raw])).toEqual([
      [6, 'visits', '-15'],
      [7, 'visits', '12,5'],
      [8, 'row', '6 | Sở Xây dựng |  |  | 4000 | 100'],
      [9, 'domain', 'not a domain'],
      [9, 'visits', 'n/a'],
      [9, 'pageviews', 'abc'],
    ]);
    // The totals row is recognised and skipped: not a rejected row (which would fail the import).
    expect(result.skipped.map((r) => [r.row, r.raw])).toEqual([[11, ' | Tổng cộng |  |  | 2.234.566 | ']]);
    expect(result.rejected[0].reason).toEqual({ vi: 'Số âm: lượt truy cập không thể âm', en: 'Negative number: a count cannot be negative' });
    expect(result.rejected[2].reason.vi).toContain('Thiếu cả tên miền và mã site');
    expect(result.skipped[0].reason.vi).toBe('Dòng tổng cộng, không phải một trang');
  });

  it('recognises totals rows in any column, but not a portal named "Cổng…" that lacks a domain', () => {
    // Prepare
    const csv = 'STT;Tên đơn vị;Tên miền;Lượt truy cập\nTổng;;;500\nCộng:;;;500\nTOTAL;;;500\n1;Cổng TTĐT tỉnh A;;40\n';
    // Act
    const result = parseTrafficTable(parseCsv(csv), { file: 't.csv' });
    // Assess
    expect(result.skipped.map((r) => r.row)).toEqual([2, 3, 4]);
    expect(result.rejected.map((r) => [r.row, r.field])).toEqual([[5, 'row']]);
  });

  it('reads an English, comma-separated export with site ids only', () => {
    // Prepare
    const csv = 'Unit,Site ID,Visits,Visitors\r\nMinistry of Finance,2001,"45,678",12000\r\nMinistry of Health,2002,"1,000",\r\n';
    // Act
    const result = parseTrafficTable(parseCsv(csv), { file: 'emc.csv' });
    // Assess
    expect(result.rejected).toEqual([]);
    expect(result.rows.map((r) => [r.siteId, r.visits, r.visitors])).toEqual([
      ['2001', 45678, 12000],
      ['2002', 1000, undefined],
    ]);
  });

  it('rejects duplicates of an earlier row and a missing visits value', () => {
    // Prepare
    const csv = 'Tên miền;Lượt truy cập\nhttps://hanoi.gov.vn;100\nWWW.HANOI.GOV.VN;200\nhue.gov.vn;\n';
    // Act
    const result = parseTrafficTable(parseCsv(csv), { file: 'f.csv' });
    // Assess
    expect(result.rows.map((r) => r.row)).toEqual([2]);
    expect(result.rejected.map((r) => [r.row, r.field, r.reason.vi])).toEqual([
      [3, 'domain', 'Trùng tên miền với dòng 2'],
      [4, 'visits', 'Thiếu giá trị "Lượt truy cập"'],
    ]);
  });

  it('rejects the whole file, saying why, when no header names visits and a site column', () => {
    // Prepare
    const rows = [['Đơn vị', 'Số liệu'], ['Hà Nội', '100']];
    // Act
    const result = parseTrafficTable(rows, { file: 'wrong.csv' });
    // Assess
    expect(result.rows).toEqual([]);
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0]).toMatchObject({ row: 1, field: 'header' });
    expect(result.rejected[0].reason.vi).toContain('Lượt truy cập');
  });
});

describe('matchTraffic', () => {
  const haiphong = portal('haiphong.gov.vn', 'UBND thành phố Hải Phòng', 'province', { expectedSiteId: '1001' });
  const mst = portal('mst.gov.vn', 'Bộ Khoa học và Công nghệ', 'ministry', { expectedSiteId: '2001' });
  const excluded = component('old.haiphong.gov.vn', 'Trang cũ', haiphong, { status: 'excluded' });

  it('matches by host ignoring scheme and www., then by site id, and lists the rest', () => {
    // Prepare
    const rows = parseTrafficTable(
      parseCsv('Tên miền;Mã site;Lượt truy cập\nhttps://www.haiphong.gov.vn/;;100\n;2001;50\nunknown.gov.vn;;7\nold.haiphong.gov.vn;;3\n'),
      { file: 'emc.csv' },
    ).rows;
    // Act
    const result = matchTraffic(rows, [haiphong, mst, excluded], '2026-09');
    // Assess
    expect(result.matched).toEqual([
      { period: '2026-09', host: 'haiphong.gov.vn', siteId: '1001', visits: 100, sourceFile: 'emc.csv', sourceRow: 2 },
      { period: '2026-09', host: 'mst.gov.vn', siteId: '2001', visits: 50, sourceFile: 'emc.csv', sourceRow: 3 },
    ]);
    expect(result.unmatched.map((r) => r.host)).toEqual(['unknown.gov.vn', 'old.haiphong.gov.vn']);
  });

  it('matches by site id a row EMC files under another domain, and reports the difference', () => {
    // Prepare: the registry lists the news agency as vnanet.vn; EMC's export says ttxvn.org.vn, same site id.
    const ttxvn = portal('vnanet.vn', 'Thông tấn xã Việt Nam', 'ministry', { confidence: 'unverified' });
    const table = parseCsv('Tên đơn vị;Tên miền;Mã site;Lượt truy cập\nThông tấn xã Việt Nam;https://ttxvn.org.vn/;4321;80.000\nBộ KH&CN;mst.gov.vn;2001;50\n');
    // Act: the id 4321 is the one the period's scan found in vnanet.vn's live tracking code.
    const report = importTrafficTable(table, { file: 'emc.csv' }, [ttxvn, mst], '2026-09', new Map([['4321', 'vnanet.vn']]));
    // Assess
    expect(report.unmatched).toEqual([]);
    expect(report.accepted.map((r) => [r.host, r.siteId, r.visits])).toEqual([['vnanet.vn', '4321', 80000], ['mst.gov.vn', '2001', 50]]);
    expect(report.domainDiffers).toEqual([{ row: 2, siteId: '4321', exportHost: 'ttxvn.org.vn', registeredHost: 'vnanet.vn', via: 'found' }]);
  });

  it('leaves a row with another domain and an unknown site id unmatched', () => {
    const rows = parseTrafficTable(parseCsv('Tên miền;Mã site;Lượt truy cập\nttxvn.org.vn;9999;10\n'), { file: 'f.csv' }).rows;
    const result = matchTraffic(rows, [portal('vnanet.vn', 'Thông tấn xã Việt Nam', 'ministry')], '2026-09', new Map([['4321', 'vnanet.vn']]));
    expect(result.unmatched.map((r) => r.host)).toEqual(['ttxvn.org.vn']);
    expect(result.domainDiffers).toEqual([]);
  });

  it('keeps a second row for an already matched site out, as a duplicate', () => {
    // Prepare
    const rows = parseTrafficTable(parseCsv('Tên miền;Mã site;Lượt truy cập\nhaiphong.gov.vn;;100\n;1001;90\n'), { file: 'f.csv' }).rows;
    // Act
    const result = importTrafficTable(
      parseCsv('Tên miền;Mã site;Lượt truy cập\nhaiphong.gov.vn;;100\n;1001;90\n'),
      { file: 'f.csv' },
      [haiphong],
      '2026-09',
    );
    // Assess
    expect(rows).toHaveLength(2);
    expect(result.accepted).toHaveLength(1);
    expect(result.duplicates).toEqual([{ row: rows[1], host: 'haiphong.gov.vn', firstRow: 2 }]);
    expect(result.counts).toEqual({ accepted: 1, rejectedRows: 0, unmatched: 0, duplicates: 1 });
  });
});

describe('CSV delimiter guess past a title row', () => {
  it('finds `;` when the first line is a title without any delimiter', () => {
    // Prepare
    const text = 'BÁO CÁO LƯỢT TRUY CẬP THÁNG 9/2026\r\nTên đơn vị;Tên miền;Lượt truy cập\r\nUBND tỉnh Quảng Ninh;quangninh.gov.vn;1.234.567\r\n';
    // Act
    const rows = parseCsv(text);
    // Assess
    expect(rows[1]).toEqual(['Tên đơn vị', 'Tên miền', 'Lượt truy cập']);
    expect(rows[2]).toEqual(['UBND tỉnh Quảng Ninh', 'quangninh.gov.vn', '1.234.567']);
  });
});
