/**
 * Realistic Vietnamese government pages for the simulated hosts: header with logo and org
 * name, a 12-item menu with dropdowns, news lists with dates and summaries, sidebar boxes, a
 * "Liên kết website" box or select widget, a footer with address and copyright. Each page
 * carries its host's tracking-code shape, badge case and link blocks. Pages are 100–400 KB,
 * deterministic in (seed, host, path), and the shared parts are built once per host.
 */
import type { FleetHost } from './fleet.ts';
import {
  DOCUMENT_TYPES,
  EXTERNAL_LINKS,
  MENU,
  SECTION_TITLES,
  newsItem,
  paragraphs,
  slugify,
} from './phrases.ts';
import { createRandom, hashSeed, type Random } from './random.ts';
import { MATOMO_WIDGET_PATH } from './emc-standin.ts';
import { CSP_NONCE, POLLING_SCRIPT, renderBadgeCase, renderSnippet, type RenderedSnippet } from './snippets.ts';
import { homeUrl, originOf, thirdPartyOrigins, type SimPorts } from './urls.ts';

/** A page as the server sends it (UTF-8 text; the server re-encodes legacy-charset hosts). */
export interface SimPage {
  status: number;
  html: string;
  /** Extra response headers (the shape's Content-Security-Policy). */
  headers?: Record<string, string>;
}

interface Chrome {
  head: string;
  header: string;
  nav: string;
  sidebar: string;
  footer: string;
  bodyEnd: string;
  snippet: RenderedSnippet;
}

const YEAR = 2025;
/** Pages grow by sections until they reach a seeded target inside these bounds (bytes). */
const HOME_SIZE: [number, number] = [160_000, 340_000];
const INNER_SIZE: [number, number] = [110_000, 190_000];
/**
 * Pages kept ready (least recently used evicted). Pages are deterministic, so eviction changes
 * nothing but speed; unbounded, a 2,000-site fleet would hold gigabytes of pages.
 */
const PAGE_CACHE_ENTRIES = 512;

const CSS = `
:root{--mau-chu-dao:#b3001b;--mau-nen:#f5f5f5;--mau-chu:#222}
*{box-sizing:border-box}body{margin:0;font-family:Arial,Helvetica,sans-serif;font-size:14px;color:var(--mau-chu);background:var(--mau-nen)}
a{color:#0b4f9c;text-decoration:none}a:hover{text-decoration:underline}
.container{max-width:1200px;margin:0 auto;display:flex;gap:20px;padding:0 10px}
#header{background:linear-gradient(#fff,#fde9e9);border-bottom:3px solid var(--mau-chu-dao)}
#header .logo{display:flex;align-items:center;gap:14px;padding:12px 0}#header .logo img{width:84px;height:84px}
#header .site-name{color:var(--mau-chu-dao);font-weight:bold;text-transform:uppercase;font-size:24px}
#header .site-slogan{color:#555;font-size:15px}
.top-bar{background:#8c0014;color:#fff;font-size:12px;padding:4px 10px}.top-bar a{color:#fff}
#main-menu{background:var(--mau-chu-dao)}#main-menu>ul{list-style:none;margin:0 auto;padding:0;display:flex;max-width:1200px}
#main-menu li{position:relative}#main-menu a{display:block;color:#fff;padding:10px 12px;font-weight:bold}
#main-menu .sub-menu{display:none;position:absolute;top:100%;left:0;background:#fff;min-width:240px;box-shadow:0 2px 6px rgba(0,0,0,.2);z-index:50;list-style:none;padding:0}
#main-menu li:hover>.sub-menu{display:block}#main-menu .sub-menu a{color:#333;font-weight:normal;border-bottom:1px dotted #ddd}
#content{flex:1 1 auto;min-width:0}#sidebar{flex:0 0 300px}
.section{background:#fff;margin:12px 0;padding:10px;border-top:2px solid var(--mau-chu-dao)}
.section-title{font-size:16px;text-transform:uppercase;color:var(--mau-chu-dao);margin:0 0 10px}
.news-item{display:flex;gap:10px;padding:8px 0;border-bottom:1px solid #eee}.news-thumb img{width:160px;height:100px;object-fit:cover}
.news-title{font-size:15px;margin:0 0 4px}.news-date{color:#888;font-size:12px}.news-summary{margin:4px 0;color:#444;line-height:1.5}
.box{background:#fff;margin:12px 0;padding:10px;border:1px solid #e3e3e3}.box-title{font-size:15px;color:#fff;background:var(--mau-chu-dao);margin:-10px -10px 10px;padding:8px 10px}
.box ul{list-style:none;margin:0;padding:0}.box li{padding:5px 0;border-bottom:1px dashed #ddd}
.form-select{width:100%;padding:6px}
#footer{background:#7a0012;color:#fff;padding:20px 0;margin-top:20px}#footer a{color:#ffd}
.footer-links ul{columns:3;list-style:square}.van-ban table{width:100%;border-collapse:collapse}.van-ban td,.van-ban th{border:1px solid #ddd;padding:6px}
.article-body p{text-align:justify;line-height:1.7}.breadcrumb{font-size:12px;color:#666;margin:10px 0}
.pagination a{display:inline-block;padding:4px 9px;border:1px solid #ccc;margin:2px}
@media (max-width:768px){.container{flex-direction:column}#sidebar{flex:auto}#main-menu>ul{flex-wrap:wrap}}
`;

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function dateOf(rng: Random): string {
  const day = new Date(Date.UTC(YEAR, 0, 1) + rng.int(0, 300) * 86_400_000);
  const dd = String(day.getUTCDate()).padStart(2, '0');
  const mm = String(day.getUTCMonth() + 1).padStart(2, '0');
  return `${dd}/${mm}/${YEAR} ${String(rng.int(7, 17)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`;
}

