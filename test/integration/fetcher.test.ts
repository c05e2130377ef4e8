import type { IncomingHttpHeaders } from 'node:http';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import zlib from 'node:zlib';
import iconv from 'iconv-lite';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_USER_AGENT,
  createHttpFetcher,
  type HttpFetcher,
  type HttpFetcherOptions,
  type ResolvedAddress,
} from '../../functions/adapters/http-fetcher.ts';
import { parseResolveMapping } from '../../functions/adapters/net/resolve-mapping.ts';
import { gzipBombBody } from '../../local/sim-web/faults.ts';
import type { FetchOutcome, FetchedPage, TransportFailure, TransportFailureKind } from '../../functions/core/types.ts';

/* ------------------------------------------------------------------------------------------ */
/* The simulated web: one HTTP and one HTTPS server on 127.0.0.1, plus raw TCP misbehavers.    */
/* ------------------------------------------------------------------------------------------ */

const HOST = 'so-tttt.hanoi.gov.vn';
const TITLE = 'Cổng thông tin điện tử tỉnh Quảng Ninh';
const MIB = 1024 * 1024;

/** A provincial portal homepage, as such pages look (trimmed). */
function portalPage(head = '<meta charset="utf-8">', extraBody = ''): string {
  return `<!DOCTYPE html>
<html lang="vi">
<head>
${head}
<title>${TITLE}</title>
<link rel="stylesheet" href="/Portal/styles/main.css">
<script src="https://ipv6.vn/js/emc.js" data-site-id="12345"></script>
</head>
<body>
<header><a href="/"><img src="/logo.png" alt="${TITLE}"></a></header>
<nav><ul><li><a href="/gioi-thieu">Giới thiệu</a></li><li><a href="/tin-tuc">Tin tức - Sự kiện</a></li>
<li><a href="https://dichvucong.quangninh.gov.vn">Dịch vụ công trực tuyến</a></li></ul></nav>
<main><h1>${TITLE}</h1><p>Ủy ban nhân dân tỉnh Quảng Ninh - Sở Thông tin và Truyền thông.</p>${extraBody}</main>
<footer>Cơ quan chủ quản: Ủy ban nhân dân tỉnh Quảng Ninh. Địa chỉ: Phường Hồng Hà, TP Hạ Long.
<a href="https://tinnhiemmang.vn/danh-ba-tin-nhiem/quangninhgovvn"><img src="https://tinnhiemmang.vn/badge.png" alt="Tín nhiệm mạng"></a></footer>
</body>
</html>
`;
}

/** Cloudflare's managed-challenge interstitial, shape as served. */
const CLOUDFLARE_CHALLENGE = `<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8"><meta name="robots" content="noindex,nofollow">
</head><body><div class="main-wrapper" role="main"><div class="main-content">
<noscript><div class="h2"><span id="challenge-error-text">Enable JavaScript and cookies to continue</span></div></noscript>
</div></div><script>(function(){window._cf_chl_opt={cvId: '3',cZone: "${HOST}",cType: 'managed'};
var a = document.createElement('script');a.src = '/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1';
document.getElementsByTagName('head')[0].appendChild(a);}());</script></body></html>`;

const CAPTCHA_BLOCK = `<!DOCTYPE html><html><head><title>Truy cập bị hạn chế</title></head><body>
<h1>Vui lòng xác minh bạn không phải là robot</h1><form action="/verify" method="post">
<div class="g-recaptcha" data-sitekey="6Lc_xxx"></div><button>Tiếp tục</button></form></body></html>`;

/** A normal page with a CAPTCHA in its feedback form: must not be taken for a challenge. */
const PORTAL_WITH_FEEDBACK_CAPTCHA = portalPage(
  '<meta charset="utf-8">',
  '<form id="gop-y"><label>Mã xác nhận (captcha)</label><img src="/captcha.ashx"><input name="captcha"></form>',
);

