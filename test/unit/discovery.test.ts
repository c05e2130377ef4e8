import { describe, expect, it } from 'vitest';
import { discoverComponents } from '../../functions/core/discovery.ts';
import { makePage } from '../support/page-factory.ts';

/** A provincial portal homepage: navigation, a "Liên kết website" box, a select widget, a footer. */
const HOMEPAGE = makePage({
  url: 'https://www.hanoi.gov.vn/',
  links: [
    { href: '/', text: 'Trang chủ', region: 'header' },
    { href: 'https://hanoi.gov.vn/gioi-thieu', text: 'Giới thiệu', region: 'nav' },
    { href: 'https://moh.gov.vn/tin-tuc/123', text: 'Bộ Y tế hướng dẫn phòng dịch', region: 'main' },
    { href: 'https://baochinhphu.vn/', text: 'Báo Chính phủ', region: 'link-block' },
    { href: 'http://sotttt.hanoi.gov.vn/', text: 'Sở Thông tin và Truyền thông', region: 'link-block' },
    { href: 'https://www.sotttt.hanoi.gov.vn/lien-he', text: 'Liên hệ Sở TT&TT', region: 'main' },
    { href: '', text: '-- Chọn trang thành phần --', kind: 'option', region: 'select-widget' },
    { href: 'http://congthuonghn.gov.vn:8080/', text: 'Sở Công Thương', kind: 'option', region: 'select-widget' },
    { href: 'https://xaphuthuong.hanoi.gov.vn', text: 'UBND xã Phú Thượng', kind: 'option', region: 'select-widget' },
    { href: 'https://mail.hanoi.gov.vn/owa', text: 'Thư điện tử công vụ', region: 'header' },
    { href: 'https://vanban.hanoi.gov.vn/files/QD-1.pdf', text: 'Quyết định 1', region: 'main' },
    { href: 'mailto:banbientap@hanoi.gov.vn', text: 'Hộp thư góp ý', region: 'footer' },
    { href: 'https://mic.gov.vn/', text: 'Bộ Thông tin và Truyền thông', region: 'footer' },
    { href: 'https://tinnhiemmang.vn/danh-ba-tin-nhiem/hanoigovvn-1234', text: '', region: 'footer' },
    { href: 'https://f-emc.ngsp.gov.vn/', text: 'EMC', region: 'footer' },
    { href: 'https://gov.vn/', text: 'gov.vn', region: 'footer' },
    { href: 'https://sokhdt.hanoi.gov.vn/', text: '', kind: 'area', region: 'main' },
  ],
});

/** The portal's "Liên kết website" page, reached by sampling. */
const LINKS_PAGE = makePage({
  url: 'https://www.hanoi.gov.vn/lien-ket-website',
  links: [
    { href: 'https://sonv.hanoi.gov.vn/', text: 'Sở Nội vụ', region: 'link-block' },
    { href: 'https://SOTTTT.hanoi.gov.vn./gioi-thieu', text: 'Sở TT&TT (giới thiệu)', region: 'link-block' },
    { href: 'https://moh.gov.vn/', text: 'Bộ Y tế', region: 'link-block' },
    { href: 'https://ict-hanoi.gov.vn/', text: 'Trung tâm CNTT', region: 'main' },
  ],
});

