/**
 * The simulated fleet: which portals, components and standalone sites exist, and what each one
 * serves (tracking-code shape, badge case, link case, fault). Pure and deterministic: the same
 * options give the same fleet. Ports are not part of the fleet (they are known only once the
 * servers listen); pages and the manifest add them.
 */
import type { SiteRole } from '../../functions/core/types.ts';
import { CONTENT_FAULTS, FAULT_KINDS, HOSTILE_FAULTS, type FaultKind } from './fault-kinds.ts';
import { COMMUNES, MINISTRIES, MINISTRY_UNITS, PROVINCE_AGENCIES, PROVINCES, STANDALONE_UNITS } from './names.ts';
import { createRandom, type Random } from './random.ts';
import {
  STATIC_PASS_SHAPES,
  SNIPPET_SHAPES,
  type BadgeCase,
  type BrowserCase,
  type SnippetShape,
} from './snippets.ts';

/**
 * How a portal's homepage links its components: in the served HTML (`footer`, `box`,
 * `select`), or built by script after load (`script-json`: a box filled from a JSON fetch;
 * `script-select`: options added by code; `shadow`: a web component's closed shadow root).
 */
export type PortalLinkStyle = 'footer' | 'box' | 'select' | 'script-json' | 'script-select' | 'shadow';
/** Styles whose links exist only once the page's scripts ran. */
export const SCRIPT_BUILT_STYLES: readonly PortalLinkStyle[] = ['script-json', 'script-select', 'shadow'];
/** How a component's homepage links (or fails to link) its portal. */
export const COMPONENT_LINK_CASES = [
  'links-portal',
  'no-portal-link',
  'links-portal-www-other-scheme',
  'links-portal-option',
  'links-portal-script',
  'links-portal-iframe-only',
] as const;
export type ComponentLinkCase = (typeof COMPONENT_LINK_CASES)[number];
/**
 * Cases whose homepage has no link of its own to the portal (`links-portal-iframe-only`: the
 * only link sits inside another site's iframe, which is that site's page).
 */
export const COMPONENT_LINK_ABSENT: readonly ComponentLinkCase[] = ['no-portal-link', 'links-portal-iframe-only'];

/** One simulated site. */
export interface FleetHost {
  host: string;
  org: string;
  role: SiteRole;
  league?: 'ministry' | 'province';
  parentHost?: string;
  /** Scheme of the site's canonical homepage URL. */
  scheme: 'http' | 'https';
  shape: SnippetShape;
  badge: BadgeCase;
  browserCase?: BrowserCase;
  fault?: FaultKind;
  /** The EMC site id the site's snippet uses (shapes without a real id ignore it). */
  siteId: string;
  /** True when another host was given the same site id (copy-pasted snippet). */
  duplicateSiteId: boolean;
  tinNhiemMang: boolean;
  /** Host off the domain pattern (e.g. `congthuong-qn.gov.vn`): only known from the registry. */
  offPattern: boolean;
  /** Other names served as the same site (`www.` of portals). */
  aliases: string[];
  /** Place name used in page text: "tỉnh Quảng Ninh", "Bộ Y tế"… */
  locality: string;
  portalLinks?: {
    style: PortalLinkStyle;
    /** Every component host (all are listed on the portal's "Liên kết website" page). */
    components: string[];
    /** Components a registry gives explicitly. */
    explicit: string[];
    /** Components absent from the homepage. */
    missing: string[];
  };
  componentLink?: ComponentLinkCase;
}

/** Options of the fleet (subset of startSimWeb options). */
export interface FleetOptions {
  seed: number;
  portals: number;
  componentsPerPortal: [number, number];
  faults: boolean;
  /** Adds the hostile hosts: a component nesting 400,000 elements deep, a portal padded with 20,000 component links. */
  hostile?: boolean;
}

export const DEFAULT_FLEET_OPTIONS: FleetOptions = { seed: 2024, portals: 6, componentsPerPortal: [3, 6], faults: true };

/** Hosts of the stand-in third parties (served on both ports, never part of the fleet). */
export const EMC_HOST = 'f-emc.ngsp.gov.vn';
export const EMC_LEGACY_HOST = 'tracking.aita.gov.vn';
export const MATOMO_HOST = 'thongke.opencps.vn';

/**
 * (shape, badge, browser case) combinations that must each appear once, so that every case of
 * docs/detection.md is exercised whatever the fleet size. Handed out to components and standalone
 * sites first; standalone sites are added if the fleet is too small.
 */
const REQUIRED_CASES: readonly { shape: SnippetShape; badge: BadgeCase; browserCase?: BrowserCase }[] = [
  ...SNIPPET_SHAPES.map((shape) => ({ shape, badge: shape === 'none' ? ('fake-static' as const) : ('normal' as const) })),
  { shape: 'canonical', badge: 'hidden-css' },
  { shape: 'minified', badge: 'hidden-script' },
  { shape: 'none', badge: 'normal' },
  { shape: 'canonical', badge: 'static-with-code' },
  { shape: 'canonical', badge: 'normal', browserCase: 'script-404' },
  { shape: 'canonical', badge: 'normal', browserCase: 'beacon-500' },
  { shape: 'canonical', badge: 'normal', browserCase: 'polling' },
];

