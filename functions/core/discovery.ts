/**
 * Component discovery on a portal (docs/checks.md "Component discovery", docs/detection.md §4):
 * the sites a portal's pages point to that look like its component sites. Candidates stay
 * `discovered` until an evaluator confirms or excludes them.
 */
import type { LinkRef, PageModel } from './page/page-model.ts';
import { GOVERNMENT_SUFFIX, LINK_LIST_REGIONS, NEVER_COMPONENT_DOMAINS, NON_SITE_HOST_LABELS } from './rules/links.ts';
import type { ComponentCandidate } from './types.ts';
import { isUnderDomain, isWebPageLink, registrableDomain, siteHost, siteRootUrl } from './url.ts';

interface Seen {
  host: string;
  url: string;
  page: PageModel;
  link: LinkRef;
}

/**
 * Component candidates found on a portal's pages (homepage first, then sampled pages). A link
 * (`a`, `area`, `option`) makes its host a candidate when the host is under the portal's
 * registrable domain, or is another `.gov.vn` site inside a link list (link block, select
 * widget, footer). Never the portal itself nor its parent domain, nor EMC / Tín Nhiệm Mạng, nor
 * service hosts (`mail.`, `cdn.`…), nor file downloads. One candidate per site (`www.` dropped
 * from `host`), in order of first appearance; its evidence is a homepage link when the
 * homepage has one, else the first qualifying link; `url` is the site root of the first
 * qualifying link.
 */
export function discoverComponents(portal: { host: string }, pages: PageModel[]): ComponentCandidate[] {
  const portalDomain = registrableDomain(portal.host);
  const portalSite = siteHost(portal.host);
  const seen = new Map<string, Seen>();
  // Most links of a page point to a handful of hosts (mostly the portal itself): classify each
  // host once per call.
  const classes = new Map<string, { site: string; kind: HostClass }>();
  const classOf = (host: string) => {
    let value = classes.get(host);
    if (value === undefined) {
      const site = siteHost(host);
      value = { site, kind: classifyHost(site, portalSite, portalDomain) };
      classes.set(host, value);
    }
    return value;
  };
  for (const page of pages) {
    for (const link of page.links) {
      if (link.host === undefined) continue;
      const { site: host, kind } = classOf(link.host);
      if (kind === 'no' || seen.has(host) || (kind === 'in-link-list' && !LINK_LIST_REGIONS.includes(link.region))) continue;
      if (!isWebPageLink(link)) continue;
      const url = siteRootUrl(link.url ?? '');
      if (url !== undefined) seen.set(host, { host, url, page, link });
    }
  }

  const homepage = pages[0];
  return [...seen.values()].map(({ host, url, page, link }) => {
    const onHomepageLink = homepage ? bestLinkTo(homepage, host) : undefined;
    const evidencePage = onHomepageLink ? homepage : page;
    const evidence = onHomepageLink ?? link;
    return {
      host,
      url,
      foundOn: evidencePage.url,
      onHomepage: onHomepageLink !== undefined,
      kind: evidence.kind,
      region: evidence.region,
      text: evidence.text,
    };
  });
}

/**
 * The link on `page` to the site `host` (`www.`, case, port ignored) that best shows it is
 * linked: an anchor before an image-map area before a select option, then one with text,
 * then document order. Any page of the site counts, files included.
 */
export function bestLinkTo(page: Pick<PageModel, 'links'>, host: string): LinkRef | undefined {
  return bestLinksBySite(page).get(siteHost(host));
}

/**
 * The homepage's best link to `host` and the tier that found it: the served HTML first, then
 * the rendered DOM (a link that exists only after scripts ran is still on the page a visitor sees).
 */
export function homepageLinkTo(
  homepage: Pick<PageModel, 'links'>,
  rendered: Pick<PageModel, 'links'> | undefined,
  host: string,
): { link: LinkRef; tier: 'static' | 'rendered' } | undefined {
  const served = bestLinkTo(homepage, host);
  if (served !== undefined) return { link: served, tier: 'static' };
  const seen = rendered === undefined ? undefined : bestLinkTo(rendered, host);
  return seen === undefined ? undefined : { link: seen, tier: 'rendered' };
}

/**
 * The best link to each site a page links to, built in one pass over the page's links and kept
 * per page model: the link checks and discovery ask for many sites on the same homepage, and
 * scanning every link for each (candidates × links host comparisons) cost more than parsing.
 */
const bestLinksCache = new WeakMap<Pick<PageModel, 'links'>, Map<string, LinkRef>>();

function bestLinksBySite(page: Pick<PageModel, 'links'>): Map<string, LinkRef> {
  let index = bestLinksCache.get(page);
  if (index) return index;
  index = new Map();
  for (const link of page.links) {
    if (link.url === undefined || link.host === undefined) continue;
    const site = siteHost(link.host);
    if (site === '') continue;
    const best = index.get(site);
    if (best === undefined || linkStrength(link) > linkStrength(best)) index.set(site, link);
  }
  bestLinksCache.set(page, index);
  return index;
}

const KIND_STRENGTH: Record<LinkRef['kind'], number> = { a: 2, area: 1, option: 0 };

function linkStrength(link: LinkRef): number {
  return KIND_STRENGTH[link.kind] * 2 + (link.text.trim() === '' ? 0 : 1);
}

/** `yes`: a candidate wherever linked; `in-link-list`: only from a link list; `no`: never. */
type HostClass = 'yes' | 'in-link-list' | 'no';

/** The domains of the rules as {@link siteHost} writes hosts, so that a host is compared without normalising them again. */
const NEVER_DOMAINS = NEVER_COMPONENT_DOMAINS.map(siteHost);
const GOVERNMENT = siteHost(GOVERNMENT_SUFFIX);

/** `site` is `domain` or under it; both already in {@link siteHost} form. */
function under(site: string, domain: string): boolean {
  return domain !== '' && (site === domain || (site.endsWith(domain) && site[site.length - domain.length - 1] === '.'));
}

function classifyHost(site: string, portalSite: string, portalDomain: string | undefined): HostClass {
  if (site === '' || site === portalSite) return 'no';
  // The portal's own parent (when the portal is itself a subdomain) is not its component.
  if (under(portalSite, site)) return 'no';
  if (NEVER_DOMAINS.some((domain) => under(site, domain))) return 'no';
  if (NON_SITE_HOST_LABELS.includes(site.split('.')[0])) return 'no';
  if (portalDomain !== undefined && isUnderDomain(site, portalDomain)) return 'yes';
  return under(site, GOVERNMENT) && registrableDomain(site) !== undefined ? 'in-link-list' : 'no';
}
