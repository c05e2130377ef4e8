/**
 * The simulated web ranks its central bodies as the evaluation does: ministries and the
 * agencies under the Government in one league, never in "other" (issue: the demo used to put
 * the academies and social security outside any ranking).
 */
import { describe, expect, it } from 'vitest';
import { buildFleet } from '../../local/sim-web/fleet.ts';

/** Names of bodies the central league ranks: ministries, ministerial-level agencies, agencies under the Government. */
const CENTRAL_BODY = /^(Bộ |Viện Hàn lâm |Thông tấn xã Việt Nam|Đài (Tiếng nói|Truyền hình) Việt Nam|Thanh tra Chính phủ|Ngân hàng Nhà nước|Văn phòng Chính phủ|Bảo hiểm xã hội Việt Nam)/;

describe('simulated fleet leagues', () => {
  it.each([6, 22])('puts every central body of a %i-portal fleet in the ministry league as a ranked portal', (portals) => {
    // Act
    const fleet = buildFleet({ portals, seed: 7 });
    // Assess
    const central = fleet.filter((h) => CENTRAL_BODY.test(h.org));
    expect(central.length).toBeGreaterThan(0);
    for (const h of central) expect({ org: h.org, role: h.role, league: h.league }).toEqual({ org: h.org, role: 'portal', league: 'ministry' });
    expect(fleet.filter((h) => h.role === 'standalone').map((h) => h.org).filter((org) => CENTRAL_BODY.test(org))).toEqual([]);
  });

  it('includes the agencies under the Government among the central portals when every portal is used', () => {
    const orgs = buildFleet({ portals: 22 }).filter((h) => h.league === 'ministry').map((h) => h.org);
    expect(orgs).toEqual(expect.arrayContaining(['Viện Hàn lâm Khoa học và Công nghệ Việt Nam', 'Viện Hàn lâm Khoa học xã hội Việt Nam']));
  });
});
