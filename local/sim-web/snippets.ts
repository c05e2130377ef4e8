/**
 * The EMC tracking-code shapes of docs/detection.md §1 and the EMC badge cases of §2, as the
 * simulated sites serve them. Each shape knows how it renders and what the static and
 * rendered tiers must conclude about it (docs/checks.md).
 */

/** Every tracking-code shape the simulated web serves. Tags in the manifest are `shape:<name>`. */
export const SNIPPET_SHAPES = [
  'canonical',
  'canonical-gov-marker',
  'no-type-language-nonce',
  'minified',
  'http-scheme',
  'body-end-no-markers',
  'legacy-host',
  'direct-src',
  'plus-matomo',
  'in-comment',
  'empty-id',
  'placeholder-template-literal',
  'placeholder-php',
  'placeholder-mustache',
  'only-paq',
  'only-trackdvc',
  'in-noscript',
  'text-template',
  'emc-link-only',
  'tag-manager',
  'csp-header-blocks',
  'csp-meta-blocks',
  'csp-allows-emc',
  'csp-report-only',
  'csp-meta-after-snippet',
  'csp-strict-dynamic',
  'syntax-error',
  'queue-replaced',
  'module-global',
  'module-scoped',
  'split-blocks',
  'none',
] as const;
export type SnippetShape = (typeof SNIPPET_SHAPES)[number];

/** Shapes that carry the code in the served HTML (static `pass`). */
export const STATIC_PASS_SHAPES: readonly SnippetShape[] = [
  'canonical',
  'canonical-gov-marker',
  'no-type-language-nonce',
  'minified',
  'http-scheme',
  'body-end-no-markers',
  'legacy-host',
  'direct-src',
  'plus-matomo',
  'csp-allows-emc',
  'csp-report-only',
  'csp-meta-after-snippet',
  'csp-strict-dynamic',
  'queue-replaced',
  'module-global',
  'split-blocks',
];

/**
 * Shapes whose served HTML carries the code but whose running page never connects to EMC
 * (static `pass`, rendered `fail`): a page script empties the queue before EMC reads it.
 */
export const RUNTIME_NOT_CONNECTED_SHAPES: readonly SnippetShape[] = ['queue-replaced'];

/**
 * Shapes whose code never connects but whose page still loads EMC's script, which injects its
 * widget (the badge is EMC's own: rendered badge `pass`).
 */
export const BADGE_WITHOUT_CONNECTION_SHAPES: readonly SnippetShape[] = ['queue-replaced', 'module-scoped'];

/** Shapes the static tier cannot see but a browser can (code injected at run time). */
export const RUNTIME_ONLY_SHAPES: readonly SnippetShape[] = ['tag-manager'];

/** EMC badge cases (tags `badge:<name>`). */
export const BADGE_CASES = ['normal', 'hidden-css', 'hidden-script', 'fake-static', 'static-with-code'] as const;
export type BadgeCase = (typeof BADGE_CASES)[number];

/** Browser-tier cases (tags `browser:<name>`): what the EMC stand-in or the page does differently. */
export const BROWSER_CASES = ['script-404', 'beacon-500', 'polling'] as const;
export type BrowserCase = (typeof BROWSER_CASES)[number];

/** Where the stand-in serves the EMC script; the `script-404` case points at a path that answers 404. */
export const EMC_SCRIPT_PATH = '/embed/gov-tracking.min.js';
export const EMC_MISSING_SCRIPT_PATH = '/embed/old/gov-tracking.min.js';
export const EMC_TRACKER_PATH = '/tracking';

/** Origins (scheme://host:port) of the stand-in third parties, as pages must reference them. */
export interface ThirdPartyOrigins {
  emcHttps: string;
  emcHttp: string;
  legacyHttps: string;
  matomoHttps: string;
}

/** What a shape needs to render. */
export interface SnippetContext {
  siteId: string;
  origins: ThirdPartyOrigins;
  browserCase?: BrowserCase;
}

/** The rendered pieces of a shape, placed by the page builder. */
export interface RenderedSnippet {
  head: string;
  bodyEnd: string;
  /** A paragraph for the main column (EMC host only in a link or text). */
  main: string;
  /** Script served by the site itself (the tag-manager container), when the shape needs one. */
  tagManagerScript?: string;
  /** Response headers the shape needs (Content-Security-Policy). */
  headers?: Record<string, string>;
  /** Expected extraction when the code is carried (statically or at run time). */
  truth: { siteId?: string; trackerUrl?: string; scriptUrl?: string; placement?: 'head' | 'body' };
}

