/**
 * The whole simulated government web, scanned by the real engine over real sockets, must
 * match the ground-truth manifest for every host and every check (static tier).
 */
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditSite } from '../../functions/core/audit-site.ts';
import { duplicateSiteIds } from '../../functions/core/pipeline/duplicate-site-ids.ts';
import type { FindingRecord } from '../../functions/core/records.ts';
import { CHECK_IDS, type SiteAudit } from '../../functions/core/types.ts';
import { auditTargetOf } from '../../functions/core/pipeline/scan-plan.ts';
import { fetcherForSim, registryOfSim } from '../../local/runner/sim-registry.ts';
import { startSimWeb, type SimWeb } from '../../local/sim-web/index.ts';
import { LOADED_MACHINE_BUDGETS } from '../support/budgets.ts';

// The simulated web serves every page from this process, so on a loaded machine a page's budget
// also pays for the CPU the other pages' generation takes: a larger budget than the shared one,
// and fewer pages at once. A silent host still ends cut at this budget (asserted as an outcome).
const TOTAL_TIMEOUT_MS = 30_000;
let sim: SimWeb;
const audits = new Map<string, SiteAudit>();

beforeAll(async () => {
  // Prepare
  sim = await startSimWeb({ seed: 20260801 });
  const fetcher = fetcherForSim(sim, { ...LOADED_MACHINE_BUDGETS, totalTimeoutMs: TOTAL_TIMEOUT_MS, headersTimeoutMs: 2 * TOTAL_TIMEOUT_MS });
  const limit = pLimit(8);
  // Act: the whole fleet in one run; one faulty host must not break the others.
  await Promise.all(
    sim.manifest.hosts.map((truth) =>
      limit(async () => {
        const { audit } = await auditSite(auditTargetOf(truth), { fetcher, now: () => new Date() });
        audits.set(truth.host, audit);
      }),
    ),
  );
  await fetcher.close();
}, 300_000);

afterAll(async () => {
  await sim?.close();
});

describe('simulated fleet vs manifest (static tier)', () => {
  it('audits every host of the manifest', () => {
    // Assess
    expect(sim.manifest.hosts.length).toBeGreaterThanOrEqual(30);
    expect([...audits.keys()].sort()).toEqual(sim.manifest.hosts.map((h) => h.host).sort());
  });

  it('classifies the transport of every host as the manifest says', () => {
    const mismatches = sim.manifest.hosts
      .map((truth) => {
        const audit = audits.get(truth.host)!;
        const actual = audit.transport.status === 'ok' ? 'ok' : audit.transport.failure.kind;
        return actual === truth.expect.transport ? undefined : `${truth.host}: expected ${truth.expect.transport}, got ${actual}`;
      })
      .filter(Boolean);
    expect(mismatches).toEqual([]);
  });

  it('matches the manifest for every check of every host (100%)', () => {
    const mismatches: string[] = [];
    for (const truth of sim.manifest.hosts) {
      const audit = audits.get(truth.host)!;
      for (const id of CHECK_IDS) {
        const actual = audit.checks[id].verdict;
        if (actual !== truth.expect.static[id]) {
          mismatches.push(`${truth.host} [${truth.scenario.join(',')}] ${id}: expected ${truth.expect.static[id]}, got ${actual} — ${audit.checks[id].summary.en}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('extracts the site id, tracker and script URLs the manifest gives', () => {
    const withIds = sim.manifest.hosts.filter((t) => t.expect.siteId !== undefined && t.expect.static['emc-tracking-code'] === 'pass');
    expect(withIds.length).toBeGreaterThan(5);
    for (const truth of withIds) {
      const data = audits.get(truth.host)!.checks['emc-tracking-code'].data ?? {};
      expect({ host: truth.host, siteId: data.siteId }).toEqual({ host: truth.host, siteId: truth.expect.siteId });
      if (truth.expect.trackerUrl) expect(data.trackerUrl).toBe(truth.expect.trackerUrl);
      if (truth.expect.scriptUrl) expect(data.scriptUrl).toBe(truth.expect.scriptUrl);
    }
  });

  it('names the component links missing from each portal homepage and discovers the components', () => {
    for (const truth of sim.manifest.hosts.filter((t) => t.role === 'portal' && t.expect.transport === 'ok')) {
      const audit = audits.get(truth.host)!;
      const data = audit.checks['portal-links-components'].data as { components: { host: string; linked: boolean }[] };
      const missing = data.components.filter((c) => !c.linked).map((c) => c.host).sort();
      expect({ host: truth.host, missing }).toEqual({ host: truth.host, missing: [...(truth.expect.missingComponentsStatic ?? [])].sort() });
      const discovered = audit.discovered.map((c) => c.host);
      expect(discovered).toEqual(expect.arrayContaining(truth.expect.discovered ?? []));
    }
  });

  it('flags exactly the hosts the manifest tags site-id:duplicate as sharing one EMC site id', () => {
    // Prepare: the audits as a run's findings, the demo's registry (with expected ids)
    const findings = [...audits.values()].map(
      (audit): FindingRecord => ({ runId: 'run-fleet', host: audit.host, audit, attempt: 1, evidenceKeys: [], recordedAt: audit.startedAt }),
    );
    const registry = registryOfSim(sim.manifest, '2026-09-01T00:00:00.000Z');
    const tagged = sim.manifest.hosts.filter((h) => h.scenario.includes('site-id:duplicate')).map((h) => h.host).sort();
    // Act
    const groups = duplicateSiteIds(findings, registry);
    // Assess
    expect(tagged).toHaveLength(2);
    expect(groups).toHaveLength(1);
    expect(groups[0].hosts.map((h) => h.host)).toEqual(tagged);
    expect(groups[0].hosts.every((h) => h.via === 'found')).toBe(true);
    expect(groups[0].siteId).toBe(sim.manifest.hosts.find((h) => h.host === tagged[0])!.expect.siteId);
  });

  it('never reports a fault host as failing, and cuts a silent host at the page budget', () => {
    for (const truth of sim.manifest.hosts.filter((t) => t.expect.transport !== 'ok')) {
      const audit = audits.get(truth.host)!;
      for (const id of CHECK_IDS) expect(audit.checks[id].verdict, `${truth.host} ${id}`).not.toBe('fail');
      expect(audit.checks['emc-tracking-code'].summary.vi.length).toBeGreaterThan(0);
      // A host that never answers is cut by the page's total budget (an outcome, not a measured time).
      if (truth.expect.transport === 'timeout') {
        expect(audit.transport, truth.host).toMatchObject({ status: 'failed', failure: { kind: 'timeout' } });
        expect(audit.transport.status === 'failed' && audit.transport.failure.message, truth.host).toContain(`${TOTAL_TIMEOUT_MS} ms total limit`);
      }
    }
  });
});