const HTTPS_SAFE_SHAPES: readonly SnippetShape[] = ['canonical', 'canonical-gov-marker', 'minified', 'no-type-language-nonce'];

interface Draft {
  host: string;
  org: string;
  role: SiteRole;
  league?: 'ministry' | 'province';
  parentHost?: string;
  locality: string;
  offPattern: boolean;
  fault?: FaultKind;
}

interface PortalDraft extends Draft {
  components: Draft[];
  unitsLeft: { slug: string; name: string }[];
  province?: (typeof PROVINCES)[number];
}

function makePortals(rng: Random, options: FleetOptions): PortalDraft[] {
  const provinces = rng.shuffle(PROVINCES);
  const ministries = rng.shuffle(MINISTRIES);
  if (options.portals < 1 || options.portals > provinces.length + ministries.length) {
    throw new RangeError(`portals must be between 1 and ${provinces.length + ministries.length}`);
  }
  const portals: PortalDraft[] = [];
  for (let i = 0; i < options.portals; i++) {
    // Alternate leagues, falling back to the other list when one runs out.
    const wantProvince = i % 2 === 0 ? provinces.length > 0 : ministries.length === 0;
    if (wantProvince) {
      const p = provinces.shift()!;
      const title = p.city ? `thành phố ${p.name}` : `tỉnh ${p.name}`;
      const units = rng.shuffle([
        ...PROVINCE_AGENCIES.map((a) => ({ slug: a.slug, name: `${a.name} ${title}`, short: a.short })),
        ...COMMUNES.map((c) => ({ slug: c.slug, name: `Ủy ban nhân dân ${c.name}, ${title}`, short: c.slug })),
      ]);
      portals.push({
        host: `${p.slug}.gov.vn`,
        org: `Ủy ban nhân dân ${title}`,
        role: 'portal',
        league: 'province',
        locality: title,
        offPattern: false,
        components: [],
        unitsLeft: units,
        province: p,
      });
    } else {
      const m = ministries.shift()!;
      portals.push({
        host: `${m.slug}.gov.vn`,
        org: m.name,
        role: 'portal',
        league: 'ministry',
        locality: m.name,
        offPattern: false,
        components: [],
        unitsLeft: rng.shuffle(MINISTRY_UNITS.map((u) => ({ slug: u.slug, name: `${u.name} - ${m.name}` }))),
      });
    }
  }
  return portals;
}

function takeComponent(portal: PortalDraft, offPattern: boolean, index: number): Draft {
  const unit = portal.unitsLeft.shift() ?? { slug: `donvi${index}`, name: `Đơn vị trực thuộc số ${index} - ${portal.org}` };
  const base = portal.host.replace(/\.gov\.vn$/, '');
  const short = (unit as { short?: string }).short ?? unit.slug;
  const host = offPattern ? `${short}-${portal.province?.abbr ?? base}.gov.vn` : `${unit.slug}.${portal.host}`;
  return { host, org: unit.name, role: 'component', parentHost: portal.host, locality: portal.locality, offPattern };
}