interface SnippetUrls {
  tracker: string;
  script: string;
}

function urlsFor(shape: SnippetShape, ctx: SnippetContext): SnippetUrls {
  const scriptPath = ctx.browserCase === 'script-404' ? EMC_MISSING_SCRIPT_PATH : EMC_SCRIPT_PATH;
  const origin =
    shape === 'http-scheme' ? ctx.origins.emcHttp : shape === 'legacy-host' ? ctx.origins.legacyHttps : ctx.origins.emcHttps;
  return { tracker: origin + EMC_TRACKER_PATH, script: origin + scriptPath };
}

/** The canonical snippet body (inside `<script>`), as EMC hands it out. */
function canonicalBody(siteIdLiteral: string, urls: SnippetUrls): string {
  return `
  var _govaq = window._govaq || [];
  _govaq.push(['trackPageView']);
  _govaq.push(['enableLinkTracking']);
  (function () {
    _govaq.push(['setTrackerUrl', '${urls.tracker}']);
    _govaq.push(['setSiteId', '${siteIdLiteral}']);
    var d = document, g = d.createElement('script'), s = d.getElementsByTagName('script')[0];
    g.type = 'text/javascript'; g.async = true; g.defer = true;
    g.src = '${urls.script}';
    s.parentNode.insertBefore(g, s);
  })();
`;
}

function canonical(siteIdLiteral: string, urls: SnippetUrls, marker = 'EMC'): string {
  return `<!-- Begin ${marker} Tracking Code -->
<script type="text/javascript">${canonicalBody(siteIdLiteral, urls)}</script>
<!-- End ${marker} Tracking Code -->`;
}

function matomo(origin: string, siteId: string): string {
  return `<!-- Matomo -->
<script>
  var _paq = window._paq = window._paq || [];
  _paq.push(['trackPageView']);
  _paq.push(['enableLinkTracking']);
  (function() {
    var u="${origin}/";
    _paq.push(['setTrackerUrl', u+'matomo.php']);
    _paq.push(['setSiteId', '${siteId}']);
    var d=document, g=d.createElement('script'), s=d.getElementsByTagName('script')[0];
    g.async=true; g.src=u+'matomo.js'; s.parentNode.insertBefore(g,s);
  })();
</script>
<!-- End Matomo Code -->`;
}

