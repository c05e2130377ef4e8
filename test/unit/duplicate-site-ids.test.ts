import { describe, expect, it } from 'vitest';
import { duplicateSiteIds, type DuplicateSiteIdGroup } from '../../functions/core/pipeline/duplicate-site-ids.ts';
import type { FindingRecord, TargetRecord } from '../../functions/core/records.ts';
import { checkResult, component, finding, portal } from '../../local/sim-records/report-factory.ts';

const haiphong = portal('haiphong.gov.vn', 'UBND thành phố Hải Phòng', 'province');
const sotp = component('sotp.haiphong.gov.vn', 'Sở Tư pháp Hải Phòng', haiphong);
const soyte = component('soyte.haiphong.gov.vn', 'Sở Y tế Hải Phòng', haiphong);
const hanoi = portal('hanoi.gov.vn', 'UBND thành phố Hà Nội', 'province');
const mof = portal('mof.gov.vn', 'Bộ Tài chính', 'ministry');

/** A finding whose tracking code passed with this site id. */
function withId(target: TargetRecord, siteId: string, extra: Parameters<typeof finding>[2] = {}): FindingRecord {
  return finding(target, {}, { ...extra, siteId });
}

/** A finding whose tracking check failed although its result names an id (a snippet that never runs). */
function failedWithId(target: TargetRecord, siteId: string): FindingRecord {
  return finding(target, {
    'emc-tracking-code': checkResult('emc-tracking-code', 'fail', { data: { reason: 'commented-out', siteId } }),
  });
}

const UNREACHABLE = { kind: 'timeout' as const, retryable: true, message: 'total timeout', url: 'https://sotp.haiphong.gov.vn/' };

describe('duplicateSiteIds', () => {
  const cases: { name: string; targets: TargetRecord[]; findings: FindingRecord[]; expected: DuplicateSiteIdGroup[] }[] = [
    {
      name: 'the same id on two hosts is one group, hosts sorted, with their registry names',
      targets: [haiphong, sotp, hanoi],
      findings: [withId(sotp, '90'), withId(haiphong, '90'), withId(hanoi, '227')],
      expected: [
        {
          siteId: '90',
          hosts: [
            { host: 'haiphong.gov.vn', org: 'UBND thành phố Hải Phòng', via: 'found' },
            { host: 'sotp.haiphong.gov.vn', org: 'Sở Tư pháp Hải Phòng', via: 'found' },
          ],
        },
      ],
    },
    {
      name: 'every id on one site only: nothing',
      targets: [haiphong, sotp, hanoi],
      findings: [withId(haiphong, '90'), withId(sotp, '91'), withId(hanoi, '227')],
      expected: [],
    },
    {
      name: 'the www. variant of a host is the same site, not a duplicate',
      targets: [haiphong],
      findings: [
        withId(haiphong, '90'),
        { ...withId(haiphong, '90', { recordedAt: '2026-09-15T03:00:00.000Z' }), host: 'www.haiphong.gov.vn' },
      ],
      expected: [],
    },
    {
      name: 'a failing code is not counted, even when its result names an id',
      targets: [haiphong, sotp],
      findings: [withId(haiphong, '90'), failedWithId(sotp, '90')],
      expected: [],
    },
    {
      name: 'an unreachable site is not counted',
      targets: [haiphong, sotp],
      findings: [withId(haiphong, '90'), finding(sotp, {}, { transport: UNREACHABLE })],
      expected: [],
    },
    {
      name: 'the latest finding of a site wins: an id fixed on a retry is no longer a duplicate',
      targets: [haiphong, sotp],
      findings: [
        withId(haiphong, '90'),
        withId(sotp, '90', { recordedAt: '2026-09-15T02:00:00.000Z' }),
        withId(sotp, '91', { recordedAt: '2026-09-15T04:00:00.000Z' }),
      ],
      expected: [],
    },
    {
      name: 'an id found on one site that is another site’s registered id names that site (copy source), scanned or not',
      targets: [{ ...haiphong, expectedSiteId: '90' }, { ...sotp, expectedSiteId: '1201' }, { ...mof, expectedSiteId: '30' }],
      findings: [withId(haiphong, '227'), withId(sotp, '90')],
      expected: [
        {
          siteId: '90',
          hosts: [
            { host: 'haiphong.gov.vn', org: 'UBND thành phố Hải Phòng', via: 'registered' },
            { host: 'sotp.haiphong.gov.vn', org: 'Sở Tư pháp Hải Phòng', via: 'found' },
          ],
        },
      ],
    },
    {
      name: 'a site carrying its own registered id is found once, not also registered',
      targets: [{ ...haiphong, expectedSiteId: '90' }, { ...sotp, expectedSiteId: '90' }],
      findings: [withId(haiphong, '90'), withId(sotp, '90')],
      expected: [
        {
          siteId: '90',
          hosts: [
            { host: 'haiphong.gov.vn', org: 'UBND thành phố Hải Phòng', via: 'found' },
            { host: 'sotp.haiphong.gov.vn', org: 'Sở Tư pháp Hải Phòng', via: 'found' },
          ],
        },
      ],
    },
    {
      name: 'a site whose own id differs from its registered one is not a duplicate by itself',
      targets: [{ ...haiphong, expectedSiteId: '90' }, sotp],
      findings: [withId(haiphong, '227'), withId(sotp, '1201')],
      expected: [],
    },
    {
      name: 'a host outside the registry is named as scanned; excluded targets are left out',
      targets: [haiphong, { ...soyte, status: 'excluded' }],
      findings: [
        withId(haiphong, '8981'),
        withId(soyte, '8981'),
        { ...withId(component('xa-an-lu.haiphong.gov.vn', 'Xã An Lư', haiphong), '8981') },
      ],
      expected: [
        {
          siteId: '8981',
          hosts: [
            { host: 'haiphong.gov.vn', org: 'UBND thành phố Hải Phòng', via: 'found' },
            { host: 'xa-an-lu.haiphong.gov.vn', via: 'found' },
          ],
        },
      ],
    },
    {
      name: 'groups are sorted by site id numerically',
      targets: [haiphong, sotp, soyte, hanoi, mof],
      findings: [withId(haiphong, '1000'), withId(sotp, '1000'), withId(soyte, '90'), withId(hanoi, '90'), withId(mof, '227')],
      expected: [
        {
          siteId: '90',
          hosts: [
            { host: 'hanoi.gov.vn', org: 'UBND thành phố Hà Nội', via: 'found' },
            { host: 'soyte.haiphong.gov.vn', org: 'Sở Y tế Hải Phòng', via: 'found' },
          ],
        },
        {
          siteId: '1000',
          hosts: [
            { host: 'haiphong.gov.vn', org: 'UBND thành phố Hải Phòng', via: 'found' },
            { host: 'sotp.haiphong.gov.vn', org: 'Sở Tư pháp Hải Phòng', via: 'found' },
          ],
        },
      ],
    },
  ];

  it.each(cases)('$name', ({ targets, findings, expected }) => {
    // Prepare: the case's registry and findings
    // Act
    const groups = duplicateSiteIds(findings, targets);
    // Assess
    expect(groups).toEqual(expected);
  });
});
