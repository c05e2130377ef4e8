import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChromiumRenderer } from '../../functions/adapters/browser/chromium-renderer.ts';
import { findChromium } from '../../functions/adapters/browser/launch.ts';
import { createHttpFetcher } from '../../functions/adapters/http-fetcher.ts';
import { parseResolveMapping } from '../../functions/adapters/net/resolve-mapping.ts';
import { emcBadge } from '../../functions/core/checks/emc-badge.ts';
import { emcTrackingCode } from '../../functions/core/checks/emc-tracking-code.ts';
import { parsePage } from '../../functions/core/page/parse-page.ts';
import { judgeRendered, type EmcResults } from '../../functions/core/render/judge-rendered.ts';
import type { PageRenderer, RenderOutcome } from '../../functions/core/render/observation.ts';
import { generate } from 'selfsigned';
import { certificatesFor } from '../../local/sim-web/cert.ts';
import { startSimWeb, type SimWeb } from '../../local/sim-web/index.ts';

/* ------------------------------------------------------------------------------------------ */
/* A small government web: one provincial department site (HTTP) and the EMC stand-in (HTTPS) */
/* on 127.0.0.1, reached by name through --resolve mappings and the renderer's safety proxy.   */
/* ------------------------------------------------------------------------------------------ */

const SITE = 'so-tttt.quangninh.gov.vn';
const EMC = 'f-emc.ngsp.gov.vn';
const FAILING_SITE_ID = '500';
const NAVIGATION_TIMEOUT_MS = 15_000;
const SETTLE_TIMEOUT_MS = 6_000;
const ARTIFACTS = join(import.meta.dirname, '../../test-artifacts/renderer');

/** The stand-in of EMC's tracker: reads `_govaq`, sends the beacon, injects the widget of docs/detection.md §2. */
const EMC_SCRIPT = `(function () {
  var queue = window._govaq || [];
  var config = { tracker: null, siteId: null };
  var i;
  for (i = 0; i < queue.length; i++) {
    if (queue[i][0] === 'setTrackerUrl') { config.tracker = queue[i][1]; }
    if (queue[i][0] === 'setSiteId') { config.siteId = queue[i][1]; }
  }
  if (!config.tracker || !/^[0-9]+$/.test(String(config.siteId))) { return; }
  var beacon = new Image(1, 1);
  beacon.src = config.tracker + '?idsite=' + encodeURIComponent(config.siteId) + '&rec=1&url=' + encodeURIComponent(location.href);
  window._govaq = { push: function () { return 0; } };
  function inject() {
    var style = document.createElement('style');
    style.textContent = '.yhy-append-wrap{position:fixed;right:16px;bottom:16px;z-index:2147483000}' +
      '.yhy-append-btn{display:flex;align-items:center;background:#fff;border:1px solid #d0021b;border-radius:20px;padding:6px 12px;color:#d0021b;font:bold 13px Arial,sans-serif;text-decoration:none}';
    document.head.appendChild(style);
    var wrap = document.createElement('div');
    wrap.className = 'yhy-append-wrap';
    wrap.innerHTML = '<div id="yhy-append" class="yhy-append">' +
      '<a id="btnEMC" class="yhy-append-btn yhy-btn-emc" title="TRUNG TÂM GIÁM SÁT QUỐC GIA VỀ CHÍNH PHỦ SỐ" href="javascript:void(0)">' +
      '<span class="yhy-append-icon"><img alt="EMC" src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"></span>' +
      '<span class="yhy-append-txt">Đã kết nối EMC</span></a>' +
      '<a id="btnBTTTT" class="yhy-append-btn yhy-btn-btttt" style="display: none" href="https://mic.gov.vn/">Trực thuộc BTTTT</a></div>';
    document.body.appendChild(wrap);
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', inject); } else { inject(); }
})();`;

/** A later version of the widget whose markup no longer has the known ids and classes. */
const EMC_SCRIPT_RENAMED = EMC_SCRIPT.replace(/wrap\.innerHTML = [\s\S]*?;\n    document\.body/, `wrap.innerHTML = '<div class="emc-widget"><span class="emc-widget__label">Đã kết nối EMC</span></div>';
    document.body`);

