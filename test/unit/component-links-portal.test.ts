import { describe, expect, it } from 'vitest';
import { criterionApplies } from '../../functions/core/criteria.ts';
import type { CheckContext } from '../../functions/core/checks/check.ts';
import { componentLinksPortal } from '../../functions/core/checks/component-links-portal.ts';
import { parsePage } from '../../functions/core/page/parse-page.ts';
import type { AuditTarget } from '../../functions/core/types.ts';
import { makePage, type LinkSpec } from '../support/page-factory.ts';

/** Header, navigation and footer of a provincial department's site; tests add the parent link. */
const CHROME: LinkSpec[] = [
  { href: '/', text: 'Trang chủ', region: 'header' },
  { href: '/gioi-thieu', text: 'Giới thiệu', region: 'nav' },
  { href: 'https://sonv.hanoi.gov.vn/', text: 'Sở Nội vụ', region: 'link-block' },
  { href: 'mailto:sotttt@hanoi.gov.vn', text: 'Liên hệ', region: 'footer' },
];

function componentContext(url: string, links: LinkSpec[], target: Partial<AuditTarget> = {}): CheckContext {
  const homepage = makePage({ url, links: [...CHROME, ...links] });
  return { target: { url, role: 'component', ...target }, homepage, pages: [homepage], discovered: [] };
}

describe('component-links-portal applies to components only', () => {
  it.each([
    { role: 'portal' as const, applies: false },
    { role: 'component' as const, applies: true },
    { role: 'standalone' as const, applies: false },
  ])('$role → $applies', ({ role, applies }) => {
    // Prepare
    // Act
    const result = criterionApplies('component-links-portal', role);
    // Assess
    expect(result).toBe(applies);
  });
});

describe('component-links-portal verdicts', () => {
  it.each([
    {
      name: 'given parent, linked with www and http',
      url: 'https://sotttt.hanoi.gov.vn/',
      links: [{ href: 'http://www.hanoi.gov.vn', text: 'Cổng TTĐT Hà Nội', region: 'header' }] as LinkSpec[],
      target: { parentUrl: 'https://hanoi.gov.vn/', parentSource: 'given' as const },
      verdict: 'pass',
      data: { parentHost: 'hanoi.gov.vn', parentSource: 'given', link: { href: 'http://www.hanoi.gov.vn', text: 'Cổng TTĐT Hà Nội', kind: 'a', region: 'header' } },
      warnings: 0,
    },
    {
      name: 'given parent with www, linked to a deeper page without www',
      url: 'https://sotttt.hanoi.gov.vn/',
      links: [{ href: 'https://hanoi.gov.vn/tin-tuc/thong-bao.html', text: 'Thông báo của Thành phố', region: 'main' }] as LinkSpec[],
      target: { parentUrl: 'www.hanoi.gov.vn' },
      verdict: 'pass',
      data: { parentHost: 'www.hanoi.gov.vn', parentSource: 'given' },
      warnings: 0,
    },
    {
      name: 'off-pattern component with a port, linked to its given parent through a select option',
      url: 'http://congthuonghn.gov.vn:8080/',
      links: [{ href: 'https://hanoi.gov.vn/', text: 'Cổng Thông tin điện tử Hà Nội', kind: 'option', region: 'select-widget' }] as LinkSpec[],
      target: { parentUrl: 'https://hanoi.gov.vn' },
      verdict: 'pass',
      data: { parentHost: 'hanoi.gov.vn', parentSource: 'given', link: { kind: 'option', region: 'select-widget' } },
      warnings: 0,
    },
    {
      name: 'given parent on another port than the link',
      url: 'https://sotttt.hanoi.gov.vn/',
      links: [{ href: 'https://hanoi.gov.vn:8443/', text: 'Cổng TTĐT', kind: 'area', region: 'footer' }] as LinkSpec[],
      target: { parentUrl: 'https://hanoi.gov.vn/' },
      verdict: 'pass',
      data: { link: { kind: 'area' } },
      warnings: 0,
    },
    {
      name: 'inferred parent, linked',
      url: 'https://so-tttt.hanoi.gov.vn/',
      links: [{ href: 'https://hanoi.gov.vn/', text: 'Cổng TTĐT Hà Nội', region: 'footer' }] as LinkSpec[],
      target: {},
      verdict: 'pass',
      data: { parentHost: 'hanoi.gov.vn', parentSource: 'inferred' },
      warnings: 1,
    },
    {
      name: 'parent inferred upstream (registry), linked',
      url: 'https://so-tttt.hanoi.gov.vn/',
      links: [{ href: 'https://hanoi.gov.vn/', text: 'Cổng TTĐT Hà Nội', region: 'footer' }] as LinkSpec[],
      target: { parentUrl: 'https://hanoi.gov.vn/', parentSource: 'inferred' as const },
      verdict: 'pass',
      data: { parentHost: 'hanoi.gov.vn', parentSource: 'inferred' },
      warnings: 1,
    },
    {
      name: 'inferred parent, only a sibling component linked',
      url: 'https://so-tttt.hanoi.gov.vn/',
      links: [{ href: 'https://hanoi.gov.vn.example.com/', text: 'Giả mạo', region: 'footer' }] as LinkSpec[],
      target: {},
      verdict: 'fail',
      data: { parentHost: 'hanoi.gov.vn', parentSource: 'inferred' },
      warnings: 1,
    },
    {
      name: 'given off-pattern parent not linked',
      url: 'https://ict-hanoi.gov.vn/',
      links: [] as LinkSpec[],
      target: { parentUrl: 'https://hanoi.gov.vn/' },
      verdict: 'fail',
      data: { parentHost: 'hanoi.gov.vn', parentSource: 'given' },
      warnings: 0,
    },
    {
      name: 'no parent given and none inferable (the host is a registrable domain)',
      url: 'https://ict-hanoi.gov.vn/',
      links: [{ href: 'https://hanoi.gov.vn/', text: 'Cổng TTĐT Hà Nội', region: 'footer' }] as LinkSpec[],
      target: {},
      verdict: 'unknown',
      data: {},
      warnings: 0,
    },
    {
      name: 'invalid given parent on an IP-addressed site',
      url: 'http://203.113.131.2/',
      links: [] as LinkSpec[],
      target: { parentUrl: 'ftp://hanoi.gov.vn/' },
      verdict: 'unknown',
      data: {},
      warnings: 1,
    },
  ])('$name → $verdict', ({ url, links, target, verdict, data, warnings }) => {
    // Prepare
    const context = componentContext(url, links, target);
    // Act
    const result = componentLinksPortal.run(context);
    // Assess
    expect(result.id).toBe('component-links-portal');
    expect(result.verdict).toBe(verdict);
    expect(result.data).toMatchObject(data);
    expect(result.warnings).toHaveLength(warnings);
    if (verdict !== 'pass') expect(result.hint?.vi).toBeTruthy();
  });

  it('says in the summary, the warning and the evidence what it found', () => {
    // Prepare
    const context = componentContext('https://so-tttt.hanoi.gov.vn/', [
      { href: 'https://hanoi.gov.vn/', text: 'Cổng Thông tin điện tử Hà Nội', kind: 'option', region: 'select-widget' },
      { href: 'https://www.hanoi.gov.vn/', text: 'Cổng TTĐT Hà Nội', region: 'footer' },
    ]);
    // Act
    const result = componentLinksPortal.run(context);
    // Assess
    expect(result.summary.vi).toBe('Trang chủ có liên kết tới cổng thông tin cấp trên hanoi.gov.vn');
    expect(result.warnings[0].vi).toBe('Cổng cấp trên hanoi.gov.vn được suy ra từ tên miền, chưa được xác nhận');
    expect(result.evidence).toEqual([
      { kind: 'link', pageUrl: 'https://so-tttt.hanoi.gov.vn/', href: 'https://www.hanoi.gov.vn/', text: 'Cổng TTĐT Hà Nội', region: 'footer' },
    ]);
  });

  it('fails with a hint naming the parent to link', () => {
    // Prepare
    const context = componentContext('https://so-tttt.hanoi.gov.vn/', [], { parentUrl: 'https://hanoi.gov.vn/' });
    // Act
    const result = componentLinksPortal.run(context);
    // Assess
    expect(result.summary.en).toBe('The homepage does not link to the parent portal hanoi.gov.vn');
    expect(result.hint?.vi).toContain('https://hanoi.gov.vn/');
  });
});

