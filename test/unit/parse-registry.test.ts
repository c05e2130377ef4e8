import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRegistry } from '../../functions/core/registry/parse-registry.ts';

const NOW = '2026-08-01T00:00:00.000Z';
const bytes = (text: string) => new TextEncoder().encode(text);

describe('registry import', () => {
  it('reads the shipped registry: 22 central bodies ranked, the Government portal ranked nowhere, 34 provinces', () => {
    // Prepare
    const file = readFileSync(new URL('../../data/registry-vn.csv', import.meta.url));
    // Act
    const parsed = parseRegistry(file, 'data/registry-vn.csv', NOW);
    // Assess
    expect(parsed.problems).toEqual([]);
    const portals = parsed.targets.filter((t) => t.role === 'portal');
    expect(portals.filter((t) => t.league === 'province')).toHaveLength(34);
    const central = portals.filter((t) => t.league === 'ministry');
    expect(central).toHaveLength(22);
    // Agencies under the Government are ranked with the ministries, as the 2024 evaluation did.
    expect(central.map((t) => t.org)).toEqual(expect.arrayContaining(['Thông tấn xã Việt Nam', 'Đài Truyền hình Việt Nam', 'Viện Hàn lâm Khoa học và Công nghệ Việt Nam', 'Thanh tra Chính phủ']));
    expect(portals.filter((t) => t.league === 'other').map((t) => t.host)).toEqual(['chinhphu.vn']);
    expect(portals.find((t) => t.host === 'vnanet.vn')).toMatchObject({ confidence: 'unverified' });
    expect(portals.find((t) => t.host === 'hochiminhcity.gov.vn')).toMatchObject({ url: 'https://hochiminhcity.gov.vn/', status: 'confirmed', source: 'registry' });
  });

  it('keeps the good rows and names file, row and field of each bad one', () => {
    // Prepare: Vietnamese headers, `;` separators (Excel in a Vietnamese locale), a BOM.
    const csv = [
      '\uFEFFKhối;Tên đơn vị;Tên miền;Mã site;Trang thành phần',
      'tỉnh;UBND tỉnh Quảng Ninh;QuangNinh.gov.vn.;227;so-tttt.quangninh.gov.vn congthuong-qn.gov.vn:8080',
      'bộ;Bộ Y tế;moh.gov.vn;;',
      'huyện;UBND huyện X;x.gov.vn;;',
      'tỉnh;;y.gov.vn;;',
      'tỉnh;UBND tỉnh Z;javascript:alert(1);;',
      'tỉnh;UBND tỉnh W;w.gov.vn;12a;',
      'bộ;Bộ Y tế (trùng);https://www.moh.gov.vn/;;',
      '',
    ].join('\r\n');
    // Act
    const parsed = parseRegistry(bytes(csv), 'dv.csv', NOW);
    // Assess
    expect(parsed.rows).toBe(7);
    expect(parsed.targets.map((t) => t.host).sort()).toEqual(['congthuong-qn.gov.vn', 'moh.gov.vn', 'quangninh.gov.vn', 'so-tttt.quangninh.gov.vn']);
    expect(parsed.targets.find((t) => t.host === 'quangninh.gov.vn')).toMatchObject({
      role: 'portal', league: 'province', expectedSiteId: '227', components: ['so-tttt.quangninh.gov.vn', 'congthuong-qn.gov.vn'],
    });
    expect(parsed.targets.find((t) => t.host === 'congthuong-qn.gov.vn')).toMatchObject({ role: 'component', parentHost: 'quangninh.gov.vn', url: 'https://congthuong-qn.gov.vn:8080/' });
    expect(parsed.problems.map((p) => [p.file, p.row, p.field])).toEqual([
      ['dv.csv', 4, 'league'],
      ['dv.csv', 5, 'organisation'],
      ['dv.csv', 6, 'domain'],
      ['dv.csv', 7, 'siteId'],
      ['dv.csv', 8, 'domain'],
    ]);
    expect(parsed.problems[2].message.vi).toContain('javascript');
  });

  it('reads JSON registries with English keys and component arrays', () => {
    const json = JSON.stringify([{ organisation: 'Bộ Tư pháp', league: 'ministry', domain: 'moj.gov.vn', siteId: '30', components: ['https://pbgdpl.moj.gov.vn/'] }, { league: 'ministry' }]);
    const parsed = parseRegistry(bytes(json), 'r.json', NOW);
    expect(parsed.targets.map((t) => t.host)).toEqual(['moj.gov.vn', 'pbgdpl.moj.gov.vn']);
    expect(parsed.problems.map((p) => [p.row, p.field])).toEqual([[2, 'organisation'], [2, 'domain']]);
  });

  it('reports a missing required column once, on the header row', () => {
    const parsed = parseRegistry(bytes('name,domain\nA,a.gov.vn\n'), 'bad.csv', NOW);
    expect(parsed.targets).toEqual([]);
    expect(parsed.problems.map((p) => [p.row, p.field])).toEqual([[1, 'org'], [1, 'league']]);
    // Accepted names are shown as people write them, not as ASCII folds.
    expect(parsed.problems[0].message.vi).toContain('"Tên cơ quan, đơn vị", "Cơ quan, đơn vị"');
    expect(parsed.problems[0].message.vi).not.toContain('tencoquan');
  });

  it('reads the headers agencies already use, whatever the case or diacritics, with component rows naming their portal', () => {
    // Prepare: an agency's own sheet — the reports' "Cơ quan, đơn vị", upper-case and unaccented variants.
    const csv = [
      'STT,CƠ QUAN, ĐƠN VỊ,Dia chi Cong TTDT,Loại trang,Cổng chính,Khối',
      '1,Trung tâm Chuyển đổi số - Sở KH&CN,https://cds.sokhcn.quangninh.gov.vn/,Trang thành phần,quangninh.gov.vn,',
      '2,UBND tỉnh Quảng Ninh,quangninh.gov.vn,Cổng chính,,Tỉnh',
      '3,Viện Hàn lâm Khoa học xã hội Việt Nam,vass.gov.vn,cổng chính,,Cơ quan thuộc Chính phủ',
      '4,Trang lạc,lac.gov.vn,Trang thành phần,khongco.gov.vn,',
    ].join('\n').replace('CƠ QUAN, ĐƠN VỊ', '"CƠ QUAN, ĐƠN VỊ"');
    // Act
    const parsed = parseRegistry(bytes(csv), 'donvi.csv', NOW);
    // Assess
    expect(parsed.problems.map((p) => [p.row, p.field])).toEqual([[5, 'parent']]);
    expect(parsed.targets.find((t) => t.host === 'quangninh.gov.vn')).toMatchObject({ role: 'portal', league: 'province', components: ['cds.sokhcn.quangninh.gov.vn'] });
    expect(parsed.targets.find((t) => t.host === 'cds.sokhcn.quangninh.gov.vn')).toMatchObject({ role: 'component', parentHost: 'quangninh.gov.vn', league: 'province' });
    expect(parsed.targets.find((t) => t.host === 'vass.gov.vn')).toMatchObject({ role: 'portal', league: 'ministry' });
    expect(parsed.targets.some((t) => t.host === 'lac.gov.vn')).toBe(false);
  });
});