interface Web {
  httpPort: number;
  httpsPort: number;
  trapPort: number;
  /** HTTPS server whose certificate no trusted CA signed. */
  roguePort: number;
  caPem: string;
  /** Requests received, as `host path`. */
  hits: string[];
  /** Requests received by the trap server (an unmapped loopback port). */
  trapHits: string[];
  /** Requests received by the untrusted HTTPS server. */
  rogueHits: string[];
  close(): Promise<void>;
}

function snippetBody(siteId: string, scriptPath = '/embed/gov-tracking.min.js', origin = emcOrigin()): string {
  return `
  var _govaq = window._govaq || [];
  _govaq.push(['trackPageView']);
  _govaq.push(['enableLinkTracking']);
  (function () {
    _govaq.push(['setTrackerUrl', '${origin}/tracking']);
    _govaq.push(['setSiteId', '${siteId}']);
    var d = document, g = d.createElement('script'), s = d.getElementsByTagName('script')[0];
    g.type = 'text/javascript'; g.async = true; g.defer = true;
    g.src = '${origin}${scriptPath}';
    s.parentNode.insertBefore(g, s);
  })();`;
}

function snippet(siteId: string, scriptPath?: string, origin?: string): string {
  return `<!-- Begin EMC Tracking Code -->
<script type="text/javascript">${snippetBody(siteId, scriptPath, origin)}
</script>
<!-- End EMC Tracking Code -->`;
}

const STATIC_BADGE = `<div class="yhy-append-wrap" style="position:fixed;right:12px;bottom:12px">
  <div id="yhy-append" class="yhy-append">
    <a id="btnEMC" class="yhy-append-btn yhy-btn-emc" title="TRUNG TÂM GIÁM SÁT QUỐC GIA VỀ CHÍNH PHỦ SỐ" href="javascript:void(0)">
      <span class="yhy-append-txt">Đã kết nối EMC</span>
    </a>
  </div>
</div>`;

/** A department homepage as such pages look (trimmed). */
function page(head: string, bodyEnd = ''): string {
  return `<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>Sở Thông tin và Truyền thông tỉnh Quảng Ninh</title>
<style>@font-face{font-family:"Roboto VN";src:url(/fonts/roboto-vn.woff2) format("woff2")}
body{font-family:"Roboto VN",Arial,sans-serif;margin:0}header{background:#b71c1c;color:#fff;padding:16px}main{padding:16px;min-height:1200px}</style>
${head}
</head>
<body>
<header><h1>Sở Thông tin và Truyền thông tỉnh Quảng Ninh</h1></header>
<nav><a href="/">Trang chủ</a> | <a href="/gioi-thieu">Giới thiệu</a> | <a href="/tin-tuc">Tin tức - Sự kiện</a> | <a href="https://quangninh.gov.vn/">Cổng thông tin điện tử tỉnh</a></nav>
<main><h2>Tin nổi bật</h2><p>Hội nghị chuyển đổi số tỉnh Quảng Ninh năm 2025: đẩy mạnh cung cấp dịch vụ công trực tuyến toàn trình.</p>
<video src="/media/gioi-thieu.mp4" autoplay muted></video></main>
<footer>Cơ quan chủ quản: Sở Thông tin và Truyền thông tỉnh Quảng Ninh. Địa chỉ: Phường Hồng Hà, TP Hạ Long.</footer>
${bodyEnd}
</body>
</html>`;
}

let ports = { http: 0, https: 0, trap: 0, rogue: 0 };
const LEGACY = 'tracking.aita.gov.vn';
const emcOrigin = (): string => `https://${EMC}:${ports.https}`;
const siteUrl = (path: string): string => `http://${SITE}:${ports.http}${path}`;

