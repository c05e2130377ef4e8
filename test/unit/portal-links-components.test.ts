import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { criterionApplies } from '../../functions/core/criteria.ts';
import type { CheckContext } from '../../functions/core/checks/check.ts';
import { portalLinksComponents, type ComponentLinkStatus } from '../../functions/core/checks/portal-links-components.ts';
import { discoverComponents } from '../../functions/core/discovery.ts';
import type { PageModel } from '../../functions/core/page/page-model.ts';
import { parsePage } from '../../functions/core/page/parse-page.ts';
import { selectSamplePages } from '../../functions/core/sampling.ts';
import type { AuditTarget } from '../../functions/core/types.ts';
import { LINK_FLOOD_LINKS, withLinkFlood } from '../../local/sim-web/hostile-pages.ts';
import { makePage, type LinkSpec } from '../support/page-factory.ts';

const PORTAL = 'https://hanoi.gov.vn/';

/** Header and navigation every homepage below shares: none of it links to a component. */
const CHROME: LinkSpec[] = [
  { href: '/', text: 'Trang chủ', region: 'header' },
  { href: '/gioi-thieu', text: 'Giới thiệu', region: 'nav' },
  { href: '/lien-ket-website', text: 'Liên kết website', region: 'footer' },
];

/** Builds the context the engine would: homepage first, discovery on every page. */
function portalContext(homeLinks: LinkSpec[], target: Partial<AuditTarget> = {}, deeperLinks: LinkSpec[] = []): CheckContext {
  const homepage = makePage({ url: PORTAL, links: [...CHROME, ...homeLinks] });
  const pages: PageModel[] = [homepage];
  if (deeperLinks.length > 0) pages.push(makePage({ url: `${PORTAL}lien-ket-website`, links: deeperLinks }));
  return {
    target: { url: PORTAL, role: 'portal', ...target },
    homepage,
    pages,
    discovered: discoverComponents({ host: homepage.host }, pages),
  };
}

describe('portal-links-components applies to portals only', () => {
  it.each([
    { role: 'portal' as const, applies: true },
    { role: 'component' as const, applies: false },
    { role: 'standalone' as const, applies: false },
  ])('$role → $applies', ({ role, applies }) => {
    // Prepare
    // Act
    const result = criterionApplies('portal-links-components', role);
    // Assess
    expect(result).toBe(applies);
  });
});

