import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { MAX_EXEMPT_DEPTH, MAX_TRACKED_DEPTH, PageTooComplexError } from '../../functions/core/page/html-events.ts';
import { isJavaScriptType, parsePage } from '../../functions/core/page/parse-page.ts';
import { withDeepNesting, withDeepTables } from '../../local/sim-web/hostile-pages.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/pages');
const HOME = 'https://stttt.haiphong.gov.vn/';

function fixture(file: string): string {
  return readFileSync(join(FIXTURES, file), 'utf8');
}

describe('parsePage on a full portal homepage', () => {
  const html = fixture('pass-canonical-head.html');
  const page = parsePage(html, HOME);

  it('reads title, language, host and size', () => {
    // Prepare: the page above
    // Act: parsed above
    // Assess
    expect(page.title).toBe('Sở Thông tin và Truyền thông thành phố Hải Phòng - Cổng thông tin điện tử');
    expect(page.lang).toBe('vi');
    expect(page.host).toBe('stttt.haiphong.gov.vn');
    expect(page.length).toBe(html.length);
  });

  it('places scripts and records the offset of each <script tag', () => {
    // Prepare: the page above
    // Act
    const placements = page.scripts.map((s) => [s.src ?? 'inline', s.placement, s.executable]);
    // Assess
    expect(placements).toEqual([
      ['/Scripts/jquery-3.7.1.min.js', 'head', true],
      ['inline', 'head', true],
      ['/Scripts/bootstrap.bundle.min.js', 'body', true],
      ['/Scripts/portal.js?v=2025.07', 'body', true],
    ]);
    page.scripts.forEach((s) => expect(html.slice(s.offset, s.offset + 7)).toBe('<script'));
    expect(page.scripts[0].srcUrl).toBe('https://stttt.haiphong.gov.vn/Scripts/jquery-3.7.1.min.js');
    expect(page.scripts[1].text).toContain("_govaq.push(['setSiteId', '227']);");
  });

  it.each([
    { text: 'Đăng nhập', region: 'header' },
    { text: 'Giới thiệu', region: 'nav' },
    { text: 'TIN TỨC - SỰ KIỆN', region: 'body' },
    { text: 'Hội nghị triển khai nhiệm vụ chuyển đổi số năm 2025', region: 'body' },
    { text: 'Cổng Dịch vụ công Quốc gia', region: 'body' },
    { text: 'Chung nhan Tin Nhiem Mang', region: 'footer' },
    { text: 'Sở Tư pháp', region: 'select-widget' },
  ])('puts the link "$text" in $region', ({ text, region }) => {
    // Prepare: the page above
    // Act
    const link = page.links.find((l) => l.text === text);
    // Assess
    expect(link?.region).toBe(region);
  });

  it('reads the "Liên kết website" select widget, bare hosts and protocol-relative values included', () => {
    // Prepare: the page above
    // Act
    const options = page.links.filter((l) => l.kind === 'option');
    // Assess
    expect(options).toHaveLength(16);
    expect(options[0]).toEqual({ kind: 'option', href: 'https://sotuphap.haiphong.gov.vn', url: 'https://sotuphap.haiphong.gov.vn/', host: 'sotuphap.haiphong.gov.vn', text: 'Sở Tư pháp', region: 'select-widget' });
    expect(options.at(-2)).toMatchObject({ href: 'www.chinhphu.vn', url: 'http://www.chinhphu.vn/', host: 'www.chinhphu.vn' });
    expect(options.at(-1)).toMatchObject({ href: '//haiphong.gov.vn', url: 'https://haiphong.gov.vn/', host: 'haiphong.gov.vn' });
  });

  it('keeps the Tín Nhiệm Mạng image with its link, and only relevant images', () => {
    // Prepare: the page above
    // Act
    const images = page.images;
    // Assess
    expect(images).toEqual([{
      src: 'https://tinnhiemmang.vn/handle_cert?id=stttt.haiphong.gov.vn',
      alt: 'Chung nhan Tin Nhiem Mang',
      title: '',
      linkHref: 'https://tinnhiemmang.vn/danh-ba-tin-nhiem/stttt.haiphong.gov.vn-1690000000',
    }]);
  });

  it('keeps EMC marker comments and the page styles, and none of the page text', () => {
    // Prepare: the page above
    // Act
    const serialised = JSON.stringify(page);
    // Assess
    expect(page.comments.map((c) => c.text.trim())).toEqual(['Begin EMC Tracking Code', 'End EMC Tracking Code']);
    page.comments.forEach((c) => expect(html.slice(c.offset, c.offset + 4)).toBe('<!--'));
    expect(page.styles).toHaveLength(1);
    expect(page.styles[0]).toContain('.news-item{display:flex');
    expect(serialised).not.toContain('Tham dự có đại diện');
    expect(serialised.length).toBeLessThan(html.length);
  });
});