/** The pages of the site, by path. */
function sitePages(): Record<string, string> {
  return {
    '/canonical': page(snippet('227')),
    '/hidden-css': page(`${snippet('1502')}\n<style>.yhy-append-wrap{display:none !important}</style>`),
    '/hidden-script': page(
      snippet('2210'),
      `<script>
  var anEMC = setInterval(function () {
    var w = document.querySelector('#yhy-append');
    if (w) { w.style.display = 'none'; clearInterval(anEMC); }
  }, 50);
</script>`,
    ),
    '/fake': page('', STATIC_BADGE),
    '/hidden-visibility': page(`${snippet('1043')}\n<style>#yhy-append{visibility:hidden}</style>`),
    '/offscreen': page(`${snippet('205')}\n<style>.yhy-append-wrap{right:-9999px !important}</style>`),
    '/renamed-widget': page(snippet('8981', '/embed/v2/gov-tracking.min.js')),
    '/removed': page(
      snippet('905'),
      `<script>
  var goEMC = setInterval(function () {
    var w = document.querySelector('.yhy-append-wrap');
    if (w) { w.remove(); clearInterval(goEMC); }
  }, 50);
</script>`,
    ),
    '/untrusted-tls': page(snippet('45', undefined, `https://${LEGACY}:${ports.rogue}`)),
    '/tag-manager': page(`<!-- Tag Manager -->
<script>(function(w,d,s,i){var f=d.getElementsByTagName(s)[0],j=d.createElement(s);j.async=true;j.src='/static/tag-manager.js?id='+i;f.parentNode.insertBefore(j,f);})(window,document,'script','TM-5K2L9QX');</script>
<!-- End Tag Manager -->`),
    '/script-404': page(snippet('3051', '/embed/old/gov-tracking.min.js')),
    '/beacon-500': page(snippet(FAILING_SITE_ID)),
    '/polling': page(
      snippet('88'),
      `<script>setInterval(function () { fetch('/api/thong-bao?t=' + Date.now()).catch(function () {}); }, 100);</script>`,
    ),
    '/ssrf': page(
      snippet('640'),
      `<img src="http://169.254.169.254/latest/meta-data/iam/security-credentials/" alt="">
<script src="https://169.254.169.254/latest/api/token"></script>
<script src="http://127.0.0.1:${ports.trap}/steal.js"></script>`,
    ),
  };
}

/** Tag manager container: adds the EMC snippet 300 ms after it loads. */
function tagManagerScript(): string {
  return `/* Tag container TM-5K2L9QX */
setTimeout(function () {
  var s = document.createElement('script');
  s.text = ${JSON.stringify(snippetBody('4410'))};
  document.head.appendChild(s);
}, 300);`;
}

function listen(server: http.Server | https.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: http.Server | https.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

async function startWeb(): Promise<Web> {
  const hits: string[] = [];
  const trapHits: string[] = [];
  const certs = await certificatesFor([SITE, EMC]);
  const handler: http.RequestListener = (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const url = new URL(req.url ?? '/', 'http://x');
    hits.push(`${host} ${url.pathname}${url.search}`);
    if (host === EMC) {
      if (url.pathname === '/embed/gov-tracking.min.js') {
        res.writeHead(200, { 'content-type': 'application/javascript; charset=utf-8' }).end(EMC_SCRIPT);
      } else if (url.pathname === '/embed/v2/gov-tracking.min.js') {
        res.writeHead(200, { 'content-type': 'application/javascript; charset=utf-8' }).end(EMC_SCRIPT_RENAMED);
      } else if (url.pathname === '/tracking') {
        res.writeHead(url.searchParams.get('idsite') === FAILING_SITE_ID ? 500 : 204).end();
      } else {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      }
      return;
    }
    const html = sitePages()[url.pathname];
    if (html !== undefined) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else if (url.pathname === '/static/tag-manager.js') {
      res.writeHead(200, { 'content-type': 'application/javascript' }).end(tagManagerScript());
    } else if (url.pathname === '/api/thong-bao') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"moi":0}');
    } else if (url.pathname.startsWith('/media/')) {
      res.writeHead(200, { 'content-type': 'video/mp4' }).end(Buffer.alloc(1024));
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
    }
  };
  const httpServer = http.createServer(handler);
  const httpsServer = https.createServer({ key: certs.keyPem, cert: certs.certPem }, handler);
  const trap = http.createServer((req, res) => {
    trapHits.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'application/javascript' }).end('window.stolen = true;');
  });
  const selfSigned = await generate([{ name: 'commonName', value: LEGACY }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: LEGACY }] }],
  });
  const rogueHits: string[] = [];
  const rogue = https.createServer({ key: selfSigned.private, cert: selfSigned.cert }, (req, res) => {
    rogueHits.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'application/javascript' }).end(EMC_SCRIPT);
  });
  const [httpPort, httpsPort, trapPort, roguePort] = await Promise.all([listen(httpServer), listen(httpsServer), listen(trap), listen(rogue)]);
  return {
    httpPort,
    httpsPort,
    trapPort,
    roguePort,
    caPem: certs.caPem,
    hits,
    trapHits,
    rogueHits,
    close: async () => {
      await Promise.all([closeServer(httpServer), closeServer(httpsServer), closeServer(trap), closeServer(rogue)]);
    },
  };
}

