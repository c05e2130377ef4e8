/**
 * The one place where what went wrong during a fetch becomes a `TransportFailure`: socket and
 * DNS error codes, undici errors, TLS errors, HTTP statuses, bot-challenge pages. The kind and
 * `retryable` decide what the rest of the system does (retry later, or record and move on), so
 * every decision is here and nowhere else.
 */
import type { TransportFailure, TransportFailureKind } from '../../core/types.ts';

/**
 * A failure the fetcher detected itself (blocked address, cap exceeded, own timers, not HTML,
 * redirect loop). Thrown inside the fetcher and the connect hook; turned into a
 * `TransportFailure` by {@link classifyError} unchanged.
 */
export class TransportError extends Error {
  readonly kind: TransportFailureKind;
  readonly retryable: boolean;
  readonly status?: number;
  readonly retryAfterMs?: number;

  constructor(
    kind: TransportFailureKind,
    message: string,
    extra: { retryable?: boolean; status?: number; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.name = 'TransportError';
    this.kind = kind;
    this.retryable = extra.retryable ?? DEFAULT_RETRYABLE[kind];
    this.status = extra.status;
    this.retryAfterMs = extra.retryAfterMs;
  }
}

/**
 * Whether a kind is worth retrying when nothing more specific is known. `waf-challenge` is not:
 * the challenge answers who we are (a client without JavaScript), so the same client asking
 * again soon gets the same page; the remedy is the browser tier, an allow-list or manual review.
 */
const DEFAULT_RETRYABLE: Record<TransportFailureKind, boolean> = {
  'invalid-url': false,
  dns: false,
  refused: true,
  reset: true,
  timeout: true,
  tls: false,
  'http-status': false,
  'waf-challenge': false,
  'not-html': false,
  'too-large': false,
  'redirect-loop': false,
  'blocked-address': false,
  'too-complex': false,
};

/** DNS answers that will not change on retry (the name does not exist / has no address). */
const DNS_PERMANENT = new Set(['ENOTFOUND', 'ENODATA', 'EAI_NONAME', 'EAI_NODATA', 'EAI_FAIL', 'ENONAME']);
/** DNS failures of the resolver itself (temporary). */
const DNS_TEMPORARY = new Set(['EAI_AGAIN', 'ESERVFAIL', 'ETIMEOUT', 'EREFUSED']);
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);
const REFUSED_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_DESTROYED']);
const TOO_LARGE_CODES = new Set(['UND_ERR_HEADERS_OVERFLOW', 'UND_ERR_RES_EXCEEDED_MAX_SIZE']);
/** OpenSSL/Node certificate verification codes (https://nodejs.org/api/tls.html#x509-certificate-error-codes). */
const TLS_CODES = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_CHAIN_TOO_LONG',
  'INVALID_CA',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_TLS_HANDSHAKE_TIMEOUT',
]);

/** Turns anything thrown while fetching `url` into a transport failure. Never throws. */
export function classifyError(error: unknown, url: string): TransportFailure {
  const chain = errorChain(error);
  const own = chain.find((e): e is TransportError => e instanceof TransportError);
  if (own) {
    return compact({ kind: own.kind, retryable: own.retryable, message: own.message, status: own.status, retryAfterMs: own.retryAfterMs, url });
  }
  const codes = chain.map((e) => (typeof e.code === 'string' ? e.code : '')).filter((c) => c !== '');
  const message = describe(chain);
  const has = (set: Set<string>): boolean => codes.some((c) => set.has(c));
  const fail = (kind: TransportFailureKind, retryable = DEFAULT_RETRYABLE[kind]): TransportFailure => ({ kind, retryable, message, url });

  if (has(DNS_PERMANENT)) return fail('dns', false);
  if (has(DNS_TEMPORARY)) return fail('dns', true);
  if (has(TIMEOUT_CODES) || chain.some((e) => e.name === 'TimeoutError')) return fail('timeout');
  if (has(REFUSED_CODES)) return fail('refused');
  if (codes.some(isTlsCode) || chain.some((e) => e.code === 'EPROTO' && /ssl|tls/i.test(String(e.message)))) return fail('tls');
  if (has(TOO_LARGE_CODES)) return fail('too-large');
  if (has(RESET_CODES)) return fail('reset');
  // The server answered with bytes that are not HTTP (llhttp parse errors): retrying will not help.
  if (codes.some((c) => c.startsWith('HPE_'))) return fail('reset', false);
  // A compressed body that does not inflate is almost always a transfer cut short.
  if (codes.some((c) => c.startsWith('Z_') || c === 'ERR_BROTLI_COMPRESSION_FAILED')) return fail('reset');
  // Nothing recognisable: still a transport problem of this fetch, never a crash of the sweep.
  return { kind: 'reset', retryable: true, message: `unexpected transport error: ${message}`, url };
}

function isTlsCode(code: string): boolean {
  return TLS_CODES.has(code) || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || code.startsWith('CERT_');
}

/**
 * Failure for a final (non-redirect) response, or undefined when the response is a usable page.
 * `bodyText` is the decoded start of the body (error pages are read only partly).
 */