describe('parsePage corner cases of script placement and execution', () => {
  it.each([
    { name: 'implied head', html: '<!doctype html><script>var probe</script><div>Nội dung</div>', placement: 'head', executable: true },
    { name: 'after </head>, before <body>', html: '<html><head><title>t</title></head>\n<script>var probe</script><body><p>x</p></body></html>', placement: 'head', executable: true },
    { name: 'after body text without a <body> tag', html: '<title>t</title>Xin chào<script>var probe</script>', placement: 'body', executable: true },
    { name: 'after a first body element without a <body> tag', html: '<meta charset="utf-8"><div class="top">x</div><script>var probe</script>', placement: 'body', executable: true },
    { name: 'after a head <noscript> holding an image', html: '<head><noscript><img src="/px.gif"></noscript><script>var probe</script></head><body></body>', placement: 'head', executable: true },
    { name: 'after </html>', html: '<html><head></head><body><p>x</p></body></html>\n<script>var probe</script>', placement: 'body', executable: true },
    { name: 'inside <noscript>', html: '<body><noscript><div><script>var probe</script></div></noscript></body>', placement: 'body', executable: false, inertReason: 'noscript' },
    { name: 'inside <template>', html: '<head><template><script>var probe</script></template></head>', placement: 'head', executable: false, inertReason: 'template' },
    { name: 'type="text/x-template"', html: '<body><script type="text/x-template">var probe</script></body>', placement: 'body', executable: false, inertReason: 'non-js-type' },
    { name: 'type="module"', html: '<body><script type="module">var probe</script></body>', placement: 'body', executable: true },
  ])('$name', ({ html, placement, executable, inertReason }) => {
    // Prepare: the table
    // Act
    const page = parsePage(html, HOME);
    // Assess
    const script = page.scripts.find((s) => s.text.includes('probe'));
    expect(script).toMatchObject({ placement, executable });
    expect(script?.inertReason).toBe(inertReason);
  });

  it('keeps markup swallowed by a comment as a comment, not as a script', () => {
    // Prepare
    const html = '<body><!-- <script>_govaq.push(["trackPageView"])</script> --><!-- banner cũ --></body>';
    // Act
    const page = parsePage(html, HOME);
    // Assess
    expect(page.scripts).toHaveLength(0);
    expect(page.comments).toEqual([{ text: ' <script>_govaq.push(["trackPageView"])</script> ', offset: 6 }]);
  });

  it('ends <noscript> and <template> inertness at their closing tag', () => {
    // Prepare
    const html = '<body><noscript><a href="/a">a</a></noscript><template><a href="/b">b</a></template><a href="/c">c</a><script>var probe</script></body>';
    // Act
    const page = parsePage(html, HOME);
    // Assess
    expect(page.links.map((l) => l.text)).toEqual(['c']);
    expect(page.scripts[0].executable).toBe(true);
  });
});

