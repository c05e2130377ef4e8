/**
 * Criterion 2.2b: the portal's homepage links to each of its component sites
 * (docs/checks.md `portal-links-components`, docs/detection.md §3).
 */
import { homepageLinkTo } from '../discovery.ts';
import type { LinkRef } from '../page/page-model.ts';
import type { ComponentCandidate, Evidence, LocalizedText, PageRegion } from '../types.ts';
import { isUnderDomain, normaliseSiteUrl, registrableDomain, sameSite, siteHost } from '../url.ts';
import type { Check, CheckContext } from './check.ts';

/** One candidate component and how (whether) the portal homepage links to it. */
export type ComponentLinkStatus = {
  host: string;
  url: string;
  /** `registry`: given explicitly (registry, `--components`); `discovered`: found on the portal's pages. */
  source: 'registry' | 'discovered';
  linked: boolean;
  kind?: LinkRef['kind'];
  region?: PageRegion;
  href?: string;
  text?: string;
  /** Which tier found the link (set when the browser tier ran). */
  tier?: 'static' | 'rendered';
};

/** How many missing hosts the one-line summary names before "and N more". */
const NAMED_IN_SUMMARY = 5;

export const portalLinksComponents: Check = {
  id: 'portal-links-components',
  run(context) {
    const warnings: LocalizedText[] = [];
    const candidates = collectCandidates(context, warnings);

    if (candidates.length === 0) {
      return {
        id: 'portal-links-components',
        verdict: 'unknown',
        summary: {
          vi: 'Không có danh sách trang thành phần và không phát hiện được trang thành phần nào',
          en: 'No component site list given and none discovered',
        },
        hint: {
          vi: 'Cung cấp danh sách trang thành phần của cổng (sổ đăng ký hoặc tham số --components) để kiểm tra liên kết.',
          en: "Give the portal's component sites (registry or --components) so the links can be checked.",
        },
        warnings,
        evidence: [],
        data: { components: [], linked: 0, total: 0 },
      };
    }

    const statuses: ComponentLinkStatus[] = [];
    const evidence: Evidence[] = [];
    const rendered = context.renderedHomepage;
    for (const candidate of candidates) {
      const found = homepageLinkTo(context.homepage, rendered, candidate.host);
      if (found) {
        const { kind, region, href, text } = found.link;
        const tier = rendered === undefined ? {} : { tier: found.tier };
        statuses.push({ host: candidate.host, url: candidate.url, source: candidate.source, linked: true, kind, region, href, text, ...tier });
        evidence.push({ kind: kind === 'option' ? 'option' : 'link', pageUrl: context.homepage.url, href, text, region, ...tier });
      } else {
        statuses.push({ host: candidate.host, url: candidate.url, source: candidate.source, linked: false });
        evidence.push(missingEvidence(candidate));
      }
    }

    const missing = statuses.filter((status) => !status.linked);
    const total = statuses.length;
    const linked = total - missing.length;
    if (candidates.every((candidate) => candidate.source === 'discovered')) {
      warnings.push({
        vi: 'Danh sách trang thành phần được phát hiện tự động từ các liên kết, chưa được xác nhận',
        en: 'The component list was discovered from links and is not confirmed',
      });
    }
    const data = { components: statuses, linked, total };
    const byScript = statuses.filter((status) => status.tier === 'rendered').map((status) => status.host);
    if (byScript.length > 0) warnings.push(renderedOnlyWarning(nameList(byScript)));

    if (missing.length === 0) {
      return {
        id: 'portal-links-components',
        verdict: 'pass',
        summary: {
          vi: `Trang chủ có liên kết tới đủ ${total}/${total} trang thành phần`,
          en: `The homepage links to all ${total}/${total} component sites`,
        },
        warnings,
        evidence,
        data,
      };
    }
    const names = nameList(missing.map((status) => status.host));
    return {
      id: 'portal-links-components',
      verdict: 'fail',
      summary: {
        vi: `Trang chủ thiếu liên kết tới ${missing.length}/${total} trang thành phần: ${names.vi}`,
        en: `The homepage does not link to ${missing.length}/${total} component sites: ${names.en}`,
      },
      hint: {
        vi: 'Thêm liên kết tới từng trang thành phần còn thiếu trên trang chủ của cổng (ví dụ khối "Liên kết website" hoặc chân trang).',
        en: 'Add a link to each missing component site on the portal homepage (for example a "Liên kết website" box or the footer).',
      },
      warnings,
      evidence,
      data,
    };
  },
};

