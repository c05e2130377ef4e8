/**
 * Stand-in for EMC's tracker (`f-emc.ngsp.gov.vn`, legacy `tracking.aita.gov.vn`): serves a
 * `gov-tracking.min.js` that behaves like the real one (reads `window._govaq`, sends a
 * Matomo-style beacon, injects the "Đã kết nối EMC" widget of docs/detection.md §2) and records the
 * beacons it receives. Tests cannot reach the real EMC host.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EMC_MISSING_SCRIPT_PATH, EMC_SCRIPT_PATH, EMC_TRACKER_PATH } from './snippets.ts';

/** One beacon received by the stand-in tracker. */
export interface SimBeacon {
  /** Tracker host that received it (current or legacy EMC host). */
  host: string;
  method: string;
  /** `idsite` parameter, when sent. */
  idsite?: string;
  /** Page URL the beacon reports (`url` parameter). */
  url?: string;
  /** All query parameters. */
  params: Record<string, string>;
  /** Status the stand-in answered (204, or 500 for the `beacon-500` case). */
  status: number;
}

const EMC_ICON =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAKklEQVR4nGP4z8Dwn4GBgYGJgYGBgYGBgYGBgYGBgYGBgYGBgYGBgQEAaDgCAf0DHn0AAAAASUVORK5CYII=';

/** The stand-in tracking script: plain ES5 so that any browser engine runs it. */
export const EMC_SCRIPT = `/* gov-tracking.min.js (stand-in of the EMC tracker for the simulated government web) */
(function () {
  var existing = window._govaq;
  if (existing && existing.__emcLoaded) { return; }
  var queue = existing && existing.length !== undefined ? Array.prototype.slice.call(existing) : [];
  var config = { trackerUrl: null, siteId: null };
  var self = document.currentScript;
  var defaultTracker = self && self.src ? self.src.replace(/\\/embed\\/.*$/, '${EMC_TRACKER_PATH}') : null;

  function validSiteId() { return config.siteId !== null && /^[0-9]+$/.test(String(config.siteId)); }
  function send(extra) {
    var tracker = config.trackerUrl || defaultTracker;
    if (!tracker || !validSiteId()) { return; }
    var query = 'idsite=' + encodeURIComponent(config.siteId) + '&rec=1&url=' + encodeURIComponent(location.href) +
      '&action_name=' + encodeURIComponent(document.title) + '&rand=' + Math.floor(Math.random() * 1e9) + (extra || '');
    var img = new Image(1, 1);
    img.src = tracker + (tracker.indexOf('?') < 0 ? '?' : '&') + query;
  }
  var commands = {
    setTrackerUrl: function (url) { config.trackerUrl = url; },
    setSiteId: function (id) { config.siteId = id; },
    enableLinkTracking: function () {},
    trackPageView: function () { send(''); },
    trackDVC: function (action, name) { send('&e_c=dvc&e_a=' + encodeURIComponent(action || '') + '&e_n=' + encodeURIComponent(name || '')); }
  };
  function run(cmd) {
    if (!cmd || !cmd.length || !commands[cmd[0]]) { return; }
    commands[cmd[0]].apply(null, Array.prototype.slice.call(cmd, 1));
  }
  // Like Matomo: setters first, whatever order the page pushed them in.
  var i;
  for (i = 0; i < queue.length; i++) { if (queue[i] && /^set/.test(queue[i][0])) { run(queue[i]); } }
  for (i = 0; i < queue.length; i++) { if (queue[i] && !/^set/.test(queue[i][0])) { run(queue[i]); } }
  window._govaq = { __emcLoaded: true, push: function (cmd) { run(cmd); return 0; } };

  function injectBadge() {
    // A configured but unusable site id (empty, template placeholder) means "not connected".
    if (config.siteId !== null && !validSiteId()) { return; }
    var style = document.createElement('style');
    style.textContent = '.yhy-append-wrap{position:fixed;right:16px;bottom:16px;z-index:2147483000}' +
      '.yhy-append-btn{display:flex;align-items:center;gap:6px;background:#fff;border:1px solid #d0021b;border-radius:20px;' +
      'padding:6px 12px;color:#d0021b;font:bold 13px Arial,sans-serif;text-decoration:none;box-shadow:0 2px 8px rgba(0,0,0,.2)}' +
      '.yhy-append-icon img{width:20px;height:20px;display:block}';
    document.head.appendChild(style);
    var wrap = document.createElement('div');
    wrap.className = 'yhy-append-wrap';
    wrap.innerHTML = '<div id="yhy-append" class="yhy-append">' +
      '<a id="btnEMC" class="yhy-append-btn yhy-btn-emc" title="TRUNG TÂM GIÁM SÁT QUỐC GIA VỀ CHÍNH PHỦ SỐ" href="javascript:void(0)">' +
      '<span class="yhy-append-icon"><img alt="EMC" src="${EMC_ICON}"></span>' +
      '<span class="yhy-append-txt">Đã kết nối EMC</span></a>' +
      '<a id="btnBTTTT" class="yhy-append-btn yhy-btn-btttt" style="display: none" href="https://mic.gov.vn/">' +
      '<span class="yhy-append-txt">Trực thuộc BTTTT</span></a></div>';
    document.body.appendChild(wrap);
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', injectBadge); } else { injectBadge(); }
})();
`;

