import { describe, expect, it } from 'vitest';
import { detectTinNhiemMang } from '../../functions/core/info/tin-nhiem-mang.ts';
import type { ImageRef } from '../../functions/core/page/page-model.ts';
import { parsePage } from '../../functions/core/page/parse-page.ts';
import { makePage, type LinkSpec } from '../support/page-factory.ts';

const PAGE_URL = 'https://sotttt.hanoi.gov.vn/';

/** An EMC badge copy and an ordinary footer: neither is the trust badge. */
const UNRELATED_LINKS: LinkSpec[] = [
  { href: 'javascript:void(0)', text: 'Đã kết nối EMC', region: 'body' },
  { href: 'https://hanoi.gov.vn/', text: 'Cổng TTĐT Hà Nội', region: 'footer' },
];
const UNRELATED_IMAGES: ImageRef[] = [{ src: 'data:image/png;base64,iVBORw0KGgo=', alt: 'EMC', title: '' }];

describe('detectTinNhiemMang', () => {
  it.each([
    {
      name: 'link to the trust directory',
      links: [{ href: 'https://tinnhiemmang.vn/danh-ba-tin-nhiem/sotttthanoigovvn-1656040826', text: '', region: 'footer' }] as LinkSpec[],
      images: [] as ImageRef[],
      present: true,
      evidence: [{ kind: 'link', href: 'https://tinnhiemmang.vn/danh-ba-tin-nhiem/sotttthanoigovvn-1656040826', region: 'footer' }],
    },
    {
      name: 'link to the trust directory through www and http',
      links: [{ href: 'http://WWW.tinnhiemmang.vn/danh-ba-tin-nhiem/x-1', text: 'Tín Nhiệm Mạng', region: 'footer' }] as LinkSpec[],
      images: [] as ImageRef[],
      present: true,
      evidence: [{ kind: 'link' }],
    },
    {
      name: 'badge image served by the service',
      links: [] as LinkSpec[],
      images: [{ src: 'https://tinnhiemmang.vn/handle_cert?id=sotttt.hanoi.gov.vn', alt: '', title: '' }],
      present: true,
      evidence: [{ kind: 'image', href: 'https://tinnhiemmang.vn/handle_cert?id=sotttt.hanoi.gov.vn' }],
    },
    {
      name: 'local copy with the label without diacritics',
      links: [] as LinkSpec[],
      images: [{ src: '/images/tinnhiemmang.png', alt: 'Chung nhan Tin Nhiem Mang', title: '' }],
      present: true,
      evidence: [{ kind: 'image', href: '/images/tinnhiemmang.png', text: 'Chung nhan Tin Nhiem Mang' }],
    },
    {
      name: 'local copy labelled in the title, with diacritics and capitals',
      links: [] as LinkSpec[],
      images: [{ src: '/Upload/logo-tnm.png', alt: '', title: 'CHỨNG NHẬN TÍN NHIỆM MẠNG' }],
      present: true,
      evidence: [{ kind: 'image', text: 'CHỨNG NHẬN TÍN NHIỆM MẠNG' }],
    },
    {
      name: 'home page of the service only (not a directory entry)',
      links: [{ href: 'https://tinnhiemmang.vn/', text: 'Tín Nhiệm Mạng', region: 'footer' }] as LinkSpec[],
      images: [] as ImageRef[],
      present: false,
      evidence: [],
    },
    {
      name: 'cert image without an id',
      links: [] as LinkSpec[],
      images: [{ src: 'https://tinnhiemmang.vn/handle_cert', alt: '', title: '' }],
      present: false,
      evidence: [],
    },
    {
      name: 'look-alike host',
      links: [{ href: 'https://tinnhiemmang.vn.example.com/danh-ba-tin-nhiem/x', text: '', region: 'footer' }] as LinkSpec[],
      images: [{ src: 'https://nottinnhiemmang.vn/handle_cert?id=x', alt: '', title: '' }],
      present: false,
      evidence: [],
    },
    { name: 'nothing at all (EMC badge only)', links: [] as LinkSpec[], images: [] as ImageRef[], present: false, evidence: [] },
  ])('$name → present: $present', ({ links, images, present, evidence }) => {
    // Prepare
    const page = makePage({ url: PAGE_URL, links: [...UNRELATED_LINKS, ...links], images: [...UNRELATED_IMAGES, ...images] });
    // Act
    const result = detectTinNhiemMang(page);
    // Assess
    expect(result.present).toBe(present);
    expect(result.evidence).toHaveLength(evidence.length);
    evidence.forEach((expected, i) => expect(result.evidence[i]).toMatchObject({ pageUrl: PAGE_URL, ...expected }));
  });
});

/** A footer as government sites serve it: EMC widget copy, then the trust badge (remote or local image). */
function footerPage(badge: string): string {
  return `<!DOCTYPE html>
<html lang="vi">
<head><meta charset="utf-8"><title>Sở Thông tin và Truyền thông Hà Nội</title></head>
<body>
  <main><p>Nội dung trang chủ.</p></main>
  <footer>
    <p>Bản quyền thuộc Sở Thông tin và Truyền thông Hà Nội</p>
    <div class="yhy-append-wrap"><a id="btnEMC" href="javascript:void(0)"><img alt="EMC" src="data:image/png;base64,iVBORw0KGgo="><span>Đã kết nối EMC</span></a></div>
    ${badge}
  </footer>
</body>
</html>`;
}

describe('detectTinNhiemMang on parsed pages', () => {
  it.each([
    {
      name: 'remote badge image inside a directory link',
      badge: '<a href="https://tinnhiemmang.vn/danh-ba-tin-nhiem/sotttthanoigovvn-1656040826" target="_blank"><img src="https://tinnhiemmang.vn/handle_cert?id=sotttt.hanoi.gov.vn" width="150" alt="Chứng nhận Tín Nhiệm Mạng"></a>',
      present: true,
      kinds: ['link', 'image'],
    },
    {
      name: 'local copy of the badge, no link',
      badge: '<img src="/Portals/0/tin-nhiem-mang.png" alt="Chung nhan Tin Nhiem Mang">',
      present: true,
      kinds: ['image'],
    },
    { name: 'EMC widget only', badge: '', present: false, kinds: [] },
  ])('$name → present: $present', ({ badge, present, kinds }) => {
    // Prepare
    const page = parsePage(footerPage(badge), 'https://sotttt.hanoi.gov.vn/');
    // Act
    const result = detectTinNhiemMang(page);
    // Assess
    expect(result.present).toBe(present);
    expect(result.evidence.map((e) => e.kind)).toEqual(kinds);
  });
});
