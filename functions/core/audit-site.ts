/**
 * The audit engine for one site: fetch the homepage, sample internal pages, parse each page
 * once, run every registered check on the shared page models, discover components — the static
 * tier — then, with a renderer, the browser tier (docs/detection.md §1–2):
 * - `auto` renders the homepage once (the badge lives there), plus the sampled pages whose
 *   static result is inconclusive: those without code in their HTML on a site whose homepage
 *   turned out to inject the code at run time (they may inject it too);
 * - `always` renders every judged page: the badge verdict still comes from the homepage, the
 *   EMC requests of every page become tracking-code evidence and coverage;
 * - `never` keeps the static verdicts (the badge stays `unknown` unless the HTML proves a fail).
 * The rendered homepage also decides whether the code connects (2.1, judge-rendered.ts) and its
 * DOM snapshot's links join the static ones for 2.2b/2.2c (rendered-links.ts).
 *
 * Pure orchestration: all I/O goes through the injected {@link PageFetcher} and
 * {@link PageRenderer}; the clock is injected. A site whose homepage cannot be fetched gets
 * `unknown` for every check, with the transport failure as the reason — never `fail` — and is
 * not rendered.
 */
import { pageCarriesCode } from './checks/emc-tracking-code.ts';
import type { CheckContext } from './checks/check.ts';
import { componentLinksPortal } from './checks/component-links-portal.ts';
import { CHECKS } from './checks/index.ts';
import { notApplicable } from './checks/not-applicable.ts';
import { portalLinksComponents } from './checks/portal-links-components.ts';
import { criterionApplies } from './criteria.ts';
import { detectTinNhiemMang } from './info/tin-nhiem-mang.ts';
import { headerPolicies } from './page/content-security-policy.ts';
import { PageTooComplexError } from './page/html-events.ts';
import type { PageModel } from './page/page-model.ts';
import type { Clock } from './ports.ts';
import { judgeRendered } from './render/judge-rendered.ts';
import type { PageRenderer, RenderObservation, RenderOutcome } from './render/observation.ts';
import { emcHost } from './rules/emc.ts';
import { selectSamplePages } from './sampling.ts';
import { inProcessAnalyser, type JudgeOutput, type StaticAnalyser } from './static-analysis.ts';
import { describeTransportFailure, transportHint } from './transport-messages.ts';
import {
  type AuditTarget,
  type CheckId,
  type CheckResult,
  type Evidence,
  type PageFetcher,
  type SiteAudit,
  type TransportFailure,
} from './types.ts';

/** Which pages the browser tier renders (see the module comment). */
export type RenderMode = 'auto' | 'always' | 'never';

export interface AuditDeps {
  fetcher: PageFetcher;
  now: Clock;
  /** The browser tier; without it only `render: 'never'` is possible. */
  renderer?: PageRenderer;
  /** Where parsing and checks run (default: in this thread, unbudgeted; see static-analysis.ts). */
  analyser?: StaticAnalyser;
}

export interface AuditOptions {
  /** Internal pages sampled besides the homepage (default 3). */
  samplePages?: number;
  /** Default `auto` with a renderer, `never` without one. */
  render?: RenderMode;
}

/** Screenshots of the rendered homepage (PNG bytes), for the caller to store. */
export interface HomepageScreenshots {
  pageUrl: string;
  viewportPng?: Uint8Array;
  /** Crop of the badge, when it was found and visible. */
  badgePng?: Uint8Array;
}

export interface AuditOutcome {
  audit: SiteAudit;
  /** The homepage as served (decoded), for the evidence snapshot. */
  homepageHtml?: string;
  /** Set when the homepage was rendered. */
  screenshots?: HomepageScreenshots;
  /** URLs of the pages rendered, homepage first (empty when the browser tier did not run). */
  rendered: string[];
}

/** Where the caller stored the homepage screenshots: S3 keys in the pipeline, file paths in the CLI. */
export interface ScreenshotRefs {
  viewport?: string;
  badge?: string;
}

export const DEFAULT_SAMPLE_PAGES = 3;

/** The checks judged on the homepage's links, again on the rendered DOM when there is one. */
const LINK_CHECKS = [portalLinksComponents, componentLinksPortal] as const;

