import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRegistry } from '../../functions/core/registry/parse-registry.ts';

const NOW = '2026-08-01T00:00:00.000Z';
const bytes = (text: string) => new TextEncoder().encode(text);

describe('registry import', () => {
  it('reads the shipped registry: 17 central bodies and 34 provinces, every row valid', () => {
    // Prepare
    const file = readFileSync(new URL('../../data/registry-vn.csv', import.meta.url));
    // Act
    const parsed = parseRegistry(file, 'data/registry-vn.csv', NOW);
    // Assess
    expect(parsed.problems).toEqual([]);
    const portals = parsed.targets.filter((t) => t.role === 'portal');
    expect(portals.filter((t) => t.league === 'province')).toHaveLength(34);
    expect(portals.filter((t) => t.league === 'ministry').length).toBeGreaterThanOrEqual(16);
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
  });
});
