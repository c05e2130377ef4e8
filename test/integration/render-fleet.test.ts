/**
 * The whole simulated government web audited with both tiers by the real engine, over real
 * sockets and a real Chromium: in `auto` mode every host's verdicts must match the manifest's
 * `expect.rendered`, in `never` mode its `expect.static` — 100 %, every host, every check.
 */
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../functions/adapters/browser/launch.ts';
import { parseResolveMapping } from '../../functions/adapters/net/resolve-mapping.ts';
import { auditSite, type AuditOutcome } from '../../functions/core/audit-site.ts';
import type { PageRenderer } from '../../functions/core/render/observation.ts';
import { CHECK_IDS } from '../../functions/core/types.ts';
import { auditTargetOf } from '../../functions/core/pipeline/scan-plan.ts';
import { localRenderer } from '../../local/runner/local-renderer.ts';
import { fetcherForSim } from '../../local/runner/sim-registry.ts';
import { startSimWeb, type SimWeb } from '../../local/sim-web/index.ts';
import { LOADED_MACHINE_BUDGETS } from '../support/budgets.ts';

const browser = await findChromium();
let sim: SimWeb;
const auto = new Map<string, AuditOutcome>();
const never = new Map<string, AuditOutcome>();
/** Pages each host asked the renderer for, in order. */
const renderedUrls: string[] = [];

/** Every verdict that differs from the manifest, one line each. */
function mismatches(outcomes: Map<string, AuditOutcome>, tier: 'static' | 'rendered'): string[] {
  return sim.manifest.hosts.flatMap((truth) => {
    const audit = outcomes.get(truth.host)?.audit;
    if (!audit) return [`${truth.host}: not audited`];
    return CHECK_IDS.filter((id) => audit.checks[id].verdict !== truth.expect[tier][id])
      .map((id) => `${truth.host} [${truth.scenario.join(' ')}] ${id}: ${audit.checks[id].verdict} ≠ ${truth.expect[tier][id]} — ${audit.checks[id].summary.en}`);
  });
}

beforeAll(async () => {
  if (browser === undefined) return;
  // Prepare
  sim = await startSimWeb({ seed: 20260815 });
  const fetcher = fetcherForSim(sim, LOADED_MACHINE_BUDGETS);
  // Two browsers, one page each at a time (renders mostly wait on the page's scripts).
  const chromium = localRenderer({ resolve: sim.resolve.map(parseResolveMapping), ca: sim.caPem }, 2);
  const renderer: PageRenderer = {
    render: (url, options) => {
      renderedUrls.push(url);
      return chromium.render(url, options);
    },
    close: () => chromium.close(),
  };
  const limit = pLimit(4);
  try {
    // Act: both modes over the whole fleet; each browser takes one page at a time.
    await Promise.all(sim.manifest.hosts.map((truth) => limit(async () => {
      auto.set(truth.host, await auditSite(auditTargetOf(truth), { fetcher, now: () => new Date(), renderer }, { render: 'auto' }));
      never.set(truth.host, await auditSite(auditTargetOf(truth), { fetcher, now: () => new Date(), renderer }, { render: 'never' }));
    })));
  } finally {
    await renderer.close();
    await fetcher.close();
  }
}, 600_000);

afterAll(async () => {
  await sim?.close();
});

describe.skipIf(browser === undefined)('simulated fleet vs manifest with the browser tier', () => {
  it('matches expect.rendered for every host and check in auto mode', () => {
    // Assess
    expect(auto.size).toBe(sim.manifest.hosts.length);
    expect(mismatches(auto, 'rendered')).toEqual([]);
  });

  it('matches expect.static for every host and check in never mode, without rendering', () => {
    // Assess
    expect(mismatches(never, 'static')).toEqual([]);
    expect([...never.values()].every((o) => o.audit.renderMode === 'never' && o.rendered.length === 0 && o.screenshots === undefined)).toBe(true);
  });

  it('renders each reachable homepage once in auto mode, never an unreachable site, and records the mode', () => {
    // Assess
    for (const truth of sim.manifest.hosts) {
      const outcome = auto.get(truth.host)!;
      expect(outcome.audit.renderMode).toBe('auto');
      if (truth.expect.transport === 'ok') {
        expect(outcome.rendered[0], truth.host).toBe(outcome.audit.pages[0].url);
        expect(outcome.screenshots?.viewportPng?.length, truth.host).toBeGreaterThan(1000);
      } else {
        expect(outcome.rendered, truth.host).toEqual([]);
        expect(renderedUrls.some((url) => new URL(url).hostname === truth.host), truth.host).toBe(false);
      }
    }
    const homepages = [...auto.values()].map((o) => o.rendered[0]).filter(Boolean);
    expect(new Set(homepages).size).toBe(homepages.length);
  });

  it('renders sampled pages in auto mode only where the static result is inconclusive (code injected at run time)', () => {
    // Assess
    for (const truth of sim.manifest.hosts.filter((h) => h.expect.transport === 'ok')) {
      const outcome = auto.get(truth.host)!;
      const injected = outcome.audit.checks['emc-tracking-code'].data?.injectedAtRunTime === true;
      if (!injected) expect(outcome.rendered, truth.host).toHaveLength(1);
    }
    const tagManager = sim.manifest.hosts.filter((h) => h.expect.transport === 'ok' && h.scenario.includes('shape:tag-manager'));
    expect(tagManager.length).toBeGreaterThan(0);
    for (const truth of tagManager) {
      const outcome = auto.get(truth.host)!;
      const judgedPages = outcome.audit.pages.filter((p) => p.ok).length;
      expect(outcome.rendered, truth.host).toHaveLength(judgedPages);
      expect(outcome.audit.checks['emc-tracking-code'].data?.coverage, truth.host).toEqual({ withCode: judgedPages, judged: judgedPages });
    }
  });

  it('adds the EMC requests the browser saw as evidence of the tracking code', () => {
    // Assess
    const carried = sim.manifest.hosts.filter((h) => h.expect.transport === 'ok' && h.expect.rendered['emc-tracking-code'] === 'pass');
    for (const truth of carried) {
      const evidence = auto.get(truth.host)!.audit.checks['emc-tracking-code'].evidence;
      expect(evidence.some((e) => e.kind === 'request' && e.href?.includes('gov-tracking.min.js')), truth.host).toBe(true);
    }
  });
});