interface Candidate {
  host: string;
  url: string;
  source: ComponentLinkStatus['source'];
  discovered?: ComponentCandidate;
}

/**
 * Explicit components first (normalised), then the discovered ones not already listed; never
 * the portal itself. One candidate per site, looked up by its site host (the key `sameSite`
 * compares), so a page listing thousands of links costs one lookup per link.
 */
function collectCandidates(context: CheckContext, warnings: LocalizedText[]): Candidate[] {
  const candidates: Candidate[] = [];
  const portalHost = context.homepage.host;
  const known = new Set<string>();
  const add = (candidate: Candidate) => {
    const site = siteHost(candidate.host);
    if (site === '' || sameSite(site, portalHost) || known.has(site)) return;
    known.add(site);
    candidates.push(candidate);
  };
  for (const entry of context.target.components ?? []) {
    const normalised = normaliseSiteUrl(entry);
    if (!normalised.ok) {
      warnings.push({
        vi: `Bỏ qua trang thành phần không hợp lệ "${entry}": ${normalised.error.vi}`,
        en: `Ignored invalid component "${entry}": ${normalised.error.en}`,
      });
      continue;
    }
    add({ host: siteHost(normalised.host), url: normalised.url, source: 'registry' });
  }
  // A .gov.vn host outside the portal's domain, listed only on a deeper page (a province's
  // "Liên kết website" page usually lists the ministries too), may not be a component at all:
  // it is named for an evaluator to confirm, and does not fail the portal until confirmed.
  const domain = registrableDomain(portalHost) ?? siteHost(portalHost);
  const toConfirm: string[] = [];
  for (const discovered of context.discovered) {
    if (!discovered.onHomepage && !isUnderDomain(discovered.host, domain)) {
      toConfirm.push(siteHost(discovered.host));
      continue;
    }
    add({ host: siteHost(discovered.host), url: discovered.url, source: 'discovered', discovered });
  }
  if (toConfirm.length > 0) {
    const names = nameList(toConfirm);
    warnings.push({
      vi: `Các trang ngoài tên miền của cổng chỉ có trên trang con, cần người đánh giá xác nhận có phải trang thành phần không: ${names.vi}`,
      en: `Sites outside the portal's domain listed only on deeper pages; an evaluator should confirm whether they are components: ${names.en}`,
    });
  }
  return candidates;
}

/** Evidence for a component the homepage does not link to: where it was seen, when discovered. */
function missingEvidence(candidate: Candidate): Evidence {
  if (candidate.discovered === undefined) return { kind: 'note', href: candidate.url };
  const { foundOn, text, region } = candidate.discovered;
  return { kind: 'note', pageUrl: foundOn, href: candidate.url, text, region };
}

/** Links a visitor sees but the served HTML lacks: they count, and the site is told why a crawler misses them. */
export function renderedOnlyWarning(names: LocalizedText): LocalizedText {
  return {
    vi: `Liên kết chỉ có sau khi chạy script của trang (trình duyệt thấy, HTML máy chủ trả về không có): ${names.vi}`,
    en: `Links present only once the page's scripts ran (the browser sees them, the served HTML lacks them): ${names.en}`,
  };
}

function nameList(hosts: string[]): LocalizedText {
  const shown = hosts.slice(0, NAMED_IN_SUMMARY).join(', ');
  const rest = hosts.length - NAMED_IN_SUMMARY;
  if (rest <= 0) return { vi: shown, en: shown };
  return { vi: `${shown} và ${rest} trang khác`, en: `${shown} and ${rest} more` };
}