/** Builds the fleet for the given options. Deterministic in `options`. */
export function buildFleet(partial: Partial<FleetOptions> = {}): FleetHost[] {
  const options = { ...DEFAULT_FLEET_OPTIONS, ...partial };
  const rng = createRandom(options.seed);
  const portals = makePortals(rng, options);
  let counter = 0;

  for (const [i, portal] of portals.entries()) {
    const count = rng.int(options.componentsPerPortal[0], options.componentsPerPortal[1]);
    for (let c = 0; c < count; c++) {
      // The first portal always has one off-pattern component; the others sometimes.
      const offPattern = c === count - 1 && (i === 0 || rng.chance(0.35));
      portal.components.push(takeComponent(portal, offPattern, counter++));
    }
  }

  const standalone: Draft[] = [];
  const standaloneUnits = rng.shuffle(STANDALONE_UNITS);
  const newStandalone = (fault?: FaultKind): Draft => {
    const unit = standaloneUnits.shift() ?? { slug: `donvi-doclap${counter}`, name: `Đơn vị độc lập số ${counter}` };
    counter++;
    const draft: Draft = { host: `${unit.slug}.gov.vn`, org: unit.name, role: 'standalone', locality: unit.name, offPattern: false, fault };
    standalone.push(draft);
    return draft;
  };

  if (options.faults) {
    let spread = 0;
    for (const fault of FAULT_KINDS.filter((kind) => !HOSTILE_FAULTS.includes(kind))) {
      if (fault === 'dns') {
        const portal = portals.find((p) => p.league === 'province') ?? portals[0];
        portal.components.push({
          host: `khongtontai.${portal.host}`,
          org: `Trung tâm Hành chính công - ${portal.org}`,
          role: 'component',
          parentHost: portal.host,
          locality: portal.locality,
          offPattern: false,
          fault,
        });
      } else if (CONTENT_FAULTS.includes(fault) || spread % 2 === 0) {
        const portal = portals[spread % portals.length];
        portal.components.push({ ...takeComponent(portal, false, counter++), fault });
        spread++;
      } else {
        newStandalone(fault);
        spread++;
      }
    }
  }

  if (options.hostile) {
    portals[0].components.push({ ...takeComponent(portals[0], false, counter++), fault: 'deep-nesting' });
    portals[0].components.push({ ...takeComponent(portals[0], false, counter++), fault: 'nesting-bomb' });
    portals[portals.length - 1].fault = 'link-flood';
  }

  // Hosts that serve ordinary pages and can take a required case.
  const components = portals.flatMap((p) => p.components);
  const caseable = (d: Draft): boolean => d.fault === undefined;
  while ([...components, ...standalone].filter(caseable).length < REQUIRED_CASES.length) newStandalone();

  const hosts: FleetHost[] = [];
  const usedIds = new Set<string>();
  const newSiteId = (): string => {
    for (;;) {
      const digits = rng.int(2, 4);
      const id = String(rng.int(digits === 2 ? 30 : 10 ** (digits - 1), digits === 4 ? 8981 : 10 ** digits - 1));
      if (!usedIds.has(id)) {
        usedIds.add(id);
        return id;
      }
    }
  };
  const toHost = (d: Draft): FleetHost => ({
    host: d.host,
    org: d.org,
    role: d.role,
    league: d.league,
    parentHost: d.parentHost,
    scheme: 'http',
    shape: 'canonical',
    badge: 'normal',
    fault: d.fault,
    siteId: newSiteId(),
    duplicateSiteId: false,
    tinNhiemMang: rng.chance(0.3),
    offPattern: d.offPattern,
    aliases: d.role === 'portal' ? [`www.${d.host}`] : [],
    locality: d.locality,
  });

  const portalHosts = portals.map(toHost);
  const otherHosts = [...components, ...standalone].map(toHost);

  // Shapes: required cases first, then a realistic mix (most sites carry the code).
  let next = 0;
  for (const h of otherHosts) {
    if (h.fault && !CONTENT_FAULTS.includes(h.fault)) {
      h.shape = 'none';
      continue;
    }
    if (h.fault) {
      h.shape = h.fault === 'viscii' ? 'minified' : 'canonical';
      continue;
    }
    const required = REQUIRED_CASES[next++];
    if (required) {
      h.shape = required.shape;
      h.badge = required.badge;
      h.browserCase = required.browserCase;
    } else {
      h.shape = rng.chance(0.75) ? rng.pick(STATIC_PASS_SHAPES) : rng.pick(SNIPPET_SHAPES);
      h.badge = h.shape === 'none' && rng.chance(0.5) ? 'fake-static' : 'normal';
    }
  }
  for (const p of portalHosts) p.shape = rng.pick(HTTPS_SAFE_SHAPES);
  portalHosts[0].tinNhiemMang = true;

  // A few HTTPS sites: the first portal and some components with HTTPS-safe shapes.
  portalHosts[0].scheme = 'https';
  otherHosts
    .filter((h) => !h.fault && h.badge === 'normal' && !h.browserCase && HTTPS_SAFE_SHAPES.includes(h.shape))
    .filter((_, i) => i % 4 === 1)
    .forEach((h) => (h.scheme = 'https'));

  // One copy-pasted snippet: a later passing site reuses an earlier one's id.
  const passing = otherHosts.filter((h) => !h.fault && STATIC_PASS_SHAPES.includes(h.shape) && h.badge === 'normal' && !h.browserCase);
  if (passing.length >= 2) {
    const [first, last] = [passing[0], passing[passing.length - 1]];
    last.siteId = first.siteId;
    first.duplicateSiteId = true;
    last.duplicateSiteId = true;
  }

  // Link cases of components (cycled so each appears) and of portals.
  let linkCase = 0;
  for (const h of otherHosts) {
    if (h.role === 'component') h.componentLink = COMPONENT_LINK_CASES[linkCase++ % COMPONENT_LINK_CASES.length];
  }
  const styles: PortalLinkStyle[] = ['box', 'select', 'footer', 'script-json', 'script-select', 'shadow'];
  for (const [i, p] of portalHosts.entries()) {
    const drafts = portals[i].components;
    const componentHosts = drafts.map((d) => d.host);
    const explicit = drafts.filter((d) => d.offPattern || rng.chance(0.6)).map((d) => d.host);
    const missing = i % 3 === 1 ? [rng.pick(componentHosts)] : [];
    p.portalLinks = { style: styles[i % styles.length], components: componentHosts, explicit, missing };
    hosts.push(p, ...otherHosts.filter((h) => h.parentHost === p.host));
  }
  hosts.push(...otherHosts.filter((h) => h.role === 'standalone'));
  return hosts;
}
