import { describe, expect, it } from 'vitest';
import type { TargetRecord } from '../../functions/core/records.ts';
import { componentMessages, decideAttempt, planDispatch, runIdFor } from '../../functions/core/pipeline/scan-plan.ts';
import type { SiteAudit, TransportFailure } from '../../functions/core/types.ts';

const target = (host: string, extra: Partial<TargetRecord> = {}): TargetRecord => ({
  host, url: `https://${host}/`, org: host, league: 'province', role: 'portal', source: 'registry', status: 'confirmed', updatedAt: '2026-08-01T00:00:00Z', ...extra,
});

function audit(transport: SiteAudit['transport'], discovered: SiteAudit['discovered'] = []): SiteAudit {
  return { url: 'https://a.gov.vn/', host: 'a.gov.vn', role: 'portal', transport, checks: {} as SiteAudit['checks'], pages: [], discovered, info: {}, startedAt: '', elapsedMs: 0 };
}
const failure = (kind: TransportFailure['kind'], retryable: boolean, retryAfterMs?: number): SiteAudit['transport'] =>
  ({ status: 'failed', failure: { kind, retryable, message: kind, url: 'https://a.gov.vn/', ...(retryAfterMs ? { retryAfterMs } : {}) } });

describe('dispatch plan', () => {
  it('enqueues portals first, skips excluded targets, and resolves parent and component URLs', () => {
    // Prepare
    const targets = [
      target('so-yte.quangninh.gov.vn', { role: 'component', parentHost: 'quangninh.gov.vn' }),
      target('quangninh.gov.vn', { components: ['so-yte.quangninh.gov.vn', 'congthuong-qn.gov.vn'] }),
      target('cu.quangninh.gov.vn', { role: 'component', parentHost: 'quangninh.gov.vn', status: 'excluded' }),
      target('moh.gov.vn', { league: 'ministry' }),
    ];
    // Act
    const messages = planDispatch(targets, 'R1');
    // Assess
    expect(messages.map((m) => m.host)).toEqual(['moh.gov.vn', 'quangninh.gov.vn', 'so-yte.quangninh.gov.vn']);
    expect(messages[1].components).toEqual(['https://so-yte.quangninh.gov.vn/', 'https://congthuong-qn.gov.vn/']);
    expect(messages[2]).toMatchObject({ runId: 'R1', role: 'component', parentUrl: 'https://quangninh.gov.vn/', depth: 1 });
  });

  it('names runs by their scheduled minute and trigger', () => {
    expect(runIdFor(new Date('2026-09-07T01:00:12.345Z'), 'schedule')).toBe('20260907T0100Z-schedule');
  });
});

describe('components a portal scan enqueues', () => {
  it('adds explicit and discovered components once, without excluded hosts or the portal itself', () => {
    const portal = { runId: 'R1', url: 'https://hanoi.gov.vn/', host: 'hanoi.gov.vn', role: 'portal' as const, source: 'registry' as const, league: 'province' as const, org: 'UBND TP Hà Nội', components: ['https://www.so-tc.hanoi.gov.vn/'] };
    const candidate = (host: string, text: string) => ({ host, url: `https://${host}/`, foundOn: portal.url, onHomepage: true, kind: 'a' as const, region: 'footer' as const, text });
    const messages = componentMessages(portal, audit({ status: 'ok' }, [candidate('so-tc.hanoi.gov.vn', 'Sở Tài chính'), candidate('so-yt.hanoi.gov.vn', 'Sở Y tế'), candidate('cu.hanoi.gov.vn', 'Cũ'), candidate('hanoi.gov.vn', 'Trang chủ')]), new Set(['cu.hanoi.gov.vn']));
    expect(messages.map((m) => [m.host, m.source, m.org])).toEqual([['so-tc.hanoi.gov.vn', 'registry', 'so-tc.hanoi.gov.vn'], ['so-yt.hanoi.gov.vn', 'discovered', 'Sở Y tế']]);
    expect(messages[0]).toMatchObject({ role: 'component', parentUrl: portal.url, depth: 1 });
  });

  it('adds nothing when the portal could not be loaded', () => {
    const portal = { runId: 'R1', url: 'https://hanoi.gov.vn/', host: 'hanoi.gov.vn', role: 'portal' as const, source: 'registry' as const, components: ['https://so-tc.hanoi.gov.vn/'] };
    expect(componentMessages(portal, audit(failure('timeout', true)), new Set())).toEqual([]);
  });
});

describe('retry decision', () => {
  const policy = { maxAttempts: 3, retryBaseSeconds: 30 };
  it.each([
    ['a reachable site', { status: 'ok' } as const, 1, { action: 'record' }],
    ['a permanent failure (DNS)', failure('dns', false), 1, { action: 'record' }],
    ['a transient failure, first attempt', failure('timeout', true), 1, { action: 'retry', delaySeconds: 30 }],
    ['a transient failure, second attempt', failure('reset', true), 2, { action: 'retry', delaySeconds: 60 }],
    ['a transient failure, last attempt', failure('timeout', true), 3, { action: 'record' }],
    ['a 503 asking for 10 minutes', failure('http-status', true, 600_000), 1, { action: 'retry', delaySeconds: 600 }],
  ])('%s', (_name, transport, attempt, expected) => {
    expect(decideAttempt(audit(transport as SiteAudit['transport']), attempt, policy)).toEqual(expected);
  });

  it('caps the wait a server asks for at the policy maximum', () => {
    expect(decideAttempt(audit(failure('http-status', true, 600_000)), 1, { ...policy, maxRetryDelaySeconds: 5 })).toEqual({ action: 'retry', delaySeconds: 5 });
  });
});