describe('portal-links-components verdicts', () => {
  it.each([
    {
      name: 'explicit components linked by www/no-www, http/https and a deeper page',
      homeLinks: [
        { href: 'http://www.sotttt.hanoi.gov.vn/', text: 'Sở TT&TT', region: 'link-block' },
        { href: 'https://sonv.hanoi.gov.vn/gioi-thieu/lanh-dao.html', text: 'Lãnh đạo Sở Nội vụ', region: 'main' },
      ] as LinkSpec[],
      components: ['https://sotttt.hanoi.gov.vn', 'http://www.sonv.hanoi.gov.vn/'],
      verdict: 'pass',
      linked: 2,
      total: 2,
    },
    {
      name: 'explicit off-pattern component with a port, linked through a select widget option',
      homeLinks: [
        { href: 'http://congthuonghn.gov.vn:8080/Default.aspx', text: 'Sở Công Thương Hà Nội', kind: 'option', region: 'select-widget' },
      ] as LinkSpec[],
      components: ['congthuonghn.gov.vn:8080'],
      verdict: 'pass',
      linked: 1,
      total: 1,
    },
    {
      name: 'explicit component on a port linked without the port (hosts compared, ports ignored)',
      homeLinks: [{ href: 'http://congthuonghn.gov.vn/', text: 'Sở Công Thương', region: 'footer' }] as LinkSpec[],
      components: ['http://congthuonghn.gov.vn:8080/'],
      verdict: 'pass',
      linked: 1,
      total: 1,
    },
    {
      name: 'explicit off-pattern component not linked',
      homeLinks: [{ href: 'https://sotttt.hanoi.gov.vn/', text: 'Sở TT&TT', region: 'link-block' }] as LinkSpec[],
      components: ['https://sotttt.hanoi.gov.vn/', 'congthuonghn.gov.vn:8080'],
      verdict: 'fail',
      linked: 1,
      total: 2,
    },
  ])('$name → $verdict', ({ homeLinks, components, verdict, linked, total }) => {
    // Prepare
    const context = portalContext(homeLinks, { components });
    // Act
    const result = portalLinksComponents.run(context);
    // Assess
    expect(result.id).toBe('portal-links-components');
    expect(result.verdict).toBe(verdict);
    expect(result.data).toMatchObject({ linked, total });
    expect(result.evidence).toHaveLength(total);
  });

  it('reports how each registry component is linked: kind, region, href and text', () => {
    // Prepare
    const context = portalContext(
      [
        { href: 'http://congthuonghn.gov.vn:8080/', text: 'Sở Công Thương', kind: 'option', region: 'select-widget' },
        { href: 'https://www.sotttt.hanoi.gov.vn/', text: 'Sở Thông tin và Truyền thông', region: 'footer' },
        { href: 'https://sokhdt.hanoi.gov.vn/', text: '', kind: 'area', region: 'main' },
      ],
      { components: ['http://congthuonghn.gov.vn:8080', 'sotttt.hanoi.gov.vn', 'https://sokhdt.hanoi.gov.vn/'] },
    );
    // Act
    const result = portalLinksComponents.run(context);
    // Assess
    const components = (result.data as { components: ComponentLinkStatus[] }).components;
    expect(components).toEqual([
      { host: 'congthuonghn.gov.vn', url: 'http://congthuonghn.gov.vn:8080/', source: 'registry', linked: true, kind: 'option', region: 'select-widget', href: 'http://congthuonghn.gov.vn:8080/', text: 'Sở Công Thương' },
      { host: 'sotttt.hanoi.gov.vn', url: 'https://sotttt.hanoi.gov.vn/', source: 'registry', linked: true, kind: 'a', region: 'footer', href: 'https://www.sotttt.hanoi.gov.vn/', text: 'Sở Thông tin và Truyền thông' },
      { host: 'sokhdt.hanoi.gov.vn', url: 'https://sokhdt.hanoi.gov.vn/', source: 'registry', linked: true, kind: 'area', region: 'main', href: 'https://sokhdt.hanoi.gov.vn/', text: '' },
    ]);
    expect(result.evidence.map((e) => e.kind)).toEqual(['option', 'link', 'link']);
    expect(result.evidence[0]).toMatchObject({ pageUrl: PORTAL, region: 'select-widget', text: 'Sở Công Thương' });
    expect(result.summary.vi).toBe('Trang chủ có liên kết tới đủ 3/3 trang thành phần');
    expect(result.warnings).toEqual([]);
  });

  it('fails naming a component found only on a deeper page, saying where it was found', () => {
    // Prepare
    const context = portalContext(
      [{ href: 'https://sotttt.hanoi.gov.vn/', text: 'Sở TT&TT', region: 'link-block' }],
      {},
      [
        { href: 'https://sotttt.hanoi.gov.vn/', text: 'Sở Thông tin và Truyền thông', region: 'link-block' },
        { href: 'https://sonv.hanoi.gov.vn/', text: 'Sở Nội vụ', region: 'link-block' },
      ],
    );
    // Act
    const result = portalLinksComponents.run(context);
    // Assess
    expect(result.verdict).toBe('fail');
    expect(result.summary.vi).toBe('Trang chủ thiếu liên kết tới 1/2 trang thành phần: sonv.hanoi.gov.vn');
    expect(result.summary.en).toBe('The homepage does not link to 1/2 component sites: sonv.hanoi.gov.vn');
    expect(result.hint?.vi).toContain('trang chủ');
    expect(result.evidence).toContainEqual({
      kind: 'note',
      pageUrl: 'https://hanoi.gov.vn/lien-ket-website',
      href: 'https://sonv.hanoi.gov.vn/',
      text: 'Sở Nội vụ',
      region: 'link-block',
    });
    expect(result.data).toMatchObject({
      components: [
        { host: 'sotttt.hanoi.gov.vn', source: 'discovered', linked: true },
        { host: 'sonv.hanoi.gov.vn', source: 'discovered', linked: false },
      ],
      linked: 1,
      total: 2,
    });
    expect(result.warnings.map((w) => w.en)).toEqual(['The component list was discovered from links and is not confirmed']);
  });

  it('merges explicit and discovered candidates by site, explicit first and marked registry', () => {
    // Prepare
    const context = portalContext(
      [
        { href: 'https://www.sotttt.hanoi.gov.vn/', text: 'Sở TT&TT', region: 'link-block' },
        { href: 'https://xaphuthuong.hanoi.gov.vn/', text: 'Xã Phú Thượng', kind: 'option', region: 'select-widget' },
      ],
      { components: ['http://sotttt.hanoi.gov.vn', 'congthuonghn.gov.vn:8080'] },
    );
    // Act
    const result = portalLinksComponents.run(context);
    // Assess
    expect(result.verdict).toBe('fail');
    const components = (result.data as { components: ComponentLinkStatus[] }).components;
    expect(components.map(({ host, source, linked }) => ({ host, source, linked }))).toEqual([
      { host: 'sotttt.hanoi.gov.vn', source: 'registry', linked: true },
      { host: 'congthuonghn.gov.vn', source: 'registry', linked: false },
      { host: 'xaphuthuong.hanoi.gov.vn', source: 'discovered', linked: true },
    ]);
    expect(result.evidence[1]).toEqual({ kind: 'note', href: 'https://congthuonghn.gov.vn:8080/' });
    expect(result.warnings).toEqual([]);
  });

  it('names at most five missing components in the summary', () => {
    // Prepare
    const components = ['so1', 'so2', 'so3', 'so4', 'so5', 'so6', 'so7'].map((name) => `${name}.hanoi.gov.vn`);
    const context = portalContext([], { components });
    // Act
    const result = portalLinksComponents.run(context);
    // Assess
    expect(result.verdict).toBe('fail');
    expect(result.summary.vi).toBe(
      'Trang chủ thiếu liên kết tới 7/7 trang thành phần: so1.hanoi.gov.vn, so2.hanoi.gov.vn, so3.hanoi.gov.vn, so4.hanoi.gov.vn, so5.hanoi.gov.vn và 2 trang khác',
    );
    expect(result.summary.en).toMatch(/and 2 more$/);
  });

  it('is unknown and asks for the list when no candidate is known', () => {
    // Prepare
    const context = portalContext([{ href: 'https://baochinhphu.vn/', text: 'Báo Chính phủ', region: 'link-block' }]);
    // Act
    const result = portalLinksComponents.run(context);
    // Assess
    expect(result.verdict).toBe('unknown');
    expect(result.hint?.vi).toContain('--components');
    expect(result.hint?.en).toContain('--components');
    expect(result.data).toEqual({ components: [], linked: 0, total: 0 });
  });

  it('skips invalid registry entries and the portal itself, with a warning for the invalid one', () => {
    // Prepare
    const context = portalContext([], { components: ['javascript:alert(1)', 'https://www.hanoi.gov.vn/'] });
    // Act
    const result = portalLinksComponents.run(context);
    // Assess
    expect(result.verdict).toBe('unknown');
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0].vi).toContain('javascript:alert(1)');
    expect(result.warnings[0].en).toContain('Unsupported scheme');
  });
});