/** Builds (and caches) the pages of every simulated host. */
export class PageBuilder {
  private readonly byHost: Map<string, FleetHost>;
  private readonly chromes = new Map<string, Chrome>();
  private readonly cached = new Map<string, SimPage>();

  constructor(
    private readonly seed: number,
    private readonly fleet: readonly FleetHost[],
    private readonly ports: SimPorts,
  ) {
    this.byHost = new Map(fleet.map((h) => [h.host, h]));
  }

  /** The page at `path` (no query) of `site`; a 404 page for unknown paths. */
  page(site: FleetHost, path: string, charset = 'utf-8'): SimPage {
    const key = `${site.host}${path}|${charset}`;
    const hit = this.cached.get(key);
    if (hit) {
      // Most recently used last: the oldest entry is the one evicted.
      this.cached.delete(key);
      this.cached.set(key, hit);
      return hit;
    }
    const page = this.render(site, path, charset);
    // Articles are unbounded in number: only the fixed pages are kept.
    if (!path.startsWith('/tin-tuc/')) {
      this.cached.set(key, page);
      if (this.cached.size > PAGE_CACHE_ENTRIES) this.cached.delete(this.cached.keys().next().value!);
    }
    return page;
  }

  /** The components a portal's homepage links (the JSON its `script-json` box fetches). */
  linkedComponents(site: FleetHost): { url: string; ten: string }[] {
    const links = site.portalLinks;
    if (!links) return [];
    return links.components.filter((c) => !links.missing.includes(c)).map((c) => ({ url: this.urlOf(c), ten: this.byHost.get(c)?.org ?? c }));
  }

  /** The tag-manager container script of a `tag-manager` site. */
  tagManagerScript(site: FleetHost): string | undefined {
    return this.chrome(site, 'utf-8').snippet.tagManagerScript;
  }

  /** A third party's widget page (another site) that links `url`: shown in an iframe. */
  private widgetUrl(url: string, name: string): string {
    return `${thirdPartyOrigins(this.ports).matomoHttps}${MATOMO_WIDGET_PATH}?to=${encodeURIComponent(url)}&ten=${encodeURIComponent(name)}`;
  }

