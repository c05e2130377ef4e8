/**
 * The registry of the simulated government web, as an evaluator would have entered it: every
 * portal with the explicit component list the manifest gives, and every other site. Used by the
 * demo, the pipeline tests and the benchmark.
 */
import type { FindingRecord, TargetRecord } from '../../functions/core/records.ts';
import { CHECK_IDS } from '../../functions/core/types.ts';
import { createHttpFetcher, type HttpFetcherOptions } from '../../functions/adapters/http-fetcher.ts';
import { parseResolveMapping } from '../../functions/adapters/net/resolve-mapping.ts';
import type { SimWeb } from '../sim-web/index.ts';
import type { SimManifest } from '../sim-web/manifest.ts';

/**
 * A fetcher that reaches the simulated web: every host mapped to 127.0.0.1 (the operator
 * mapping), its CA trusted, short time limits (its faulty hosts are built to hit them), and no
 * per-address limit beyond the per-host one — the whole simulated fleet shares one address,
 * where the real fleet would be many servers.
 */
export function fetcherForSim(sim: Pick<SimWeb, 'resolve' | 'caPem'>, overrides: HttpFetcherOptions = {}) {
  return createHttpFetcher({
    resolve: sim.resolve.map(parseResolveMapping),
    ca: sim.caPem,
    connectTimeoutMs: 1500,
    headersTimeoutMs: 3000,
    bodyTimeoutMs: 3000,
    totalTimeoutMs: 6000,
    maxPerAddress: 1000,
    ...overrides,
  });
}

/** The demo's registry: every portal with the explicit component list the manifest gives, and every component. */
export function registryOfSim(manifest: SimManifest, updatedAt: string): TargetRecord[] {
  const hostOf = (url: string) => new URL(url).hostname;
  const portals = new Map(manifest.hosts.filter((h) => h.role === 'portal').map((h) => [h.url, h]));
  return manifest.hosts.map((h): TargetRecord => {
    const parent = h.parentUrl ? portals.get(h.parentUrl) : undefined;
    return {
      host: h.host,
      url: h.url,
      org: h.org,
      league: h.league ?? parent?.league ?? 'other',
      role: h.role,
      ...(h.parentUrl ? { parentHost: hostOf(h.parentUrl) } : {}),
      ...(h.components ? { components: h.components.map(hostOf) } : {}),
      ...(h.expectedSiteId ? { expectedSiteId: h.expectedSiteId } : {}),
      source: 'registry',
      status: 'confirmed',
      updatedAt,
    };
  });
}

/** Every difference between the stored findings and the manifest's verdicts of a tier, one line each. */
export function compareWithManifest(findings: readonly FindingRecord[], manifest: SimManifest, tier: 'static' | 'rendered' = 'static'): string[] {
  const byHost = new Map(findings.map((f) => [f.host, f]));
  const problems: string[] = [];
  for (const truth of manifest.hosts) {
    const finding = byHost.get(truth.host);
    if (!finding) {
      problems.push(`${truth.host}: no finding`);
      continue;
    }
    for (const id of CHECK_IDS) {
      const actual = finding.audit.checks[id].verdict;
      if (actual !== truth.expect[tier][id]) problems.push(`${truth.host} ${id}: ${actual} ≠ ${truth.expect[tier][id]}`);
    }
  }
  return problems;
}