/** A provincial portal homepage as served: header menu, a select widget, a "Liên kết website" box, a footer. */
const PORTAL_HOMEPAGE_HTML = `<!DOCTYPE html>
<html lang="vi">
<head>
  <meta charset="utf-8">
  <title>Cổng Thông tin điện tử Thành phố Hà Nội</title>
  <link rel="stylesheet" href="/css/site.css">
</head>
<body>
  <div id="header" class="header-wrap">
    <a href="/" class="logo"><img src="/images/logo.png" alt="Cổng TTĐT Hà Nội"></a>
    <a href="https://mail.hanoi.gov.vn/owa">Thư công vụ</a>
  </div>
  <ul class="main-menu">
    <li><a href="/">Trang chủ</a></li>
    <li><a href="/gioi-thieu">Giới thiệu</a></li>
    <li><a href="/tin-tuc/">Tin tức - Sự kiện</a></li>
    <li><a href="javascript:void(0)">Dịch vụ công</a></li>
  </ul>
  <main>
    <article>
      <h2><a href="/tin-tuc/ha-noi-chuyen-doi-so-2024.html">Hà Nội đẩy mạnh chuyển đổi số</a></h2>
      <p>Theo <a href="https://sotttt.hanoi.gov.vn/tin-tuc/chuyen-doi-so">Sở Thông tin và Truyền thông</a>, …</p>
      <a href="/Uploads/van-ban/KH-123.pdf">Tải kế hoạch 123</a>
    </article>
    <div class="box-lienket">
      <h3>Liên kết website</h3>
      <select onchange="window.open(this.value)">
        <option value="0">-- Sở, ban, ngành --</option>
        <option value="http://congthuonghn.gov.vn:8080/">Sở Công Thương</option>
        <option value="https://www.sokhdt.hanoi.gov.vn/">Sở Kế hoạch và Đầu tư</option>
      </select>
    </div>
  </main>
  <footer>
    <p>Cơ quan chủ quản: UBND Thành phố Hà Nội</p>
    <a href="/lien-ket-website">Xem tất cả liên kết website</a>
    <a href="mailto:banbientap@hanoi.gov.vn">banbientap@hanoi.gov.vn</a>
    <a href="https://tinnhiemmang.vn/danh-ba-tin-nhiem/hanoigovvn-1656040826"><img src="https://tinnhiemmang.vn/handle_cert?id=hanoi.gov.vn" alt="Chứng nhận Tín Nhiệm Mạng"></a>
  </footer>
</body>
</html>`;