  private urlOf(host: string): string {
    return homeUrl(host, this.byHost.get(host)?.scheme ?? 'http', this.ports);
  }

  private render(site: FleetHost, path: string, charset: string): SimPage {
    const rng = createRandom(hashSeed(this.seed, site.host + path));
    const chrome = this.chrome(site, charset);
    let title = site.org;
    let main: string;
    let status = 200;
    let target = rng.int(INNER_SIZE[0], INNER_SIZE[1]);
    if (path === '/' || path === '/index.html' || path === '/trang-chu') {
      target = rng.int(HOME_SIZE[0], HOME_SIZE[1]);
      main = this.homeMain(site, rng, chrome);
    } else if (path === '/lien-ket-website') {
      title = `Liên kết website - ${site.org}`;
      main = this.linksMain(site);
    } else if (path.startsWith('/gioi-thieu')) {
      title = `Giới thiệu - ${site.org}`;
      main = this.introMain(site, rng);
    } else if (/^\/tin-tuc\/[a-z0-9-]+-\d+\.html$/.test(path)) {
      const article = this.articleMain(site, path, rng);
      title = article.title;
      main = article.html;
    } else if (MENU.some((m) => path === m.path || path.startsWith(`${m.path}/`))) {
      const item = MENU.find((m) => path === m.path || path.startsWith(`${m.path}/`))!;
      title = `${item.label} - ${site.org}`;
      main = this.categoryMain(site, item.label, rng);
    } else {
      status = 404;
      target = 0;
      title = 'Không tìm thấy trang';
      main = `<div class="section"><h1>Không tìm thấy trang</h1><p>Trang bạn yêu cầu không tồn tại hoặc đã được chuyển đi. <a href="/">Về trang chủ</a></p></div>`;
    }
    const assemble = (extra: string): string =>
      `<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="${charset}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<meta name="description" content="${escapeHtml(`${site.org} - thông tin chính thống, kịp thời về hoạt động chỉ đạo, điều hành`)}">
${chrome.head}
</head>
<body>
${chrome.header}
${chrome.nav}
<div class="container">
<main id="content">
${main}
${extra}
</main>
${chrome.sidebar}
</div>
${chrome.footer}
${chrome.bodyEnd}
</body>
</html>
`;
    // Grow by whole sections until the page reaches its target size.
    let size = Buffer.byteLength(assemble(''));
    const sections: string[] = [];
    while (size < target) {
      const section = this.newsSection(site, rng, SECTION_TITLES[sections.length % SECTION_TITLES.length], rng.int(6, 10), `s${sections.length}`);
      sections.push(section);
      size += Buffer.byteLength(section);
    }
    return { status, html: assemble(sections.join('')), ...(chrome.snippet.headers ? { headers: chrome.snippet.headers } : {}) };
  }

