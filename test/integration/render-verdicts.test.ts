/**
 * "Embedded and connected" (2.1) and "links as a visitor sees them" (2.2b/2.2c) through real
 * Chromium against the simulated web: for every shape where the served HTML and the running page
 * disagree, both tiers' verdicts and the evidence each one gives (the CSP directive, the syntax
 * error and its line, the replaced queue, the tier of each link).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChromiumRenderer } from '../../functions/adapters/browser/chromium-renderer.ts';
import { findChromium } from '../../functions/adapters/browser/launch.ts';
import { parseResolveMapping } from '../../functions/adapters/net/resolve-mapping.ts';
import { auditSite, type AuditOutcome } from '../../functions/core/audit-site.ts';
import type { ComponentLinkStatus } from '../../functions/core/checks/portal-links-components.ts';
import { auditTargetOf } from '../../functions/core/pipeline/scan-plan.ts';
import type { PageRenderer } from '../../functions/core/render/observation.ts';
import type { CheckId } from '../../functions/core/types.ts';
import { fetcherForSim } from '../../local/runner/sim-registry.ts';
import { startSimWeb, type SimWeb } from '../../local/sim-web/index.ts';
import type { SimHostTruth } from '../../local/sim-web/manifest.ts';

const browser = await findChromium();
const SEED = 20260815;
/** The scenario tags under test: one host each (the first in the manifest). */
const TAGS = [
  'shape:csp-header-blocks',
  'shape:csp-meta-blocks',
  'shape:csp-allows-emc',
  'shape:csp-report-only',
  'shape:csp-meta-after-snippet',
  'shape:csp-strict-dynamic',
  'shape:syntax-error',
  'shape:queue-replaced',
  'shape:module-global',
  'shape:module-scoped',
  'shape:split-blocks',
  'browser:script-404',
  'portal-links:script-json',
  'portal-links:script-select',
  'portal-links:shadow',
  'component-links:links-portal-script',
  'component-links:links-portal-iframe-only',
] as const;

let sim: SimWeb;
const hosts = new Map<string, SimHostTruth>();
const auto = new Map<string, AuditOutcome>();
const never = new Map<string, AuditOutcome>();

const truthOf = (tag: string): SimHostTruth => hosts.get(tag) as SimHostTruth;
const autoOf = (tag: string) => auto.get(tag)?.audit.checks as Record<CheckId, AuditOutcome['audit']['checks'][CheckId]>;
const neverOf = (tag: string) => never.get(tag)?.audit.checks as Record<CheckId, AuditOutcome['audit']['checks'][CheckId]>;

beforeAll(async () => {
  if (browser === undefined) return;
  // Prepare
  sim = await startSimWeb({ seed: SEED });
  for (const tag of TAGS) {
    const truth = sim.manifest.hosts.find((h) => h.scenario.includes(tag) && h.expect.transport === 'ok');
    if (truth) hosts.set(tag, truth);
  }
  const fetcher = fetcherForSim(sim, { totalTimeoutMs: 8000 });
  const renderer: PageRenderer = createChromiumRenderer({ resolve: sim.resolve.map(parseResolveMapping), ca: sim.caPem });
  try {
    // Act
    for (const [tag, truth] of hosts) {
      auto.set(tag, await auditSite(auditTargetOf(truth), { fetcher, now: () => new Date(), renderer }, { render: 'auto' }));
      never.set(tag, await auditSite(auditTargetOf(truth), { fetcher, now: () => new Date() }, { render: 'never' }));
    }
  } finally {
    await renderer.close();
    await fetcher.close();
  }
}, 300_000);

afterAll(async () => {
  await sim?.close();
});

