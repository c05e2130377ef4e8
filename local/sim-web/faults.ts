/**
 * Handlers of the fault hosts: how each broken or hostile server behaves on the wire. The
 * transport outcome each must produce is in fault-kinds.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import type { WireFault } from './fault-kinds.ts';
import { withNestingBomb } from './hostile-pages.ts';

/** Size of the `huge-body` answer. */
export const HUGE_BODY_BYTES = 50 * 1024 * 1024;
/** The gzip bomb inflates to more than this. */
export const GZIP_BOMB_MIN_INFLATED = 1024 * 1024 * 1024;

const BOMB_MEMBER_BYTES = 16 * 1024 * 1024;
const BOMB_MEMBERS = Math.ceil(GZIP_BOMB_MIN_INFLATED / BOMB_MEMBER_BYTES) + 4;

let gzipBomb: Buffer | undefined;

/**
 * ~1 MB of gzip that inflates to > 1 GB: an HTML start, then identical gzip members of 16 MB of
 * spaces each (a gzip stream may hold several members; decoders inflate them all). Built once
 * per process when the simulated web starts ({@link prepareFaultBodies}), so that no request
 * waits for it; the fetcher's tests serve the same bytes.
 */
export function gzipBombBody(): Buffer {
  if (!gzipBomb) {
    const head = gzipSync('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Trang chủ</title></head><body>');
    const member = gzipSync(Buffer.alloc(BOMB_MEMBER_BYTES, 0x20), { level: 9 });
    gzipBomb = Buffer.concat([head, ...Array.from({ length: BOMB_MEMBERS }, () => member)]);
  }
  return gzipBomb;
}

/** Builds the large precomputed fault bodies (the gzip bomb) ahead of the first request. */
export function prepareFaultBodies(): void {
  gzipBombBody();
}

const TINY_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);

/** A minimal PDF document (the `pdf` fault, and `.pdf` links of every site). */
export function servePdf(res: ServerResponse, name = 'van-ban.pdf'): void {
  res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': TINY_PDF.length, 'content-disposition': `inline; filename="${name}"` });
  res.end(TINY_PDF);
}

const SHAPE_MARKS = new Set(['\u0302', '\u0306', '\u031b']);

/**
 * Encodes Vietnamese text as windows-1258. That code page has the base letters â ê ô ă ơ ư đ but
 * only combining tone marks, so tones are decomposed (as Windows does) before the table lookup.
 */
export function encodeWindows1258(text: string): Buffer {
  const prepared = text.normalize('NFD').replace(/([A-Za-z])([\u0300-\u036f]+)/g, (_, base: string, marks: string) => {
    const chars = [...marks];
    const shape = chars.filter((c) => SHAPE_MARKS.has(c)).join('');
    const tones = chars.filter((c) => !SHAPE_MARKS.has(c)).join('');
    return (base + shape).normalize('NFC') + tones;
  });
  return iconv.encode(prepared, 'windows1258');
}

/** Encodes an HTML page in a legacy Vietnamese charset. */
export function encodeLegacy(html: string, charset: 'windows-1258' | 'viscii'): Buffer {
  return charset === 'windows-1258' ? encodeWindows1258(html) : iconv.encode(html.normalize('NFC'), 'viscii');
}

/** What fault handlers need from the server. */
export interface FaultContext {
  /** Homepage HTML of the host (UTF-8), for faults that start a real page. */
  homepage: () => string;
  /** `scheme://host:port` of the request, for absolute redirects. */
  origin: string;
  /** Counts bytes written by streaming faults (lets tests see the server does not buffer). */
  onStreamed: (bytes: number) => void;
}

const CHALLENGE_PAGE = `<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>
<meta http-equiv="refresh" content="390"><meta name="robots" content="noindex,nofollow"></head>
<body><div class="main-wrapper" role="main"><div class="main-content"><h1 class="zone-name-title h1">Checking if the site connection is secure</h1>
<div id="challenge-stage"></div><noscript><div class="h2">Enable JavaScript and cookies to continue</div></noscript></div></div>
<script>(function(){window._cf_chl_opt={cvId: '3',cType: 'managed'};})();</script></body></html>`;

function htmlError(res: ServerResponse, status: number, title: string, headers: Record<string, string> = {}): void {
  const body = `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>Vui lòng quay lại sau.</p></body></html>`;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
  res.end(body);
}

function streamHugeBody(res: ServerResponse, ctx: FaultContext): void {
  const head = Buffer.from('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Lưu trữ văn bản</title></head><body>\n');
  const line = Buffer.from('<p>Danh mục hồ sơ lưu trữ, văn bản đi, văn bản đến của cơ quan qua các năm.</p>\n');
  const chunk = Buffer.concat(Array.from({ length: Math.ceil(65_536 / line.length) }, () => line));
  let sent = 0;
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  const write = (): void => {
    if (sent === 0) {
      res.write(head);
      sent += head.length;
      ctx.onStreamed(head.length);
    }
    // Honour back-pressure: only write while the socket accepts data, so nothing piles up here.
    while (sent < HUGE_BODY_BYTES && !res.destroyed) {
      const piece = chunk.subarray(0, Math.min(chunk.length, HUGE_BODY_BYTES - sent));
      sent += piece.length;
      ctx.onStreamed(piece.length);
      if (!res.write(piece)) {
        res.once('drain', write);
        return;
      }
    }
    if (!res.destroyed) res.end();
  };
  write();
}

/** Answers `req` the way the `kind` fault host does. `never-answers` leaves the request open. */
export function handleFault(kind: WireFault, req: IncomingMessage, res: ServerResponse, ctx: FaultContext): void {
  const path = new URL(req.url ?? '/', 'http://fault').pathname;
  switch (kind) {
    case 'never-answers':
      // Accept and read the request, never send a status line: the client's timeout must fire.
      return;
    case 'http-500':
      return htmlError(res, 500, 'Lỗi máy chủ nội bộ');
    case 'http-503':
      return htmlError(res, 503, 'Hệ thống đang bảo trì', { 'retry-after': '120' });
    case 'waf-challenge':
      res.writeHead(403, { 'content-type': 'text/html; charset=UTF-8', 'cf-mitigated': 'challenge', server: 'cloudflare', 'cache-control': 'private, no-store' });
      res.end(CHALLENGE_PAGE);
      return;
    case 'redirect-loop':
      res.writeHead(302, { location: `${ctx.origin}${path === '/' ? '/trang-chu/' : '/'}` });
      res.end();
      return;
    case 'redirect-blocked':
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
      res.end();
      return;
    case 'huge-body':
      return streamHugeBody(res, ctx);
    case 'gzip-bomb': {
      const body = gzipBombBody();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip', 'content-length': body.length });
      res.end(body);
      return;
    }
    case 'pdf':
      return servePdf(res, 'trang-chu.pdf');
    case 'nesting-bomb': {
      const body = Buffer.from(withNestingBomb(ctx.homepage()));
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length });
      res.end(body);
      return;
    }
    case 'reset': {
      const body = Buffer.from(ctx.homepage());
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length });
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => {
        // A TCP RST in the middle of the body, not a clean close.
        res.socket?.resetAndDestroy();
      });
      return;
    }
  }
}