  private chrome(site: FleetHost, charset: string): Chrome {
    const key = `${site.host}|${charset}`;
    const cached = this.chromes.get(key);
    if (cached) return cached;
    const origins = thirdPartyOrigins(this.ports);
    const snippet = renderSnippet(site.shape, { siteId: site.siteId, origins, browserCase: site.browserCase });
    const badge = renderBadgeCase(site.badge);
    const kind = site.role === 'portal' ? 'CỔNG THÔNG TIN ĐIỆN TỬ' : 'TRANG THÔNG TIN ĐIỆN TỬ';
    const portal = site.parentHost ? this.byHost.get(site.parentHost) : undefined;
    const portalName = portal ? `Cổng Thông tin điện tử ${portal.locality}` : '';

    const topBar =
      site.componentLink === 'links-portal-www-other-scheme' && portal
        ? `<div class="top-bar">Trực thuộc: <a href="${originOf(`www.${portal.host}`, portal.scheme === 'https' ? 'http' : 'https', this.ports)}/">${escapeHtml(portalName)}</a></div>`
        : `<div class="top-bar">Hôm nay: Thứ Hai, ngày 12/05/${YEAR} | <a href="/lien-he">Liên hệ</a> | <a href="/gioi-thieu/so-do-trang">Sơ đồ trang</a></div>`;
    const header = `<header id="header">
${topBar}
<div class="logo"><a href="/"><img src="/images/logo.png" alt="Quốc huy"></a>
<div><div class="site-kind">${kind}</div><div class="site-name">${escapeHtml(site.org)}</div><div class="site-slogan">Thông tin chính thống - Minh bạch - Phục vụ người dân</div></div></div>
<form class="search" action="/tim-kiem" method="get"><input type="text" name="q" placeholder="Nhập từ khóa tìm kiếm..."><button type="submit">Tìm kiếm</button></form>
</header>`;

    const nav = `<nav id="main-menu"><ul class="menu">
<li class="menu-item"><a href="/">Trang chủ</a></li>
${MENU.map(
  (m) =>
    `<li class="menu-item${m.sub.length ? ' has-sub' : ''}"><a href="${m.path}">${m.label}</a>${
      m.sub.length ? `<ul class="sub-menu">${m.sub.map((s) => `<li><a href="${m.path}/${slugify(s)}">${s}</a></li>`).join('')}</ul>` : ''
    }</li>`,
).join('\n')}
</ul></nav>`;

    const linked = site.portalLinks ? site.portalLinks.components.filter((c) => !site.portalLinks!.missing.includes(c)) : [];
    const componentAnchors = linked.map((c) => `<li><a href="${this.urlOf(c)}" target="_blank">${escapeHtml(this.byHost.get(c)?.org ?? c)}</a></li>`).join('\n');
    const componentOptions = linked.map((c) => `<option value="${this.urlOf(c)}">${escapeHtml(this.byHost.get(c)?.org ?? c)}</option>`).join('\n');
    const style = site.portalLinks?.style;

    const linkedData = JSON.stringify(this.linkedComponents(site)).replace(/</g, '\\u003c');
    const boxLinks =
      style === 'box'
        ? `<div class="box box-lien-ket"><h3 class="box-title"><a href="/lien-ket-website">Liên kết website</a></h3><ul>\n${componentAnchors}\n</ul></div>`
        : style === 'script-json'
          ? `<div class="box box-lien-ket"><h3 class="box-title"><a href="/lien-ket-website">Liên kết website</a></h3><ul id="ds-lien-ket"><li class="dang-tai">Đang tải...</li></ul></div>
<script nonce="${CSP_NONCE}">
  fetch('/api/lien-ket.json').then(function (r) { return r.json(); }).then(function (ds) {
    var ul = document.getElementById('ds-lien-ket');
    ul.innerHTML = '';
    ds.forEach(function (d) { var li = document.createElement('li'); var a = document.createElement('a'); a.href = d.url; a.target = '_blank'; a.textContent = d.ten; li.appendChild(a); ul.appendChild(li); });
  });
</script>`
          : style === 'shadow'
            ? `<lien-ket-website class="box" data-tieu-de="Website thành phần"></lien-ket-website>
<script nonce="${CSP_NONCE}">
  customElements.define('lien-ket-website', class extends HTMLElement {
    connectedCallback() {
      var root = this.attachShadow({ mode: 'closed' });
      var ds = ${linkedData};
      root.innerHTML = '<h3 class="box-title">' + this.dataset.tieuDe + '</h3><ul>' + ds.map(function (d) { return '<li><a target="_blank"></a></li>'; }).join('') + '</ul>';
      root.querySelectorAll('a').forEach(function (a, i) { a.href = ds[i].url; a.textContent = ds[i].ten; });
    }
  });
</script>`
            : '';
    const portalOption =
      site.componentLink === 'links-portal-option' && portal ? `<option value="${this.urlOf(portal.host)}">${escapeHtml(portalName)}</option>\n` : '';
    const select = `<div class="box box-select"><h3 class="box-title">${style === 'select' || style === 'script-select' ? 'Website thành phần' : 'Liên kết'}</h3>
<select class="form-select" id="chon-website" onchange="if (this.value) { window.open(this.value, '_blank'); }">
<option value="">-- Chọn website --</option>
${style === 'select' ? componentOptions + '\n' : ''}${portalOption}${EXTERNAL_LINKS.map((l) => `<option value="${l.url}">${l.name}</option>`).join('\n')}
</select></div>${style === 'script-select' ? `
<script nonce="${CSP_NONCE}">
  (function () {
    var chon = document.getElementById('chon-website');
    ${linkedData}.forEach(function (d, i) { chon.add(new Option(d.ten, d.url), i + 1); });
  })();
</script>` : ''}`;

    const docsRng = createRandom(hashSeed(this.seed, `${site.host}#docs`));
    const docs = Array.from({ length: 8 }, () => {
      const type = docsRng.pick(DOCUMENT_TYPES);
      const no = docsRng.int(100, 4999);
      return `<li><a href="/uploads/van-ban/${slugify(type)}-${no}-${YEAR}.pdf">${type} số ${no}/${type === 'Công văn' ? 'UBND-VP' : 'QĐ'}-${YEAR}</a> <span class="news-date">${dateOf(docsRng)}</span></li>`;
    }).join('\n');
    const sidebar = `<aside id="sidebar">
<div class="box"><h3 class="box-title">Văn bản mới</h3><ul>\n${docs}\n</ul></div>
<div class="box"><h3 class="box-title">Thông báo</h3><ul>
<li><a href="/chi-dao-dieu-hanh/thong-bao-ket-luan">Thông báo lịch tiếp công dân định kỳ tháng 5/${YEAR}</a></li>
<li><a href="/thu-tuc-hanh-chinh/ket-qua-giai-quyet">Công khai kết quả giải quyết thủ tục hành chính quý I/${YEAR}</a></li>
<li><a href="/tuyen-truyen/cai-cach-hanh-chinh">Lấy ý kiến người dân về mức độ hài lòng đối với dịch vụ công</a></li>
</ul></div>
${boxLinks}
${select}
<div class="box"><h3 class="box-title">Thống kê truy cập</h3><p>Đang truy cập: ${docsRng.int(20, 400)}<br>Hôm nay: ${docsRng.int(500, 9000)}<br>Tổng lượt truy cập: ${docsRng.int(200_000, 9_000_000).toLocaleString('vi-VN')}</p></div>
</aside>`;

    const footerLinks =
      style === 'footer'
        ? `<div class="footer-links"><h4>Các cơ quan, đơn vị</h4><ul>\n${componentAnchors}\n</ul></div>`
        : '';
    const footerPortal =
      site.componentLink === 'links-portal' && portal
        ? `<p class="footer-portal">Trang thông tin điện tử thành phần của <a href="${this.urlOf(portal.host)}">${escapeHtml(portalName)}</a></p>`
        : site.componentLink === 'links-portal-script' && portal
          ? `<p class="footer-portal" id="truc-thuoc"></p>
<script nonce="${CSP_NONCE}">
  window.addEventListener('load', function () {
    setTimeout(function () {
      document.getElementById('truc-thuoc').innerHTML = 'Trang thông tin điện tử thành phần của <a href="${this.urlOf(portal.host)}">${escapeHtml(portalName)}</a>';
    }, 150);
  });
</script>`
          : site.componentLink === 'links-portal-iframe-only' && portal
            ? `<div class="footer-widget"><iframe title="Thống kê" width="300" height="60" src="${this.widgetUrl(this.urlOf(portal.host), portalName)}"></iframe></div>`
            : '';
    const domain = site.host.replace(/^www\./, '');
    const tnm = site.tinNhiemMang
      ? `<a href="https://tinnhiemmang.vn/danh-ba-tin-nhiem/${domain.replace(/\./g, '')}-${docsRng.int(1000, 9999)}" title="Chung nhan Tin Nhiem Mang" target="_blank"><img src="/images/handle_cert.png" alt="Chung nhan Tin Nhiem Mang" width="150" height="68"></a>`
      : '';
    const footer = `<footer id="footer"><div class="container"><div>
${footerLinks}
<p><strong>${escapeHtml(site.org.toUpperCase())}</strong></p>
<p>Địa chỉ: Số ${docsRng.int(1, 300)} đường ${docsRng.pick(['Trần Hưng Đạo', 'Lê Lợi', 'Nguyễn Trãi', 'Hùng Vương', 'Lý Thường Kiệt', 'Hai Bà Trưng'])}, ${escapeHtml(site.locality)}</p>
<p>Điện thoại: 0${docsRng.int(203, 299)}.${docsRng.int(3500000, 3899999)} - Fax: 0${docsRng.int(203, 299)}.${docsRng.int(3500000, 3899999)} - Email: vanphong@${domain}</p>
<p>Giấy phép số ${docsRng.int(10, 250)}/GP-TTĐT do Sở Văn hóa, Thể thao và Du lịch cấp. Chịu trách nhiệm chính: Chánh Văn phòng.</p>
<p>Ghi rõ nguồn "${escapeHtml(site.org)}" khi phát hành lại thông tin từ website này.</p>
${footerPortal}
<p class="copyright">© Bản quyền thuộc về ${escapeHtml(site.org)}</p>
${tnm}
</div></div></footer>`;

    const chrome: Chrome = {
      head: `<link rel="icon" href="/images/favicon.ico">\n<style>${CSS}</style>\n${snippet.head}\n${badge.head}`,
      header,
      nav,
      sidebar,
      footer,
      bodyEnd: `<script nonce="${CSP_NONCE}">document.querySelectorAll('#main-menu .has-sub').forEach(function (li) { li.setAttribute('aria-haspopup', 'true'); });</script>
${snippet.bodyEnd}
${badge.bodyEnd}
${site.browserCase === 'polling' ? POLLING_SCRIPT : ''}`,
      snippet,
    };
    this.chromes.set(key, chrome);
    return chrome;
  }