/** Audits one site. Never throws for anything the site does; throws only on programming errors. */
export async function auditSite(target: AuditTarget, deps: AuditDeps, options: AuditOptions = {}): Promise<AuditOutcome> {
  const mode = options.render ?? (deps.renderer ? 'auto' : 'never');
  if (mode !== 'never' && deps.renderer === undefined) throw new Error(`render mode ${mode} needs a renderer`);
  const started = deps.now();
  const host = new URL(target.url).hostname;
  const base = { url: target.url, host, role: target.role, renderMode: mode, startedAt: started.toISOString() };
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
      rendered: [],
    };
  }

  const analyser = deps.analyser ?? inProcessAnalyser;
  const parsedHome = await withinBounds(analyser.parse(home.page.html, home.page.finalUrl));
  if (parsedHome instanceof PageTooComplexError) return tooComplex(base, home.page, parsedHome, elapsed());
  const homepage = withHeaderPolicies(parsedHome, home.page.headers);
  const sampleUrls = selectSamplePages(homepage, options.samplePages ?? DEFAULT_SAMPLE_PAGES);
  const sampled = await Promise.all(sampleUrls.map((url) => deps.fetcher.fetchPage(url)));

  const pages: PageModel[] = [homepage];
  const pageLog: SiteAudit['pages'] = [{ url: home.page.finalUrl, ok: true }];
  for (const [i, outcome] of sampled.entries()) {
    if (!outcome.ok) {
      pageLog.push({ url: sampleUrls[i], ok: false, failure: outcome.failure.kind });
      continue;
    }
    // A sampled page too complex to read is left out; the homepage and the others still judge.
    const page = await withinBounds(analyser.parse(outcome.page.html, outcome.page.finalUrl));
    if (page instanceof PageTooComplexError) {
      pageLog.push({ url: outcome.page.finalUrl, ok: false, failure: 'too-complex' });
    } else {
      pages.push(withHeaderPolicies(page, outcome.page.headers));
      pageLog.push({ url: outcome.page.finalUrl, ok: true });
    }
  }

  const judged: JudgeOutput | PageTooComplexError = await withinBounds(analyser.judge({ target, pages }));
  if (judged instanceof PageTooComplexError) return tooComplex(base, home.page, judged, elapsed());
  const { discovered, checks: staticChecks } = judged;
  const context: CheckContext = { target, homepage, pages, discovered };
  const browser = deps.renderer === undefined || mode === 'never'
    ? { checks: staticChecks, rendered: [] }
    : await browserTier(deps.renderer, analyser, mode, context, staticChecks);

  return {
    audit: {
      ...base,
      finalUrl: home.page.finalUrl,
      transport: { status: 'ok' },
      checks: browser.checks,
      pages: pageLog,
      discovered,
      info: { title: homepage.title, tinNhiemMang: detectTinNhiemMang(homepage) },
      elapsedMs: elapsed(),
    },
    homepageHtml: home.page.html,
    ...(browser.screenshots ? { screenshots: browser.screenshots } : {}),
    rendered: browser.rendered,
  };
}

/** The analyser's result, or its PageTooComplexError (any other error is a bug and is thrown). */
async function withinBounds<T>(work: Promise<T>): Promise<T | PageTooComplexError> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof PageTooComplexError) return error;
    throw error;
  }
}

/**
 * A site whose pages could be fetched but not read within the static tier's bounds: `unknown`
 * for every check with the permanent reason `too-complex` (never `fail`, never retried), the
 * served homepage kept as evidence.
 */
function tooComplex(
  base: Pick<SiteAudit, 'url' | 'host' | 'role' | 'renderMode' | 'startedAt'>,
  page: { finalUrl: string; html: string },
  error: PageTooComplexError,
  elapsedMs: number,
): AuditOutcome {
  const failure: TransportFailure = { kind: 'too-complex', retryable: false, message: error.message, url: page.finalUrl };
  return {
    audit: {
      ...base,
      finalUrl: page.finalUrl,
      transport: { status: 'failed', failure },
      checks: unknownChecks(failure, base.role),
      pages: [{ url: page.finalUrl, ok: false, failure: 'too-complex' }],
      discovered: [],
      info: {},
      elapsedMs,
    },
    homepageHtml: page.html,
    rendered: [],
  };
}

/** The page with its response's Content-Security-Policy headers ahead of its meta policies. */
function withHeaderPolicies(page: PageModel, headers: Record<string, string>): PageModel {
  const fromHeaders = headerPolicies(headers);
  return fromHeaders.length === 0 ? page : { ...page, policies: [...fromHeaders, ...(page.policies ?? [])] };
}

interface BrowserTierResult {
  checks: Record<CheckId, CheckResult>;
  screenshots?: HomepageScreenshots;
  rendered: string[];
}

/**
 * Renders the homepage and judges both EMC checks on it, then renders the other pages the mode
 * asks for and adds what they show to `emc-tracking-code` (request evidence, coverage). Pages
 * are rendered one after the other: a renderer holds one browser.
 */
async function browserTier(
  renderer: PageRenderer,
  analyser: StaticAnalyser,
  mode: 'auto' | 'always',
  context: CheckContext,
  staticChecks: Record<CheckId, CheckResult>,
): Promise<BrowserTierResult> {
  const [homepage, ...sampled] = context.pages;
  // Rendered in both modes, so a link-check fail is never reported before the page a visitor
  // sees was looked at (script-built menus and "Liên kết website" boxes are common).
  const home = await renderer.render(homepage.url);
  const judged = judgeRendered({ tracking: staticChecks['emc-tracking-code'], badge: staticChecks['emc-badge'] }, home.observation);
  const toRender = mode === 'always'
    ? sampled
    : judged.tracking.data?.injectedAtRunTime === true ? sampled.filter((page) => pageCarriesCode(page) === undefined) : [];
  const others: { page: PageModel; outcome: RenderOutcome }[] = [];
  for (const page of toRender) others.push({ page, outcome: await renderer.render(page.url) });
  return {
    checks: {
      ...staticChecks,
      ...(await renderedLinkChecks(context, staticChecks, home, analyser)),
      'emc-tracking-code': withSampledRenders(judged.tracking, others),
      'emc-badge': judged.badge,
    },
    screenshots: { pageUrl: home.observation.finalUrl, viewportPng: home.viewportPng, badgePng: home.badgePng },
    rendered: [homepage.url, ...others.map((o) => o.page.url)],
  };
}

