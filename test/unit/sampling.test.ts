import { describe, expect, it } from 'vitest';
import { selectSamplePages } from '../../functions/core/sampling.ts';
import { makePage, type LinkSpec } from '../support/page-factory.ts';

/** The links of a typical provincial portal homepage, in document order. */
const PORTAL_LINKS: LinkSpec[] = [
  { href: '/', text: 'Trang chủ', region: 'header' },
  { href: 'https://www.hanoi.gov.vn/index.php', text: 'Trang chủ', region: 'header' },
  { href: '/gioi-thieu', text: 'Giới thiệu', region: 'nav' },
  { href: '/tin-tuc/', text: 'Tin tức - Sự kiện', region: 'nav' },
  { href: 'javascript:void(0)', text: 'Dịch vụ công', region: 'nav' },
  { href: 'https://dichvucong.gov.vn/', text: 'Cổng dịch vụ công quốc gia', region: 'nav' },
  { href: '/tin-tuc/kinh-te/ha-noi-thu-hut-dau-tu-1234.html', text: 'Hà Nội thu hút đầu tư', region: 'main' },
  { href: '/Uploads/van-ban/QD-1234.pdf', text: 'Quyết định 1234', region: 'main' },
  { href: '/tin-tuc#binh-luan', text: 'Bình luận', region: 'main' },
  { href: 'http://hanoi.gov.vn/van-ban?loai=quyet-dinh', text: 'Văn bản', region: 'main' },
  { href: '/anh/banner-tet.jpg', text: '', region: 'main' },
  { href: '/danh-ba', text: 'Danh bạ website', region: 'footer' },
  { href: 'mailto:congthongtin@hanoi.gov.vn', text: 'Liên hệ', region: 'footer' },
  { href: '/lien-ket-website', text: 'LIÊN KẾT WEBSITE', region: 'footer' },
  { href: 'https://sotttt.hanoi.gov.vn/', text: 'Sở Thông tin và Truyền thông', region: 'link-block' },
  { href: '/so-do-cong', text: 'Sơ đồ cổng', region: 'footer' },
];

