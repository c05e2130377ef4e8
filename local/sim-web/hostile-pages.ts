/**
 * Hostile pages: real homepages with content built to cost the scanner as much as possible —
 * nesting hundreds of thousands of elements deep, or padding the "Liên kết website" block with
 * thousands of component links. Shared by the simulated web's fault hosts, the tests and
 * `bench:core`, so that all three exercise the same bytes.
 */

/** `<i><b>` pairs of the deep-nesting host: 1.2 MB, 400,000 elements deep. */
export const DEEP_NESTING_PAIRS = 200_000;
/** Nested `<table><tr><td>` of the deep-table variant. */
export const DEEP_TABLE_LEVELS = 80_000;
/** Component links of the link-flood host: far past what a finding item can list. */
export const LINK_FLOOD_LINKS = 20_000;

/** The page with `markup` inserted right after its `<body …>` tag (or at the start). */
function afterBodyStart(homepage: string, markup: string): string {
  const match = /<body[^>]*>/i.exec(homepage);
  const at = match ? match.index + match[0].length : 0;
  return homepage.slice(0, at) + markup + homepage.slice(at);
}

/** The page with `markup` inserted before its `</body>` (or at the end). */
function beforeBodyEnd(homepage: string, markup: string): string {
  const at = homepage.toLowerCase().lastIndexOf('</body>');
  return at === -1 ? homepage + markup : homepage.slice(0, at) + markup + homepage.slice(at);
}

/** The homepage behind an unclosed run of `<i><b>` pairs (the rest of the page sits at the bottom). */
export function withDeepNesting(homepage: string, pairs = DEEP_NESTING_PAIRS): string {
  return afterBodyStart(homepage, '<i><b>'.repeat(pairs));
}

/** The homepage behind an unclosed run of nested tables. */
export function withDeepTables(homepage: string, levels = DEEP_TABLE_LEVELS): string {
  return afterBodyStart(homepage, '<table><tr><td>'.repeat(levels));
}

/** `<svg>` levels of the nesting bomb: past the depth the parser keeps exact (MAX_EXEMPT_DEPTH, 2,048). */
export const NESTING_BOMB_LEVELS = 5_000;

/**
 * The homepage behind 5,000 nested `<svg>`: content the parser cannot flatten without changing
 * what runs, so the page is refused as too complex.
 */
export function withNestingBomb(homepage: string, levels = NESTING_BOMB_LEVELS): string {
  return afterBodyStart(homepage, '<svg>'.repeat(levels));
}

/** Host name of the n-th padding link of a link flood under `domain`. */
export function floodHost(domain: string, index: number): string {
  return `don-vi-${index}.${domain}`;
}

/** Whether `host` is a padding host of a link flood. */
export function isFloodHost(host: string): boolean {
  return /^don-vi-\d+\./.test(host);
}

/**
 * The homepage with a "Liên kết website" block of `count` links to distinct sites under the
 * portal's `domain` (each one a component candidate), written as real portals write them.
 */
export function withLinkFlood(homepage: string, domain: string, count = LINK_FLOOD_LINKS, urlOf = (host: string) => `https://${host}/`): string {
  const items: string[] = [];
  for (let i = 0; i < count; i++) {
    items.push(`<li><a href="${urlOf(floodHost(domain, i))}" target="_blank">Đơn vị trực thuộc số ${i}</a></li>`);
  }
  return beforeBodyEnd(homepage, `<div class="box-lienket"><h3>Liên kết website</h3><ul>${items.join('\n')}</ul></div>`);
}