/**
 * 2.2b / 2.2c judged again on the union of the served and the rendered homepage links, when the
 * browser gave a DOM snapshot of the page it loaded. A transport `unknown` and `not-applicable`
 * stay; a page the browser could not load, or whose snapshot is too complex to read within the
 * static tier's bounds, adds nothing.
 */
async function renderedLinkChecks(
  context: CheckContext,
  staticChecks: Record<CheckId, CheckResult>,
  home: RenderOutcome,
  analyser: StaticAnalyser,
): Promise<Partial<Record<CheckId, CheckResult>>> {
  if (home.domSnapshot === undefined || home.observation.navigation !== 'ok') return {};
  const links = await withinBounds(analyser.renderedLinks(home.domSnapshot, home.observation.finalUrl));
  if (links instanceof PageTooComplexError) return {};
  const renderedHomepage = { links };
  const out: Partial<Record<CheckId, CheckResult>> = {};
  for (const check of LINK_CHECKS) {
    const verdict = staticChecks[check.id].verdict;
    if (verdict === 'pass' || verdict === 'fail') out[check.id] = check.run({ ...context, renderedHomepage });
  }
  return out;
}

/**
 * The tracking-code result with what the browser showed beyond the homepage verdict: the EMC
 * requests of the sampled pages as evidence and, in `coverage.withCode`, the pages whose HTML
 * lacks the code but where it ran anyway (the homepage included, when its code was injected at
 * run time). The verdict is the homepage's, as in the static tier.
 */
function withSampledRenders(tracking: CheckResult, others: { page: PageModel; outcome: RenderOutcome }[]): CheckResult {
  if (tracking.verdict === 'unknown' || tracking.verdict === 'not-applicable') return tracking;
  const homepageAtRunTime = tracking.data?.injectedAtRunTime === true ? 1 : 0;
  if (others.length === 0 && homepageAtRunTime === 0) return tracking;
  const evidence: Evidence[] = others.flatMap(({ outcome }) => emcRequestEvidence(outcome.observation));
  const ranAtRunTime = homepageAtRunTime + others.filter(({ page, outcome }) => pageCarriesCode(page) === undefined && codeRan(outcome.observation)).length;
  const coverage = tracking.data?.coverage as { withCode: number; judged: number } | undefined;
  return {
    ...tracking,
    evidence: [...tracking.evidence, ...evidence],
    data: {
      ...tracking.data,
      ...(coverage ? { coverage: { ...coverage, withCode: Math.min(coverage.judged, coverage.withCode + ranAtRunTime) } } : {}),
      renderedPages: others.length + 1,
    },
  };
}

/** EMC's code ran on the page: its queue was defined and its script or a beacon reached an EMC host. */
function codeRan(obs: RenderObservation): boolean {
  if (obs.navigation !== 'ok' || !obs.runtimeTracker.govaqDefined) return false;
  const ok = (r: { url: string; status?: number; failed?: string }) =>
    r.failed === undefined && r.status !== undefined && r.status < 400 && emcHost(new URL(r.url).hostname) !== undefined;
  return (obs.emcScript !== undefined && ok(obs.emcScript)) || obs.beacons.some(ok);
}

function emcRequestEvidence(obs: RenderObservation): Evidence[] {
  const requests = [...(obs.emcScript ? [obs.emcScript] : []), ...obs.beacons.slice(0, 1)];
  return requests.map((r) => ({
    kind: 'request',
    pageUrl: obs.finalUrl,
    href: r.url,
    text: r.failed ?? (r.status !== undefined ? `HTTP ${r.status}` : 'no response'),
  }));
}

/**
 * The audit with the stored screenshots as `screenshot` evidence of `emc-badge` (`key` is an S3
 * key or a file path, `text` says which shot). Unchanged when nothing was stored.
 */
export function withScreenshotEvidence(audit: SiteAudit, refs: ScreenshotRefs): SiteAudit {
  const pageUrl = audit.finalUrl ?? audit.url;
  const shots: Evidence[] = [
    ...(refs.viewport ? [{ kind: 'screenshot', pageUrl, key: refs.viewport, text: 'viewport' }] : []),
    ...(refs.badge ? [{ kind: 'screenshot', pageUrl, key: refs.badge, text: 'badge' }] : []),
  ];
  if (shots.length === 0) return audit;
  const badge = audit.checks['emc-badge'];
  return { ...audit, checks: { ...audit.checks, 'emc-badge': { ...badge, evidence: [...shots, ...badge.evidence] } } };
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
    criterionApplies(check.id, role) ? {
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
