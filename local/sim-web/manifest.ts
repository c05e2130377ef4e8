/**
 * The ground truth of the simulated web: for every host, what the auditor must conclude
 * (docs/checks.md). Integration tests scan every host and compare with this manifest.
 */
import type { CheckId, TransportFailureKind, Verdict } from '../../functions/core/types.ts';
import { FAULT_TRANSPORT } from './fault-kinds.ts';
import type { FleetHost } from './fleet.ts';
import { COMPONENT_LINK_ABSENT, SCRIPT_BUILT_STYLES, type ComponentLinkCase } from './fleet.ts';
import { BADGE_WITHOUT_CONNECTION_SHAPES, RUNTIME_NOT_CONNECTED_SHAPES, RUNTIME_ONLY_SHAPES, STATIC_PASS_SHAPES, renderSnippet } from './snippets.ts';
import { homeUrl, thirdPartyOrigins, type SimPorts } from './urls.ts';

/** What the auditor must conclude about one simulated host. */
export interface SimHostTruth {
  /** Host name, e.g. `sokhcn.quangninh.gov.vn`. */
  host: string;
  /** Homepage URL including the port, e.g. `http://sokhcn.quangninh.gov.vn:41234/`. */
  url: string;
  role: 'portal' | 'component' | 'standalone';
  /** Vietnamese organisation name. */
  org: string;
  /** Portals: ranking league. */
  league?: 'ministry' | 'province' | 'other';
  /** Components: the portal homepage URL. */
  parentUrl?: string;
  /** Portals: the EXPLICIT component URLs a registry would give (a subset; the rest must be discovered). */
  components?: string[];
  /** The EMC site id a registry would expect, for sites that carry the code. */
  expectedSiteId?: string;
  /** Tags: `shape:…`, `badge:…`, `browser:…`, `fault:…`, `portal-links:…`, `component-links:…`, `https`, … */
  scenario: string[];
  expect: {
    transport: 'ok' | TransportFailureKind;
    /** Verdicts of the static tier, for the default sample of 3 pages. */
    static: Record<CheckId, Verdict>;
    /** Verdicts with the browser tier (badge `pass` only when the code runs, the script answers 200 and nothing hides it). */
    rendered: Record<CheckId, Verdict>;
    /** Set when the code is carried (served or injected at run time). */
    siteId?: string;
    trackerUrl?: string;
    scriptUrl?: string;
    /** Portals: component hosts not linked from the homepage a visitor sees (rendered tier). */
    missingComponents?: string[];
    /** Portals: component hosts the served HTML of the homepage does not link (static tier; all of them when scripts build the list). */
    missingComponentsStatic?: string[];
    /** Portals: component hosts the discovery must find (homepage and the "Liên kết website" page). */
    discovered?: string[];
    /** Whether the Tín Nhiệm Mạng trust badge is on the homepage (information only). */
    tinNhiemMang: boolean;
  };
}

/** The whole ground truth of one simulated web. */
export interface SimManifest {
  seed: number;
  httpPort: number;
  httpsPort: number;
  hosts: SimHostTruth[];
}

type Verdicts = Record<CheckId, Verdict>;

function linkVerdicts(h: FleetHost, whenApplicable: { portal: Verdict; component: Verdict }): Pick<Verdicts, 'portal-links-components' | 'component-links-portal'> {
  return {
    'portal-links-components': h.role === 'portal' ? whenApplicable.portal : 'not-applicable',
    'component-links-portal': h.role === 'component' ? whenApplicable.component : 'not-applicable',
  };
}