  private newsLink(site: FleetHost, id: number): { href: string; title: string; summary: string; date: string } {
    const rng = createRandom(hashSeed(this.seed, `${site.host}#tin-${id}`));
    const item = newsItem(rng, site.org, YEAR);
    return { href: `/tin-tuc/${slugify(item.title)}-${id}.html`, title: item.title, summary: item.summary, date: dateOf(rng) };
  }

  private newsSection(site: FleetHost, rng: Random, title: string, count: number, anchor: string): string {
    const items = Array.from({ length: count }, () => {
      const n = this.newsLink(site, rng.int(1000, 99999));
      return `<div class="news-item" data-id="${anchor}"><div class="news-thumb"><a href="${n.href}" title="${escapeHtml(n.title)}"><img src="/uploads/tin-tuc/${YEAR}/${slugify(n.title).slice(0, 40)}.jpg" srcset="/uploads/tin-tuc/${YEAR}/thumb-320/${slugify(n.title).slice(0, 40)}.jpg 320w" alt="${escapeHtml(n.title)}" loading="lazy" width="160" height="100"></a></div>
<div class="news-content"><h3 class="news-title"><a href="${n.href}" title="${escapeHtml(n.title)}">${escapeHtml(n.title)}</a></h3><div class="news-date">${n.date}</div><p class="news-summary">${escapeHtml(n.summary)}</p></div></div>`;
    });
    return `<section class="section" id="${anchor}"><h2 class="section-title">${title}</h2>\n${items.join('\n')}\n</section>\n`;
  }