/** The static tier's results for a page's served HTML. */
function staticResults(url: string, html: string): EmcResults {
  const homepage = parsePage(html, url);
  const context = { target: { url, role: 'component' as const }, homepage, pages: [homepage], discovered: [] };
  return { tracking: emcTrackingCode.run(context), badge: emcBadge.run(context) };
}

function isPng(bytes: Uint8Array | undefined): boolean {
  return bytes !== undefined && Buffer.from(bytes.subarray(0, 8)).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const view = Buffer.from(bytes);
  return { width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
}

const browser = await findChromium();

describe.skipIf(browser === undefined)('chromium renderer (real Chromium, real sockets)', () => {
  let web: Web;
  let renderer: PageRenderer;
  const outcomes = new Map<string, RenderOutcome>();

  async function rendered(path: string): Promise<RenderOutcome> {
    let outcome = outcomes.get(path);
    if (outcome === undefined) {
      outcome = await renderer.render(siteUrl(path));
      outcomes.set(path, outcome);
    }
    return outcome;
  }

  beforeAll(async () => {
    web = await startWeb();
    ports = { http: web.httpPort, https: web.httpsPort, trap: web.trapPort, rogue: web.roguePort };
    renderer = createChromiumRenderer({
      resolve: [
        parseResolveMapping(`${SITE}:${web.httpPort}:127.0.0.1`),
        parseResolveMapping(`${EMC}:${web.httpsPort}:127.0.0.1`),
        parseResolveMapping(`${LEGACY}:${web.roguePort}:127.0.0.1`),
      ],
      ca: web.caPem,
      navigationTimeoutMs: NAVIGATION_TIMEOUT_MS,
      settleTimeoutMs: SETTLE_TIMEOUT_MS,
    });
  });

  afterAll(async () => {
    await renderer?.close();
    await web?.close();
  });

  interface Case {
    path: string;
    tracking: 'pass' | 'fail';
    badge: 'pass' | 'fail' | 'unknown';
    badgeReason?: string;
    /** What the observation must show. */
    check?: (outcome: RenderOutcome) => void;
    /** Substring of the English tracking warnings. */
    trackingWarning?: string;
  }

  const CASES: Case[] = [
    {
      path: '/canonical',
      tracking: 'pass',
      badge: 'pass',
      check: ({ observation: o, viewportPng, badgePng }) => {
        expect(o.navigation).toBe('ok');
        expect(o.status).toBe(200);
        expect(o.emcScript).toEqual({ url: `${emcOrigin()}/embed/gov-tracking.min.js`, status: 200 });
        expect(o.beacons).toEqual([expect.objectContaining({ idsite: '227', status: 204 })]);
        expect(o.runtimeTracker).toEqual({ govaqDefined: true, siteId: '227', trackerUrl: `${emcOrigin()}/tracking`, pageViewQueued: true });
        expect(o.loaded).toBe(true);
        expect(o.cspViolations).toEqual([]);
        expect(o.scriptErrors).toEqual([]);
        expect(o.badge).toMatchObject({ found: true, selector: '#btnEMC', visible: true, fixed: true, connectedText: true, text: 'Đã kết nối EMC' });
        // Fixed bottom-right of a 1366×768 viewport.
        expect(o.badge.box!.x + o.badge.box!.width).toBeGreaterThan(1366 - 40);
        expect(o.badge.box!.y + o.badge.box!.height).toBeGreaterThan(768 - 40);
        expect(o.blocked).toEqual([]);
        expect(isPng(viewportPng)).toBe(true);
        expect(isPng(badgePng)).toBe(true);
      },
    },
    {
      path: '/hidden-css',
      tracking: 'pass',
      badge: 'fail',
      badgeReason: 'css-hidden',
      check: ({ observation: o, badgePng }) => {
        expect(o.badge).toMatchObject({ found: true, visible: false, hiddenBy: 'display', hiddenVia: 'stylesheet', hiddenOn: 'div.yhy-append-wrap' });
        expect(badgePng).toBeUndefined();
      },
    },
    {
      path: '/hidden-script',
      tracking: 'pass',
      badge: 'fail',
      badgeReason: 'script-hidden',
      check: ({ observation: o }) => {
        expect(o.badge).toMatchObject({ found: true, visible: false, hiddenBy: 'display', hiddenVia: 'inline-style', hiddenOn: 'div#yhy-append' });
      },
    },
    {
      path: '/fake',
      tracking: 'fail',
      badge: 'fail',
      badgeReason: 'fake-static-badge',
      check: ({ observation: o }) => {
        expect(o.badge).toMatchObject({ found: true, visible: true, connectedText: true });
        expect(o.emcScript).toBeUndefined();
        expect(o.runtimeTracker.govaqDefined).toBe(false);
      },
    },
    {
      path: '/hidden-visibility',
      tracking: 'pass',
      badge: 'fail',
      badgeReason: 'css-hidden',
      check: ({ observation: o }) => {
        expect(o.badge).toMatchObject({ found: true, visible: false, hiddenBy: 'visibility', hiddenVia: 'stylesheet', hiddenOn: 'div#yhy-append' });
      },
    },
    {
      path: '/offscreen',
      tracking: 'pass',
      badge: 'fail',
      badgeReason: 'offscreen',
      check: ({ observation: o }) => {
        expect(o.badge).toMatchObject({ found: true, visible: false, hiddenBy: 'offscreen', fixed: true });
      },
    },
    {
      path: '/renamed-widget',
      tracking: 'pass',
      badge: 'pass',
      check: ({ observation: o }) => {
        expect(o.badge).toMatchObject({ found: true, selector: 'text', visible: true, connectedText: true, text: 'Đã kết nối EMC', fixed: true });
      },
    },
    {
      path: '/removed',
      tracking: 'pass',
      badge: 'fail',
      badgeReason: 'script-removed',
      check: ({ observation: o }) => {
        expect(o.badge).toMatchObject({ found: false, visible: false, hiddenBy: 'removed' });
      },
    },
    {
      path: '/untrusted-tls',
      tracking: 'pass',
      // EMC's own certificate failing is not the site's doing: unknown, never fail.
      badge: 'unknown',
      badgeReason: 'emc-unreachable',
      check: ({ observation: o }) => {
        // The proxy verified the certificate itself (extra CA configured) and refused the tunnel.
        // (Chromium retries a tunnel that is cut, so the refusal may be recorded more than once.)
        expect(o.blocked.length).toBeGreaterThan(0);
        for (const refusal of o.blocked) expect(refusal).toEqual({ url: `https://${LEGACY}:${web.roguePort}/`, reason: 'tls: self-signed certificate' });
        expect(o.emcScript).toMatchObject({ url: `https://${LEGACY}:${web.roguePort}/embed/gov-tracking.min.js`, failed: expect.stringMatching(/^net::ERR_/) });
        expect(web.rogueHits).toEqual([]);
      },
    },
    {
      path: '/tag-manager',
      tracking: 'pass',
      badge: 'pass',
      trackingWarning: 'injected at run time',
      check: ({ observation: o }) => {
        expect(o.runtimeTracker).toMatchObject({ govaqDefined: true, siteId: '4410' });
        expect(o.beacons).toEqual([expect.objectContaining({ idsite: '4410', status: 204 })]);
      },
    },
    {
      path: '/script-404',
      tracking: 'fail',
      badge: 'fail',
      badgeReason: 'script-http-error',
      check: ({ observation: o }) => {
        expect(o.emcScript).toEqual({ url: `${emcOrigin()}/embed/old/gov-tracking.min.js`, status: 404 });
        expect(o.badge.found).toBe(false);
        expect(o.beacons).toEqual([]);
      },
    },
    {
      path: '/beacon-500',
      tracking: 'pass',
      badge: 'pass',
      trackingWarning: 'The tracking beacon to EMC failed (HTTP 500)',
      check: ({ observation: o }) => {
        expect(o.beacons).toEqual([expect.objectContaining({ idsite: FAILING_SITE_ID, status: 500 })]);
      },
    },
    {
      path: '/polling',
      tracking: 'pass',
      badge: 'pass',
      check: ({ observation: o }) => {
        // Never networkidle: a page that polls forever still loads (not a navigation timeout)
        // and the render returns with the badge judged, inside the test's own timeout.
        expect(o.navigation).toBe('ok');
        expect(web.hits.some((h) => h.startsWith(`${SITE} /api/thong-bao`))).toBe(true);
      },
    },
    {
      path: '/ssrf',
      tracking: 'pass',
      badge: 'pass',
      check: ({ observation: o }) => {
        expect(o.blocked).toEqual(expect.arrayContaining([
          { url: 'http://169.254.169.254/latest/meta-data/iam/security-credentials/', reason: '169.254.169.254 is not a public address' },
          { url: 'https://169.254.169.254:443/', reason: '169.254.169.254 is not a public address' },
          { url: `http://127.0.0.1:${web.trapPort}/steal.js`, reason: '127.0.0.1 is not a public address' },
        ]));
        expect(web.trapHits).toEqual([]);
      },
    },
  ];

  it.each(CASES)('$path → tracking $tracking, badge $badge', async (c) => {
    // Prepare
    const html = sitePages()[c.path];

    // Act
    const outcome = await rendered(c.path);
    const judged = judgeRendered(staticResults(siteUrl(c.path), html), outcome.observation);

    // Assess
    c.check?.(outcome);
    expect(judged.tracking.verdict).toBe(c.tracking);
    expect(judged.badge.verdict).toBe(c.badge);
    if (c.badgeReason !== undefined) expect(judged.badge.data?.reason).toBe(c.badgeReason);
    if (c.trackingWarning !== undefined) expect(judged.tracking.warnings.map((w) => w.en).join('\n')).toContain(c.trackingWarning);
  });

  it('blocks media and fonts but loads scripts and styles', async () => {
    // Prepare
    const outcome = await rendered('/canonical');

    // Act
    const blockedHits = web.hits.filter((h) => h.includes('/media/') || h.includes('/fonts/'));

    // Assess
    expect(outcome.observation.navigation).toBe('ok');
    expect(blockedHits).toEqual([]);
    expect(web.hits).toContain(`${EMC} /embed/gov-tracking.min.js`);
  });

  it('keeps a screenshot of the viewport and of the badge as valid PNGs', async () => {
    // Prepare
    const { viewportPng, badgePng, observation } = await rendered('/canonical');
    mkdirSync(ARTIFACTS, { recursive: true });

    // Act
    writeFileSync(join(ARTIFACTS, 'canonical-viewport.png'), viewportPng!);
    writeFileSync(join(ARTIFACTS, 'canonical-badge.png'), badgePng!);

    // Assess
    expect(pngSize(viewportPng!)).toEqual({ width: 1366, height: 768 });
    const crop = pngSize(badgePng!);
    expect(crop.width).toBeGreaterThanOrEqual(Math.floor(observation.badge.box!.width));
    expect(crop.width).toBeLessThan(400);
  });

  it('reports a navigation timeout as such and judges the badge unknown', async () => {
    // Prepare: a host that accepts the connection and never answers.
    const silent = http.createServer(() => undefined);
    const silentPort = await listen(silent);
    const quick = createChromiumRenderer({
      resolve: [parseResolveMapping(`cham.quangninh.gov.vn:${silentPort}:127.0.0.1`)],
      navigationTimeoutMs: 1_500,
      settleTimeoutMs: 1_000,
    });
    const url = `http://cham.quangninh.gov.vn:${silentPort}/`;

    try {
      // Act
      const { observation } = await quick.render(url);
      const judged = judgeRendered(staticResults(url, page(snippet('227'))), observation);

      // Assess
      expect(observation.navigation).toBe('timeout');
      expect(observation.error).toContain('Timeout');
      expect(judged.badge.verdict).toBe('unknown');
      expect(judged.badge.data?.reason).toBe('browser-timeout');
      expect(judged.tracking.verdict).toBe('pass');
    } finally {
      await quick.close();
      await closeServer(silent);
    }
  });

  it('stops a render when its signal aborts', async () => {
    // Prepare: a host that never answers, and a budget far longer than the abort.
    const silent = http.createServer(() => undefined);
    const silentPort = await listen(silent);
    const slow = createChromiumRenderer({
      resolve: [parseResolveMapping(`treo.quangninh.gov.vn:${silentPort}:127.0.0.1`)],
      navigationTimeoutMs: 30_000,
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 500);

    try {
      // Act
      const { observation } = await slow.render(`http://treo.quangninh.gov.vn:${silentPort}/`, { signal: controller.signal });

      // Assess
      expect(observation.navigation).toBe('error');
      expect(observation.error).toBe('aborted');
    } finally {
      await slow.close();
      await closeServer(silent);
    }
  });

  it('reports an unmapped non-public host as a navigation error, not a crash', async () => {
    // Prepare
    const url = `http://127.0.0.1:${web.trapPort}/`;

    // Act
    const { observation } = await renderer.render(url);

    // Assess
    expect(observation.navigation).toBe('error');
    expect(observation.error).toBe('blocked: 127.0.0.1 is not a public address');
    expect(observation.blocked).toEqual([{ url, reason: '127.0.0.1 is not a public address' }]);
    expect(web.trapHits).toEqual([]);
  });
});

/* ------------------------------------------------------------------------------------------ */
/* The simulated government web (local/sim-web): its EMC stand-in and its ground truth.        */
/* ------------------------------------------------------------------------------------------ */

describe.skipIf(browser === undefined)('chromium renderer on the simulated web', () => {
  let sim: SimWeb;
  let renderer: PageRenderer;
  let fetcher: ReturnType<typeof createHttpFetcher>;

  beforeAll(async () => {
    sim = await startSimWeb({ portals: 1, componentsPerPortal: [1, 1] });
    const resolve = sim.resolve.map(parseResolveMapping);
    renderer = createChromiumRenderer({ resolve, ca: sim.caPem });
    fetcher = createHttpFetcher({ resolve, ca: sim.caPem, maxPerAddress: 16 });
  });

  afterAll(async () => {
    await renderer?.close();
    await fetcher?.close();
    await sim?.close();
  });

  const SCENARIOS = [
    ['shape:canonical-gov-marker', 'https'],
    ['shape:tag-manager'],
    ['badge:hidden-css'],
    ['badge:hidden-script'],
    ['badge:fake-static'],
    ['badge:static-with-code'],
    ['browser:script-404'],
    ['browser:beacon-500'],
    ['shape:empty-id'],
    ['shape:legacy-host'],
  ];

  it.each(SCENARIOS)('%s: rendered verdicts match the ground truth', async (...tags) => {
    // Prepare
    const truth = sim.manifest.hosts.find((h) => h.expect.transport === 'ok' && tags.every((t) => h.scenario.includes(t)));
    expect(truth).toBeDefined();
    const fetched = await fetcher.fetchPage(truth!.url);
    if (!fetched.ok) throw new Error(`sim host did not load: ${fetched.failure.message}`);

    // Act
    const { observation } = await renderer.render(truth!.url);
    const judged = judgeRendered(staticResults(fetched.page.finalUrl, fetched.page.html), observation);

    // Assess
    expect(observation.navigation).toBe('ok');
    expect(observation.blocked).toEqual([]);
    expect({ tracking: judged.tracking.verdict, badge: judged.badge.verdict }).toEqual({
      tracking: truth!.expect.rendered['emc-tracking-code'],
      badge: truth!.expect.rendered['emc-badge'],
    });
  });
});