function verdictsFor(h: FleetHost, transport: 'ok' | TransportFailureKind): { static: Verdicts; rendered: Verdicts } {
  if (transport !== 'ok') {
    const all: Verdicts = {
      'emc-tracking-code': 'unknown',
      'emc-badge': 'unknown',
      ...linkVerdicts(h, { portal: 'unknown', component: 'unknown' }),
    };
    return { static: all, rendered: { ...all } };
  }
  const staticCode = STATIC_PASS_SHAPES.includes(h.shape);
  // Embedded AND connected: a script that answers 404 or a queue emptied before EMC reads it connects nothing.
  const connected = !RUNTIME_NOT_CONNECTED_SHAPES.includes(h.shape) && h.browserCase !== 'script-404';
  const renderedCode = (staticCode || RUNTIME_ONLY_SHAPES.includes(h.shape)) && connected;
  const badgeCode = renderedCode || BADGE_WITHOUT_CONNECTION_SHAPES.includes(h.shape);
  const hidden = h.badge === 'hidden-css' || h.badge === 'hidden-script';
  const staticBadge: Verdict = hidden || (h.badge === 'fake-static' && !staticCode) ? 'fail' : 'unknown';
  const renderedBadge: Verdict = badgeCode && !hidden && h.browserCase !== 'script-404' ? 'pass' : 'fail';
  const components = h.portalLinks?.components ?? [];
  const missing = (h.portalLinks?.missing.length ?? 0) > 0;
  // Links built by script are not in the served HTML: the static tier misses them all.
  const scriptBuilt = h.portalLinks !== undefined && SCRIPT_BUILT_STYLES.includes(h.portalLinks.style);
  const portal = (seen: boolean): Verdict => (components.length === 0 ? 'unknown' : missing || !seen ? 'fail' : 'pass');
  const component = (seen: boolean): Verdict => (COMPONENT_LINK_ABSENT.includes(h.componentLink as ComponentLinkCase) || !seen ? 'fail' : 'pass');
  const scriptComponentLink = h.componentLink === 'links-portal-script';
  return {
    static: {
      'emc-tracking-code': staticCode ? 'pass' : 'fail',
      'emc-badge': staticBadge,
      ...linkVerdicts(h, { portal: portal(!scriptBuilt), component: component(!scriptComponentLink) }),
    },
    rendered: {
      'emc-tracking-code': renderedCode ? 'pass' : 'fail',
      'emc-badge': renderedBadge,
      ...linkVerdicts(h, { portal: portal(true), component: component(true) }),
    },
  };
}

function scenarioOf(h: FleetHost): string[] {
  const tags: string[] = [];
  if (h.fault) tags.push(`fault:${h.fault}`);
  if (!h.fault || FAULT_TRANSPORT[h.fault] === 'ok') {
    tags.push(`shape:${h.shape}`, `badge:${h.badge}`);
    if (h.browserCase) tags.push(`browser:${h.browserCase}`);
    if (h.componentLink) tags.push(`component-links:${h.componentLink}`);
  }
  if (h.portalLinks) {
    tags.push(`portal-links:${h.portalLinks.style}`);
    if (h.portalLinks.missing.length > 0) tags.push('portal-links:missing-on-homepage');
  }
  if (h.scheme === 'https') tags.push('https');
  if (h.offPattern) tags.push('off-pattern-host');
  if (h.duplicateSiteId) tags.push('site-id:duplicate');
  if (h.tinNhiemMang && (!h.fault || FAULT_TRANSPORT[h.fault] === 'ok')) tags.push('tin-nhiem-mang');
  return tags;
}

/** Builds the manifest of `fleet` once the servers listen on `ports`. Pure. */
export function buildManifest(seed: number, fleet: readonly FleetHost[], ports: SimPorts): SimManifest {
  const byHost = new Map(fleet.map((h) => [h.host, h]));
  const urlOf = (host: string): string => {
    const h = byHost.get(host);
    return homeUrl(host, h?.scheme ?? 'http', ports);
  };
  const origins = thirdPartyOrigins(ports);
  const hosts = fleet.map((h): SimHostTruth => {
    const transport = h.fault ? FAULT_TRANSPORT[h.fault] : 'ok';
    const verdicts = verdictsFor(h, transport);
    const carried = transport === 'ok' && verdicts.rendered['emc-tracking-code'] === 'pass';
    const truth = carried ? renderSnippet(h.shape, { siteId: h.siteId, origins, browserCase: h.browserCase }).truth : {};
    const truthOut: SimHostTruth = {
      host: h.host,
      url: urlOf(h.host),
      role: h.role,
      org: h.org,
      scenario: scenarioOf(h),
      expect: {
        transport,
        static: verdicts.static,
        rendered: verdicts.rendered,
        tinNhiemMang: transport === 'ok' && h.tinNhiemMang,
      },
    };
    if (h.league) truthOut.league = h.league;
    if (h.parentHost) truthOut.parentUrl = urlOf(h.parentHost);
    if (truth.siteId) {
      truthOut.expectedSiteId = truth.siteId;
      truthOut.expect.siteId = truth.siteId;
    }
    if (truth.trackerUrl) truthOut.expect.trackerUrl = truth.trackerUrl;
    if (truth.scriptUrl) truthOut.expect.scriptUrl = truth.scriptUrl;
    if (h.portalLinks) {
      truthOut.components = h.portalLinks.explicit.map(urlOf);
      if (transport === 'ok') {
        truthOut.expect.missingComponents = [...h.portalLinks.missing];
        truthOut.expect.missingComponentsStatic = SCRIPT_BUILT_STYLES.includes(h.portalLinks.style) ? [...h.portalLinks.components] : [...h.portalLinks.missing];
        truthOut.expect.discovered = [...h.portalLinks.components];
      }
    }
    return truthOut;
  });
  return { seed, httpPort: ports.httpPort, httpsPort: ports.httpsPort, hosts };
}