/** The portal's "Liên kết website" page: the full list, including a department the homepage forgets. */
const PORTAL_LINKS_PAGE_HTML = `<!DOCTYPE html>
<html lang="vi">
<head><meta charset="utf-8"><title>Liên kết website - Cổng TTĐT Hà Nội</title></head>
<body>
  <ul class="main-menu"><li><a href="/">Trang chủ</a></li></ul>
  <div class="weblink-list">
    <ul>
      <li><a href="http://congthuonghn.gov.vn:8080/">Sở Công Thương</a></li>
      <li><a href="https://sokhdt.hanoi.gov.vn/">Sở Kế hoạch và Đầu tư</a></li>
      <li><a href="https://sonv.hanoi.gov.vn/">Sở Nội vụ</a></li>
      <li><a href="https://sotttt.hanoi.gov.vn/">Sở Thông tin và Truyền thông</a></li>
    </ul>
  </div>
</body>
</html>`;

describe('portal-links-components on parsed pages', () => {
  it('samples the links page, discovers a department listed only there, and fails naming it', () => {
    // Prepare
    const homepage = parsePage(PORTAL_HOMEPAGE_HTML, 'https://hanoi.gov.vn/');
    const sampled = selectSamplePages(homepage, 3);
    const pages = [homepage, parsePage(PORTAL_LINKS_PAGE_HTML, sampled[0])];
    const discovered = discoverComponents({ host: homepage.host }, pages);
    const context: CheckContext = { target: { url: 'https://hanoi.gov.vn/', role: 'portal' }, homepage, pages, discovered };
    // Act
    const result = portalLinksComponents.run(context);
    // Assess
    expect(sampled).toEqual(['https://hanoi.gov.vn/lien-ket-website', 'https://hanoi.gov.vn/gioi-thieu', 'https://hanoi.gov.vn/tin-tuc/']);
    expect(result.verdict).toBe('fail');
    expect(result.summary.vi).toBe('Trang chủ thiếu liên kết tới 1/4 trang thành phần: sonv.hanoi.gov.vn');
    expect(result.data).toMatchObject({
      components: [
        { host: 'sotttt.hanoi.gov.vn', source: 'discovered', linked: true, kind: 'a', region: 'main', text: 'Sở Thông tin và Truyền thông' },
        { host: 'congthuonghn.gov.vn', source: 'discovered', linked: true, kind: 'option', region: 'select-widget', text: 'Sở Công Thương' },
        { host: 'sokhdt.hanoi.gov.vn', source: 'discovered', linked: true, kind: 'option', region: 'select-widget' },
        { host: 'sonv.hanoi.gov.vn', source: 'discovered', linked: false },
      ],
      linked: 3,
      total: 4,
    });
    expect(result.evidence[3]).toMatchObject({ kind: 'note', pageUrl: 'https://hanoi.gov.vn/lien-ket-website', text: 'Sở Nội vụ', region: 'link-block' });
  });

  it('passes when the registry lists only the components the homepage links', () => {
    // Prepare
    const homepage = parsePage(PORTAL_HOMEPAGE_HTML, 'https://www.hanoi.gov.vn/');
    const context: CheckContext = {
      target: { url: 'https://www.hanoi.gov.vn/', role: 'portal', components: ['congthuonghn.gov.vn:8080', 'https://sotttt.hanoi.gov.vn/'] },
      homepage,
      pages: [homepage],
      discovered: [],
    };
    // Act
    const result = portalLinksComponents.run(context);
    // Assess
    expect(result.verdict).toBe('pass');
    expect(result.data).toMatchObject({ linked: 2, total: 2 });
  });
});

