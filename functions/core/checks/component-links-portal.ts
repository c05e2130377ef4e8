/**
 * Criterion 2.2c: a component site's homepage links to its parent portal
 * (docs/checks.md `component-links-portal`, docs/detection.md §3).
 */
import { homepageLinkTo } from '../discovery.ts';
import { renderedOnlyWarning } from './portal-links-components.ts';
import type { LinkRef } from '../page/page-model.ts';
import type { AuditTarget, LocalizedText } from '../types.ts';
import { hostnameOf, inferParentHost, normaliseSiteUrl } from '../url.ts';
import type { Check } from './check.ts';

/** Structured data of the verdict (a type alias, so that it fits `CheckResult['data']`). */
export type ComponentLinksPortalData = {
  parentHost: string;
  parentSource: 'given' | 'inferred';
  link?: Pick<LinkRef, 'href' | 'text' | 'kind' | 'region'> & { tier?: 'static' | 'rendered' };
};

export const componentLinksPortal: Check = {
  id: 'component-links-portal',
  run(context) {
    const warnings: LocalizedText[] = [];
    const parent = resolveParent(context.target, context.homepage.host, warnings);

    if (parent === undefined) {
      return {
        id: 'component-links-portal',
        verdict: 'unknown',
        summary: {
          vi: 'Không xác định được cổng thông tin cấp trên của trang này',
          en: 'The parent portal of this site could not be determined',
        },
        hint: {
          vi: 'Cung cấp địa chỉ cổng thông tin cấp trên (sổ đăng ký hoặc tham số --parent).',
          en: 'Give the parent portal address (registry or --parent).',
        },
        warnings,
        evidence: [],
        data: {},
      };
    }

    const data: ComponentLinksPortalData = { parentHost: parent.host, parentSource: parent.source };
    const found = homepageLinkTo(context.homepage, context.renderedHomepage, parent.host);
    if (found) {
      const { href, text, kind, region } = found.link;
      const tier = context.renderedHomepage === undefined ? {} : { tier: found.tier };
      if (found.tier === 'rendered') warnings.push(renderedOnlyWarning({ vi: parent.host, en: parent.host }));
      return {
        id: 'component-links-portal',
        verdict: 'pass',
        summary: {
          vi: `Trang chủ có liên kết tới cổng thông tin cấp trên ${parent.host}`,
          en: `The homepage links to the parent portal ${parent.host}`,
        },
        warnings,
        evidence: [{ kind: kind === 'option' ? 'option' : 'link', pageUrl: context.homepage.url, href, text, region, ...tier }],
        data: { ...data, link: { href, text, kind, region, ...tier } },
      };
    }
    return {
      id: 'component-links-portal',
      verdict: 'fail',
      summary: {
        vi: `Trang chủ không có liên kết tới cổng thông tin cấp trên ${parent.host}`,
        en: `The homepage does not link to the parent portal ${parent.host}`,
      },
      hint: {
        vi: `Thêm liên kết tới cổng thông tin cấp trên (https://${parent.host}/) trên trang chủ, ví dụ ở đầu trang hoặc chân trang.`,
        en: `Add a link to the parent portal (https://${parent.host}/) on the homepage, for example in the header or footer.`,
      },
      warnings,
      evidence: [{ kind: 'note', pageUrl: context.homepage.url }],
      data,
    };
  },
};

/**
 * The parent portal host: the given `parentUrl` when valid, otherwise the registrable domain
 * of the site (`so-tttt.hanoi.gov.vn` → `hanoi.gov.vn`), with a warning that it was inferred.
 */
function resolveParent(
  target: AuditTarget,
  homepageHost: string,
  warnings: LocalizedText[],
): { host: string; source: 'given' | 'inferred' } | undefined {
  if (target.parentUrl !== undefined) {
    const normalised = normaliseSiteUrl(target.parentUrl);
    if (normalised.ok) {
      const source = target.parentSource ?? 'given';
      if (source === 'inferred') warnings.push(inferredWarning(normalised.host));
      return { host: normalised.host, source };
    }
    warnings.push({
      vi: `Bỏ qua địa chỉ cổng cấp trên không hợp lệ "${target.parentUrl}": ${normalised.error.vi}`,
      en: `Ignored invalid parent portal address "${target.parentUrl}": ${normalised.error.en}`,
    });
  }
  const inferred = inferParentHost(siteHostOfTarget(target) ?? homepageHost);
  if (inferred === undefined) return undefined;
  warnings.push(inferredWarning(inferred));
  return { host: inferred, source: 'inferred' };
}

/** The audited site's own host, from its target URL (the homepage may have redirected elsewhere). */
function siteHostOfTarget(target: AuditTarget): string | undefined {
  try {
    return hostnameOf(new URL(target.url).hostname);
  } catch {
    return undefined;
  }
}

function inferredWarning(host: string): LocalizedText {
  return {
    vi: `Cổng cấp trên ${host} được suy ra từ tên miền, chưa được xác nhận`,
    en: `Parent portal ${host} was inferred from the domain name, not confirmed`,
  };
}