/** Renders one shape. `siteId` is used by the shapes that carry a real id. */
export function renderSnippet(shape: SnippetShape, ctx: SnippetContext): RenderedSnippet {
  const urls = urlsFor(shape, ctx);
  const id = ctx.siteId;
  const carried = { siteId: id, trackerUrl: urls.tracker, scriptUrl: urls.script, placement: 'head' as const };
  const empty = { head: '', bodyEnd: '', main: '' };
  switch (shape) {
    case 'canonical':
      return { ...empty, head: canonical(id, urls), truth: carried };
    case 'canonical-gov-marker':
      return { ...empty, head: canonical(id, urls, 'Gov'), truth: carried };
    case 'no-type-language-nonce':
      return {
        ...empty,
        head: `<script language="javascript" nonce="c2ltLW5vbmNlLTIwMjU=">${canonicalBody(id, urls)}</script>`,
        truth: carried,
      };
    case 'minified':
      return {
        ...empty,
        head:
          `<script>var _govaq=window._govaq||[];_govaq.push(["trackPageView"]),_govaq.push(["enableLinkTracking"]),function(){` +
          `_govaq.push(["setTrackerUrl","${urls.tracker}"]),_govaq.push(["setSiteId","${id}"]);var e=document,t=e.createElement("script"),` +
          `a=e.getElementsByTagName("script")[0];t.type="text/javascript",t.async=!0,t.defer=!0,t.src="${urls.script}",a.parentNode.insertBefore(t,a)}();</script>`,
        truth: carried,
      };
    case 'http-scheme':
    case 'legacy-host':
      return { ...empty, head: canonical(id, urls), truth: carried };
    case 'body-end-no-markers':
      return {
        ...empty,
        bodyEnd: `<script type="text/javascript">\n\n${canonicalBody(id, urls).replace(/\n/g, '\n\n')}\n</script>`,
        truth: { ...carried, placement: 'body' },
      };
    case 'direct-src':
      return {
        ...empty,
        head: `<script src="${urls.script}" async></script>`,
        truth: { scriptUrl: urls.script, placement: 'head' },
      };
    case 'plus-matomo':
      return { ...empty, head: `${matomo(ctx.origins.matomoHttps, '14')}\n${canonical(id, urls)}`, truth: carried };
    case 'in-comment':
      return { ...empty, head: `<!--\n<script type="text/javascript">${canonicalBody(id, urls)}</script>\n-->`, truth: {} };
    case 'empty-id':
      return { ...empty, head: canonical('', urls), truth: {} };
    case 'placeholder-template-literal':
      return { ...empty, head: canonical('${siteId}', urls), truth: {} };
    case 'placeholder-php':
      return { ...empty, head: canonical('<?= $id ?>', urls), truth: {} };
    case 'placeholder-mustache':
      return { ...empty, head: canonical('{{ id }}', urls), truth: {} };
    case 'only-paq':
      return { ...empty, head: matomo(ctx.origins.matomoHttps, '27'), truth: {} };
    case 'only-trackdvc':
      return {
        ...empty,
        bodyEnd: `<script type="text/javascript">
  var _govaq = window._govaq || [];
  function ghiNhanNopHoSo(maThuTuc) {
    _govaq.push(['trackDVC', 'nop-ho-so', maThuTuc]);
  }
  document.addEventListener('click', function (e) {
    var el = e.target.closest && e.target.closest('[data-thu-tuc]');
    if (el) { ghiNhanNopHoSo(el.getAttribute('data-thu-tuc')); }
  });
</script>`,
        truth: {},
      };
    case 'in-noscript':
      return { ...empty, bodyEnd: `<noscript>\n<script type="text/javascript">${canonicalBody(id, urls)}</script>\n</noscript>`, truth: {} };
    case 'text-template':
      return { ...empty, bodyEnd: `<script type="text/template" id="emc-tracking-template">${canonicalBody(id, urls)}</script>`, truth: {} };
    case 'emc-link-only':
      return {
        ...empty,
        main: `<p class="thong-bao-emc">Trang thông tin điện tử đã đăng ký kết nối với Hệ thống giám sát, đo lường mức độ cung cấp và sử dụng dịch vụ Chính phủ số (EMC) tại địa chỉ f-emc.ngsp.gov.vn. Xem hướng dẫn tại <a href="${ctx.origins.emcHttps}/">f-emc.ngsp.gov.vn</a>.</p>`,
        truth: {},
      };
    case 'tag-manager':
      return {
        ...empty,
        head: `<!-- Tag Manager -->
<script>(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'tm.start':new Date().getTime(),event:'tm.js'});var f=d.getElementsByTagName(s)[0],j=d.createElement(s);j.async=true;j.src='/static/js/tag-manager.js?id='+i;f.parentNode.insertBefore(j,f);})(window,document,'script','dataLayer','TM-5K2L9QX');</script>
<!-- End Tag Manager -->`,
        tagManagerScript: `/* Tag container TM-5K2L9QX */\n(function () {${canonicalBody(id, urls).replace("var _govaq = window._govaq || [];", 'var _govaq = window._govaq = window._govaq || [];')}})();\n`,
        truth: { ...carried },
      };
    case 'csp-header-blocks':
      // A hardening guide's policy: the site's own scripts and a CDN, EMC forgotten.
      return {
        ...empty,
        head: canonical(id, urls),
        headers: { 'content-security-policy': "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'self'" },
        truth: {},
      };
    case 'csp-meta-blocks':
      return {
        ...empty,
        head: `<meta http-equiv="Content-Security-Policy" content="script-src 'self' 'unsafe-inline'; object-src 'none'">\n${canonical(id, urls)}`,
        truth: {},
      };
    case 'csp-allows-emc':
      return {
        ...empty,
        head: canonical(id, urls),
        headers: { 'content-security-policy': `script-src 'self' 'unsafe-inline' ${ctx.origins.emcHttps}; img-src 'self' data: ${ctx.origins.emcHttps}; object-src 'none'` },
        truth: carried,
      };
    case 'csp-report-only':
      return {
        ...empty,
        head: canonical(id, urls),
        headers: { 'content-security-policy-report-only': "default-src 'self'; script-src 'self'; report-uri /csp-bao-cao" },
        truth: carried,
      };
    case 'csp-meta-after-snippet':
      // The policy governs only what the parser meets after it: the snippet above already ran.
      return {
        ...empty,
        head: `${canonical(id, urls)}\n<meta http-equiv="Content-Security-Policy" content="script-src 'self' 'unsafe-inline'">`,
        truth: carried,
      };
    case 'csp-strict-dynamic':
      return {
        ...empty,
        head: `<script nonce="${CSP_NONCE}">${canonicalBody(id, urls)}</script>`,
        headers: { 'content-security-policy': `script-src 'nonce-${CSP_NONCE}' 'strict-dynamic' https: 'unsafe-inline'; img-src * data:; object-src 'none'; base-uri 'none'` },
        truth: carried,
      };
    case 'syntax-error':
      // Pasted through a word processor: curly quotes around the site id.
      return { ...empty, head: canonical(id, urls).replace(`['setSiteId', '${id}']`, `['setSiteId', ‘${id}’]`), truth: {} };
    case 'queue-replaced':
      // A theme script later "initialises" the queue again: EMC's script finds it empty.
      return {
        ...empty,
        head: `${canonical(id, urls)}\n<script>\n  /* theme.js: khởi tạo biến dùng chung */\n  var _govaq = [];\n  var dataLayer = window.dataLayer || [];\n</script>`,
        truth: carried,
      };
    case 'module-global':
      return {
        ...empty,
        head: `<script type="module">${canonicalBody(id, urls).replace('var _govaq = window._govaq || [];', 'const _govaq = (window._govaq = window._govaq || []);')}</script>`,
        truth: carried,
      };
    case 'module-scoped':
      return { ...empty, head: `<script type="module">${canonicalBody(id, urls)}</script>`, truth: {} };
    case 'split-blocks':
      return {
        ...empty,
        head: `<script type="text/javascript">\n  var _govaq = window._govaq || [];\n  _govaq.push(['trackPageView']);\n  _govaq.push(['enableLinkTracking']);\n</script>`,
        bodyEnd: `<script type="text/javascript">\n  _govaq.push(['setTrackerUrl', '${urls.tracker}']);\n  _govaq.push(['setSiteId', '${id}']);\n  (function () {\n    var g = document.createElement('script');\n    g.async = true; g.src = '${urls.script}';\n    document.body.appendChild(g);\n  })();\n</script>`,
        truth: carried,
      };
    case 'none':
      return { ...empty, truth: {} };
  }
}

