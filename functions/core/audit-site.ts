/**
 * The audit engine for one site: fetch the homepage, sample internal pages, parse each page
 * once, run every registered check on the shared page models, discover components.
 *
 * Pure orchestration: all I/O goes through the injected {@link PageFetcher}; the clock is
 * injected. A site whose homepage cannot be fetched gets `unknown` for every check, with the
 * transport failure as the reason — never `fail`.
 */
import { CHECKS, runChecks } from './checks/index.ts';
import { notApplicable } from './checks/not-applicable.ts';
import { discoverComponents } from './discovery.ts';
import { detectTinNhiemMang } from './info/tin-nhiem-mang.ts';
import type { PageModel } from './page/page-model.ts';
import { parsePage } from './page/parse-page.ts';
import type { Clock } from './ports.ts';
import { selectSamplePages } from './sampling.ts';
import { describeTransportFailure, transportHint } from './transport-messages.ts';
import {
  type AuditTarget,
  type CheckId,
  type CheckResult,
  type PageFetcher,
  type SiteAudit,
  type TransportFailure,
} from './types.ts';

export interface AuditDeps {
  fetcher: PageFetcher;
  now: Clock;
}

export interface AuditOptions {
  /** Internal pages sampled besides the homepage (default 3). */
  samplePages?: number;
}

export interface AuditOutcome {
  audit: SiteAudit;
  /** The homepage as served (decoded), for the evidence snapshot. */
  homepageHtml?: string;
}

export const DEFAULT_SAMPLE_PAGES = 3;

/** Audits one site. Never throws for anything the site does; throws only on programming errors. */
export async function auditSite(target: AuditTarget, deps: AuditDeps, options: AuditOptions = {}): Promise<AuditOutcome> {
  const started = deps.now();
  const host = new URL(target.url).hostname;
  const base = { url: target.url, host, role: target.role, startedAt: started.toISOString() };
  const elapsed = () => deps.now().getTime() - started.getTime();

  const home = await deps.fetcher.fetchPage(target.url);
  if (!home.ok) {
    return {
      audit: {
        ...base,
        transport: { status: 'failed', failure: home.failure },
        checks: unknownChecks(home.failure, target.role),
        pages: [{ url: target.url, ok: false, failure: home.failure.kind }],
        discovered: [],
        info: {},
        elapsedMs: elapsed(),
      },
    };
  }

  const homepage = parsePage(home.page.html, home.page.finalUrl);
  const sampleUrls = selectSamplePages(homepage, options.samplePages ?? DEFAULT_SAMPLE_PAGES);
  const sampled = await Promise.all(sampleUrls.map((url) => deps.fetcher.fetchPage(url)));

  const pages: PageModel[] = [homepage];
  const pageLog: SiteAudit['pages'] = [{ url: home.page.finalUrl, ok: true }];
  sampled.forEach((outcome, i) => {
    if (outcome.ok) {
      pages.push(parsePage(outcome.page.html, outcome.page.finalUrl));
      pageLog.push({ url: outcome.page.finalUrl, ok: true });
    } else {
      pageLog.push({ url: sampleUrls[i], ok: false, failure: outcome.failure.kind });
    }
  });

  const discovered = target.role === 'portal' ? discoverComponents({ host: homepage.host }, pages) : [];
  const checks = runChecks({ target, homepage, pages, discovered });

  return {
    audit: {
      ...base,
      finalUrl: home.page.finalUrl,
      transport: { status: 'ok' },
      checks,
      pages: pageLog,
      discovered,
      info: { title: homepage.title, tinNhiemMang: detectTinNhiemMang(homepage) },
      elapsedMs: elapsed(),
    },
    homepageHtml: home.page.html,
  };
}

/**
 * Every check `unknown`, with the transport failure as the reason — except the link check
 * that does not apply to the site's role, which is `not-applicable` whatever the transport.
 */
export function unknownChecks(failure: TransportFailure, role: AuditTarget['role']): Record<CheckId, CheckResult> {
  const summary = describeTransportFailure(failure);
  const hint = transportHint(failure);
  const entries = CHECKS.map((check): [CheckId, CheckResult] => [
    check.id,
    check.appliesTo(role) ? {
      id: check.id,
      verdict: 'unknown',
      summary,
      hint,
      warnings: [],
      evidence: [{ kind: 'note', pageUrl: failure.url, excerpt: failure.message }],
      data: { transport: failure.kind, retryable: failure.retryable, ...(failure.status ? { status: failure.status } : {}) },
    } : notApplicable(check.id),
  ]);
  return Object.fromEntries(entries) as Record<CheckId, CheckResult>;
}