  private homeMain(site: FleetHost, rng: Random, chrome: Chrome): string {
    const lead = this.newsLink(site, rng.int(1000, 99999));
    return `<div class="section tin-noi-bat"><h1 class="news-title"><a href="${lead.href}">${escapeHtml(lead.title)}</a></h1><div class="news-date">${lead.date}</div><p class="news-summary">${escapeHtml(lead.summary)}</p></div>
${chrome.snippet.main}
${this.newsSection(site, rng, 'Tin tức - Sự kiện', rng.int(20, 40), 'tin-tuc-su-kien')}`;
  }

  private linksMain(site: FleetHost): string {
    const breadcrumb = `<div class="breadcrumb"><a href="/">Trang chủ</a> » Liên kết website</div>`;
    if (site.portalLinks) {
      const groups = new Map<string, string[]>();
      for (const c of site.portalLinks.components) {
        const org = this.byHost.get(c)?.org ?? c;
        const group =
          site.league !== 'province'
            ? 'Các cơ quan, đơn vị trực thuộc'
            : /xã |phường /.test(org)
              ? 'Ủy ban nhân dân cấp xã'
              : 'Các sở, ban, ngành';
        groups.set(group, [...(groups.get(group) ?? []), `<li><a href="${this.urlOf(c)}" target="_blank">${escapeHtml(org)}</a></li>`]);
      }
      return `${breadcrumb}<div class="section lien-ket-website"><h1 class="section-title">Liên kết website</h1><p>Danh sách các trang thông tin điện tử thành phần của ${escapeHtml(site.org)}.</p>
${[...groups].map(([g, items]) => `<div class="link-list"><h2>${g}</h2><ul>\n${items.join('\n')}\n</ul></div>`).join('\n')}
</div>`;
    }
    const portal = site.parentHost ? this.byHost.get(site.parentHost) : undefined;
    const portalItem =
      portal && site.componentLink !== 'no-portal-link'
        ? `<li><a href="${this.urlOf(portal.host)}">Cổng Thông tin điện tử ${escapeHtml(portal.locality)}</a></li>\n`
        : '';
    return `${breadcrumb}<div class="section lien-ket-website"><h1 class="section-title">Liên kết website</h1><ul>
${portalItem}${EXTERNAL_LINKS.map((l) => `<li><a href="${l.url}" target="_blank">${l.name}</a></li>`).join('\n')}
</ul></div>`;
  }

