import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../functions/commons/config.ts';
import { DEFAULTS, wiring } from '../../functions/commons/wiring.ts';
import { readLinkToken } from '../../functions/core/links/token.ts';
import { defaultDeps as renderDeps } from '../../functions/render/handler.ts';
import { defaultDeps as scanDeps } from '../../functions/scan/handler.ts';
import { LOCAL_TUNING } from '../../local/runner/run-pipeline.ts';

const LAMBDA_ENV = {
  TABLE_NAME: 'audit',
  BUCKET_NAME: 'audit-bucket',
  SCAN_QUEUE_URL: 'https://sqs.ap-southeast-1.amazonaws.com/123456789012/scan.fifo',
  AWS_REGION: 'ap-southeast-1',
  // Set by the stack from the per-site budget (lib/time-budgets.ts).
  RECORD_BUDGET_MS: '100000',
};

describe('composition root', () => {
  it('gives scan and render the one set of defaults when the environment sets none', () => {
    // Prepare / Act
    const scan = scanDeps(LAMBDA_ENV).config;
    const render = renderDeps(LAMBDA_ENV).config;

    // Assess
    expect(scan).toEqual({ samplePages: 3, maxAttempts: 3, retryBaseSeconds: 60, maxRetryDelaySeconds: 43_200 });
    expect(render).toEqual({ samplePages: 3, mode: 'auto', maxAttempts: 2, retryBaseSeconds: 60, maxRetryDelaySeconds: 43_200 });
    expect(DEFAULTS.retryBaseSeconds).toBe(60);
  });

  it('the local runner changes settings only through the variables a Lambda reads', () => {
    // Prepare / Act
    const local = scanDeps({ ...LAMBDA_ENV, ...LOCAL_TUNING }).config;

    // Assess
    expect(local).toEqual({ samplePages: 3, maxAttempts: 3, retryBaseSeconds: 1, maxRetryDelaySeconds: 300 });
  });

  it('names the variable of a bad setting', () => {
    // Prepare
    const bad = [
      { ...LAMBDA_ENV, SAMPLE_PAGES: 'three' },
      { ...LAMBDA_ENV, RENDER_MODE: 'sometimes' },
      { ...LAMBDA_ENV, FETCH_RESOLVE: 'so-tttt.gov.vn:443' },
      { ...LAMBDA_ENV, REPORT_LANG: 'fr' },
    ];

    // Act
    const errors = [
      () => wiring(bad[0]).scanConfig(),
      () => wiring(bad[1]).renderConfig(),
      () => wiring(bad[2]).fetchOptions(),
      () => wiring(bad[3]).lang(),
    ];

    // Assess
    for (const [i, name] of ['SAMPLE_PAGES', 'RENDER_MODE', 'FETCH_RESOLVE', 'REPORT_LANG'].entries()) {
      expect(errors[i]).toThrow(ConfigError);
      expect(errors[i]).toThrow(name);
    }
  });

  it('reads operator host mappings and an extra CA for the fetcher and the renderer', () => {
    // Prepare / Act
    const options = wiring({ FETCH_RESOLVE: 'so-tttt.gov.vn:443:127.0.0.1, *:80:127.0.0.2', FETCH_CA_PEM: '-----BEGIN CERTIFICATE-----' }).fetchOptions();

    // Assess
    expect(options).toEqual({
      resolve: [{ host: 'so-tttt.gov.vn', port: 443, address: '127.0.0.1' }, { host: '*', port: 80, address: '127.0.0.2' }],
      ca: '-----BEGIN CERTIFICATE-----',
    });
    expect(wiring({}).fetchOptions()).toEqual({});
  });

  it('signs report links with LINK_SIGNING_KEY, valid LINK_VALIDITY_DAYS, and needs LINK_BASE_URL', async () => {
    // Prepare
    const key = 'k'.repeat(40);
    const now = new Date('2026-10-01T00:00:00.000Z');

    // Act
    const links = await wiring({ LINK_BASE_URL: 'https://links.example.vn/', LINK_SIGNING_KEY: key, LINK_VALIDITY_DAYS: '7' }).links(now);
    const url = new URL(await links.linkFor('reports/2026-09/tong-hop.xlsx'));

    // Assess
    expect(links.expiresAt).toBe('2026-10-08T00:00:00.000Z');
    expect(readLinkToken(url.searchParams.get('t')!, new TextEncoder().encode(key))).toEqual({ scope: 'reports/2026-09/', expiresAt: Date.parse('2026-10-08T00:00:00.000Z') / 1000 });
    await expect(wiring({ LINK_SIGNING_KEY: key }).links(now)).rejects.toThrow('LINK_BASE_URL');
    expect(() => wiring({ LINK_BASE_URL: 'https://links.example.vn/' }).linkKey()).toThrow('LINK_SECRET_ARN');
  });
});
