import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckContext } from '../../functions/core/checks/check.ts';
import { componentLinksPortal } from '../../functions/core/checks/component-links-portal.ts';
import { portalLinksComponents, type ComponentLinkStatus } from '../../functions/core/checks/portal-links-components.ts';
import { parsePage } from '../../functions/core/page/parse-page.ts';
import { renderedLinks } from '../../functions/core/page/rendered-links.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/pages');
const HOME = 'https://haiphong.gov.vn/';
/** A full portal homepage as served (select widget of departments, news, footer). */
const SERVED = readFileSync(join(FIXTURES, 'pass-canonical-head.html'), 'utf8');

/**
 * The same page as Chromium serialises it after its scripts ran: a "Liên kết website" box
 * filled from a JSON fetch, select options added by code, a web component's shadow root with
 * links, an inert template, another site's iframe and a noscript fallback.
 */
const RENDERED = SERVED
  .replace('</select>', `<option value="https://sonnptnt.haiphong.gov.vn/">Sở Nông nghiệp và Phát triển nông thôn</option>\n</select>`)
  .replace('<footer class="footer">', `<div class="box box-lien-ket"><h3 class="box-title">Các quận, huyện</h3><ul id="ds-lien-ket">
<li><a href="https://hongbang.haiphong.gov.vn/" target="_blank">Quận Hồng Bàng</a></li>
<li><a href="//ngoquyen.haiphong.gov.vn/trang-chu" target="_blank"><img src="/logo-nq.png" alt="Quận Ngô Quyền"></a></li>
</ul></div>
<lien-ket-website><template shadowrootmode="closed"><h3>Đơn vị sự nghiệp</h3><ul><li><a href="https://tttt.haiphong.gov.vn/">Trung tâm Thông tin</a></li></ul></template></lien-ket-website>
<template id="mau-lien-ket"><a href="https://mau.haiphong.gov.vn/">mẫu</a></template>
<iframe src="https://thongke.opencps.vn/widget"></iframe>
<noscript><a href="https://noscript.haiphong.gov.vn/">bản không script</a></noscript>
<footer class="footer">`);

function context(served: string, rendered: string | undefined, components: string[]): CheckContext {
  const homepage = parsePage(served, HOME);
  return {
    target: { url: HOME, role: 'portal', components },
    homepage,
    pages: [homepage],
    discovered: [],
    ...(rendered !== undefined ? { renderedHomepage: { links: renderedLinks(rendered, HOME) } } : {}),
  };
}

describe('renderedLinks: the links of the rendered DOM snapshot', () => {
  it('reads anchors, image links, shadow-root links and script-added options, with regions and texts', () => {
    // Act
    const links = renderedLinks(RENDERED, HOME);
    const byHost = new Map(links.map((l) => [l.host, l]));
    // Assess
    expect(byHost.get('hongbang.haiphong.gov.vn')).toMatchObject({ kind: 'a', text: 'Quận Hồng Bàng', region: 'link-block', url: 'https://hongbang.haiphong.gov.vn/' });
    expect(byHost.get('ngoquyen.haiphong.gov.vn')).toMatchObject({ kind: 'a', text: 'Quận Ngô Quyền', url: 'https://ngoquyen.haiphong.gov.vn/trang-chu' });
    expect(byHost.get('tttt.haiphong.gov.vn')).toMatchObject({ kind: 'a', text: 'Trung tâm Thông tin' });
    expect(byHost.get('sonnptnt.haiphong.gov.vn')).toMatchObject({ kind: 'option', region: 'select-widget' });
    expect(byHost.get('sotuphap.haiphong.gov.vn')).toMatchObject({ kind: 'option', text: 'Sở Tư pháp' });
  });

  it('leaves out inert templates, noscript fallbacks and other sites\' iframes', () => {
    // Act
    const hosts = new Set(renderedLinks(RENDERED, HOME).map((l) => l.host));
    // Assess
    expect(hosts.has('mau.haiphong.gov.vn')).toBe(false);
    expect(hosts.has('noscript.haiphong.gov.vn')).toBe(false);
    expect(hosts.has('thongke.opencps.vn')).toBe(false);
  });

  it('gives the same links as the static parser on a page no script changed', () => {
    // Act
    const rendered = renderedLinks(SERVED, HOME).map((l) => `${l.kind} ${l.url} ${l.region} ${l.text}`);
    const served = parsePage(SERVED, HOME).links.map((l) => `${l.kind} ${l.url} ${l.region} ${l.text}`);
    // Assess
    expect(rendered).toEqual(served);
  });
});

describe('2.2b / 2.2c on the union of both tiers', () => {
  const COMPONENTS = ['https://sotuphap.haiphong.gov.vn', 'https://hongbang.haiphong.gov.vn', 'https://tttt.haiphong.gov.vn', 'https://sonnptnt.haiphong.gov.vn'];

  it('static tier alone fails the components only scripts link; with the rendered DOM they pass, each saying its tier', () => {
    // Act
    const statically = portalLinksComponents.run(context(SERVED, undefined, COMPONENTS));
    const both = portalLinksComponents.run(context(SERVED, RENDERED, COMPONENTS));
    // Assess
    expect(statically.verdict).toBe('fail');
    expect(statically.summary.en).toContain('3/4');
    expect(both.verdict).toBe('pass');
    const tiers = Object.fromEntries((both.data?.components as ComponentLinkStatus[]).map((c) => [c.host, c.tier]));
    expect(tiers).toEqual({
      'sotuphap.haiphong.gov.vn': 'static',
      'hongbang.haiphong.gov.vn': 'rendered',
      'tttt.haiphong.gov.vn': 'rendered',
      'sonnptnt.haiphong.gov.vn': 'rendered',
    });
    expect(both.evidence.filter((e) => e.tier === 'rendered')).toHaveLength(3);
    expect(both.warnings.map((w) => w.en).join(' ')).toContain('present only once the page\'s scripts ran');
  });

  it('a component linked only inside another site\'s iframe or a template still fails', () => {
    // Act
    const result = portalLinksComponents.run(context(SERVED, RENDERED, ['https://mau.haiphong.gov.vn']));
    // Assess
    expect(result.verdict).toBe('fail');
  });

  it('2.2c: a portal link added after load counts, www. and http:// variants included', () => {
    // Prepare
    const component = 'https://sotuphap.haiphong.gov.vn/';
    const served = SERVED.replace(/(?:https:)?\/\/haiphong\.gov\.vn\/?/g, 'https://example.invalid/');
    const rendered = served.replace('<footer class="footer">', '<footer class="footer"><p id="truc-thuoc">Trực thuộc <a href="http://www.haiphong.gov.vn">Cổng TTĐT thành phố Hải Phòng</a></p>');
    const homepage = parsePage(served, component);
    const base = { target: { url: component, role: 'component' as const, parentUrl: HOME }, homepage, pages: [homepage], discovered: [] };
    // Act
    const statically = componentLinksPortal.run(base);
    const both = componentLinksPortal.run({ ...base, renderedHomepage: { links: renderedLinks(rendered, component) } });
    // Assess
    expect(statically.verdict).toBe('fail');
    expect(both.verdict).toBe('pass');
    expect(both.evidence[0]).toMatchObject({ kind: 'link', tier: 'rendered', region: 'footer', href: 'http://www.haiphong.gov.vn' });
  });
});