  private introMain(site: FleetHost, rng: Random): string {
    const text = paragraphs(rng, site.org, YEAR, rng.int(6, 10)).map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
    return `<div class="breadcrumb"><a href="/">Trang chủ</a> » Giới thiệu</div><div class="section article-body"><h1>Giới thiệu ${escapeHtml(site.org)}</h1>
<p>${escapeHtml(site.org)} là cơ quan thực hiện chức năng tham mưu, giúp việc và quản lý nhà nước trên địa bàn ${escapeHtml(site.locality)}.</p>
${text}</div>`;
  }

  private articleMain(site: FleetHost, path: string, rng: Random): { title: string; html: string } {
    const id = Number(/-(\d+)\.html$/.exec(path)![1]);
    const n = this.newsLink(site, id);
    const body = paragraphs(rng, site.org, YEAR, rng.int(8, 14)).map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
    return {
      title: n.title,
      html: `<div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="/tin-tuc">Tin tức - Sự kiện</a></div>
<article class="section article-body"><h1>${escapeHtml(n.title)}</h1><div class="news-date">${n.date}</div><p class="sapo"><strong>${escapeHtml(n.summary)}</strong></p>
${body}
<p class="tac-gia" style="text-align:right"><strong>Ban Biên tập</strong></p></article>
${this.newsSection(site, rng, 'Tin liên quan', 8, 'tin-lien-quan')}`,
    };
  }

  private categoryMain(site: FleetHost, label: string, rng: Random): string {
    return `<div class="breadcrumb"><a href="/">Trang chủ</a> » ${label}</div>
${this.newsSection(site, rng, label, 20, 'danh-muc')}
<div class="pagination">${[1, 2, 3, 4, 5].map((p) => `<a href="?page=${p}">${p}</a>`).join('')}</div>`;
  }
}