export function classifyResponse(response: {
  status: number;
  headers: Record<string, string>;
  bodyText: string;
  url: string;
  nowMs: number;
}): TransportFailure | undefined {
  const { status, headers, bodyText, url } = response;
  const retryAfterMs = parseRetryAfter(headers['retry-after'], response.nowMs);
  const extra = retryAfterMs === undefined ? {} : { retryAfterMs };
  const challenge = detectChallenge(status, headers, bodyText);
  if (challenge) {
    return { kind: 'waf-challenge', retryable: false, status, message: `HTTP ${status}: ${challenge}`, url, ...extra };
  }
  if (status >= 200 && status < 300) return undefined;
  const retryable = status >= 500 || status === 429 || status === 408;
  return { kind: 'http-status', retryable, status, message: `HTTP ${status} from ${url}`, url, ...extra };
}

/** Bot-challenge markers, trusted on an error status (403/429/503). */
const CHALLENGE_MARKERS: ReadonlyArray<readonly [RegExp, string]> = [
  [/cf-challenge|cf_chl_|challenge-platform/i, 'Cloudflare challenge'],
  [/<title>\s*just a moment\.{3}\s*<\/title>/i, 'Cloudflare "Just a moment..." page'],
  [/attention required!?\s*\|\s*cloudflare/i, 'Cloudflare "Attention Required" page'],
  [/_incapsula_resource|incapsula incident id/i, 'Imperva/Incapsula block page'],
  [/the requested url was rejected|request rejected.*support id/i, 'F5 BIG-IP ASM block page'],
  [/sucuri website firewall/i, 'Sucuri firewall page'],
  [/checking your browser before accessing|ddos protection by/i, 'anti-DDoS browser check'],
  [/captcha/i, 'CAPTCHA page'],
  [/access denied|bot[\s-]?(?:check|detection|protection)/i, 'access-denied/bot-check page'],
];

/**
 * Markers trusted even on a 200 answer. Narrower on purpose: normal portal pages contain
 * "captcha" (feedback forms) and Cloudflare injects `challenge-platform` scripts into ordinary
 * pages, but only a challenge interstitial is titled like this.
 */
const CHALLENGE_MARKERS_ON_SUCCESS: ReadonlyArray<readonly [RegExp, string]> = [
  [/<title>\s*just a moment\.{3}\s*<\/title>/i, 'Cloudflare "Just a moment..." page'],
  [/<title>\s*attention required!?\s*\|\s*cloudflare\s*<\/title>/i, 'Cloudflare "Attention Required" page'],
  [/<title>\s*checking your browser/i, 'anti-DDoS browser check'],
];

const CHALLENGE_STATUSES = new Set([403, 429, 503]);

function detectChallenge(status: number, headers: Record<string, string>, bodyText: string): string | undefined {
  // Cloudflare marks every challenge it serves (https://developers.cloudflare.com/cloudflare-challenges/challenge-types/challenge-pages/detect-response/).
  if (headers['cf-mitigated']) return `cf-mitigated: ${headers['cf-mitigated']}`;
  const markers = CHALLENGE_STATUSES.has(status) ? CHALLENGE_MARKERS : status >= 200 && status < 300 ? CHALLENGE_MARKERS_ON_SUCCESS : [];
  return markers.find(([pattern]) => pattern.test(bodyText))?.[1];
}

/**
 * Retry-After in milliseconds from now: delta-seconds or an HTTP date
 * (https://www.rfc-editor.org/rfc/rfc9110#field.retry-after). Undefined when absent or invalid.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** Whether a Content-Type names HTML (text/html or application/xhtml+xml). */
export function isHtmlContentType(contentType: string | undefined): boolean {
  const essence = contentType?.split(';')[0].trim().toLowerCase();
  return essence === 'text/html' || essence === 'application/xhtml+xml';
}

/**
 * Whether a body starts like an HTML document, for responses served with another or no
 * Content-Type (old portals send text/plain or nothing). Patterns from the WHATWG MIME sniffing
 * rules for text/html (https://mimesniff.spec.whatwg.org/#identifying-a-resource-with-an-unknown-mime-type).
 */
export function looksLikeHtml(start: string): boolean {
  const text = start.replace(/^(?:\uFEFF|ï»¿)/, '').trimStart().toLowerCase();
  if (text.startsWith('<?xml') && /<html[\s>]/.test(text)) return true;
  return /^<(?:!doctype html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|meta|link)[\s>/]|^<!--/.test(text);
}

function errorChain(error: unknown): Array<Error & { code?: unknown }> {
  const chain: Array<Error & { code?: unknown }> = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && chain.length < 10) {
    const current = queue.shift();
    if (!(current instanceof Error)) continue;
    chain.push(current);
    if (current.cause !== undefined) queue.push(current.cause);
    if (current instanceof AggregateError) queue.push(...current.errors);
  }
  if (chain.length === 0) chain.push(new Error(String(error)));
  return chain;
}

function describe(chain: Array<Error & { code?: unknown }>): string {
  return chain
    .map((e) => (typeof e.code === 'string' && !e.message.includes(e.code) ? `${e.message} (${e.code})` : e.message))
    .filter((m, i, all) => m !== '' && all.indexOf(m) === i)
    .join(': ');
}

function compact(failure: TransportFailure): TransportFailure {
  return Object.fromEntries(Object.entries(failure).filter(([, v]) => v !== undefined)) as unknown as TransportFailure;
}