describe('isJavaScriptType', () => {
  it.each([
    { type: undefined, language: undefined, runs: true },
    { type: '', language: undefined, runs: true },
    { type: ' TEXT/JavaScript ', language: undefined, runs: true },
    { type: 'application/javascript', language: undefined, runs: true },
    { type: 'text/ecmascript', language: undefined, runs: true },
    { type: 'module', language: undefined, runs: true },
    { type: 'text/javascript; charset=utf-8', language: undefined, runs: false },
    { type: 'text/template', language: undefined, runs: false },
    { type: 'text/x-template', language: undefined, runs: false },
    { type: 'application/json', language: undefined, runs: false },
    { type: 'application/ld+json', language: undefined, runs: false },
    { type: 'text/html', language: undefined, runs: false },
    { type: 'text/plain', language: undefined, runs: false },
    { type: undefined, language: 'javascript', runs: true },
    { type: undefined, language: 'JavaScript1.2', runs: true },
    { type: undefined, language: 'vbscript', runs: false },
    { type: 'text/javascript', language: 'vbscript', runs: true },
  ])('type=$type language=$language → $runs', ({ type, language, runs }) => {
    // Prepare: the table
    // Act
    const result = isJavaScriptType(type, language);
    // Assess
    expect(result).toBe(runs);
  });
});

describe('parsePage links', () => {
  it('resolves links against <base href> and scripts against the base in effect when met', () => {
    // Prepare
    const html = '<head><script src="early.js"></script><base href="/v2/"><base href="https://other.example/"><script src="late.js"></script></head><body><a href="tin-tuc.html">Tin</a></body>';
    // Act
    const page = parsePage(html, 'https://www.haiphong.gov.vn/portal/index.aspx');
    // Assess
    expect(page.scripts.map((s) => s.srcUrl)).toEqual(['https://www.haiphong.gov.vn/portal/early.js', 'https://www.haiphong.gov.vn/v2/late.js']);
    expect(page.links[0].url).toBe('https://www.haiphong.gov.vn/v2/tin-tuc.html');
  });

  it.each([
    { markup: '<header><ul class="menu"><li><a href="/x">x</a></li></ul></header>', region: 'nav' },
    { markup: '<div id="header"><a href="/x">x</a></div>', region: 'header' },
    { markup: '<div class="top-bar"><a href="/x">x</a></div>', region: 'header' },
    { markup: '<div class="card-header"><a href="/x">x</a></div>', region: 'body' },
    { markup: '<div class="footer-bottom"><a href="/x">x</a></div>', region: 'footer' },
    { markup: '<div class="mb-bottom-0 text-bottom"><a href="/x">x</a></div>', region: 'body' },
    { markup: '<footer><div class="box-lien-ket"><a href="/x">x</a></div></footer>', region: 'link-block' },
    { markup: '<div class="footer-weblink"><a href="/x">x</a></div>', region: 'link-block' },
    { markup: '<div id="doitac"><a href="/x">x</a></div>', region: 'link-block' },
    { markup: '<main><article><a href="/x">x</a></article></main>', region: 'main' },
    { markup: '<div class="content"><a href="/x">x</a></div>', region: 'body' },
    { markup: '<map><area href="/x" alt="x"></map>', region: 'body' },
  ])('$markup → $region', ({ markup, region }) => {
    // Prepare: the table
    // Act
    const page = parsePage(`<body>${markup}</body>`, HOME);
    // Assess
    expect(page.links).toHaveLength(1);
    expect(page.links[0]).toMatchObject({ text: 'x', region, url: `${HOME}x` });
  });

  it.each([
    { value: 'http://soyte.haiphong.gov.vn', host: 'soyte.haiphong.gov.vn' },
    { value: 'https://www.chinhphu.vn/portal/', host: 'www.chinhphu.vn' },
    { value: '//hanoi.gov.vn', host: 'hanoi.gov.vn' },
    { value: 'congthuonghn.gov.vn:8080/portal', host: 'congthuonghn.gov.vn' },
    { value: 'ict-hanoi.gov.vn.', host: 'ict-hanoi.gov.vn' },
    { value: '0', host: undefined },
    { value: '#', host: undefined },
    { value: 'Sở Y tế', host: undefined },
    { value: '', host: undefined },
  ])('option value "$value" → $host', ({ value, host }) => {
    // Prepare
    const html = `<body><select onchange="window.open(this.value)"><option value="${value}">Trang</option></select></body>`;
    // Act
    const page = parsePage(html, HOME);
    // Assess
    expect(page.links[0]?.host).toBe(host);
    if (host !== undefined) expect(page.links[0]).toMatchObject({ kind: 'option', region: 'select-widget', text: 'Trang' });
  });

  it('collapses link text, falls back to a wrapped image, and keeps non-http links without a URL', () => {
    // Prepare
    const html = `<body><a href="/gt">\n   Giới\n   thiệu   </a><a href="/logo"><img src="/l.png" title="Trang chủ"></a>
      <a href="javascript:void(0)">In</a><a href="mailto:vanthu@haiphong.gov.vn">Thư</a><a href="/dai">${'Rất dài '.repeat(40)}</a></body>`;
    // Act
    const page = parsePage(html, HOME);
    // Assess
    expect(page.links.map((l) => l.text.slice(0, 20))).toEqual(['Giới thiệu', 'Trang chủ', 'In', 'Thư', 'Rất dài Rất dài Rất ']);
    expect(page.links[4].text.length).toBe(200);
    expect(page.links[2].url).toBeUndefined();
    expect(page.links[3].host).toBeUndefined();
  });

  it('reads attributes named like object internals as plain attributes, the first of a name winning', () => {
    // Prepare: a hostile tag whose attributes would pollute or shadow a plain object's prototype
    const html = '<body><a __proto__="/x" constructor="y" hasOwnProperty="z" HREF="/lien-he" href="/khac">Liên hệ</a></body>';
    // Act
    const page = parsePage(html, HOME);
    // Assess
    expect(page.links.map((l) => [l.url, l.text])).toEqual([[new URL('/lien-he', HOME).href, 'Liên hệ']]);
    expect(({} as Record<string, unknown>).constructor).toBe(Object);
  });
});