describe('portal-links-components and sites outside the portal domain', () => {
  it('does not fail the portal for a ministry listed only on its links page, but names it for confirmation', () => {
    // Prepare: the links page lists a department (same domain) and two ministries.
    const context = portalContext(
      [{ href: 'https://sotc.hanoi.gov.vn/', text: 'Sở Tài chính', region: 'link-block' }],
      {},
      [
        { href: 'https://sotc.hanoi.gov.vn/', text: 'Sở Tài chính', region: 'link-block' },
        { href: 'https://moh.gov.vn/', text: 'Bộ Y tế', region: 'link-block' },
        { href: 'https://mof.gov.vn/', text: 'Bộ Tài chính', region: 'link-block' },
      ],
    );
    // Act
    const result = portalLinksComponents.run(context);
    // Assess
    expect(result.verdict).toBe('pass');
    expect((result.data as { total: number }).total).toBe(1);
    expect(result.warnings.map((w) => w.en).join(' ')).toMatch(/moh\.gov\.vn, mof\.gov\.vn/);
  });

  it('counts such a site once an evaluator lists it explicitly', () => {
    const context = portalContext([], { components: ['https://moh.gov.vn/'] }, [{ href: 'https://moh.gov.vn/', text: 'Bộ Y tế', region: 'link-block' }]);
    const result = portalLinksComponents.run(context);
    expect(result.verdict).toBe('fail');
    expect(result.summary.en).toContain('moh.gov.vn');
  });
});

describe('portal-links-components on a link flood (one lookup per link, not per pair)', () => {
  it('judges a portal homepage padded with 20,000 component links', () => {
    // Prepare: a real homepage with a 20,000-entry "Liên kết website" block (0.9 MB)
    const html = withLinkFlood(readFileSync(join(import.meta.dirname, '../fixtures/pages/pass-canonical-head.html'), 'utf8'), 'haiphong.gov.vn');
    const homepage = parsePage(html, 'https://haiphong.gov.vn/');
    const context: CheckContext = {
      target: { url: 'https://haiphong.gov.vn/', role: 'portal', components: ['https://don-vi-7.haiphong.gov.vn/', 'https://so-moi.haiphong.gov.vn/'] },
      homepage,
      pages: [homepage],
      discovered: discoverComponents({ host: homepage.host }, [homepage]),
    };
    // Act
    const result = portalLinksComponents.run(context);
    // Assess: every flood site is one candidate (the listed one not twice), the unlinked one fails the portal
    expect(result.verdict).toBe('fail');
    expect(context.discovered.length).toBeGreaterThanOrEqual(LINK_FLOOD_LINKS);
    expect(result.data?.total).toBe(context.discovered.length + 1);
    expect(result.data?.linked).toBe(context.discovered.length);
    expect(result.summary.en).toContain(`does not link to 1/${context.discovered.length + 1} component sites: so-moi.haiphong.gov.vn`);
  }, 30_000);
});