/** A provincial department's homepage as served: the portal link is a banner image in the header. */
const COMPONENT_HOMEPAGE_HTML = `<!DOCTYPE html>
<html lang="vi">
<head><meta charset="utf-8"><title>Sở Thông tin và Truyền thông Hà Nội</title></head>
<body>
  <div class="top-bar">
    <a href="https://www.hanoi.gov.vn/" title="Cổng Thông tin điện tử Thành phố Hà Nội"><img src="/images/banner-cong.png" alt=""></a>
  </div>
  <nav><a href="/">Trang chủ</a> <a href="/gioi-thieu">Giới thiệu</a></nav>
  <main><p>Tin tức hoạt động của Sở.</p></main>
  <div class="footer">© Sở Thông tin và Truyền thông Hà Nội</div>
</body>
</html>`;

describe('component-links-portal on a parsed page', () => {
  it.each([
    { name: 'inferred parent', target: {}, parentSource: 'inferred', warnings: 1 },
    { name: 'given parent', target: { parentUrl: 'hanoi.gov.vn' }, parentSource: 'given', warnings: 0 },
  ])('$name: finds the header banner link to the portal', ({ target, parentSource, warnings }) => {
    // Prepare
    const homepage = parsePage(COMPONENT_HOMEPAGE_HTML, 'https://sotttt.hanoi.gov.vn/');
    const context: CheckContext = { target: { url: 'https://sotttt.hanoi.gov.vn/', role: 'component', ...target }, homepage, pages: [homepage], discovered: [] };
    // Act
    const result = componentLinksPortal.run(context);
    // Assess
    expect(result.verdict).toBe('pass');
    expect(result.warnings).toHaveLength(warnings);
    expect(result.data).toEqual({
      parentHost: 'hanoi.gov.vn',
      parentSource,
      link: { href: 'https://www.hanoi.gov.vn/', text: 'Cổng Thông tin điện tử Thành phố Hà Nội', kind: 'a', region: 'header' },
    });
  });

  it('fails when the same page has lost its portal banner', () => {
    // Prepare
    const html = COMPONENT_HOMEPAGE_HTML.replace(/<div class="top-bar">[\s\S]*?<\/div>/, '');
    const homepage = parsePage(html, 'https://sotttt.hanoi.gov.vn/');
    const context: CheckContext = { target: { url: 'https://sotttt.hanoi.gov.vn/', role: 'component' }, homepage, pages: [homepage], discovered: [] };
    // Act
    const result = componentLinksPortal.run(context);
    // Assess
    expect(result.verdict).toBe('fail');
    expect(result.data).toEqual({ parentHost: 'hanoi.gov.vn', parentSource: 'inferred' });
  });
});