describe('parsePage badge markers', () => {
  it('records the first static badge element and yhy style attributes', () => {
    // Prepare
    const html = fixture('badge-fake-static.html').replace('<div id="wrapper">', '<div id="wrapper" style="padding-right:60px /* room for yhy badge */">');
    // Act
    const page = parsePage(html, HOME);
    // Assess
    expect(page.staticBadge?.excerpt.startsWith('<div class="yhy-append-wrap">')).toBe(true);
    expect(page.staticBadge?.excerpt.length).toBe(600);
    expect(html.slice(page.staticBadge!.offset).startsWith('<div class="yhy-append-wrap">')).toBe(true);
    expect(page.styles).toContain('padding-right:60px /* room for yhy badge */');
    expect(page.styles).not.toContain('display: none');
  });

  it('notes where an EMC host is named in plain text', () => {
    // Prepare
    const html = fixture('fail-host-in-link.html');
    // Act
    const page = parsePage(html, HOME);
    // Assess
    expect(page.emcMentions?.[0].excerpt).toContain('Hệ thống EMC (f-emc.ngsp.gov.vn)');
    expect(page.emcMentions?.[0].host).toBe('f-emc.ngsp.gov.vn');
  });
});

describe('parsePage is independent of the wire charset', () => {
  it('gives the same model for a page decoded from windows-1258 (then NFC-normalised) and from UTF-8', () => {
    // Prepare
    const html = fixture('badge-static-with-code.html');
    // windows-1258 has precomposed â ê ô ơ ư ă but writes the five tone marks as combining characters.
    const cp1258Form = html
      .normalize('NFD')
      .replace(/([A-Za-z])(\u0323?)([\u0302\u0306\u031B])/g, (_, letter: string, dot: string, mark: string) => `${(letter + mark).normalize('NFC')}${dot}`);
    const viaWindows1258 = iconv.decode(iconv.encode(cp1258Form, 'windows-1258'), 'windows-1258').normalize('NFC');
    // Act
    const fromUtf8 = parsePage(html, HOME);
    const fromWindows1258 = parsePage(viaWindows1258, HOME);
    // Assess
    expect(viaWindows1258).toBe(html);
    expect(fromWindows1258).toEqual(fromUtf8);
  });

  it('counts offsets in characters, not bytes', () => {
    // Prepare
    const html = '<html><head><title>Ủy ban nhân dân thành phố Hải Phòng – Cổng thông tin điện tử</title><script>var probe</script></head></html>';
    // Act
    const page = parsePage(html, HOME);
    // Assess
    expect(html.slice(page.scripts[0].offset)).toMatch(/^<script>var probe/);
    expect(page.title).toBe('Ủy ban nhân dân thành phố Hải Phòng – Cổng thông tin điện tử');
  });
});