/** windows-1258 writes tones as combining marks after the base letter. */
function toWindows1258Form(text: string): string {
  const tones = /[\u0300\u0301\u0303\u0309\u0323]/g;
  return [...text]
    .map((ch) => ch.normalize('NFD').replace(tones, '').normalize('NFC') + (ch.normalize('NFD').match(tones) ?? []).join(''))
    .join('');
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

interface RecordedRequest {
  path: string;
  host: string;
  headers: IncomingHttpHeaders;
  atMs: number;
}

interface SimulatedServer {
  port: number;
  requests: RecordedRequest[];
  connections: () => number;
  close: () => Promise<void>;
}

/** Streams `total` bytes made of `chunk` repeated, respecting backpressure, stopping if the client leaves. */
function streamRepeated(res: http.ServerResponse, chunk: Buffer, total: number): void {
  let sent = 0;
  const pump = (): void => {
    while (sent < total && !res.destroyed) {
      sent += chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end();
  };
  pump();
}

let inFlight = 0;
let maxInFlight = 0;

const routes: Record<string, Handler> = {
  '/': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'x-powered-by': 'ASP.NET' });
    res.end(portalPage());
  },
  '/charset/windows-1258': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=windows-1258' });
    res.end(iconv.encode(toWindows1258Form(portalPage('')), 'windows-1258'));
  },
  '/charset/viscii': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(iconv.encode(portalPage('<meta http-equiv="Content-Type" content="text/html; charset=VISCII">'), 'viscii'));
  },
  '/charset/tcvn3': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=TCVN3' });
    res.end(iconv.encode(portalPage(''), 'tcvn'));
  },
  '/charset/utf-16le': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(portalPage(''), 'utf-16le')]));
  },
  '/redirect/start': (_req, res) => {
    res.writeHead(302, { location: '/redirect/step-2' });
    res.end();
  },
  '/redirect/step-2': (req, res) => {
    const port = (req.headers.host ?? '').split(':')[1];
    res.writeHead(301, { location: `http://www.hanoi.gov.vn:${port}/redirect/step-3`, 'content-type': 'text/html' });
    res.end('<html><body>Moved</body></html>');
  },
  '/redirect/step-3': (_req, res) => {
    res.writeHead(307, { location: 'final' });
    res.end();
  },
  '/redirect/final': (_req, res) => routes['/'](_req, res),
  '/loop/a': (_req, res) => {
    res.writeHead(302, { location: '/loop/b' });
    res.end();
  },
  '/loop/b': (_req, res) => {
    res.writeHead(302, { location: '/loop/a' });
    res.end();
  },
  '/to-metadata': (_req, res) => {
    res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/iam/security-credentials/' });
    res.end();
  },
  '/to-private': (_req, res) => {
    res.writeHead(301, { location: 'http://10.0.0.1/' });
    res.end();
  },
  '/to-ftp': (_req, res) => {
    res.writeHead(302, { location: 'ftp://files.hanoi.gov.vn/' });
    res.end();
  },
  '/status/500': (_req, res) => {
    res.writeHead(500, { 'content-type': 'text/html' });
    res.end('<html><body><h1>Server Error in \'/\' Application.</h1></body></html>');
  },
  '/status/503-retry-120': (_req, res) => {
    res.writeHead(503, { 'content-type': 'text/html', 'retry-after': '120' });
    res.end('<html><body><h1>Hệ thống đang bảo trì</h1></body></html>');
  },
  '/status/503-retry-1': (_req, res) => {
    res.writeHead(503, { 'content-type': 'text/html', 'retry-after': '1' });
    res.end('<html><body><h1>Hệ thống đang bảo trì</h1></body></html>');
  },
  '/status/429-date': (_req, res) => {
    res.writeHead(429, { 'content-type': 'text/plain', 'retry-after': new Date(Date.now() + 90_000).toUTCString() });
    res.end('Too Many Requests');
  },
  '/status/404': (_req, res) => {
    res.writeHead(404, { 'content-type': 'text/html' });
    res.end('<html><body><h1>Không tìm thấy trang</h1></body></html>');
  },
  '/status/408': (_req, res) => {
    res.writeHead(408, { 'content-type': 'text/html' });
    res.end('<html><body>Request Timeout</body></html>');
  },
  '/waf/cloudflare': (_req, res) => {
    res.writeHead(403, { 'content-type': 'text/html; charset=UTF-8', server: 'cloudflare' });
    res.end(CLOUDFLARE_CHALLENGE);
  },
  '/waf/cf-mitigated': (_req, res) => {
    res.writeHead(403, { 'content-type': 'text/html', 'cf-mitigated': 'challenge' });
    res.end('<html><body></body></html>');
  },
  '/waf/captcha-503': (_req, res) => {
    res.writeHead(503, { 'content-type': 'text/html; charset=utf-8' });
    res.end(CAPTCHA_BLOCK);
  },
  '/waf/challenge-200': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=UTF-8' });
    res.end(CLOUDFLARE_CHALLENGE);
  },
  '/portal-with-captcha-form': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(PORTAL_WITH_FEEDBACK_CAPTCHA);
  },
  '/pdf': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/pdf' });
    res.end(Buffer.concat([Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'), Buffer.alloc(4096, 0x20)]));
  },
  '/json-untyped': (_req, res) => {
    res.removeHeader('content-type');
    res.writeHead(200);
    res.end(JSON.stringify({ d: [{ TieuDe: 'Tin tức', Url: '/tin-tuc' }] }));
  },
  '/html-as-text-plain': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(portalPage());
  },
  '/huge': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.write('<!DOCTYPE html><html><head><title>Lưu trữ</title></head><body>');
    streamRepeated(res, Buffer.from('<p>Văn bản chỉ đạo điều hành</p>\n'.repeat(2048)), 50 * MIB);
  },
  '/huge-declared': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(50 * MIB) });
    streamRepeated(res, Buffer.alloc(64 * 1024, 0x20), 50 * MIB);
  },
  '/gzip-bomb': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
    // About 1 MB on the wire that inflates past 1 GB, built once (compressing 1 GB per request
    // cost seconds of CPU that a loaded machine turned into timeouts).
    res.end(gzipBombBody());
  },
  '/encoded/gzip': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' });
    res.end(zlib.gzipSync(portalPage()));
  },
  '/encoded/deflate': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'deflate' });
    res.end(zlib.deflateSync(portalPage()));
  },
  '/encoded/br': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'br' });
    res.end(zlib.brotliCompressSync(portalPage()));
  },
  '/encoded/zstd': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'zstd' });
    res.end(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0, 0]));
  },
  '/reset-mid-body': (req, res) => {
    res.writeHead(200, { 'content-type': 'text/html', 'content-length': '100000' });
    res.write(portalPage().slice(0, 500), () => setTimeout(() => req.socket.destroy(), 20));
  },
  '/stall-body': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html', 'content-length': '100000' });
    res.write('<!DOCTYPE html><html><head><title>');
  },
  '/drip': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.write('<!DOCTYPE html><html><body>');
    const timer = setInterval(() => res.write('.'), 100);
    res.on('close', () => clearInterval(timer));
  },
  '/slow': (_req, res) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    setTimeout(() => {
      inFlight -= 1;
      routes['/'](_req, res);
    }, 150);
  },
};