describe.skipIf(browser === undefined)('verdicts where the served HTML and the running page disagree', () => {
  it('has a host for every shape under test, and both tiers match the manifest on each', () => {
    // Assess
    expect([...hosts.keys()].sort()).toEqual([...TAGS].sort());
    for (const [tag, truth] of hosts) {
      for (const id of ['emc-tracking-code', 'emc-badge', 'portal-links-components', 'component-links-portal'] as const) {
        expect(`${tag} ${id} auto: ${autoOf(tag)[id].verdict}`).toBe(`${tag} ${id} auto: ${truth.expect.rendered[id]}`);
        expect(`${tag} ${id} never: ${neverOf(tag)[id].verdict}`).toBe(`${tag} ${id} never: ${truth.expect.static[id]}`);
      }
    }
  });

  it('CSP header that omits the EMC host: fail in both tiers, naming the directive; the browser saw the violation', () => {
    // Assess
    const statically = neverOf('shape:csp-header-blocks')['emc-tracking-code'];
    expect(statically.data?.reason).toBe('csp-blocks-emc');
    expect(statically.summary.en).toContain("script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net");
    expect(statically.evidence[0]).toMatchObject({ kind: 'csp', text: 'header' });
    const rendered = autoOf('shape:csp-header-blocks')['emc-tracking-code'];
    expect(rendered.verdict).toBe('fail');
    const violation = (rendered.data?.rendered as { cspViolation?: { directive: string; blockedUrl: string } }).cspViolation;
    expect(violation?.directive).toBe('script-src-elem');
    expect(violation?.blockedUrl).toContain('f-emc.ngsp.gov.vn');
  });

  it('CSP meta tag before the snippet blocks it; the same meta after the snippet does not', () => {
    // Assess
    expect(neverOf('shape:csp-meta-blocks')['emc-tracking-code'].evidence[0]).toMatchObject({ kind: 'csp', text: 'meta' });
    expect(autoOf('shape:csp-meta-after-snippet')['emc-tracking-code'].verdict).toBe('pass');
    expect(neverOf('shape:csp-meta-after-snippet')['emc-tracking-code'].verdict).toBe('pass');
  });

  it('report-only CSP blocks nothing: pass, with an information warning in the static tier', () => {
    // Assess
    const statically = neverOf('shape:csp-report-only')['emc-tracking-code'];
    expect(statically.verdict).toBe('pass');
    expect(statically.warnings.map((w) => w.en).join(' ')).toContain('report-only CSP would block');
    expect(autoOf('shape:csp-report-only')['emc-tracking-code'].verdict).toBe('pass');
  });

  it('invalid script block: fail with the syntax error and its page line in both tiers', () => {
    // Assess
    const statically = neverOf('shape:syntax-error')['emc-tracking-code'];
    expect(statically.data?.reason).toBe('script-syntax-error');
    const error = statically.data?.syntaxError as { message: string; pageLine: number };
    expect(error.message).toContain('Unexpected character');
    expect(error.pageLine).toBeGreaterThan(10);
    expect(statically.summary.en).toContain(`line ${error.pageLine} of the page`);
    const rendered = autoOf('shape:syntax-error')['emc-tracking-code'];
    expect(rendered.verdict).toBe('fail');
    expect(rendered.evidence.some((e) => e.kind === 'console' && /SyntaxError|Invalid or unexpected token/.test(e.excerpt ?? ''))).toBe(true);
  });

  it('queue replaced by a later page script: static pass, rendered fail naming what replaced it', () => {
    // Assess
    expect(neverOf('shape:queue-replaced')['emc-tracking-code'].verdict).toBe('pass');
    const rendered = autoOf('shape:queue-replaced')['emc-tracking-code'];
    expect(rendered.verdict).toBe('fail');
    expect(rendered.data?.notConnected).toBe('queue-replaced');
    expect(rendered.summary.en).toContain('a new array (0 commands), by an inline script');
  });

  it('EMC script answering 404: static pass, rendered fail (not connected)', () => {
    // Assess
    const rendered = autoOf('browser:script-404')['emc-tracking-code'];
    expect(rendered.data?.notConnected).toBe('script-http-error');
  });

  it('script-built link lists count in the rendered tier, each link saying which tier found it', () => {
    for (const tag of ['portal-links:script-json', 'portal-links:script-select', 'portal-links:shadow'] as const) {
      // Assess
      const truth = truthOf(tag);
      const components = autoOf(tag)['portal-links-components'].data?.components as ComponentLinkStatus[];
      const missing = components.filter((c) => !c.linked).map((c) => c.host).sort();
      expect(`${tag}: ${missing.join(',')}`).toBe(`${tag}: ${[...(truth.expect.missingComponents ?? [])].sort().join(',')}`);
      const linked = components.filter((c) => c.linked);
      expect(linked.length).toBeGreaterThan(0);
      expect(linked.every((c) => c.tier === 'rendered')).toBe(true);
      const statically = neverOf(tag)['portal-links-components'].data?.components as ComponentLinkStatus[];
      expect(statically.every((c) => !c.linked && c.tier === undefined)).toBe(true);
    }
    expect(autoOf('portal-links:script-select')['portal-links-components'].evidence.some((e) => e.kind === 'option' && e.tier === 'rendered')).toBe(true);
  });

  it('a portal link added to the footer after load counts; one only inside another site\'s iframe does not', () => {
    // Assess
    const added = autoOf('component-links:links-portal-script')['component-links-portal'];
    expect(added.verdict).toBe('pass');
    expect(added.evidence[0]).toMatchObject({ kind: 'link', tier: 'rendered', region: 'footer' });
    expect(neverOf('component-links:links-portal-script')['component-links-portal'].verdict).toBe('fail');
    expect(autoOf('component-links:links-portal-iframe-only')['component-links-portal'].verdict).toBe('fail');
  });
});