describe('parsePage on hostile nesting (costs bounded by the bytes whatever the depth)', () => {
  const home = fixture('pass-canonical-head.html');

  it.each([
    { name: '200,000 unclosed <i><b> pairs (1.2 MB)', html: withDeepNesting(home) },
    { name: '80,000 unclosed nested tables', html: withDeepTables(home) },
  ])('still reads the code in <head> and the links under $name', ({ html }) => {
    // Prepare: the homepage with the whole body pushed below the nesting
    // Act
    const page = parsePage(html, HOME);
    // Assess: what the checks read is all there; links below the cap count for their ancestors' region
    expect(page.scripts.some((s) => s.executable && s.text.includes("_govaq.push(['setSiteId', '227']);"))).toBe(true);
    expect(page.title).toBe('Sở Thông tin và Truyền thông thành phố Hải Phòng - Cổng thông tin điện tử');
    expect(page.links.map((l) => l.host)).toContain('dichvucong.gov.vn');
    expect(page.links.length).toBe(parsePage(home, HOME).links.length);
  }, 30_000);

  it('flattens elements beyond the depth cap but keeps scripts, and keeps noscript content inert at any depth', () => {
    // Prepare
    const deep = '<div>'.repeat(MAX_TRACKED_DEPTH + 100);
    const html = `<html><head><title>Trang chủ</title></head><body><footer class="footer">${deep}`
      + '<noscript><script>var _govaq = window._govaq || [];</script></noscript>'
      + `<a href="https://sotttt.haiphong.gov.vn/">Sở TT&amp;TT</a><script>var counter = 1;</script>${'</div>'.repeat(MAX_TRACKED_DEPTH + 100)}`
      + '<a href="https://sonv.haiphong.gov.vn/">Sở Nội vụ</a></footer></body></html>';
    // Act
    const page = parsePage(html, HOME);
    // Assess
    expect(page.scripts.map((s) => [s.text, s.executable])).toEqual([
      ['var _govaq = window._govaq || [];', false],
      ['var counter = 1;', true],
    ]);
    expect(page.links.map((l) => [l.host, l.region])).toEqual([
      ['sotttt.haiphong.gov.vn', 'footer'],
      ['sonv.haiphong.gov.vn', 'footer'],
    ]);
    expect(page.links[1].text).toBe('Sở Nội vụ');
  });

  it('refuses as too complex a page nesting inert containers past their own limit, instead of misreading it', () => {
    // Prepare
    const html = `<html><body>${'<svg>'.repeat(MAX_EXEMPT_DEPTH + 1)}<noscript><script>var _govaq = [];</script></noscript></body></html>`;
    // Act
    const parse = () => parsePage(html, HOME);
    // Assess
    expect(parse).toThrow(PageTooComplexError);
  });
});