function router(req: http.IncomingMessage, res: http.ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const chain = /^\/chain\/(\d+)$/.exec(path);
  if (chain) {
    const n = Number(chain[1]);
    if (n < 11) {
      res.writeHead(302, { location: `/chain/${n + 1}` });
      res.end();
    } else {
      routes['/'](req, res);
    }
    return;
  }
  (routes[path] ?? routes['/status/404'])(req, res);
}

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

async function startServer(server: net.Server): Promise<SimulatedServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<net.Socket>();
  let connections = 0;
  server.on('request', (req: http.IncomingMessage) => {
    requests.push({ path: req.url ?? '', host: req.headers.host ?? '', headers: req.headers, atMs: Date.now() });
  });
  server.on(server instanceof https.Server ? 'secureConnection' : 'connection', (socket: net.Socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listen(server);
  return {
    port,
    requests,
    connections: () => connections,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A raw TCP server whose behaviour on each connection is `onSocket`. */
async function startTcp(onSocket: (socket: net.Socket) => void): Promise<SimulatedServer> {
  return startServer(net.createServer(onSocket));
}

const noDns = async (hostname: string): Promise<ResolvedAddress[]> => {
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
};

function expectPage(outcome: FetchOutcome): FetchedPage {
  if (!outcome.ok) throw new Error(`expected a page, got ${outcome.failure.kind}: ${outcome.failure.message}`);
  return outcome.page;
}

function expectFailure(outcome: FetchOutcome): TransportFailure {
  if (outcome.ok) throw new Error(`expected a failure, got HTTP ${outcome.page.status} ${outcome.page.finalUrl}`);
  return outcome.failure;
}

/** Highest RSS seen while `work` runs, sampled every 5 ms. */
async function peakRssDuring<T>(work: () => Promise<T>): Promise<{ result: T; baselineMb: number; peakMb: number }> {
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, baselineMb: Math.round(baseline / MIB), peakMb: Math.round(peak / MIB) };
  } finally {
    clearInterval(sampler);
  }
}

/* ------------------------------------------------------------------------------------------ */

let web: SimulatedServer;
let secureWeb: SimulatedServer;
let sentinel: SimulatedServer;
let caPem: string;
const sniNames: string[] = [];
const fetchers: HttpFetcher[] = [];

/** A fetcher reaching the simulated web: every host name on its ports maps to 127.0.0.1. */
function fetcherFor(options: HttpFetcherOptions = {}): HttpFetcher {
  const fetcher = createHttpFetcher({
    resolve: [parseResolveMapping(`*:${web.port}:127.0.0.1`), parseResolveMapping(`*:${secureWeb.port}:127.0.0.1`)],
    lookup: noDns,
    // Budgets a loaded machine does not exhaust on loopback; the timeout tests set their own.
    connectTimeoutMs: 10_000,
    headersTimeoutMs: 10_000,
    bodyTimeoutMs: 10_000,
    totalTimeoutMs: 20_000,
    ...options,
  });
  fetchers.push(fetcher);
  return fetcher;
}

/** Time budgets far above what any fetch here needs, for tests whose outcome must be a cap, not a timeout. */
const UNHURRIED: HttpFetcherOptions = { connectTimeoutMs: 60_000, headersTimeoutMs: 60_000, bodyTimeoutMs: 60_000, totalTimeoutMs: 120_000 };

const at = (path: string, host = HOST): string => `http://${host}:${web.port}${path}`;

beforeAll(async () => {
  const ca = await generate([{ name: 'commonName', value: 'Gov Portal Auditor Test CA' }], {
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const leaf = await generate([{ name: 'commonName', value: HOST }], {
    algorithm: 'sha256',
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: HOST }] },
    ],
  });
  caPem = ca.cert;
  web = await startServer(http.createServer(router));
  const tlsServer = https.createServer({ key: leaf.private, cert: leaf.cert }, router);
  tlsServer.on('secureConnection', (socket: import('node:tls').TLSSocket) => {
    if (typeof socket.servername === 'string') sniNames.push(socket.servername);
  });
  secureWeb = await startServer(tlsServer);
  sentinel = await startServer(http.createServer(router));
});

