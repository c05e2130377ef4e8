/**
 * Download-link tokens: a scope (an S3 key prefix: one report set, one organisation's folder,
 * one site's evidence folder) and an expiry, signed with HMAC-SHA256. The link service
 * (functions/link) opens a key only when the token's signature is right, it has not expired
 * and the key lies inside its scope. Pure: the key and the time are passed in (docs/infrastructure.md, "Download links").
 *
 * Format: `<payload>.<signature>`, both base64url; the payload is `{"v":1,"s":<scope>,"e":<expiry, epoch seconds>}`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a token grants. */
export interface LinkGrant {
  /** Key prefix ending in `/` (e.g. `reports/2026-09/don-vi/so-tttt-ha-noi/`). */
  scope: string;
  /** Expiry, seconds since the epoch. */
  expiresAt: number;
}

/** Default validity of a link: 30 days. */
export const DEFAULT_LINK_VALIDITY_SECONDS = 30 * 24 * 3600;

/** The outcome of checking a token against a requested key. */
export type LinkVerdict =
  | { ok: true; grant: LinkGrant; key: string }
  /** `forged`: not a token of ours (malformed, wrong signature); `outside-scope`: a valid token for other files. */
  | { ok: false; reason: 'forged' | 'outside-scope' | 'bad-path' }
  | { ok: false; reason: 'expired'; grant: LinkGrant };

const SIGNATURE_BYTES = 32;
const MIN_KEY_BYTES = 32;

function checkKey(key: Uint8Array): void {
  if (key.byteLength < MIN_KEY_BYTES) throw new RangeError(`link signing key must have at least ${MIN_KEY_BYTES} bytes, got ${key.byteLength}`);
}

function sign(payload: string, key: Uint8Array): Buffer {
  return createHmac('sha256', key).update(payload).digest();
}

/** A scope is a non-empty relative key prefix ending in `/`, itself free of traversal. */
function checkScope(scope: string): void {
  if (!scope.endsWith('/') || normaliseKey(scope.slice(0, -1)) !== scope.slice(0, -1)) {
    throw new RangeError(`link scope must be a key prefix ending in "/", got "${scope}"`);
  }
}

/** Signs a grant. @throws RangeError for a short key, a bad scope or a non-integer expiry. */
export function signLinkToken(grant: LinkGrant, key: Uint8Array): string {
  checkKey(key);
  checkScope(grant.scope);
  if (!Number.isSafeInteger(grant.expiresAt) || grant.expiresAt <= 0) throw new RangeError(`link expiry must be epoch seconds, got ${grant.expiresAt}`);
  const payload = Buffer.from(JSON.stringify({ v: 1, s: grant.scope, e: grant.expiresAt })).toString('base64url');
  return `${payload}.${sign(payload, key).toString('base64url')}`;
}

/** The grant of a token whose signature is right (expired or not), or `undefined`. */
export function readLinkToken(token: string, key: Uint8Array): LinkGrant | undefined {
  checkKey(key);
  const parts = token.split('.');
  if (parts.length !== 2 || !/^[A-Za-z0-9_-]+$/.test(parts[0]) || !/^[A-Za-z0-9_-]+$/.test(parts[1])) return undefined;
  const given = Buffer.from(parts[1], 'base64url');
  const expected = sign(parts[0], key);
  // Constant time: the comparison leaks nothing about how much of a forged signature is right.
  if (given.byteLength !== SIGNATURE_BYTES || !timingSafeEqual(given, expected)) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const { v, s, e } = (payload ?? {}) as { v?: unknown; s?: unknown; e?: unknown };
  if (v !== 1 || typeof s !== 'string' || typeof e !== 'number' || !Number.isSafeInteger(e)) return undefined;
  return { scope: s, expiresAt: e };
}

/**
 * The S3 key a request path names, or `undefined` when the path is not a plain key: it is
 * percent-decoded once, and refused when the result has an empty, `.` or `..` segment, a
 * backslash, a control character or a `%` left over (a double-encoded path). S3 keys are
 * literal, but a prefix check on a key with `..` could still be read by a reader of the
 * reports as "inside the folder"; no key the auditor writes has any of these.
 */
export function normaliseKey(path: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path.replace(/^\/+/, ''));
  } catch {
    return undefined;
  }
  if (decoded === '' || /[\\%\u0000-\u001f\u007f]/.test(decoded)) return undefined;
  const segments = decoded.split('/');
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) return undefined;
  return decoded;
}

/**
 * Checks `token` for the request `path` at `now`: a bad signature is `forged` whatever the
 * path; a good one that has expired is `expired`; a path that is not a plain key is
 * `bad-path`; a plain key outside the scope is `outside-scope`.
 */
export function verifyLink(token: string, path: string, key: Uint8Array, now: Date): LinkVerdict {
  const grant = readLinkToken(token, key);
  if (!grant) return { ok: false, reason: 'forged' };
  if (now.getTime() >= grant.expiresAt * 1000) return { ok: false, reason: 'expired', grant };
  const objectKey = normaliseKey(path);
  if (objectKey === undefined) return { ok: false, reason: 'bad-path' };
  if (!objectKey.startsWith(grant.scope)) return { ok: false, reason: 'outside-scope' };
  return { ok: true, grant, key: objectKey };
}
