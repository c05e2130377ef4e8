/**
 * The Tín Nhiệm Mạng trust badge (docs/detection.md §2): information only, never a criterion, and
 * never to be confused with the EMC badge.
 */
import type { PageModel } from '../page/page-model.ts';
import { containsPhrase } from '../text.ts';
import type { Evidence } from '../types.ts';
import { isUnderDomain } from '../url.ts';

const TIN_NHIEM_MANG_DOMAIN = 'tinnhiemmang.vn';
/** The trust directory entry a badge links to: `https://tinnhiemmang.vn/danh-ba-tin-nhiem/<domain>-<n>`. */
const DIRECTORY_PATH = /^\/danh-ba-tin-nhiem\/./i;
/** The badge image served by the service: `https://tinnhiemmang.vn/handle_cert?id=<domain>`. */
const CERT_IMAGE_PATH = /^\/handle_cert\/?$/i;
/** Alt/title of the badge image, also when sites serve a local copy of it. */
const BADGE_LABEL = 'Chứng nhận Tín Nhiệm Mạng';

/**
 * Whether the page shows the Tín Nhiệm Mạng badge: a link to the trust directory
 * (`tinnhiemmang.vn/danh-ba-tin-nhiem/…`), the service's badge image
 * (`tinnhiemmang.vn/handle_cert?id=…`), or a local image whose alt or title reads
 * "Chứng nhận Tín Nhiệm Mạng" (diacritics and case ignored).
 */
export function detectTinNhiemMang(page: PageModel): { present: boolean; evidence: Evidence[] } {
  const evidence: Evidence[] = [];
  for (const link of page.links) {
    const url = parse(link.url);
    if (url && isUnderDomain(url.hostname, TIN_NHIEM_MANG_DOMAIN) && DIRECTORY_PATH.test(url.pathname)) {
      evidence.push({ kind: 'link', pageUrl: page.url, href: link.href, text: link.text, region: link.region });
    }
  }
  for (const image of page.images) {
    const src = parse(image.src, page.url);
    const certImage =
      src !== undefined &&
      isUnderDomain(src.hostname, TIN_NHIEM_MANG_DOMAIN) &&
      CERT_IMAGE_PATH.test(src.pathname) &&
      (src.searchParams.get('id') ?? '') !== '';
    const labelled = containsPhrase(image.alt, BADGE_LABEL) || containsPhrase(image.title, BADGE_LABEL);
    if (certImage || labelled) {
      evidence.push({ kind: 'image', pageUrl: page.url, href: image.src, text: image.alt || image.title });
    }
  }
  return { present: evidence.length > 0, evidence };
}

function parse(url: string | undefined, base?: string): URL | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url, base);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed : undefined;
  } catch {
    return undefined;
  }
}