describe('selectSamplePages', () => {
  it.each([
    {
      name: 'links pages first (most specific text first), then navigation, then the rest in document order',
      n: 6,
      expected: [
        'https://hanoi.gov.vn/lien-ket-website',
        'https://hanoi.gov.vn/danh-ba',
        'https://hanoi.gov.vn/gioi-thieu',
        'https://hanoi.gov.vn/tin-tuc/',
        'https://hanoi.gov.vn/tin-tuc/kinh-te/ha-noi-thu-hut-dau-tu-1234.html',
        'http://hanoi.gov.vn/van-ban?loai=quyet-dinh',
      ],
    },
    { name: 'the default three', n: 3, expected: ['https://hanoi.gov.vn/lien-ket-website', 'https://hanoi.gov.vn/danh-ba', 'https://hanoi.gov.vn/gioi-thieu'] },
    { name: 'none asked', n: 0, expected: [] },
    { name: 'negative count', n: -1, expected: [] },
  ])('$name', ({ n, expected }) => {
    // Prepare
    const homepage = makePage({ url: 'https://hanoi.gov.vn/', links: PORTAL_LINKS });
    // Act
    const sample = selectSamplePages(homepage, n);
    // Assess
    expect(sample).toEqual(expected);
  });

  it('returns every internal page once when more are asked than exist: no homepage, files, external or script links', () => {
    // Prepare
    const homepage = makePage({ url: 'https://hanoi.gov.vn/', links: PORTAL_LINKS });
    // Act
    const sample = selectSamplePages(homepage, 50);
    // Assess
    expect(sample).toEqual([
      'https://hanoi.gov.vn/lien-ket-website',
      'https://hanoi.gov.vn/danh-ba',
      'https://hanoi.gov.vn/gioi-thieu',
      'https://hanoi.gov.vn/tin-tuc/',
      'https://hanoi.gov.vn/tin-tuc/kinh-te/ha-noi-thu-hut-dau-tu-1234.html',
      'http://hanoi.gov.vn/van-ban?loai=quyet-dinh',
      'https://hanoi.gov.vn/so-do-cong',
    ]);
  });

  it.each([
    { name: 'www homepage, links without www', home: 'https://www.hanoi.gov.vn/', href: 'https://hanoi.gov.vn/gioi-thieu', kept: true },
    { name: 'homepage without www, links with www', home: 'https://hanoi.gov.vn/', href: 'https://WWW.HANOI.GOV.VN./gioi-thieu', kept: true },
    { name: 'http link on an https site', home: 'https://hanoi.gov.vn/', href: 'http://hanoi.gov.vn/gioi-thieu', kept: true },
    { name: 'another port of the same host', home: 'http://congthuonghn.gov.vn:8080/', href: 'http://congthuonghn.gov.vn/gioi-thieu', kept: true },
    { name: 'a component subdomain is another site', home: 'https://hanoi.gov.vn/', href: 'https://sotttt.hanoi.gov.vn/gioi-thieu', kept: false },
    { name: 'the homepage with a fragment', home: 'https://hanoi.gov.vn/', href: 'https://hanoi.gov.vn/#noi-dung', kept: false },
    { name: 'the homepage by another scheme and www', home: 'https://hanoi.gov.vn/', href: 'http://www.hanoi.gov.vn', kept: false },
    { name: 'the homepage as Default.aspx', home: 'https://hanoi.gov.vn/', href: '/Default.aspx', kept: false },
    { name: 'a spreadsheet', home: 'https://hanoi.gov.vn/', href: '/files/so-lieu.XLSX', kept: false },
  ])('$name → kept: $kept', ({ home, href, kept }) => {
    // Prepare
    const homepage = makePage({ url: home, links: [{ href, text: 'Giới thiệu', region: 'nav' }] });
    // Act
    const sample = selectSamplePages(homepage, 3);
    // Assess
    expect(sample).toHaveLength(kept ? 1 : 0);
  });

  it('de-duplicates trailing-slash and fragment variants, keeping the best-ranked one', () => {
    // Prepare
    const homepage = makePage({
      url: 'https://hanoi.gov.vn/',
      links: [
        { href: '/lien-ket/', text: 'Xem thêm', region: 'main' },
        { href: '/tin-tuc', text: 'Tin tức', region: 'main' },
        { href: '/tin-tuc/#moi', text: 'Tin mới', region: 'nav' },
        { href: '/lien-ket#top', text: 'Lien ket website', region: 'footer' },
      ],
    });
    // Act
    const sample = selectSamplePages(homepage, 5);
    // Assess
    expect(sample).toEqual(['https://hanoi.gov.vn/lien-ket', 'https://hanoi.gov.vn/tin-tuc/']);
  });

  it('samples only anchors, not select options or image-map areas', () => {
    // Prepare
    const homepage = makePage({
      url: 'https://hanoi.gov.vn/',
      links: [
        { href: '/trang-a', text: 'Trang A', kind: 'option', region: 'select-widget' },
        { href: '/trang-b', text: 'Bản đồ', kind: 'area', region: 'main' },
        { href: '/trang-c', text: 'Trang C', kind: 'a', region: 'main' },
      ],
    });
    // Act
    const sample = selectSamplePages(homepage, 3);
    // Assess
    expect(sample).toEqual(['https://hanoi.gov.vn/trang-c']);
  });

  it('gives the same answer every time', () => {
    // Prepare
    const homepage = makePage({ url: 'https://hanoi.gov.vn/', links: PORTAL_LINKS });
    // Act
    const first = selectSamplePages(homepage, 4);
    const second = selectSamplePages(homepage, 4);
    // Assess
    expect(second).toEqual(first);
  });
});