describe('discoverComponents on a portal', () => {
  const candidates = discoverComponents({ host: 'www.hanoi.gov.vn' }, [HOMEPAGE, LINKS_PAGE]);

  it('finds one candidate per site, in order of first appearance', () => {
    // Prepare: the pages above
    // Act: done once above
    // Assess
    expect(candidates.map((c) => c.host)).toEqual([
      'sotttt.hanoi.gov.vn',
      'congthuonghn.gov.vn',
      'xaphuthuong.hanoi.gov.vn',
      'mic.gov.vn',
      'sokhdt.hanoi.gov.vn',
      'sonv.hanoi.gov.vn',
      'moh.gov.vn',
    ]);
  });

  it.each([
    {
      host: 'sotttt.hanoi.gov.vn',
      expected: { url: 'http://sotttt.hanoi.gov.vn/', foundOn: 'https://www.hanoi.gov.vn/', onHomepage: true, kind: 'a', region: 'link-block', text: 'Sở Thông tin và Truyền thông' },
    },
    {
      host: 'congthuonghn.gov.vn',
      expected: { url: 'http://congthuonghn.gov.vn:8080/', onHomepage: true, kind: 'option', region: 'select-widget', text: 'Sở Công Thương' },
    },
    {
      host: 'xaphuthuong.hanoi.gov.vn',
      expected: { url: 'https://xaphuthuong.hanoi.gov.vn/', onHomepage: true, kind: 'option', region: 'select-widget' },
    },
    { host: 'mic.gov.vn', expected: { onHomepage: true, kind: 'a', region: 'footer' } },
    { host: 'sokhdt.hanoi.gov.vn', expected: { onHomepage: true, kind: 'area', region: 'main' } },
    {
      host: 'sonv.hanoi.gov.vn',
      expected: { url: 'https://sonv.hanoi.gov.vn/', foundOn: 'https://www.hanoi.gov.vn/lien-ket-website', onHomepage: false, region: 'link-block', text: 'Sở Nội vụ' },
    },
    {
      // Qualifies through the links page's link block; the homepage links it in the main text, so it counts as on the homepage.
      host: 'moh.gov.vn',
      expected: { url: 'https://moh.gov.vn/', foundOn: 'https://www.hanoi.gov.vn/', onHomepage: true, region: 'main', text: 'Bộ Y tế hướng dẫn phòng dịch' },
    },
  ])('$host: where and how it was found', ({ host, expected }) => {
    // Prepare
    // Act
    const candidate = candidates.find((c) => c.host === host);
    // Assess
    expect(candidate).toMatchObject(expected);
  });

  it.each([
    { host: 'hanoi.gov.vn', why: 'the portal itself' },
    { host: 'baochinhphu.vn', why: 'not a .gov.vn host nor under the portal domain' },
    { host: 'mail.hanoi.gov.vn', why: 'a mail service' },
    { host: 'vanban.hanoi.gov.vn', why: 'seen only through a file download' },
    { host: 'tinnhiemmang.vn', why: 'the trust badge' },
    { host: 'f-emc.ngsp.gov.vn', why: 'the EMC service' },
    { host: 'gov.vn', why: 'a public suffix, not a site' },
    { host: 'ict-hanoi.gov.vn', why: 'another .gov.vn host outside any link list' },
  ])('never $host ($why)', ({ host }) => {
    // Prepare
    // Act
    const hosts = candidates.map((c) => c.host);
    // Assess
    expect(hosts).not.toContain(host);
  });
});

describe('discoverComponents edge cases', () => {
  it('finds nothing on a page without candidate links', () => {
    // Prepare
    const page = makePage({ url: 'https://hanoi.gov.vn/', links: [{ href: '/gioi-thieu', text: 'Giới thiệu', region: 'nav' }] });
    // Act
    const candidates = discoverComponents({ host: 'hanoi.gov.vn' }, [page]);
    // Assess
    expect(candidates).toEqual([]);
  });

  it('finds nothing without pages', () => {
    // Prepare
    // Act
    const candidates = discoverComponents({ host: 'hanoi.gov.vn' }, []);
    // Assess
    expect(candidates).toEqual([]);
  });

  it('does not take the parent domain of a subdomain portal for a component, but keeps its siblings', () => {
    // Prepare
    const page = makePage({
      url: 'https://sotttt.hanoi.gov.vn/',
      links: [
        { href: 'https://hanoi.gov.vn/', text: 'Cổng TTĐT Hà Nội', region: 'header' },
        { href: 'https://www.hanoi.gov.vn/tin-tuc', text: 'Tin tức thành phố', region: 'main' },
        { href: 'https://sonv.hanoi.gov.vn/', text: 'Sở Nội vụ', region: 'footer' },
      ],
    });
    // Act
    const candidates = discoverComponents({ host: 'sotttt.hanoi.gov.vn' }, [page]);
    // Assess
    expect(candidates.map((c) => c.host)).toEqual(['sonv.hanoi.gov.vn']);
  });

  it('on a portal reached by IP address, keeps only .gov.vn hosts of link lists', () => {
    // Prepare
    const page = makePage({
      url: 'http://203.113.131.2/',
      links: [
        { href: 'https://sotttt.hanoi.gov.vn/', text: 'Sở TT&TT', region: 'main' },
        { href: 'https://sonv.hanoi.gov.vn/', text: 'Sở Nội vụ', region: 'footer' },
      ],
    });
    // Act
    const candidates = discoverComponents({ host: '203.113.131.2' }, [page]);
    // Assess
    expect(candidates.map((c) => c.host)).toEqual(['sonv.hanoi.gov.vn']);
  });

  it('prefers an anchor with text on the homepage as evidence over an option seen first', () => {
    // Prepare
    const page = makePage({
      url: 'https://hanoi.gov.vn/',
      links: [
        { href: 'https://sonv.hanoi.gov.vn/', text: 'Sở Nội vụ', kind: 'option', region: 'select-widget' },
        { href: 'https://sonv.hanoi.gov.vn/', text: '', kind: 'a', region: 'main' },
        { href: 'https://www.sonv.hanoi.gov.vn/gioi-thieu', text: 'Giới thiệu Sở Nội vụ', kind: 'a', region: 'footer' },
      ],
    });
    // Act
    const [candidate] = discoverComponents({ host: 'hanoi.gov.vn' }, [page]);
    // Assess
    expect(candidate).toMatchObject({ host: 'sonv.hanoi.gov.vn', url: 'https://sonv.hanoi.gov.vn/', kind: 'a', region: 'footer', text: 'Giới thiệu Sở Nội vụ' });
  });
});