afterAll(async () => {
  await Promise.all(fetchers.map((f) => f.close()));
  await Promise.all([web, secureWeb, sentinel].filter(Boolean).map((s) => s.close()));
});

describe('HTTP fetcher: pages', () => {
  it('fetches a page through a --resolve mapping with the identifying headers', async () => {
    // Prepare
    const fetcher = fetcherFor();
    const before = web.requests.length;
    // Act
    const page = expectPage(await fetcher.fetchPage(at('/')));
    // Assess
    const expectedBytes = Buffer.byteLength(portalPage());
    expect(page).toMatchObject({
      url: at('/'),
      finalUrl: at('/'),
      status: 200,
      charset: 'utf-8',
      charsetSource: 'header',
      redirects: [],
      wireBytes: expectedBytes,
      bodyBytes: expectedBytes,
    });
    expect(page.headers['x-powered-by']).toBe('ASP.NET');
    expect(page.html).toBe(portalPage());
    const received = web.requests.slice(before);
    expect(received).toHaveLength(1);
    expect(received[0].host).toBe(`${HOST}:${web.port}`);
    expect(received[0].headers['user-agent']).toBe(DEFAULT_USER_AGENT);
    expect(received[0].headers.accept).toBe('text/html,application/xhtml+xml;q=0.9,*/*;q=0.5');
    expect(received[0].headers['accept-language']).toBe('vi,en;q=0.8');
    expect(received[0].headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it('sends a configured User-Agent', async () => {
    // Prepare
    const fetcher = fetcherFor({ userAgent: 'gov-portal-auditor-test/1.0 (+mailto:ops@example.vn)' });
    const before = web.requests.length;
    // Act
    expectPage(await fetcher.fetchPage(at('/')));
    // Assess
    expect(web.requests.slice(before)[0].headers['user-agent']).toBe('gov-portal-auditor-test/1.0 (+mailto:ops@example.vn)');
  });

  const charsetCases: Array<[string, string, string]> = [
    ['/charset/windows-1258', 'windows-1258', 'header'],
    ['/charset/viscii', 'viscii', 'meta'],
    ['/charset/tcvn3', 'tcvn', 'header'],
    ['/charset/utf-16le', 'utf-16le', 'bom'],
  ];

  it.each(charsetCases)('decodes %s as %s (from %s) to NFC Vietnamese', async (path, charset, source) => {
    // Prepare
    const fetcher = fetcherFor();
    // Act
    const page = expectPage(await fetcher.fetchPage(at(path)));
    // Assess
    expect(page.charset).toBe(charset);
    expect(page.charsetSource).toBe(source);
    expect(page.html).toContain(`<title>${TITLE}</title>`);
    expect(page.html).toContain('Ủy ban nhân dân tỉnh Quảng Ninh - Sở Thông tin và Truyền thông.');
  });

  const encodingCases = ['gzip', 'deflate', 'br'];

  it.each(encodingCases)('decompresses a %s body and counts both sizes', async (encoding) => {
    // Prepare
    const fetcher = fetcherFor();
    // Act
    const page = expectPage(await fetcher.fetchPage(at(`/encoded/${encoding}`)));
    // Assess
    expect(page.html).toBe(portalPage());
    expect(page.bodyBytes).toBe(Buffer.byteLength(portalPage()));
    expect(page.wireBytes).toBeGreaterThan(0);
    expect(page.wireBytes).toBeLessThan(page.bodyBytes);
  });

  it('accepts HTML served as text/plain by sniffing its start', async () => {
    // Prepare
    const fetcher = fetcherFor();
    // Act
    const page = expectPage(await fetcher.fetchPage(at('/html-as-text-plain')));
    // Assess
    expect(page.html).toContain(TITLE);
  });

  it('does not take a portal with a CAPTCHA feedback form for a bot challenge', async () => {
    // Prepare
    const fetcher = fetcherFor();
    // Act
    const page = expectPage(await fetcher.fetchPage(at('/portal-with-captcha-form')));
    // Assess
    expect(page.html).toContain('Mã xác nhận (captcha)');
  });
});

describe('HTTP fetcher: redirects', () => {
  it('follows a chain of relative and absolute redirects across hosts', async () => {
    // Prepare
    const fetcher = fetcherFor();
    const before = web.requests.length;
    // Act
    const page = expectPage(await fetcher.fetchPage(at('/redirect/start')));
    // Assess
    expect(page.redirects).toEqual([at('/redirect/start'), at('/redirect/step-2'), at('/redirect/step-3', 'www.hanoi.gov.vn')]);
    expect(page.finalUrl).toBe(at('/redirect/final', 'www.hanoi.gov.vn'));
    expect(page.url).toBe(at('/redirect/start'));
    expect(page.html).toContain(TITLE);
    expect(web.requests.slice(before).map((r) => r.host)).toEqual([
      `${HOST}:${web.port}`,
      `${HOST}:${web.port}`,
      `www.hanoi.gov.vn:${web.port}`,
      `www.hanoi.gov.vn:${web.port}`,
    ]);
  });

  it('follows exactly maxRedirects (10) redirects', async () => {
    // Prepare
    const fetcher = fetcherFor();
    // Act
    const page = expectPage(await fetcher.fetchPage(at('/chain/1')));
    // Assess
    expect(page.redirects).toHaveLength(10);
    expect(page.finalUrl).toBe(at('/chain/11'));
  });

  const failures: Array<{ name: string; path: string; kind: TransportFailureKind; url: string | (() => string) }> = [
    { name: 'a redirect loop', path: '/loop/a', kind: 'redirect-loop', url: () => at('/loop/a') },
    { name: '11 redirects', path: '/chain/0', kind: 'redirect-loop', url: () => at('/chain/10') },
    { name: 'a redirect to the metadata service', path: '/to-metadata', kind: 'blocked-address', url: 'http://169.254.169.254/latest/meta-data/iam/security-credentials/' },
    { name: 'a redirect to a private address', path: '/to-private', kind: 'blocked-address', url: 'http://10.0.0.1/' },
    { name: 'a redirect to ftp:', path: '/to-ftp', kind: 'invalid-url', url: 'ftp://files.hanoi.gov.vn/' },
  ];

  it.each(failures)('refuses $name', async ({ path, kind, url }) => {
    // Prepare
    const fetcher = fetcherFor();
    // Act
    const failure = expectFailure(await fetcher.fetchPage(at(path)));
    // Assess
    expect(failure.kind).toBe(kind);
    expect(failure.retryable).toBe(false);
    expect(failure.url).toBe(typeof url === 'function' ? url() : url);
  });

  it('never connects to a loopback address reached by redirect', async () => {
    // Prepare: the portal redirects to an IP literal where a server really listens.
    const fetcher = fetcherFor();
    const target = `http://127.0.0.1:${sentinel.port}/`;
    routes['/to-loopback-literal'] = (_req, res) => {
      res.writeHead(302, { location: target });
      res.end();
    };
    // Act
    const failure = expectFailure(await fetcher.fetchPage(at('/to-loopback-literal')));
    // Assess
    expect(failure).toMatchObject({ kind: 'blocked-address', url: target });
    expect(sentinel.connections()).toBe(0);
  });
});

describe('HTTP fetcher: address safety', () => {
  const lookupCases: Array<[string, ResolvedAddress[]]> = [
    ['loopback', [{ address: '127.0.0.1', family: 4 }]],
    ['IPv6 loopback', [{ address: '::1', family: 6 }]],
    ['a public and a private address', [{ address: '203.162.4.190', family: 4 }, { address: '192.168.1.10', family: 4 }]],
  ];

  it.each(lookupCases)('refuses an unmapped host whose DNS answer is %s, without connecting', async (_name, answers) => {
    // Prepare: only so-tttt is mapped; evil.example.vn resolves (injected DNS) to the same server.
    const fetcher = createHttpFetcher({
      resolve: [parseResolveMapping(`${HOST}:${web.port}:127.0.0.1`)],
      lookup: async () => answers,
    });
    fetchers.push(fetcher);
    const connectionsBefore = web.connections();
    // Act
    const failure = expectFailure(await fetcher.fetchPage(`http://evil.example.vn:${web.port}/`));
    // Assess
    expect(failure).toMatchObject({ kind: 'blocked-address', retryable: false, url: `http://evil.example.vn:${web.port}/` });
    expect(failure.message).toContain(answers.find((a) => a.address !== '203.162.4.190')?.address);
    expect(web.connections()).toBe(connectionsBefore);
  });

  const literalCases = [
    ['an IPv4-mapped IPv6 loopback literal', 'http://[::ffff:127.0.0.1]:PORT/'],
    ['an IPv6 loopback literal', 'http://[::1]:PORT/'],
    ['a decimal IPv4 literal', 'http://2130706433:PORT/'],
    ['a loopback IPv4 literal', 'http://127.0.0.1:PORT/'],
  ];

  it.each(literalCases)('refuses %s before connecting', async (_name, template) => {
    // Prepare
    const fetcher = fetcherFor();
    const connectionsBefore = sentinel.connections();
    // Act
    const failure = expectFailure(await fetcher.fetchPage(template.replace('PORT', String(sentinel.port))));
    // Assess
    expect(failure.kind).toBe('blocked-address');
    expect(sentinel.connections()).toBe(connectionsBefore);
  });

  const invalidCases = ['ftp://so-tttt.hanoi.gov.vn/', 'javascript:alert(1)', 'không phải địa chỉ', 'http://'];

  it.each(invalidCases)('reports %s as invalid-url', async (url) => {
    // Prepare
    const fetcher = fetcherFor();
    // Act
    const failure = expectFailure(await fetcher.fetchPage(url));
    // Assess
    expect(failure).toMatchObject({ kind: 'invalid-url', retryable: false, url });
  });
});

describe('HTTP fetcher: transport failures', () => {
  const dnsCases: Array<[string, boolean]> = [
    ['ENOTFOUND', false],
    ['EAI_AGAIN', true],
  ];

  it.each(dnsCases)('classifies DNS %s as dns (retryable %s)', async (code, retryable) => {
    // Prepare
    const fetcher = createHttpFetcher({
      lookup: async (hostname) => {
        throw Object.assign(new Error(`getaddrinfo ${code} ${hostname}`), { code });
      },
    });
    fetchers.push(fetcher);
    // Act
    const failure = expectFailure(await fetcher.fetchPage('https://khong-ton-tai.gov.vn/'));
    // Assess
    expect(failure).toMatchObject({ kind: 'dns', retryable, url: 'https://khong-ton-tai.gov.vn/' });
    expect(failure.message).toContain(code);
  });

  it('classifies a closed port as refused', async () => {
    // Prepare
    const closed = await startTcp((socket) => socket.destroy());
    await closed.close();
    const fetcher = fetcherFor({ resolve: [parseResolveMapping(`${HOST}:${closed.port}:127.0.0.1`)] });
    // Act
    const failure = expectFailure(await fetcher.fetchPage(`http://${HOST}:${closed.port}/`));
    // Assess
    expect(failure).toMatchObject({ kind: 'refused', retryable: true });
  });

  it('classifies a socket destroyed mid-body as reset', async () => {
    // Prepare
    const fetcher = fetcherFor();
    // Act
    const failure = expectFailure(await fetcher.fetchPage(at('/reset-mid-body')));
    // Assess
    expect(failure).toMatchObject({ kind: 'reset', retryable: true });
  });

  it('classifies a connection closed before any answer as reset', async () => {
    // Prepare
    const hangup = await startTcp((socket) => socket.destroy());
    const fetcher = fetcherFor({ resolve: [parseResolveMapping(`${HOST}:${hangup.port}:127.0.0.1`)] });
    // Act
    const failure = expectFailure(await fetcher.fetchPage(`http://${HOST}:${hangup.port}/`));
    await hangup.close();
    // Assess
    expect(failure).toMatchObject({ kind: 'reset', retryable: true });
  });

  const silentCases: Array<[string, (socket: net.Socket) => void]> = [
    ['accepts and never answers', () => undefined],
    ['sends half the headers and stops', (socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n')],
  ];

  it.each(silentCases)('classifies a server that %s as timeout', async (_name, behaviour) => {
    // Prepare
    const silent = await startTcp(behaviour);
    const fetcher = fetcherFor({ headersTimeoutMs: 500, resolve: [parseResolveMapping(`${HOST}:${silent.port}:127.0.0.1`)] });
    // Act
    const failure = expectFailure(await fetcher.fetchPage(`http://${HOST}:${silent.port}/`));
    await silent.close();
    // Assess
    expect(failure).toMatchObject({ kind: 'timeout', retryable: true });
    expect(failure.message).toMatch(/headers/i);
  });

  it('classifies a body that stalls as timeout', async () => {
    // Prepare
    const fetcher = fetcherFor({ bodyTimeoutMs: 500 });
    // Act
    const failure = expectFailure(await fetcher.fetchPage(at('/stall-body')));
    // Assess
    expect(failure).toMatchObject({ kind: 'timeout', retryable: true });
    expect(failure.message).toMatch(/body/i);
  });

  it('bounds a page that drips forever by the total time limit', async () => {
    // Prepare: a byte every 100 ms never trips the body timeout.
    const fetcher = fetcherFor({ totalTimeoutMs: 800 });
    // Act
    const failure = expectFailure(await fetcher.fetchPage(at('/drip')));
    // Assess
    expect(failure).toMatchObject({ kind: 'timeout', retryable: true, url: at('/drip') });
    expect(failure.message).toContain('800 ms total limit');
  });

  it("rejects with the caller's reason when the caller aborts", async () => {
    // Prepare
    const fetcher = fetcherFor();
    const controller = new AbortController();
    const reason = new Error('scan cancelled by the operator');
    setTimeout(() => controller.abort(reason), 200);
    // Act
    const fetching = fetcher.fetchPage(at('/drip'), { signal: controller.signal });
    // Assess
    await expect(fetching).rejects.toBe(reason);
  });
});

describe('HTTP fetcher: HTTP answers', () => {
  const statusCases: Array<{ path: string; kind: TransportFailureKind; status: number; retryable: boolean; retryAfterMs?: [number, number] }> = [
    { path: '/status/500', kind: 'http-status', status: 500, retryable: true },
    { path: '/status/503-retry-120', kind: 'http-status', status: 503, retryable: true, retryAfterMs: [120_000, 120_000] },
    { path: '/status/429-date', kind: 'http-status', status: 429, retryable: true, retryAfterMs: [80_000, 90_000] },
    { path: '/status/408', kind: 'http-status', status: 408, retryable: true },
    { path: '/status/404', kind: 'http-status', status: 404, retryable: false },
    { path: '/waf/cloudflare', kind: 'waf-challenge', status: 403, retryable: false },
    { path: '/waf/cf-mitigated', kind: 'waf-challenge', status: 403, retryable: false },
    { path: '/waf/captcha-503', kind: 'waf-challenge', status: 503, retryable: false },
    { path: '/waf/challenge-200', kind: 'waf-challenge', status: 200, retryable: false },
  ];

  it.each(statusCases)('$path → $kind', async ({ path, kind, status, retryable, retryAfterMs }) => {
    // Prepare: each case on its own host, so one case's Retry-After does not delay another.
    const fetcher = fetcherFor();
    const host = `s${path.replace(/\W+/g, '-')}.hanoi.gov.vn`;
    // Act
    const failure = expectFailure(await fetcher.fetchPage(at(path, host)));
    // Assess
    expect(failure).toMatchObject({ kind, status, retryable, url: at(path, host) });
    if (retryAfterMs) {
      expect(failure.retryAfterMs).toBeGreaterThanOrEqual(retryAfterMs[0]);
      expect(failure.retryAfterMs).toBeLessThanOrEqual(retryAfterMs[1]);
    } else {
      expect(failure.retryAfterMs).toBeUndefined();
    }
  });

  const notHtmlCases = ['/pdf', '/json-untyped', '/encoded/zstd'];

  it.each(notHtmlCases)('%s → not-html', async (path) => {
    // Prepare
    const fetcher = fetcherFor();
    // Act
    const failure = expectFailure(await fetcher.fetchPage(at(path)));
    // Assess
    expect(failure).toMatchObject({ kind: 'not-html', retryable: false });
  });

  it('waits out a short Retry-After before contacting the host again', async () => {
    // Prepare
    const fetcher = fetcherFor();
    const host = 'retry-short.hanoi.gov.vn';
    expectFailure(await fetcher.fetchPage(at('/status/503-retry-1', host)));
    const answeredAt = Date.now();
    // Act
    const page = expectPage(await fetcher.fetchPage(at('/', host)));
    // Assess
    const second = web.requests.filter((r) => r.host.startsWith(host))[1];
    expect(page.status).toBe(200);
    expect(second.atMs - answeredAt).toBeGreaterThanOrEqual(950);
  });

  it('does not contact a host again before a long Retry-After', async () => {
    // Prepare
    const fetcher = fetcherFor();
    const host = 'retry-long.hanoi.gov.vn';
    expectFailure(await fetcher.fetchPage(at('/status/503-retry-120', host)));
    // Act
    const failure = expectFailure(await fetcher.fetchPage(at('/', host)));
    // Assess
    expect(failure).toMatchObject({ kind: 'http-status', status: 503, retryable: true });
    expect(failure.retryAfterMs).toBeGreaterThan(100_000);
    expect(web.requests.filter((r) => r.host.startsWith(host))).toHaveLength(1);
  });
});

describe('HTTP fetcher: size caps', () => {
  it('stops a 50 MB streamed body at the cap without holding it', async () => {
    // Prepare: budgets no loaded machine exhausts, so only the size cap can stop this fetch.
    const fetcher = fetcherFor(UNHURRIED);
    // Act
    const { result, baselineMb, peakMb } = await peakRssDuring(() => fetcher.fetchPage(at('/huge')));
    // Assess
    const failure = expectFailure(result);
    console.log(`50 MB body: RSS ${baselineMb} MB before, peak ${peakMb} MB`);
    expect(failure).toMatchObject({ kind: 'too-large', retryable: false });
    expect(peakMb - baselineMb).toBeLessThan(60);
  });

  it('refuses a declared 50 MB Content-Length before reading', async () => {
    // Prepare
    const fetcher = fetcherFor();
    // Act
    const failure = expectFailure(await fetcher.fetchPage(at('/huge-declared')));
    // Assess
    expect(failure).toMatchObject({ kind: 'too-large', retryable: false });
    expect(failure.message).toContain('Content-Length');
  });

  it('stops a gzip bomb at the decompressed cap', async () => {
    // Prepare: budgets no loaded machine exhausts, so only the size cap can stop this fetch.
    const fetcher = fetcherFor(UNHURRIED);
    // Act
    const { result, baselineMb, peakMb } = await peakRssDuring(() => fetcher.fetchPage(at('/gzip-bomb')));
    // Assess
    const failure = expectFailure(result);
    console.log(`gzip bomb (> 1 GB inflated): RSS ${baselineMb} MB before, peak ${peakMb} MB`);
    expect(failure).toMatchObject({ kind: 'too-large', retryable: false });
    expect(failure.message).toContain('after decompression');
    expect(peakMb - baselineMb).toBeLessThan(60);
  });

  it('applies a smaller configured cap to the decompressed size', async () => {
    // Prepare
    const fetcher = fetcherFor({ maxBodyBytes: 1024 });
    // Act
    const failure = expectFailure(await fetcher.fetchPage(at('/encoded/br')));
    // Assess
    expect(failure).toMatchObject({ kind: 'too-large' });
  });
});

describe('HTTP fetcher: HTTPS', () => {
  it('verifies the server against an extra CA, with SNI set to the host name', async () => {
    // Prepare
    const fetcher = fetcherFor({ ca: caPem });
    // Act
    const page = expectPage(await fetcher.fetchPage(`https://${HOST}:${secureWeb.port}/`));
    // Assess
    expect(page.html).toContain(TITLE);
    expect(sniNames).toContain(HOST);
  });

  it('fails as tls without the CA', async () => {
    // Prepare
    const fetcher = fetcherFor();
    // Act
    const failure = expectFailure(await fetcher.fetchPage(`https://${HOST}:${secureWeb.port}/`));
    // Assess
    expect(failure).toMatchObject({ kind: 'tls', retryable: false });
  });

  it('fails as tls when the certificate names another host', async () => {
    // Prepare
    const fetcher = fetcherFor({ ca: caPem });
    // Act
    const failure = expectFailure(await fetcher.fetchPage(`https://www.hanoi.gov.vn:${secureWeb.port}/`));
    // Assess
    expect(failure).toMatchObject({ kind: 'tls', retryable: false });
  });
});

describe('HTTP fetcher: politeness', () => {
  const cases: Array<[string, (i: number) => string]> = [
    ['one host', () => HOST],
    ['six hosts on one IP address', (i) => `don-vi-${i}.hanoi.gov.vn`],
  ];

  it.each(cases)('keeps at most 2 requests in flight to %s', async (_name, hostOf) => {
    // Prepare
    const fetcher = fetcherFor();
    inFlight = 0;
    maxInFlight = 0;
    // Act
    const outcomes = await Promise.all(Array.from({ length: 6 }, (_, i) => fetcher.fetchPage(at('/slow', hostOf(i)))));
    // Assess
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(maxInFlight).toBe(2);
  });
});