const EMC_HOME = `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Hệ thống EMC</title></head>
<body><h1>Hệ thống giám sát, đo lường mức độ cung cấp và sử dụng dịch vụ Chính phủ số</h1>
<p>Trung tâm Giám sát quốc gia về Chính phủ số.</p></body></html>`;

/** Request handler of the EMC stand-in hosts. */
export class EmcStandIn {
  /** Beacons received, in order. */
  readonly beacons: SimBeacon[] = [];

  /** @param failingSiteIds site ids whose beacons answer 500 (the `beacon-500` case). */
  constructor(private readonly failingSiteIds: ReadonlySet<string>) {}

  handle(host: string, req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (url.pathname === EMC_SCRIPT_PATH) {
      res.writeHead(200, { 'content-type': 'application/javascript; charset=utf-8', 'cache-control': 'public, max-age=3600', 'access-control-allow-origin': '*' });
      res.end(req.method === 'HEAD' ? undefined : EMC_SCRIPT);
    } else if (url.pathname === EMC_TRACKER_PATH) {
      this.recordBeacon(host, url, req, res);
    } else if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(EMC_HOME);
    } else {
      // Includes EMC_MISSING_SCRIPT_PATH: the `script-404` case.
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(url.pathname === EMC_MISSING_SCRIPT_PATH ? 'Not Found: script moved' : 'Not Found');
    }
  }

  private recordBeacon(host: string, url: URL, req: IncomingMessage, res: ServerResponse): void {
    const finish = (body: string): void => {
      const params = Object.fromEntries(new URLSearchParams(body || url.search));
      const idsite = params.idsite;
      const status = idsite !== undefined && this.failingSiteIds.has(idsite) ? 500 : 204;
      this.beacons.push({ host, method: req.method ?? 'GET', idsite, url: params.url, params, status });
      res.writeHead(status, { 'access-control-allow-origin': '*', 'cache-control': 'no-store' });
      res.end();
    };
    if (req.method === 'POST') {
      // navigator.sendBeacon posts the same parameters as a body.
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => finish(Buffer.concat(chunks).toString('utf8') || url.search));
    } else {
      finish('');
    }
  }
}

/** Path of the stand-in third party's statistics widget, shown by some sites in an iframe. */
export const MATOMO_WIDGET_PATH = '/widget/thong-ke';

/**
 * Stand-in Matomo host (`thongke.opencps.vn`) so that pages with a `_paq` snippet stay offline;
 * it also serves a statistics widget page that links back (`?to=`), framed by some sites.
 */
export function handleMatomo(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://stand-in');
  const path = url.pathname;
  if (path === MATOMO_WIDGET_PATH) {
    const to = url.searchParams.get('to') ?? '';
    const safe = /^https?:\/\/[a-z0-9.-]+(?::\d+)?\/$/i.test(to) ? to : '/';
    const name = (url.searchParams.get('ten') ?? '').replace(/[<>&"]/g, '');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Thống kê</title></head><body><p>Lượt truy cập hôm nay: 1.024 — <a href="${safe}" target="_top">${name || 'Cổng thông tin'}</a></p></body></html>`);
  } else if (path === '/matomo.js') {
    res.writeHead(200, { 'content-type': 'application/javascript; charset=utf-8' });
    res.end('/* matomo.js stand-in */ window.Matomo = window.Matomo || { initialized: true };');
  } else if (path === '/matomo.php') {
    res.writeHead(204);
    res.end();
  } else {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('Not Found');
  }
}
