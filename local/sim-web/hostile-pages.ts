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

/** Host name of the n-th padding link of a link flood under `domain`. */
export function floodHost(domain: string, index: number): string {
  return `don-vi-${index}.${domain}`;
}

/**
 * The homepage with a "Liên kết website" block of `count` links to distinct sites under the
 * portal's `domain` (each one a component candidate), written as real portals write them.
 */
export function withLinkFlood(homepage: string, domain: string, count = LINK_FLOOD_LINKS, scheme = 'https'): string {
  const items: string[] = [];
  for (let i = 0; i < count; i++) {
    items.push(`<li><a href="${scheme}://${floodHost(domain, i)}/" target="_blank">Đơn vị trực thuộc số ${i}</a></li>`);
  }
  return beforeBodyEnd(homepage, `<div class="box-lienket"><h3>Liên kết website</h3><ul>${items.join('\n')}</ul></div>`);
}
