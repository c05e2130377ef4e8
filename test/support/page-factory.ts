/**
 * Test factory for {@link PageModel}s: fill in what a test cares about (URL, links, images),
 * get sensible defaults for the rest. Links are resolved the way the parser resolves them:
 * `url` only for http(s), `host` lower-cased without trailing dot.
 */
import type { ImageRef, LinkRef, PageModel } from '../../functions/core/page/page-model.ts';
import type { PageRegion } from '../../functions/core/types.ts';

export interface LinkSpec {
  href: string;
  text?: string;
  kind?: LinkRef['kind'];
  region?: PageRegion;
}

export interface PageSpec {
  url: string;
  title?: string;
  links?: LinkSpec[];
  images?: ImageRef[];
}

/** A page model with the given links and images, nothing else. */
export function makePage(spec: PageSpec): PageModel {
  return {
    url: spec.url,
    host: hostOf(spec.url) ?? '',
    title: spec.title ?? 'Cổng thông tin điện tử',
    scripts: [],
    links: (spec.links ?? []).map((link) => makeLink(link, spec.url)),
    styles: [],
    comments: [],
    images: spec.images ?? [],
    length: 10_000,
  };
}

/** One link as the parser would record it on a page at `base`. */
export function makeLink(spec: LinkSpec, base: string): LinkRef {
  const url = resolveHttp(spec.href, base);
  return {
    kind: spec.kind ?? 'a',
    href: spec.href,
    url,
    host: url === undefined ? undefined : hostOf(url),
    text: spec.text ?? '',
    region: spec.region ?? 'main',
  };
}

function resolveHttp(href: string, base: string): string | undefined {
  try {
    const url = new URL(href, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/\.+$/, '');
  } catch {
    return undefined;
  }
}
