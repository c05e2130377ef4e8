/**
 * The link service on the embedded stack: the link handler with its real `defaultDeps` (key
 * given by LINK_SIGNING_KEY, as in local runs) behind a local Function URL, presigning against
 * s3rver. A real HTTP client follows the redirect and gets the object's bytes from S3.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wiring } from '../../functions/commons/wiring.ts';
import { tokenLinks } from '../../functions/core/links/download-links.ts';
import { signLinkToken } from '../../functions/core/links/token.ts';
import { defaultDeps, makeHandler } from '../../functions/link/handler.ts';
import { startEmbeddedStack, type EmbeddedStack } from '../../local/stack/embedded-stack.ts';
import { startRecordingProxy, startSecretsStandIn, type AwsCall } from '../support/aws-call-recorder.ts';
import { serveFunctionUrl, type FunctionUrlServer } from '../support/function-url-server.ts';

const SIGNING_KEY = 'local-link-key-0123456789abcdefghijklmnopqrstuvwxyz';
const HANOI = 'reports/2026-09/don-vi/ubnd-thanh-pho-ha-noi/';
const HAIPHONG = 'reports/2026-09/don-vi/ubnd-thanh-pho-hai-phong/';
// A real workbook is binary: bytes that no text decoding would keep intact.
const XLSX_BYTES = Uint8Array.from({ length: 4096 }, (_, i) => (i * 37 + 11) % 256);

let stack: EmbeddedStack;
let service: FunctionUrlServer;
let env: Record<string, string>;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

beforeAll(async () => {
  stack = await startEmbeddedStack({ inMemory: true });
  env = { ...stack.env, LINK_SIGNING_KEY: SIGNING_KEY };
  const files = wiring(env).files();
  await files.putObject(`${HANOI}bao-cao.xlsx`, XLSX_BYTES, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  await files.putObject(`${HAIPHONG}bao-cao.xlsx`, new TextEncoder().encode('Hai Phong'), 'application/octet-stream');
  service = await serveFunctionUrl(makeHandler(() => ({ ...defaultDeps(env), logger: silent })) as never);
}, 60_000);

afterAll(async () => {
  await service?.close();
  await stack?.stop();
});

/** The status of a GET sent with exactly this request target (no client-side path normalisation). */
function rawStatus(target: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(service.url);
    request({ host: hostname, port, path: target, method: 'GET' }, (response) => {
      response.resume();
      resolve(response.statusCode);
    }).on('error', reject).end();
  });
}

const linksAt = (now: Date) => tokenLinks({ baseUrl: service.url, signingKey: new TextEncoder().encode(SIGNING_KEY), now });

describe('link service on the embedded S3', () => {
  it('redirects a valid link to a presigned S3 GET that downloads the exact bytes', async () => {
    // Prepare
    const link = await linksAt(new Date()).linkFor(`${HANOI}bao-cao.xlsx`);

    // Act
    const redirect = await fetch(link, { redirect: 'manual' });
    const followed = await fetch(link);

    // Assess
    expect(redirect.status).toBe(302);
    const location = new URL(redirect.headers.get('location')!);
    expect(location.origin).toBe(stack.env.AWS_ENDPOINT_URL_S3);
    expect(location.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(followed.status).toBe(200);
    expect(new Uint8Array(await followed.arrayBuffer())).toEqual(XLSX_BYTES);
  });

  it("refuses another organisation's file with a valid token, and a traversal out of its folder", async () => {
    // Prepare
    const link = new URL(await linksAt(new Date()).linkFor(`${HANOI}bao-cao.xlsx`));
    const token = link.searchParams.get('t');

    // Act
    const other = await fetch(`${service.url}${HAIPHONG}bao-cao.xlsx?t=${token}`, { redirect: 'manual' });
    // WHATWG URLs fold `%2e%2e` segments before sending: the raw request keeps them as an attacker would.
    const encodedDots = await rawStatus(`/${HANOI}%2e%2e/ubnd-thanh-pho-hai-phong/bao-cao.xlsx?t=${token}`);
    const encodedSlash = await fetch(`${service.url}${HANOI}..%2Fubnd-thanh-pho-hai-phong%2Fbao-cao.xlsx?t=${token}`, { redirect: 'manual' });

    // Assess
    expect(other.status).toBe(403);
    expect(encodedDots).toBe(403);
    expect(encodedSlash.status).toBe(403);
    expect(await other.text()).toContain('Liên kết không hợp lệ');
  });

  it('answers a tampered token with 403 and an expired one with 410 and the Vietnamese page', async () => {
    // Prepare
    const expired = await linksAt(new Date(Date.now() - 31 * 86_400_000)).linkFor(`${HANOI}bao-cao.xlsx`);
    const forged = signLinkToken({ scope: HANOI, expiresAt: Math.floor(Date.now() / 1000) + 3600 }, new TextEncoder().encode('x'.repeat(40)));

    // Act
    const gone = await fetch(expired, { redirect: 'manual' });
    const refused = await fetch(`${service.url}${HANOI}bao-cao.xlsx?t=${forged}`, { redirect: 'manual' });

    // Assess
    expect(gone.status).toBe(410);
    expect(gone.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await gone.text()).toContain('Để nhận liên kết mới');
    expect(refused.status).toBe(403);
  });

  it('reads the key from Secrets Manager once per container, as deployed', async () => {
    // Prepare: the secret behind a stand-in endpoint, every call recorded.
    const secretArn = 'arn:aws:secretsmanager:ap-southeast-1:000000000000:secret:LinksSigningKey-AbCdEf';
    const calls: AwsCall[] = [];
    const secrets = await startSecretsStandIn(new Map([[secretArn, SIGNING_KEY]]));
    const proxy = await startRecordingProxy('link', 'secretsmanager', secrets.url, { region: 'ap-southeast-1', account: '000000000000' }, calls);
    const deployedEnv = { ...stack.env, LINK_SECRET_ARN: secretArn, AWS_ENDPOINT_URL_SECRETS_MANAGER: proxy.url };
    const deployed = await serveFunctionUrl(makeHandler(() => ({ ...defaultDeps(deployedEnv), logger: silent })) as never);
    try {
      const link = new URL(await linksAt(new Date()).linkFor(`${HANOI}bao-cao.xlsx`));
      const target = `${deployed.url}${link.pathname.slice(1)}${link.search}`;

      // Act
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await fetch(target, { redirect: 'manual' })).status);

      // Assess
      expect(statuses).toEqual([302, 302, 302]);
      expect(calls).toEqual([{ fn: 'link', action: 'secretsmanager:GetSecretValue', resource: secretArn }]);
    } finally {
      await deployed.close();
      for (const server of [proxy.server, secrets.server]) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    }
  });
});
