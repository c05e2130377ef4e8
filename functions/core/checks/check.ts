/**
 * The check contract. Each criterion is one file in this folder exporting one {@link Check};
 * `index.ts` registers them once, in report-column order.
 */
import type { LinkRef, PageModel } from '../page/page-model.ts';
import type { AuditTarget, CheckId, CheckResult, ComponentCandidate } from '../types.ts';

/** Everything a check may read: the target and the pages parsed once, shared by all checks. */
export interface CheckContext {
  target: AuditTarget;
  /** The homepage (always judged). */
  homepage: PageModel;
  /** Every page judged, homepage first, then the sampled internal pages that loaded. */
  pages: PageModel[];
  /** Component candidates discovered on the portal's pages (empty for other roles). */
  discovered: ComponentCandidate[];
  /**
   * The homepage's links as the browser rendered them (core/page/rendered-links.ts), when the
   * browser tier ran: the link checks judge the union of both tiers (docs/checks.md).
   */
  renderedHomepage?: { links: LinkRef[] };
}

export interface Check {
  id: CheckId;
  /** Decides the verdict from parsed pages. Pure; never throws on page content. */
  run(context: CheckContext): CheckResult;
}
