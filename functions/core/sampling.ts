/**
 * Which internal pages to judge besides the homepage (docs/checks.md "Pages judged"):
 * "links / websites" pages first, because they list the component sites, then the site's own
 * navigation, then the other internal links, in document order.
 */
import type { LinkRef, PageModel } from './page/page-model.ts';
import { LINKS_PAGE_ANCHOR_TEXTS, NAVIGATION_REGIONS } from './rules/links.ts';
import { foldText } from './text.ts';
import { isWebPageLink, sameSite, siteHost } from './url.ts';

/** Paths that serve the homepage under another name: sampling them would judge the homepage twice. */
const HOMEPAGE_ALIASES = /^\/(?:(?:index|default|home)\.(?:html?|php|aspx?|jsp))?$/i;

interface Ranked {
  url: string;
  key: string;
  /** 0: links page, 1: navigation, 2: other. */
  group: number;
  /** Position of the matched anchor text in {@link LINKS_PAGE_ANCHOR_TEXTS} (links pages only). */
  rank: number;
  index: number;
}

/**
 * Up to `n` internal page URLs of the homepage's site (`www.` and port ignored) to sample,
 * fragments removed: never the homepage itself, never files nor `javascript:`/`mailto:`
 * links, each page once (trailing slash and fragment ignored). Deterministic.
 */
export function selectSamplePages(homepage: PageModel, n: number): string[] {
  if (n <= 0) return [];
  const homeKey = pageKey(homepage.url);
  const best = new Map<string, Ranked>();
  homepage.links.forEach((link, index) => {
    if (link.kind !== 'a' || link.url === undefined || link.host === undefined) return;
    if (!sameSite(link.host, homepage.host) || !isWebPageLink(link)) return;
    const key = pageKey(link.url);
    if (key === undefined || key === homeKey) return;
    const candidate = rank(link, link.url, key, index);
    const current = best.get(key);
    if (current === undefined || compare(candidate, current) < 0) best.set(key, candidate);
  });
  return [...best.values()].sort(compare).slice(0, n).map((entry) => entry.url);
}

/** The anchor texts of links pages, folded once (folding them per link cost more than parsing). */
const FOLDED_ANCHOR_TEXTS = LINKS_PAGE_ANCHOR_TEXTS.map((phrase) => ` ${foldText(phrase)} `);

function rank(link: LinkRef, url: string, key: string, index: number): Ranked {
  const withoutFragment = url.replace(/#.*$/, '');
  // Whole-word match on folded text (as containsPhrase does), with each text folded once.
  const text = ` ${foldText(link.text)} `;
  const rankOfText = FOLDED_ANCHOR_TEXTS.findIndex((phrase) => phrase.trim() !== '' && text.includes(phrase));
  if (rankOfText !== -1) return { url: withoutFragment, key, group: 0, rank: rankOfText, index };
  const group = NAVIGATION_REGIONS.includes(link.region) ? 1 : 2;
  return { url: withoutFragment, key, group, rank: 0, index };
}

function compare(a: Ranked, b: Ranked): number {
  return a.group - b.group || a.rank - b.rank || a.index - b.index;
}

/**
 * Identity of a page for de-duplication: site host (`www.` dropped), port, path without a
 * trailing slash (homepage aliases folded to `/`), query; scheme and fragment ignored.
 */
function pageKey(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const path = HOMEPAGE_ALIASES.test(parsed.pathname) ? '/' : parsed.pathname.replace(/\/+$/, '') || '/';
  return `${siteHost(parsed.hostname)}:${parsed.port}${path}${parsed.search}`;
}