/** Nonce of the `csp-strict-dynamic` shape, on every script of the page (a real site draws one per response). */
export const CSP_NONCE = 'bm9uY2UtZ292LTIwMjU';

/** A copy of EMC's widget markup (docs/detection.md §2), as fake-badge sites paste it. */
export const STATIC_BADGE_MARKUP = `<div class="yhy-append-wrap">
  <div id="yhy-append" class="yhy-append">
    <a id="btnEMC" class="yhy-append-btn yhy-btn-emc" title="TRUNG TÂM GIÁM SÁT QUỐC GIA VỀ CHÍNH PHỦ SỐ" href="javascript:void(0)" style="position:fixed;right:12px;bottom:12px;z-index:9999;background:#fff;border:1px solid #c00;padding:6px 10px;border-radius:18px">
      <span class="yhy-append-icon"><img alt="EMC" src="/images/emc-icon.png" width="20" height="20"></span>
      <span class="yhy-append-txt">Đã kết nối EMC</span>
    </a>
  </div>
</div>`;

/** Badge pieces: CSS for `<head>`, markup or script for the end of `<body>`. */
export function renderBadgeCase(badge: BadgeCase): { head: string; bodyEnd: string } {
  switch (badge) {
    case 'hidden-css':
      return { head: '<style>.yhy-append-wrap{display:none !important}</style>', bodyEnd: '' };
    case 'hidden-script':
      return {
        head: '',
        bodyEnd: `<script>
  var anNutEMC = setInterval(function () {
    if (document.querySelector('#yhy-append')) {
      document.querySelector('#yhy-append').style.display='none';
    }
  }, 50);
</script>`,
      };
    case 'fake-static':
    case 'static-with-code':
      return { head: '', bodyEnd: STATIC_BADGE_MARKUP };
    case 'normal':
      return { head: '', bodyEnd: '' };
  }
}

/** Script of the `polling` browser case: the page never becomes network-idle. */
export const POLLING_SCRIPT = `<script>
  setInterval(function () {
    fetch('/api/thong-bao-moi?t=' + Date.now()).catch(function () {});
  }, 100);
</script>`;
