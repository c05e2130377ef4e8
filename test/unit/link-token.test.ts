import { describe, expect, it } from 'vitest';
import { answerLink, REDIRECT_LINK_SECONDS } from '../../functions/core/links/answer-link.ts';
import { linkScopeOf, tokenLinks } from '../../functions/core/links/download-links.ts';
import { normaliseKey, readLinkToken, signLinkToken, verifyLink } from '../../functions/core/links/token.ts';

const KEY = new TextEncoder().encode('a-test-signing-key-of-at-least-32-bytes!!');
const OTHER_KEY = new TextEncoder().encode('another-signing-key-of-at-least-32-bytes');
const NOW = new Date('2026-10-01T01:00:00.000Z');
const IN_30_DAYS = NOW.getTime() / 1000 + 30 * 86_400;
const HANOI = 'reports/2026-09/don-vi/ubnd-thanh-pho-ha-noi/';
const HAIPHONG = 'reports/2026-09/don-vi/ubnd-thanh-pho-hai-phong/';

const tokenFor = (scope: string, expiresAt = IN_30_DAYS) => signLinkToken({ scope, expiresAt }, KEY);

describe('link tokens', () => {
  it('opens a key inside its scope before it expires', () => {
    // Prepare
    const token = tokenFor(HANOI);
    // Act
    const verdict = verifyLink(token, `/${HANOI}bao-cao.xlsx`, KEY, NOW);
    // Assess
    expect(verdict).toEqual({ ok: true, key: `${HANOI}bao-cao.xlsx`, grant: { scope: HANOI, expiresAt: IN_30_DAYS } });
  });

  it('is expired from its expiry second on, and says when it expired', () => {
    // Prepare
    const token = tokenFor(HANOI, NOW.getTime() / 1000 + 60);
    // Act
    const before = verifyLink(token, `/${HANOI}bao-cao.xlsx`, KEY, new Date(NOW.getTime() + 59_999));
    const after = verifyLink(token, `/${HANOI}bao-cao.xlsx`, KEY, new Date(NOW.getTime() + 60_000));
    // Assess
    expect(before.ok).toBe(true);
    expect(after).toEqual({ ok: false, reason: 'expired', grant: { scope: HANOI, expiresAt: NOW.getTime() / 1000 + 60 } });
  });

  it('refuses a token whose payload was changed to widen its scope or extend its life', () => {
    // Prepare
    const [, signature] = tokenFor(HANOI).split('.');
    const widened = Buffer.from(JSON.stringify({ v: 1, s: 'reports/', e: IN_30_DAYS })).toString('base64url');
    const extended = Buffer.from(JSON.stringify({ v: 1, s: HANOI, e: IN_30_DAYS + 365 * 86_400 })).toString('base64url');
    // Act
    const verdicts = [`${widened}.${signature}`, `${extended}.${signature}`].map((token) => verifyLink(token, `/${HANOI}bao-cao.xlsx`, KEY, NOW));
    // Assess
    expect(verdicts).toEqual([{ ok: false, reason: 'forged' }, { ok: false, reason: 'forged' }]);
  });

  it('refuses a changed signature, a token of another key, a truncated or empty one', () => {
    // Prepare
    const token = tokenFor(HANOI);
    const flipped = token.slice(0, -2) + (token.at(-2) === 'A' ? 'B' : 'A') + token.at(-1);
    const foreign = signLinkToken({ scope: HANOI, expiresAt: IN_30_DAYS }, OTHER_KEY);
    // Act
    const verdicts = [flipped, foreign, token.slice(0, -5), token.split('.')[0], '', 'a.b.c'].map((t) => verifyLink(t, `/${HANOI}bao-cao.xlsx`, KEY, NOW).ok || readLinkToken(t, KEY));
    // Assess
    expect(verdicts).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('a forged token is forged even when it has expired (403, not 410)', () => {
    // Prepare
    const old = signLinkToken({ scope: HANOI, expiresAt: 1 }, OTHER_KEY);
    // Act
    const verdict = verifyLink(old, `/${HANOI}bao-cao.xlsx`, KEY, NOW);
    // Assess
    expect(verdict).toEqual({ ok: false, reason: 'forged' });
  });

  it("never opens another organisation's folder, nor a folder whose name only starts like its own", () => {
    // Prepare
    const token = tokenFor(HANOI);
    // Act
    const other = verifyLink(token, `/${HAIPHONG}bao-cao.xlsx`, KEY, NOW);
    const lookalike = verifyLink(token, `/reports/2026-09/don-vi/ubnd-thanh-pho-ha-noi-2/bao-cao.xlsx`, KEY, NOW);
    const parent = verifyLink(token, '/reports/2026-09/tong-hop.xlsx', KEY, NOW);
    // Assess
    expect([other, lookalike, parent]).toEqual([{ ok: false, reason: 'outside-scope' }, { ok: false, reason: 'outside-scope' }, { ok: false, reason: 'outside-scope' }]);
  });

  it.each([
    ['dot-dot segment', `/${HANOI}../ubnd-thanh-pho-hai-phong/bao-cao.xlsx`],
    ['encoded dot-dot', `/${HANOI}%2e%2e/ubnd-thanh-pho-hai-phong/bao-cao.xlsx`],
    ['encoded slash and dot-dot', `/${HANOI}..%2Fubnd-thanh-pho-hai-phong%2Fbao-cao.xlsx`],
    ['double-encoded dot-dot', `/${HANOI}%252e%252e/ubnd-thanh-pho-hai-phong/bao-cao.xlsx`],
    ['backslash', `/${HANOI}..%5Cubnd-thanh-pho-hai-phong%5Cbao-cao.xlsx`],
    ['dot segment', `/${HANOI}./bao-cao.xlsx`],
    ['empty segment', `/${HANOI}/bao-cao.xlsx`],
    ['NUL byte', `/${HANOI}bao-cao.xlsx%00.html`],
    ['broken escape', `/${HANOI}bao-cao%E0%A4%A.xlsx`],
  ])('refuses a path with a %s inside the scope', (_name, path) => {
    // Prepare
    const token = tokenFor(HANOI);
    // Act
    const verdict = verifyLink(token, path, KEY, NOW);
    // Assess
    expect(verdict).toEqual({ ok: false, reason: 'bad-path' });
  });

  it('decodes a percent-encoded plain key once', () => {
    // Prepare / Act
    const key = normaliseKey('/evidence/run-1/so%20tttt.gov.vn/homepage.html');
    // Assess
    expect(key).toBe('evidence/run-1/so tttt.gov.vn/homepage.html');
  });

  it('refuses to sign with a short key or a scope that is not a clean folder', () => {
    // Prepare / Act / Assess
    expect(() => signLinkToken({ scope: HANOI, expiresAt: IN_30_DAYS }, new Uint8Array(16))).toThrow(RangeError);
    expect(() => signLinkToken({ scope: 'reports/2026-09', expiresAt: IN_30_DAYS }, KEY)).toThrow(RangeError);
    expect(() => signLinkToken({ scope: 'reports/../', expiresAt: IN_30_DAYS }, KEY)).toThrow(RangeError);
  });
});

describe('download links', () => {
  it.each([
    [`${HANOI}csv/summary.csv`, HANOI],
    ['reports/2026-09/tong-hop.xlsx', 'reports/2026-09/'],
    ['reports/2026-09/index.html', 'reports/2026-09/'],
    ['evidence/run-2026-09/hanoi.gov.vn/homepage.html', 'evidence/run-2026-09/hanoi.gov.vn/'],
    ['imports/traffic/2026-09/emc.csv.import-report.json', 'imports/traffic/2026-09/'],
  ])('scopes a link to %s to %s', (key, scope) => {
    // Prepare / Act / Assess
    expect(linkScopeOf(key)).toBe(scope);
  });

  it('builds link-service URLs whose token opens the file and states the 30-day expiry', async () => {
    // Prepare
    const links = tokenLinks({ baseUrl: 'https://abc.lambda-url.ap-southeast-1.on.aws', signingKey: KEY, now: NOW });
    // Act
    const url = new URL(await links.linkFor(`${HANOI}bao-cao.xlsx`));
    // Assess
    expect(links.expiresAt).toBe('2026-10-31T01:00:00.000Z');
    expect(`${url.origin}${url.pathname}`).toBe(`https://abc.lambda-url.ap-southeast-1.on.aws/${HANOI}bao-cao.xlsx`);
    expect(verifyLink(url.searchParams.get('t')!, url.pathname, KEY, NOW)).toMatchObject({ ok: true, key: `${HANOI}bao-cao.xlsx` });
  });
});

describe('answerLink', () => {
  const presigned: [string, number][] = [];
  const deps = { signingKey: KEY, now: NOW, presign: async (key: string, seconds: number) => (presigned.push([key, seconds]), `https://s3.example/${key}?X-Amz-Signature=x`) };

  it('redirects a valid link to a presigned S3 GET valid minutes, not days', async () => {
    // Prepare
    presigned.length = 0;
    // Act
    const response = await answerLink({ method: 'GET', path: `/${HANOI}bao-cao.xlsx`, token: tokenFor(HANOI) }, deps);
    // Assess
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe(`https://s3.example/${HANOI}bao-cao.xlsx?X-Amz-Signature=x`);
    expect(presigned).toEqual([[`${HANOI}bao-cao.xlsx`, REDIRECT_LINK_SECONDS]]);
    expect(REDIRECT_LINK_SECONDS).toBeLessThanOrEqual(900);
  });

  it('answers an expired link with 410 and a self-contained Vietnamese page on getting a new one', async () => {
    // Prepare
    const token = tokenFor(HANOI, NOW.getTime() / 1000 - 3600);
    // Act
    const response = await answerLink({ method: 'GET', path: `/${HANOI}bao-cao.xlsx`, token }, deps);
    // Assess
    expect(response.statusCode).toBe(410);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('<html lang="vi">');
    expect(response.body).toContain('Liên kết đã hết hạn');
    expect(response.body).toContain('Để nhận liên kết mới');
    expect(response.body).toContain('lúc 07:00 ngày 01/10/2026 (giờ Việt Nam)');
    expect(response.body).not.toMatch(/<script|<link|src=|url\(/i);
  });

  it('answers a forged token, a missing token, traversal and a foreign folder with 403 and no presign', async () => {
    // Prepare
    presigned.length = 0;
    const requests = [
      { method: 'GET', path: `/${HAIPHONG}bao-cao.xlsx`, token: tokenFor(HANOI) },
      { method: 'GET', path: `/${HANOI}%2e%2e/ubnd-thanh-pho-hai-phong/bao-cao.xlsx`, token: tokenFor(HANOI) },
      { method: 'GET', path: `/${HANOI}bao-cao.xlsx`, token: signLinkToken({ scope: HANOI, expiresAt: IN_30_DAYS }, OTHER_KEY) },
      { method: 'GET', path: `/${HANOI}bao-cao.xlsx`, token: undefined },
    ];
    // Act
    const statuses = await Promise.all(requests.map(async (r) => (await answerLink(r, deps)).statusCode));
    // Assess
    expect(statuses).toEqual([403, 403, 403, 403]);
    expect(presigned).toEqual([]);
  });

  it('refuses methods other than GET (the redirect target is signed for GET)', async () => {
    // Prepare / Act
    const responses = await Promise.all(['POST', 'HEAD'].map((method) => answerLink({ method, path: `/${HANOI}bao-cao.xlsx`, token: tokenFor(HANOI) }, deps)));
    // Assess
    expect(responses.map((r) => [r.statusCode, r.headers.allow])).toEqual([[405, 'GET'], [405, 'GET']]);
  });
});
